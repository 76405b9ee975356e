import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context';
import type { Role } from '../../core/roles';
import { ALL, NONE, where } from '../../core/scope';
import { areaRowScope, canManageArea, canReadArea } from './area-kept.policy';

const actor = (role: Role, areaCode: string | null = null): Actor => ({
  userId: 'u', username: 'u', displayName: 'u', role, areaCode,
  provinceCode: areaCode && areaCode.length === 5 ? '38' : areaCode, producerId: null, label: 'u',
});

const inHacThanh = { provinceCode: '38', communeCode: '14758' };

describe('the rule of area-kept registers (pure)', () => {
  it.each([
    [actor('national_admin'), true, true, ALL],
    [actor('province_officer', '38'), true, true, where('province', '38')],
    [actor('province_officer', '01'), false, false, where('province', '01')],
    [actor('province_officer'), false, false, NONE],
    [actor('commune_officer', '14758'), true, true, where('commune', '14758')],
    [actor('commune_officer', '14797'), false, false, where('commune', '14797')],
    [actor('inspector'), false, true, ALL],
    [actor('inspector', '38'), false, true, where('province', '38')],
    [actor('inspector', '14758'), false, true, where('commune', '14758')],
    [actor('inspector', '01'), false, false, where('province', '01')],
    [actor('council_member', '38'), false, false, NONE],
    [actor('producer'), false, false, NONE],
    [actor('buyer'), false, false, NONE],
  ])('%o manages %s, reads %s, lists %o', (a, manage, read, scope) => {
    expect(canManageArea(a, inHacThanh)).toBe(manage);
    expect(canReadArea(a, inHacThanh)).toBe(read);
    expect(areaRowScope(a)).toEqual(scope);
  });

  it('a province-wide record (no commune) is not a commune officer\'s', () => {
    expect(canManageArea(actor('commune_officer', '14758'), { provinceCode: '38', communeCode: null })).toBe(false);
  });
});
