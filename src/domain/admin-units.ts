/**
 * Administrative units through time, and the bodies that signed recognition decisions.
 *
 * Before 1 July 2025 Vietnam had three tiers (63 provinces, ~700 districts, ~10,600 communes);
 * since then two (34 provinces, 3,321 communes). The pre-reform units come from the GSO's dated
 * lists (seed/areas/units-2019-2025.csv): a unit is read on a date from the latest list on or
 * before that date (docs/decisions/031-administrative-history.md).
 */
import { isIsoDate } from './dates';
import type { Level } from './regime';

/** The first day of the two-tier units (Law on Organisation of Local Government 2025). */
export const REFORM_DATE = '2025-07-01';

export type UnitLevel = 'province' | 'district' | 'commune';

export interface UnitThen { code: string; name: string; kind: string }

/** The units a record sat in on its own date: pre-reform codes (district null after the reform). */
export interface UnitsThen { province: UnitThen; district: UnitThen | null; commune: UnitThen }

/** Whether records of this date are placed in the pre-reform (three-tier) units. */
export function beforeReform(date: string): boolean {
  if (!isIsoDate(date)) throw new RangeError(`beforeReform: not a YYYY-MM-DD date: "${date}"`);
  return date < REFORM_DATE;
}

/**
 * The list a pre-reform date is read from: the latest list date on or before it. Dates before the
 * first list (11/09/2019) read the first list — the earliest units the data holds.
 */
export function listDateOn(listDates: readonly string[], date: string): string | null {
  if (!isIsoDate(date)) throw new RangeError(`listDateOn: not a YYYY-MM-DD date: "${date}"`);
  const sorted = [...listDates].sort();
  let found: string | null = sorted[0] ?? null;
  for (const d of sorted) if (d <= date) found = d;
  return found;
}

/** Ministry of Agriculture and Environment, formed from MARD and MONRE on 1 March 2025. */
export const MINISTRY_MERGED_ON = '2025-03-01';
export const MINISTRY_BEFORE = 'Bộ Nông nghiệp và Phát triển nông thôn';
export const MINISTRY_AFTER = 'Bộ Nông nghiệp và Môi trường';

/** The ministry that signed national (5★) decisions on a date. */
export function ministryOn(date: string): string {
  return date < MINISTRY_MERGED_ON ? MINISTRY_BEFORE : MINISTRY_AFTER;
}

/** "Tỉnh Hà Giang" → "UBND tỉnh Hà Giang"; "Huyện Hoằng Hóa" → "UBND huyện Hoằng Hóa". */
export function peoplesCommitteeOf(unit: Pick<UnitThen, 'name' | 'kind'>): string {
  const kind = unit.kind.trim().replace(/ Trung ương$/i, '');
  const name = unit.name.trim();
  const bare = kind && name.toLowerCase().startsWith(kind.toLowerCase() + ' ') ? name.slice(kind.length + 1) : name;
  return `UBND ${kind.toLowerCase() || 'tỉnh'} ${bare}`;
}

/** The heading a decision of this issuer carries: "UBND tỉnh Hà Giang" → "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG". */
export function issuerHeading(issuer: string): string {
  return issuer.replace(/^UBND\b/, 'Ủy ban nhân dân').toLocaleUpperCase('vi-VN');
}

/** The issuer written out in running text: "UBND tỉnh Hà Giang" → "Ủy ban nhân dân tỉnh Hà Giang". */
export function issuerFull(issuer: string): string {
  return issuer.replace(/^UBND\b/, 'Ủy ban nhân dân');
}

export type SigningLevel = Exclude<Level, 'commune'>;

/**
 * The level whose body signs a recognition on `date`: what the regime in force says (its
 * `recognisingLevel`), except that a district recognition after the districts ceased (1–5 July
 * 2025, before Decision 1489 moved 3★ to the province) is signed by the province, which took over
 * the district's duties. Null when no regime covers the date or the stars are not recognised.
 */
export function signingLevel(regimeLevel: Level | null, date: string): SigningLevel | null {
  if (regimeLevel === null || regimeLevel === 'commune') return null;
  if (regimeLevel === 'district' && !beforeReform(date)) return 'province';
  return regimeLevel;
}

/**
 * What a decision's number says about its body: "…/QĐ-BNNMT", "…/QĐ-BNN-…" are the ministry's;
 * "…/QĐ-UBND" a People's Committee's (district or province); null when the form says nothing.
 */
export function bodyFromNumber(number: string): 'ministry' | 'committee' | null {
  const n = number.toUpperCase().replace(/\s+/g, '');
  if (/QĐ-BNN|QĐ-BNÔNG|QĐ-VPĐP/.test(n)) return 'ministry';
  if (/QĐ-UBND/.test(n)) return 'committee';
  return null;
}

/**
 * The level a decision is inferred to be of: the regime's, unless its number names a different
 * kind of body (a People's Committee number is never the ministry's, and the reverse).
 */
export function inferLevel(regimeLevel: SigningLevel | null, number: string): SigningLevel | null {
  const body = bodyFromNumber(number);
  if (body === 'ministry') return 'national';
  if (body === 'committee' && (regimeLevel === 'national' || regimeLevel === null)) return 'province';
  return regimeLevel;
}

/** The key under which certificate numbers are unique: the issuing body. */
export function issuerKey(level: SigningLevel, issuerCode: string | null): string {
  return level === 'national' ? 'national' : `${level}:${issuerCode ?? ''}`;
}

/**
 * The issuer as signed, from the level and the unit of that level in force on the date
 * (a district, an old or a new province), or the ministry of the date.
 */
export function issuerName(level: SigningLevel, unit: Pick<UnitThen, 'name' | 'kind'> | null, date: string): string | null {
  if (level === 'national') return ministryOn(date);
  return unit ? peoplesCommitteeOf(unit) : null;
}

export interface UnitHistoryRow {
  level: UnitLevel; code: string; name: string; kind: string; parentCode: string | null;
  firstListed: string; lastListed: string;
}

/** The pre-reform units in memory: which unit a code named on a date, and its parents. */
export class UnitsIndex {
  readonly listDates: string[];
  private readonly byCode = new Map<string, UnitHistoryRow[]>();

  constructor(rows: readonly UnitHistoryRow[]) {
    const dates = new Set<string>();
    for (const r of rows) {
      dates.add(r.firstListed);
      dates.add(r.lastListed);
      const key = `${r.level}:${r.code}`;
      const list = this.byCode.get(key);
      if (list) list.push(r); else this.byCode.set(key, [r]);
    }
    this.listDates = [...dates].sort();
  }

  /** The unit of this level and code on the list a date is read from; null if not listed then. */
  unitOn(level: UnitLevel, code: string, date: string): UnitHistoryRow | null {
    const list = listDateOn(this.listDates, date);
    if (!list) return null;
    return this.byCode.get(`${level}:${code}`)?.find((r) => r.firstListed <= list && list <= r.lastListed) ?? null;
  }

  /** A commune code of a pre-reform date with its district and province then; null if not listed then. */
  communeOn(code: string, date: string): UnitsThen | null {
    const commune = this.unitOn('commune', code, date);
    if (!commune?.parentCode) return null;
    const district = this.unitOn('district', commune.parentCode, date);
    const province = district?.parentCode ? this.unitOn('province', district.parentCode, date) : null;
    if (!district || !province) return null;
    const unit = (r: UnitHistoryRow): UnitThen => ({ code: r.code, name: r.name, kind: r.kind });
    return { province: unit(province), district: unit(district), commune: unit(commune) };
  }
}
