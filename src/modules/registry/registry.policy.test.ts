import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context';
import type { Role } from '../../core/roles';
import { can, canCreateProducerIn } from './registry.policy';

const actor = (role: Role, areaCode: string | null = null, producerId: string | null = null): Actor => ({
  userId: 'u', username: 'u', displayName: 'u', role, areaCode,
  provinceCode: areaCode && areaCode.length === 5 ? '38' : areaCode, producerId, label: 'u',
});

const inThanhHoa = { provinceCode: '38', communeCode: '14758', producerId: 'p1' };

describe('registry policy (deny unless allowed)', () => {
  const matrix: [Actor, boolean, boolean][] = [
    [actor('national_admin'), true, true],
    [actor('province_officer', '38'), true, true],
    [actor('province_officer', '01'), false, false],
    [actor('commune_officer', '14758'), true, true],
    [actor('commune_officer', '14797'), false, false],
    [actor('inspector', '38'), true, false],
    [actor('inspector'), true, false],
    [actor('inspector', '01'), false, false],
    [actor('council_member', '38'), true, false],
    [actor('producer', null, 'p1'), true, true],
    [actor('producer', null, 'p2'), false, false],
    [actor('buyer'), false, false],
  ];
  it.each(matrix)('%o reads %s, writes %s', (a, read, write) => {
    expect(can(a, 'read', inThanhHoa)).toBe(read);
    expect(can(a, 'write', inThanhHoa)).toBe(write);
  });

  it('only admins and officers of the area register producers', () => {
    expect(canCreateProducerIn(actor('national_admin'), '38', '14758')).toBe(true);
    expect(canCreateProducerIn(actor('province_officer', '38'), '38', '14758')).toBe(true);
    expect(canCreateProducerIn(actor('province_officer', '01'), '38', '14758')).toBe(false);
    expect(canCreateProducerIn(actor('commune_officer', '14758'), '38', '14758')).toBe(true);
    expect(canCreateProducerIn(actor('commune_officer', '14758'), '38', '14797')).toBe(false);
    for (const r of ['inspector', 'council_member', 'producer', 'buyer'] as const) {
      expect(canCreateProducerIn(actor(r, '38'), '38', '14758')).toBe(false);
    }
  });
});
