import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context';
import type { Role } from '../../core/roles';
import { ALL, NONE, where } from '../../core/scope';
import { auditScope, canReadAudit } from './audit.policy';
import { describeChange } from './audit.service';

const actor = (role: Role, areaCode: string | null = null): Actor => ({
  userId: 'u', username: 'u', displayName: 'u', role, areaCode, provinceCode: areaCode, producerId: null, label: 'u',
});

describe('audit policy', () => {
  it('national admins read everything, province officers their province, no one else anything', () => {
    expect(canReadAudit(actor('national_admin'))).toBe(true);
    expect(canReadAudit(actor('province_officer', '38'))).toBe(true);
    for (const r of ['commune_officer', 'council_member', 'inspector', 'producer', 'buyer'] as const) {
      expect(canReadAudit(actor(r, '38'))).toBe(false);
      expect(auditScope(actor(r, '38'))).toEqual(NONE);
    }
    expect(auditScope(actor('national_admin'))).toEqual(ALL);
    expect(auditScope(actor('province_officer', '38'))).toEqual(where('province', '38'));
  });
});

describe('describeChange', () => {
  it('lists changed fields as before → after, leaving out timestamps and keys', () => {
    expect(describeChange({ name: 'A', updatedAt: 1, phone: null }, { name: 'B', updatedAt: 2, phone: '09' }))
      .toBe('name: A → B; phone: ∅ → 09');
    expect(describeChange(null, { id: 'x', stars: 4 })).toBe('stars: 4');
  });
});
