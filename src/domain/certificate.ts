/**
 * OCOP certificates: 36-month validity, status on a given day, platform numbering.
 */
import { addMonths, dayBefore, formatDateVi, isIsoDate } from './dates';

export const CERTIFICATE_VALIDITY_MONTHS = 36;
/** Holders are reminded at least this many days before expiry. */
export const EXPIRY_REMINDER_DAYS = 30;

export type CertificateRecord = {
  issuedOn: string;
  expiresOn: string;
  revokedOn: string | null;
  supersededOn: string | null;
};

/** A certificate's status on a day; `not_yet_valid` before its issue date (never "valid"). */
export const CERTIFICATE_STATUSES = ['valid', 'not_yet_valid', 'expired', 'revoked', 'superseded'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/**
 * First day on which the certificate is no longer valid. Validity is the half-open range
 * issuedOn <= d < expiresOn: issued 2025-07-06 → expires 2028-07-06, last valid day 2028-07-05.
 * Half-open ranges chain without gaps or overlaps when a re-evaluation follows on expiry.
 */
export function certificateExpiry(issuedOn: string, months: number = CERTIFICATE_VALIDITY_MONTHS): string {
  return addMonths(issuedOn, months);
}

/**
 * The last day on which the certificate is valid: the day before the stored, exclusive expiresOn
 * (expires 2028-07-06 → last valid day 2028-07-05). Every page, PDF, export and open-data file
 * shows this day, and only this day, as the certificate's end (docs/decisions/019-one-end-date.md).
 */
export function lastValidDay(expiresOn: string): string {
  requireDate(expiresOn, 'expiresOn');
  return dayBefore(expiresOn);
}

/** The one wording of a certificate's end, in Vietnamese documents (PDFs, spreadsheets). */
export const VALID_UNTIL_LABEL_VI = 'Hiệu lực đến hết ngày';

/** "Hiệu lực đến hết ngày 05/07/2028" for a certificate with expiresOn 2028-07-06. */
export function validUntilVi(expiresOn: string): string {
  return `${VALID_UNTIL_LABEL_VI} ${formatDateVi(lastValidDay(expiresOn))}`;
}

function requireDate(date: string, field: string): void {
  if (!isIsoDate(date)) throw new RangeError(`certificate: ${field} is not a YYYY-MM-DD date: "${date}"`);
}

function checkRecord(cert: CertificateRecord, date: string): void {
  requireDate(date, 'date');
  requireDate(cert.issuedOn, 'issuedOn');
  requireDate(cert.expiresOn, 'expiresOn');
  if (cert.revokedOn !== null) requireDate(cert.revokedOn, 'revokedOn');
  if (cert.supersededOn !== null) requireDate(cert.supersededOn, 'supersededOn');
}

// ISO dates compare correctly as strings.
function onOrBefore(event: string | null, date: string): boolean {
  return event !== null && event <= date;
}

/**
 * Status on a day (verification asks about today). Precedence: revoked, then superseded, then
 * not yet valid (a day before the issue date: a decision dated ahead must never verify as valid),
 * then expired.
 */
export function certificateStatusOn(cert: CertificateRecord, date: string): CertificateStatus {
  checkRecord(cert, date);
  if (onOrBefore(cert.revokedOn, date)) return 'revoked';
  if (onOrBefore(cert.supersededOn, date)) return 'superseded';
  if (date < cert.issuedOn) return 'not_yet_valid';
  if (date >= cert.expiresOn) return 'expired';
  return 'valid';
}

/** Strict validity for reports: issued, not expired, not revoked or superseded on or before date. */
export function isValidOn(cert: CertificateRecord, date: string): boolean {
  return certificateStatusOn(cert, date) === 'valid';
}

export const CERTIFICATE_SEQ_MAX = 99_999;

/** Whether a number has the platform's own form (those stay unique nationally, whoever issued them). */
export function isPlatformNumber(number: string): boolean {
  return /^OCOP-\d{2}-\d{4}-\d{5}$/i.test(number.trim());
}

/**
 * The `?issuer=` tail of a certificate's addresses: '' for a platform number (unique nationally),
 * else the issuer that makes a number unique only per issuer its own (docs/decisions/032).
 */
export function issuerQuery(number: string, issuerKey: string | null | undefined): string {
  return issuerKey && !isPlatformNumber(number) ? `?issuer=${encodeURIComponent(issuerKey)}` : '';
}

/**
 * The platform's own number for certificates imported without one:
 * "OCOP-<2-digit province code>-<year>-<5-digit sequence>", e.g. "OCOP-38-2025-00042".
 * The fixed width keeps numbers sortable and easy to read out over the phone.
 */
export function makeCertificateNumber(provinceCode: string, year: number, seq: number): string {
  if (!/^\d{2}$/.test(provinceCode)) {
    throw new RangeError(`makeCertificateNumber: province code must be 2 digits, got "${provinceCode}"`);
  }
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`makeCertificateNumber: year must be a 4-digit integer, got ${year}`);
  }
  if (!Number.isInteger(seq) || seq < 1 || seq > CERTIFICATE_SEQ_MAX) {
    throw new RangeError(`makeCertificateNumber: seq must be 1–${CERTIFICATE_SEQ_MAX}, got ${seq}`);
  }
  return `OCOP-${provinceCode}-${year}-${String(seq).padStart(5, '0')}`;
}
