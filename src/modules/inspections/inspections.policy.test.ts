import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context';
import type { Role } from '../../core/roles';
import { ALL, NONE, where } from '../../core/scope';
import { planScope, visitScope } from './inspections.policy';

const actor = (role: Role, areaCode: string | null = null): Actor => ({
  userId: 'u', username: 'u', displayName: 'u', role, areaCode,
  provinceCode: areaCode && areaCode.length === 5 ? '38' : areaCode, producerId: null, label: 'u',
});

describe('inspection scopes, as data', () => {
  it.each([
    [actor('national_admin'), ALL, ALL],
    [actor('province_officer', '38'), where('province', '38'), where('province', '38')],
    [actor('province_officer'), NONE, NONE],
    [actor('inspector'), ALL, ALL],
    [actor('inspector', '38'), where('province', '38'), where('province', '38')],
    // an inspector of a commune reads the plans (and visits) of its province
    [actor('inspector', '14758'), where('province', '38'), where('province', '38')],
    [actor('commune_officer', '14758'), NONE, where('commune', '14758')],
    [actor('commune_officer'), NONE, NONE],
    [actor('producer'), NONE, NONE],
  ])('%o lists plans %o and visits %o', (a, plans, visits) => {
    expect(planScope(a)).toEqual(plans);
    expect(visitScope(a)).toEqual(visits);
  });
});
