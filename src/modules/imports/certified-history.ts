/**
 * A certified-product row's place in history: the commune code it gives may be one of its
 * decision date (a pre-2025 code, mapped to today's commune by the 2025 successions), and the
 * decision's level and issuing body follow the regime in force that day and the stars, unless
 * the row names them (docs/decisions/031-administrative-history.md).
 */
import {
  beforeReform, inferLevel, issuerKey, issuerName, signingLevel, UnitsIndex, type SigningLevel, type UnitThen,
} from '../../domain/admin-units';
import { recognisingLevel, regimeOn, type RegimeRules } from '../../domain/regime';
import type { StarCount } from '../../domain/stars';
import { normalizeVi } from '../../domain/text';
import { formatDateVi } from '../../domain/dates';
import type { Ctx } from '../../context';
import { listRegimes } from '../criteria/criteria.repository';
import { loadCommuneSuccessions, loadUnitHistory } from '../registry/unit-history.repository';
import { areaCode, type RowReader } from './fields';
import { inScope, type KindContext } from './import.context';

export interface HistoryRef {
  units: UnitsIndex;
  /** Old commune code → today's communes it went to (several when it was split). */
  successors: Map<string, { code: string; name: string }[]>;
  /** Today's commune → the old communes it came from. */
  predecessors: Map<string, string[]>;
  regimes: RegimeRules[];
}

export async function loadHistoryRef(ctx: Ctx): Promise<HistoryRef> {
  const [history, successions, regimes] = await Promise.all([loadUnitHistory(ctx), loadCommuneSuccessions(ctx), listRegimes(ctx)]);
  const successors = new Map<string, { code: string; name: string }[]>();
  const predecessors = new Map<string, string[]>();
  for (const s of successions) {
    const to = successors.get(s.oldCode);
    if (to) to.push({ code: s.newCode, name: s.newName }); else successors.set(s.oldCode, [{ code: s.newCode, name: s.newName }]);
    const from = predecessors.get(s.newCode);
    if (from) from.push(s.oldCode); else predecessors.set(s.newCode, [s.oldCode]);
  }
  return { units: new UnitsIndex(history), successors, predecessors, regimes: regimes as unknown as RegimeRules[] };
}

/** The units of a record's date, as far as known (null where the file does not tell). */
export interface ThenUnits { province: UnitThen | null; district: UnitThen | null; commune: UnitThen | null }

/** Where a row sits today, and (partly, when only today's code was given) where it sat on its date. */
export interface Placement {
  communeCode: string;
  provinceCode: string | undefined;
  then: ThenUnits | null;
}

const unitOf = (u: { code: string; name: string; kind: string }) => ({ code: u.code, name: u.name, kind: u.kind });

/**
 * The pre-reform units a today's commune came from on a date, as far as they agree: the
 * province (and district) when every predecessor listed then lay in the same one.
 */
function thenFromToday(h: HistoryRef, code: string, date: string): ThenUnits | null {
  const olds = (h.predecessors.get(code) ?? []).map((c) => h.units.communeOn(c, date)).filter((u) => u !== null);
  if (!olds.length) return null;
  const same = <T extends { code: string }>(xs: (T | null)[]) => xs.every((x) => x?.code === xs[0]?.code) ? xs[0] ?? null : null;
  const province = same(olds.map((o) => o.province));
  if (!province) return null;
  return { province, district: same(olds.map((o) => o.district)), commune: olds.length === 1 ? olds[0]!.commune : null };
}

/** The `commune_code` cell (and `commune_code_now`) read against the decision date. */
export function placeCommune(k: KindContext, h: HistoryRef, rd: RowReader, decisionDate: string | undefined): Placement {
  const code = areaCode(rd.raw('commune_code'), 5);
  const none = { communeCode: code, provinceCode: undefined, then: null };
  if (code === '') {
    rd.problem('commune_code', 'import.required');
    return none;
  }
  const old = decisionDate && beforeReform(decisionDate) ? h.units.communeOn(code, decisionDate) : null;
  let today = code;
  let then: ThenUnits | null = old;
  if (old) {
    const candidates = h.successors.get(code) ?? [];
    // A split commune whose code one successor kept: the file may be written in today's codes.
    const kept = candidates.find((c) => c.code === code);
    const chosen = areaCode(rd.raw('commune_code_now'), 5) || (candidates.length > 1 && kept ? code : '');
    const list = candidates.map((c) => `${c.code} ${c.name}`).join(', ');
    if (chosen) {
      if (!candidates.some((c) => c.code === chosen)) {
        rd.problem('commune_code_now', 'import.not_a_successor', { code: rd.raw('commune_code_now'), old: `${code} ${old.commune.name}`, candidates: list || '—' });
        return none;
      }
      today = chosen;
    } else if (candidates.length === 1) {
      today = candidates[0]!.code;
    } else {
      rd.problem('commune_code', candidates.length ? 'import.commune_split' : 'import.no_successor', { code: rd.raw('commune_code'), name: old.commune.name, candidates: list });
      return none;
    }
  }
  const commune = k.ref.areas.get(today);
  if (!commune || commune.level !== 'commune' || !commune.parentCode) {
    rd.problem('commune_code', decisionDate && beforeReform(decisionDate) ? 'import.unknown_commune_then' : 'import.unknown_commune', { code: rd.raw('commune_code'), date: decisionDate ? formatDateVi(decisionDate) : '' });
    return none;
  }
  if (!inScope(k.actor, commune.parentCode)) {
    rd.problem('commune_code', 'import.outside_area');
    return none;
  }
  if (!old && decisionDate) {
    then = beforeReform(decisionDate)
      ? thenFromToday(h, today, decisionDate)
      : { province: unitOf(k.ref.areas.get(commune.parentCode) ?? { code: commune.parentCode, name: '', kind: '' }), district: null, commune: unitOf(commune) };
  }
  return { communeCode: today, provinceCode: commune.parentCode, then };
}

