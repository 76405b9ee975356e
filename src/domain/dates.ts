/**
 * Plain calendar dates as 'YYYY-MM-DD' strings. Arithmetic is done on year/month/day numbers,
 * never through local-time Date objects, so no time zone can shift a date.
 */

export const MIN_INPUT_YEAR = 1900;
export const MAX_INPUT_YEAR = 2100;

// Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving), so a fixed offset is exact.
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

type Ymd = { y: number; m: number; d: number };

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** A day of years 1–9999: PostgreSQL has no year 0, and a date it cannot store is no date here. */
function isRealDate({ y, m, d }: Ymd): boolean {
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function toIso({ y, m, d }: Ymd): string {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

function parseIso(date: string): Ymd | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const ymd = { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
  return isRealDate(ymd) ? ymd : null;
}

function requireIso(date: string, fn: string): Ymd {
  const ymd = parseIso(date);
  if (!ymd) throw new RangeError(`${fn}: not a valid YYYY-MM-DD date: "${date}"`);
  return ymd;
}

/** True for a real calendar date written exactly as 'YYYY-MM-DD'. */
export function isIsoDate(s: string): boolean {
  return parseIso(s) !== null;
}

/** Accepts 'YYYY-MM-DD' or day-first 'd/m/yyyy' (separator '/', '-' or '.'); years 1900–2100. */
export function parseDateInput(input: string): string | null {
  const s = input.trim();
  let ymd = parseIso(s);
  if (!ymd) {
    const match = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(s);
    if (!match) return null;
    const candidate = { y: Number(match[4]), m: Number(match[3]), d: Number(match[1]) };
    ymd = isRealDate(candidate) ? candidate : null;
  }
  if (!ymd || ymd.y < MIN_INPUT_YEAR || ymd.y > MAX_INPUT_YEAR) return null;
  return toIso(ymd);
}

/** Adds calendar months, clamping the day to the target month's length. */
export function addMonths(date: string, months: number): string {
  const { y, m, d } = requireIso(date, 'addMonths');
  if (!Number.isSafeInteger(months)) {
    throw new RangeError(`addMonths: months must be an integer, got ${months}`);
  }
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12 + 1;
  if (ny < 0 || ny > 9999) throw new RangeError(`addMonths: result out of range for ${date} + ${months}`);
  return toIso({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) });
}

export function formatDateVi(date: string): string {
  const { y, m, d } = requireIso(date, 'formatDateVi');
  return `${pad(d)}/${pad(m)}/${pad(y, 4)}`;
}

function vietnamParts(ts: Date, fn: string): Date {
  const ms = ts.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${fn}: invalid Date`);
  // Read the shifted instant with UTC getters to get Vietnam wall-clock fields.
  return new Date(ms + VIETNAM_OFFSET_MS);
}

/** Today's calendar date in Asia/Ho_Chi_Minh. */
export function todayInVietnam(now: Date = new Date()): string {
  const v = vietnamParts(now, 'todayInVietnam');
  return toIso({ y: v.getUTCFullYear(), m: v.getUTCMonth() + 1, d: v.getUTCDate() });
}

/** 'dd/MM/yyyy HH:mm' in Asia/Ho_Chi_Minh. */
/** A timestamp for a DTO: ISO-8601 UTC, or null when there is none. */
export const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function formatDateTimeVi(ts: Date): string {
  const v = vietnamParts(ts, 'formatDateTimeVi');
  const date = formatDateVi(todayInVietnam(ts));
  return `${date} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}`;
}

const EXCEL_MAX_SERIAL = 2_958_465; // 9999-12-31

/**
 * Excel 1900 date system. Excel wrongly treats 1900 as a leap year: serial 60 is the
 * non-existent 1900-02-29 (returned as null) and serials from 61 on are one day "ahead".
 * A time-of-day fraction is ignored.
 */
export function excelSerialToDate(serial: number): string | null {
  if (!Number.isFinite(serial)) return null;
  // Round to the millisecond first so 45292.99999999999 (float noise for 45293) is not floored.
  const whole = Math.floor(Math.round(serial * DAY_MS) / DAY_MS);
  if (whole < 1 || whole === 60 || whole > EXCEL_MAX_SERIAL) return null;
  const epoch = whole < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const t = new Date(epoch + whole * DAY_MS);
  return toIso({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}

/** The day before `date` (a certificate is valid up to and including the day before expiresOn). */
export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
