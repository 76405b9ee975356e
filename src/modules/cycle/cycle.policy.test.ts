import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context';
import type { Role } from '../../core/roles';
import type { RowScope } from '../../core/scope';
import { can, cycleScope, sidesOf } from './cycle.policy';

const actor = (role: Role, areaCode: string | null = null, producerId: string | null = null): Actor => ({
  userId: 'u', username: 'u', displayName: 'u', role, areaCode,
  provinceCode: areaCode && areaCode.length === 5 ? '38' : areaCode, producerId, label: 'u',
});

/** A row scope evaluated on one record (the logical columns of the cycle tables). */
function matches(s: RowScope, r: typeof idea): boolean {
  const col = (name: string) => ({ province: r.provinceCode, commune: r.communeCode, producer: r.producerId })[name];
  if ('all' in s) return true;
  if ('none' in s) return false;
  if ('eq' in s) return col(s.eq) === s.value;
  if ('ne' in s) return col(s.ne) !== s.value;
  if ('and' in s) return s.and.every((x) => matches(x, r));
  if ('or' in s) return s.or.some((x) => matches(x, r));
  throw new Error('no facts in the cycle scope');
}

const idea = { provinceCode: '38', communeCode: '14758', producerId: 'p1' };

describe('cycle policy (deny unless allowed)', () => {
  const matrix: [string, Actor, boolean, boolean][] = [
    ['national admin', actor('national_admin'), true, true],
    ['province officer, same province', actor('province_officer', '38'), true, true],
    ['province officer, other province', actor('province_officer', '01'), false, false],
    ['province officer without area', actor('province_officer', null), false, false],
    ['commune officer, same commune', actor('commune_officer', '14758'), true, true],
    ['commune officer, other commune', actor('commune_officer', '14797'), false, false],
    ['the producer itself', actor('producer', null, 'p1'), true, false],
    ['another producer', actor('producer', null, 'p2'), false, false],
    ['inspector', actor('inspector', '38'), false, false],
    ['council member', actor('council_member', null), false, false],
    ['buyer', actor('buyer'), false, false],
  ];
  for (const [name, a, owner, reviewer] of matrix) {
    it(`${name}: owner side ${owner}, reviewer ${reviewer}`, () => {
      expect(can(a, 'read', idea)).toBe(owner);
      expect(can(a, 'owner', idea)).toBe(owner);
      expect(can(a, 'reviewer', idea)).toBe(reviewer);
    });
    it(`${name}: the list scope keeps the idea exactly when it may be read`, () => {
      expect(matches(cycleScope(a), idea)).toBe(owner);
    });
  }

  it('officers act on both sides in their area; producers only as owner', () => {
    expect(sidesOf(actor('commune_officer', '14758'), idea)).toEqual(['owner', 'reviewer']);
    expect(sidesOf(actor('producer', null, 'p1'), idea)).toEqual(['owner']);
    expect(sidesOf(actor('producer', null, 'p2'), idea)).toEqual([]);
  });
});
