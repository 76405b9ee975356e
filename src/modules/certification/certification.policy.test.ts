import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context';
import type { Role } from '../../core/roles';
import { ALL, allOf, NONE, where, whereNot } from '../../core/scope';
import { registryScope } from '../registry/registry.policy';
import { AppError } from '../../errors';
import { assertDecisionAuthority, canReadDecision, certificateScope, decisionScope, roundScope } from './certification.policy';

const actor = (role: Role, areaCode: string | null = null, producerId: string | null = null): Actor => ({
  userId: 'u', username: 'u', displayName: 'u', role, areaCode,
  provinceCode: areaCode && areaCode.length === 5 ? '38' : areaCode, producerId, label: 'u',
});

describe('certification row scopes (data, no SQL)', () => {
  it('certificates: the registry scope, except council members (none)', () => {
    for (const a of [actor('national_admin'), actor('province_officer', '38'), actor('commune_officer', '14758'), actor('inspector', '38'),
      actor('inspector', '14758'), actor('inspector'), actor('producer', null, 'p1'), actor('producer'), actor('buyer')]) {
      expect(certificateScope(a)).toEqual(registryScope(a));
    }
    expect(certificateScope(actor('council_member', '38'))).toEqual(NONE);
    expect(certificateScope(actor('province_officer', '38'))).toEqual(where('province', '38'));
    expect(certificateScope(actor('producer', null, 'p1'))).toEqual(where('producer', 'p1'));
  });

  it('decisions: province officers and scoped inspectors see their province\'s, never national ones', () => {
    expect(decisionScope(actor('national_admin'))).toEqual(ALL);
    expect(decisionScope(actor('province_officer', '38'))).toEqual(allOf(whereNot('level', 'national'), where('area', '38')));
    expect(decisionScope(actor('province_officer'))).toEqual(NONE);
    expect(decisionScope(actor('inspector'))).toEqual(ALL);
    expect(decisionScope(actor('inspector', '14758'))).toEqual(allOf(whereNot('level', 'national'), where('area', '38')));
    for (const r of ['commune_officer', 'council_member', 'producer', 'buyer'] as const) expect(decisionScope(actor(r, '38'))).toEqual(NONE);
  });

  it('rounds to decide: national admins all, a province officer the province rounds of their province', () => {
    expect(roundScope(actor('national_admin'))).toEqual(ALL);
    expect(roundScope(actor('province_officer', '38'))).toEqual(allOf(where('level', 'province'), where('province', '38')));
    expect(roundScope(actor('province_officer'))).toEqual(NONE);
    expect(roundScope(actor('inspector', '38'))).toEqual(NONE);
  });

  it('a district decision (148/2023) is seen and managed like a province one by the officers of its province today', () => {
    const district = { level: 'district' as const, areaCode: '38' };
    expect(canReadDecision(actor('province_officer', '38'), district)).toBe(true);
    expect(canReadDecision(actor('inspector', '14758'), district)).toBe(true);
    expect(canReadDecision(actor('province_officer', '01'), district)).toBe(false);
    expect(() => assertDecisionAuthority(actor('province_officer', '38'), district)).not.toThrow();
    const code = (f: () => void) => { try { f(); return null; } catch (e) { return e instanceof AppError ? e.code : 'other'; } };
    expect(code(() => assertDecisionAuthority(actor('province_officer', '01'), district))).toBe('not_found');
    expect(code(() => assertDecisionAuthority(actor('inspector', '38'), district))).toBe('forbidden');
    // Not the ministry's: a national administrator reads it but does not act for the province.
    expect(code(() => assertDecisionAuthority(actor('national_admin'), district))).toBe('forbidden');
  });
});
