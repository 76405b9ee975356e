import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context';
import type { Role } from '../../core/roles';
import { ALL, NONE, anyOf, where } from '../../core/scope';
import { targetScope } from './targets.policy';

const actor = (role: Role, areaCode: string | null = null): Actor => ({
  userId: 'u', username: 'u', displayName: 'u', role, areaCode,
  provinceCode: areaCode && areaCode.length === 5 ? '38' : areaCode, producerId: null, label: 'u',
});

describe('targetScope: the targets a role lists, as data', () => {
  it.each([
    [actor('national_admin'), ALL],
    [actor('inspector'), ALL],
    [actor('inspector', '38'), anyOf(where('area', '38'), where('parent', '38'))],
    [actor('inspector', '14758'), where('area', '14758')],
    [actor('province_officer', '38'), anyOf(where('area', '38'), where('parent', '38'))],
    [actor('province_officer'), NONE],
    [actor('commune_officer', '14758'), where('area', '14758')],
    [actor('commune_officer'), NONE],
    [actor('council_member', '38'), NONE],
    [actor('producer'), NONE],
  ])('%o → %o', (a, scope) => {
    expect(targetScope(a)).toEqual(scope);
  });
});