const LEVEL_WORDS: Record<string, SigningLevel> = {
  district: 'district', huyen: 'district', 'cap huyen': 'district',
  province: 'province', tinh: 'province', 'cap tinh': 'province',
  national: 'national', 'trung uong': 'national', 'cap trung uong': 'national', bo: 'national', 'quoc gia': 'national',
};

export interface Issuer {
  level: SigningLevel; issuer: string; issuerCode: string | null; key: string;
  /** Whether the row gave the level / the body's name (else inferred). */
  levelGiven: boolean; nameGiven: boolean;
}

/** The body of a level for a row: the named one, else the unit of that level on the date. */
function issuerAt(level: SigningLevel, date: string, place: Placement, named: string): Issuer | null {
  const unit = level === 'district' ? place.then?.district ?? null : level === 'province' ? place.then?.province ?? null : null;
  const issuer = named || issuerName(level, unit, date);
  if (!issuer) return null;
  // A body named only in the file is keyed by its name, so two districts' numbers stay apart.
  const issuerCode = level === 'national' ? null : unit?.code ?? `name:${normalizeVi(issuer)}`;
  return { level, issuer, issuerCode, key: issuerKey(level, issuerCode), levelGiven: false, nameGiven: !!named };
}

export const namedIssuer = (rd: RowReader) => rd.raw('issuer').replace(/\s+/g, ' ').trim();

/**
 * The decision's level and body: from the row when given, else from the regime in force on the
 * date and the stars (and the form of its number); the body's name from the unit of that level
 * then. Undefined after reporting what is missing.
 */
export function readIssuer(h: HistoryRef, rd: RowReader, number: string, date: string, stars: StarCount, place: Placement): Issuer | undefined {
  const levelRaw = normalizeVi(rd.raw('decision_level'));
  const given = levelRaw ? LEVEL_WORDS[levelRaw] : undefined;
  if (levelRaw && !given) {
    rd.problem('decision_level', 'import.unknown_level', { value: rd.raw('decision_level') });
    return undefined;
  }
  const regime = regimeOn(h.regimes, date);
  const level = given ?? inferLevel(signingLevel(regime ? recognisingLevel(regime, stars) : null, date), number);
  if (!level) {
    rd.problem('decision_level', 'import.level_unknown', { date, stars });
    return undefined;
  }
  const found = issuerAt(level, date, place, namedIssuer(rd));
  if (!found) rd.problem('issuer', 'import.issuer_unknown', { level });
  return found ? { ...found, levelGiven: !!given } : undefined;
}

const RANK: Record<SigningLevel, number> = { district: 0, province: 1, national: 2 };

interface UnifiedRow { row: number; provinceCode: string; decisionNumber: string; decisionDate: string; issuer: Issuer; place: Placement; issuerNamed: string }

/**
 * Rows that share a decision number and date in one province are one decision, signed by one
 * body: when their inferred levels differ (a 3★ and a 4★ on one 2024 list), the highest level
 * signed it. Rows that gave their level keep it. Returns the rows whose body cannot be named.
 */
export function unifyDecisions(rows: UnifiedRow[]): { row: number; level: SigningLevel }[] {
  const groups = new Map<string, UnifiedRow[]>();
  for (const r of rows) {
    if (r.issuer.levelGiven) continue;
    const key = `${r.provinceCode}|${r.decisionNumber}|${r.decisionDate}`;
    const g = groups.get(key);
    if (g) g.push(r); else groups.set(key, [r]);
  }
  const failed: { row: number; level: SigningLevel }[] = [];
  for (const g of groups.values()) {
    const top = g.reduce((m, r) => RANK[r.issuer.level] > RANK[m] ? r.issuer.level : m, g[0]!.issuer.level);
    for (const r of g) {
      if (r.issuer.level === top) continue;
      const again = issuerAt(top, r.decisionDate, r.place, r.issuerNamed);
      if (again) r.issuer = again; else failed.push({ row: r.row, level: top });
    }
  }
  return failed;
}
