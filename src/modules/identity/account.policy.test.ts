import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context';
import type { Role } from '../../core/roles';
import { canResetPasswordOf } from './account.policy';

const actor = (role: Role, areaCode: string | null = null, userId = 'officer'): Actor => ({
  userId, username: userId, displayName: userId, role, areaCode, provinceCode: areaCode?.slice(0, 2) ?? null, producerId: null, label: userId,
});
const target = (role: Role, provinceCode: string | null, communeCode: string | null, userId = 'target') => ({ userId, role, provinceCode, communeCode });

describe('canResetPasswordOf', () => {
  const producerHamRong = target('producer', '38', '14758');
  it('national admin: everyone but themselves', () => {
    expect(canResetPasswordOf(actor('national_admin'), producerHamRong)).toBe(true);
    expect(canResetPasswordOf(actor('national_admin'), target('province_officer', '01', null))).toBe(true);
    expect(canResetPasswordOf(actor('national_admin', null, 'me'), target('national_admin', null, null, 'me'))).toBe(false);
  });
  it('province officer: users of their province below them', () => {
    const o = actor('province_officer', '38');
    expect(canResetPasswordOf(o, producerHamRong)).toBe(true);
    expect(canResetPasswordOf(o, target('commune_officer', '38', '14758'))).toBe(true);
    expect(canResetPasswordOf(o, target('inspector', '38', null))).toBe(true);
    expect(canResetPasswordOf(o, target('producer', '01', '00070'))).toBe(false);
    expect(canResetPasswordOf(o, target('province_officer', '38', null))).toBe(false);
    expect(canResetPasswordOf(o, target('national_admin', null, null))).toBe(false);
    expect(canResetPasswordOf(actor('province_officer', null), producerHamRong)).toBe(false);
  });
  it('commune officer: producer users of their commune only', () => {
    const o = actor('commune_officer', '14758');
    expect(canResetPasswordOf(o, producerHamRong)).toBe(true);
    expect(canResetPasswordOf(o, target('producer', '38', '14797'))).toBe(false);
    expect(canResetPasswordOf(o, target('inspector', '38', '14758'))).toBe(false);
    expect(canResetPasswordOf(o, target('buyer', null, null))).toBe(false);
  });
  it('nobody else', () => {
    for (const r of ['council_member', 'inspector', 'producer', 'buyer'] as const) {
      expect(canResetPasswordOf(actor(r, '38'), producerHamRong)).toBe(false);
    }
  });
});
