/**
 * Recognition decisions and certificate lifecycle: pure rules (no I/O, no clock). The reasons
 * for each choice are in docs/decisions/008-certificate-lifecycle.md.
 */
import { issuerQuery, type CertificateStatus } from './certificate';
import type { Level, RegimeRules } from './regime';
import type { StarCount } from './stars';

export type DecisionLevel = 'province' | 'national';
export type DecisionStatus = 'draft' | 'approved';

/** Issuing body suffix of a decision number: provincial People's Committee / the Ministry (MAE). */
export const DECISION_SUFFIX: Record<DecisionLevel, string> = { province: 'QĐ-UBND', national: 'QĐ-BNNMT' };

/**
 * The canonical decision number "<n>/QĐ-UBND" (province) or "<n>/QĐ-BNNMT" (national), from what
 * an officer typed: surrounding spaces, lower case, "QD" without the Đ and a bare "<n>" are
 * accepted. Null when it is not of that form.
 */
export function normaliseDecisionNumber(level: DecisionLevel, raw: string): string | null {
  const s = raw.normalize('NFC').trim().replace(/\s+/g, '').toUpperCase().replace(/^(\d+)\/QD-/, '$1/QĐ-');
  const n = /^(\d{1,6})(?:\/(.+))?$/.exec(s);
  if (!n || Number(n[1]) === 0) return null;
  if (n[2] !== undefined && n[2] !== DECISION_SUFFIX[level]) return null;
  return `${Number(n[1])}/${DECISION_SUFFIX[level]}`;
}

/** A council result as the council module stores it (round_dossiers). */
export interface RoundResult {
  status: string;
  recognisedStars: number | null;
  eliminated: boolean;
}

export type NotCertifiableReason = 'not_closed' | 'eliminated' | 'not_recognised' | 'below_minimum' | 'not_this_level';

/**
 * Why a round's result may not be listed in that level's decision, or null when it may:
 * the result must be closed, not eliminated by a knock-out, recognised by the council at or
 * above the regime's minimum, and a star count this level's authority recognises.
 */
export function notCertifiable(r: RoundResult, regime: Pick<RegimeRules, 'minCertifiableStars' | 'levels'>, level: DecisionLevel): NotCertifiableReason | null {
  if (r.status !== 'closed') return 'not_closed';
  if (r.eliminated) return 'eliminated';
  if (r.recognisedStars === null) return 'not_recognised';
  if (r.recognisedStars < Math.max(3, regime.minCertifiableStars)) return 'below_minimum';
  if (!recognisesAt(regime, level, r.recognisedStars)) return 'not_this_level';
  return null;
}

export function recognisesAt(regime: Pick<RegimeRules, 'levels'>, level: Level, stars: number): boolean {
  return regime.levels.some((l) => l.level === level && l.recognisesStars.includes(stars as StarCount));
}

/**
 * The authority that may revoke a certificate of this star count under a regime: the level that
 * recognises that star count (the body that recognised it takes it back). Null when no level of
 * the regime recognises it (then nobody may, until an administrator sets the regime right).
 */
export function revokingLevel(regime: Pick<RegimeRules, 'levels'>, stars: number): DecisionLevel | null {
  const level = regime.levels.find((l) => l.recognisesStars.includes(stars as StarCount))?.level;
  if (level === 'national') return 'national';
  // Under 148 the district recognised 3★; districts were abolished on 2025-07-01, so their
  // certificates are now answered for by the province.
  if (level === 'province' || level === 'district' || level === 'commune') return 'province';
  return null;
}

/** The four outcomes of public verification (docs/api.md). */
/** What a scan answers (api.md): a certificate's status, superseded shown as expired, or unknown. */
export const VERIFY_STATUSES = ['valid', 'not_yet_valid', 'expired', 'revoked', 'unknown'] as const;
export type VerifyStatus = (typeof VERIFY_STATUSES)[number];

/**
 * The public answer for a certificate's status: a superseded certificate (replaced by an upgrade
 * or re-evaluation) is no longer in force without any fault, so it answers "expired" — never
 * "revoked", which tells a buyer that the product lost its stars.
 */
export function verifyStatusOf(status: CertificateStatus): Exclude<VerifyStatus, 'unknown'> {
  return status === 'superseded' ? 'expired' : status;
}

export const MAX_VERIFY_CODE_LENGTH = 64;

/**
 * Whether a scanned or typed code is worth looking up: 1–64 printable characters of the kinds
 * certificate numbers and stamp serials use. Anything else is simply unknown.
 */
export function isPlausibleCode(code: string): boolean {
  return code.length > 0 && code.length <= MAX_VERIFY_CODE_LENGTH && /^[\p{L}\p{N}./_-]+$/u.test(code);
}

/** The address a certificate's QR code encodes: `<base>/v/<number>`. */
export function verificationUrl(base: string, number: string): string {
  return `${base.replace(/\/+$/, '')}/v/${encodeURIComponent(number)}`;
}

/**
 * The address that verifies one certificate: the platform's own numbers (unique nationally) as
 * `<base>/v/<number>`; other numbers, unique only per issuer, with `?issuer=<issuerKey>` so the
 * address stays this certificate's even when another issuer's list holds the same number
 * (docs/decisions/032).
 */
export function certificateVerifyUrl(base: string, number: string, issuerKey: string): string {
  return `${verificationUrl(base, number)}${issuerQuery(number, issuerKey)}`;
}

/** "★★★☆☆" for a star count. */
export function starGlyphs(stars: number): string {
  const n = Math.max(0, Math.min(5, Math.round(stars)));
  return '★'.repeat(n) + '☆'.repeat(5 - n);
}
