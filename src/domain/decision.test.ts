import { describe, expect, it } from 'vitest';
import {
  isPlausibleCode, normaliseDecisionNumber, notCertifiable, revokingLevel, starGlyphs, verificationUrl, verifyStatusOf,
} from './decision';
import type { RegimeLevel } from './regime';

const level = (l: RegimeLevel['level'], stars: number[]): RegimeLevel => ({
  level: l, council: true, recognisesStars: stars as RegimeLevel['recognisesStars'], forwardsFromScore: null, body: null, duties: null, roundCutoffs: null,
});
/** 26/2026 and 148+1489: province 3★–4★, national 5★. */
const current = { minCertifiableStars: 3, levels: [level('commune', []), level('province', [3, 4]), level('national', [5])] };
/** 148/2023: district 3★, province 4★, national 5★. */
const r148 = { minCertifiableStars: 3, levels: [level('district', [3]), level('province', [4]), level('national', [5])] };

describe('normaliseDecisionNumber', () => {
  it('accepts the official forms and common typing variants', () => {
    expect(normaliseDecisionNumber('province', '1234/QĐ-UBND')).toBe('1234/QĐ-UBND');
    expect(normaliseDecisionNumber('province', ' 12 / qd-ubnd ')).toBe('12/QĐ-UBND');
    expect(normaliseDecisionNumber('province', '0045')).toBe('45/QĐ-UBND');
    expect(normaliseDecisionNumber('national', '7/QĐ-BNNMT')).toBe('7/QĐ-BNNMT');
    expect(normaliseDecisionNumber('national', '7/qđ-bnnmt')).toBe('7/QĐ-BNNMT');
  });
  it('refuses other bodies, empty and malformed numbers', () => {
    for (const bad of ['', ' ', '0', '12/QĐ-BNNMT', 'abc', '12/QĐ', '1234567/QĐ-UBND', '12/QĐ-UBND/2026']) {
      expect(normaliseDecisionNumber('province', bad), bad).toBeNull();
    }
    expect(normaliseDecisionNumber('national', '12/QĐ-UBND')).toBeNull();
  });
});

describe('notCertifiable', () => {
  const ok = { status: 'closed', recognisedStars: 4, eliminated: false };
  it('passes a closed, recognised, not eliminated result the level recognises', () => {
    expect(notCertifiable(ok, current, 'province')).toBeNull();
    expect(notCertifiable({ ...ok, recognisedStars: 3 }, current, 'province')).toBeNull();
    expect(notCertifiable({ ...ok, recognisedStars: 5 }, current, 'national')).toBeNull();
  });
  it('names why anything else may not be listed', () => {
    expect(notCertifiable({ ...ok, status: 'scored' }, current, 'province')).toBe('not_closed');
    expect(notCertifiable({ ...ok, eliminated: true }, current, 'province')).toBe('eliminated');
    expect(notCertifiable({ ...ok, recognisedStars: null }, current, 'province')).toBe('not_recognised');
    expect(notCertifiable({ ...ok, recognisedStars: 2 }, current, 'province')).toBe('below_minimum');
    expect(notCertifiable({ ...ok, recognisedStars: 5 }, current, 'province')).toBe('not_this_level');
    expect(notCertifiable({ ...ok, recognisedStars: 4 }, current, 'national')).toBe('not_this_level');
  });
});

describe('revokingLevel', () => {
  it('is the level that recognises the star count', () => {
    expect(revokingLevel(current, 3)).toBe('province');
    expect(revokingLevel(current, 4)).toBe('province');
    expect(revokingLevel(current, 5)).toBe('national');
    expect(revokingLevel(current, 2)).toBeNull();
  });
  it('sends district-recognised stars (148) to the province, since districts no longer exist', () => {
    expect(revokingLevel(r148, 3)).toBe('province');
    expect(revokingLevel(r148, 5)).toBe('national');
  });
});

describe('verification', () => {
  it('maps a superseded certificate to expired, never revoked', () => {
    expect(verifyStatusOf('superseded')).toBe('expired');
    expect(verifyStatusOf('revoked')).toBe('revoked');
    expect(verifyStatusOf('expired')).toBe('expired');
    expect(verifyStatusOf('valid')).toBe('valid');
  });
  it('looks up only plausible codes of at most 64 characters', () => {
    expect(isPlausibleCode('OCOP-38-2026-00001')).toBe(true);
    expect(isPlausibleCode('12/GCN-UBND')).toBe(true);
    expect(isPlausibleCode('x'.repeat(64))).toBe(true);
    expect(isPlausibleCode('x'.repeat(65))).toBe(false);
    for (const bad of ['', "' OR 1=1 --", 'a b', '%', '<x>', 'a;b']) expect(isPlausibleCode(bad), bad).toBe(false);
  });
  it('builds the QR address', () => {
    expect(verificationUrl('https://ocop.vn//', 'OCOP-01-2026-00001')).toBe('https://ocop.vn/v/OCOP-01-2026-00001');
  });
  it('draws star glyphs', () => {
    expect(starGlyphs(3)).toBe('★★★☆☆');
    expect(starGlyphs(9)).toBe('★★★★★');
  });
});
