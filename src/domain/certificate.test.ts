import { describe, it, expect } from 'vitest';
import {
  CERTIFICATE_VALIDITY_MONTHS,
  EXPIRY_REMINDER_DAYS,
  certificateExpiry,
  certificateStatusOn,
  isValidOn,
  lastValidDay,
  validUntilVi,
  makeCertificateNumber,
  type CertificateRecord,
} from './certificate';

const base: CertificateRecord = {
  issuedOn: '2025-07-06',
  expiresOn: '2028-07-06',
  revokedOn: null,
  supersededOn: null,
};

describe('constants', () => {
  it('match the programme rules', () => {
    expect(CERTIFICATE_VALIDITY_MONTHS).toBe(36);
    expect(EXPIRY_REMINDER_DAYS).toBe(30);
  });
});

describe('certificateExpiry', () => {
  it('adds 36 months by default', () => {
    expect(certificateExpiry('2025-07-06')).toBe('2028-07-06');
  });

  it('clamps to the month end for a leap day', () => {
    expect(certificateExpiry('2024-02-29')).toBe('2027-02-28');
  });

  it('accepts a custom validity', () => {
    expect(certificateExpiry('2025-01-31', 1)).toBe('2025-02-28');
  });
});

describe('certificateStatusOn', () => {
  it('is valid from issue up to the day before expiry', () => {
    expect(certificateStatusOn(base, '2025-07-06')).toBe('valid');
    expect(certificateStatusOn(base, '2028-07-05')).toBe('valid');
  });

  it('is expired from the expiry date on', () => {
    expect(certificateStatusOn(base, '2028-07-06')).toBe('expired');
    expect(certificateStatusOn(base, '2030-01-01')).toBe('expired');
  });

  it('is revoked from the revocation date on, taking precedence', () => {
    const cert = { ...base, revokedOn: '2026-03-01', supersededOn: '2026-01-01' };
    expect(certificateStatusOn(cert, '2025-12-31')).toBe('valid');
    expect(certificateStatusOn(cert, '2026-01-01')).toBe('superseded');
    expect(certificateStatusOn(cert, '2026-03-01')).toBe('revoked');
    expect(certificateStatusOn(cert, '2029-01-01')).toBe('revoked');
  });

  it('reports superseded before expired', () => {
    const cert = { ...base, supersededOn: '2027-05-01' };
    expect(certificateStatusOn(cert, '2027-04-30')).toBe('valid');
    expect(certificateStatusOn(cert, '2027-05-01')).toBe('superseded');
    expect(certificateStatusOn(cert, '2029-01-01')).toBe('superseded');
  });

  it('is not yet valid before the issue date — never "valid" (a decision dated ahead)', () => {
    expect(certificateStatusOn(base, '2025-07-05')).toBe('not_yet_valid');
    expect(certificateStatusOn(base, '2020-01-01')).toBe('not_yet_valid');
    expect(certificateStatusOn(base, '2025-07-06')).toBe('valid');
    // Revoked or superseded before it took effect: those facts win.
    expect(certificateStatusOn({ ...base, revokedOn: '2025-07-01' }, '2025-07-03')).toBe('revoked');
  });

  it('rejects malformed dates', () => {
    expect(() => certificateStatusOn(base, '06/07/2025')).toThrow(RangeError);
    expect(() => certificateStatusOn({ ...base, revokedOn: '2026-02-30' }, '2026-01-01')).toThrow(RangeError);
  });
});

describe('isValidOn', () => {
  it('uses the half-open range issuedOn <= d < expiresOn', () => {
    expect(isValidOn(base, '2025-07-05')).toBe(false);
    expect(isValidOn(base, '2025-07-06')).toBe(true);
    expect(isValidOn(base, '2028-07-05')).toBe(true);
    expect(isValidOn(base, '2028-07-06')).toBe(false);
  });

  it('is false on and after revocation or supersession', () => {
    expect(isValidOn({ ...base, revokedOn: '2026-01-01' }, '2025-12-31')).toBe(true);
    expect(isValidOn({ ...base, revokedOn: '2026-01-01' }, '2026-01-01')).toBe(false);
    expect(isValidOn({ ...base, supersededOn: '2026-01-01' }, '2026-01-01')).toBe(false);
  });
});

describe('makeCertificateNumber', () => {
  it('formats the platform number', () => {
    expect(makeCertificateNumber('38', 2025, 42)).toBe('OCOP-38-2025-00042');
    expect(makeCertificateNumber('01', 2024, 1)).toBe('OCOP-01-2024-00001');
    expect(makeCertificateNumber('96', 2026, 99999)).toBe('OCOP-96-2026-99999');
  });

  it('rejects bad parts', () => {
    expect(() => makeCertificateNumber('1', 2025, 1)).toThrow(RangeError);
    expect(() => makeCertificateNumber('HN', 2025, 1)).toThrow(RangeError);
    expect(() => makeCertificateNumber('01', 25, 1)).toThrow(RangeError);
    expect(() => makeCertificateNumber('01', 2025, 0)).toThrow(RangeError);
    expect(() => makeCertificateNumber('01', 2025, 100000)).toThrow(RangeError);
    expect(() => makeCertificateNumber('01', 2025, 1.5)).toThrow(RangeError);
  });
});

describe('lastValidDay and validUntilVi', () => {
  it('is the day before the exclusive expiresOn, across month, year and leap days', () => {
    expect(lastValidDay('2028-07-06')).toBe('2028-07-05');
    expect(lastValidDay('2029-01-01')).toBe('2028-12-31');
    expect(lastValidDay('2028-03-01')).toBe('2028-02-29');
    expect(lastValidDay(certificateExpiry('2025-08-15'))).toBe('2028-08-14');
  });

  it('prints the one wording', () => {
    expect(validUntilVi('2028-08-15')).toBe('Hiệu lực đến hết ngày 14/08/2028');
  });

  it('refuses a malformed date', () => {
    expect(() => lastValidDay('2028-02-30')).toThrow(RangeError);
  });
});
