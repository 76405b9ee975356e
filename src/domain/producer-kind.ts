/**
 * Kinds of OCOP producers (chủ thể OCOP).
 */
import { normalizeVi } from './text';

export const PRODUCER_KINDS = ['enterprise', 'cooperative', 'cooperative_group', 'household'] as const;
export type ProducerKind = (typeof PRODUCER_KINDS)[number];

export const PRODUCER_KIND_LABELS: Record<ProducerKind, { vi: string; en: string }> = {
  enterprise: { vi: 'Doanh nghiệp', en: 'Enterprise' },
  cooperative: { vi: 'Hợp tác xã', en: 'Cooperative' },
  cooperative_group: { vi: 'Tổ hợp tác', en: 'Cooperative group' },
  household: { vi: 'Hộ kinh doanh', en: 'Household business' },
};

// Keys are normalizeVi output, so "cooperative_group" appears as "cooperative group".
const ALIASES: ReadonlyMap<string, ProducerKind> = new Map<string, ProducerKind>([
  ['enterprise', 'enterprise'],
  ['dn', 'enterprise'],
  ['doanh nghiep', 'enterprise'],
  ['cong ty', 'enterprise'],
  ['cty', 'enterprise'],
  ['cong ty tnhh', 'enterprise'],
  ['cong ty co phan', 'enterprise'],
  ['doanh nghiep tu nhan', 'enterprise'],
  ['cooperative', 'cooperative'],
  ['htx', 'cooperative'],
  ['hop tac xa', 'cooperative'],
  ['cooperative group', 'cooperative_group'],
  ['tht', 'cooperative_group'],
  ['to hop tac', 'cooperative_group'],
  ['household', 'household'],
  ['household business', 'household'],
  ['ho kinh doanh', 'household'],
  ['hkd', 'household'],
  ['ho san xuat', 'household'],
  ['ho san xuat kinh doanh', 'household'],
  ['ho gia dinh', 'household'],
  ['co so', 'household'],
  ['co so san xuat', 'household'],
]);

/** Parses codes, labels and common abbreviations in any case, with or without diacritics. */
export function parseProducerKind(input: string): ProducerKind | null {
  return ALIASES.get(normalizeVi(input)) ?? null;
}
