import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context';
import type { Role } from '../../core/roles';
import { ALL, NONE, where } from '../../core/scope';
import { reportScope } from './reports.policy';

const actor = (role: Role, areaCode: string | null = null): Actor => ({
  userId: 'u', username: 'u', displayName: 'u', role, areaCode,
  provinceCode: areaCode && areaCode.length === 5 ? '38' : areaCode, producerId: null, label: 'u',
});

describe('fake report queues (data, no SQL)', () => {
  it('national admins and unscoped inspectors all; officers and inspectors their province; others none', () => {
    expect(reportScope(actor('national_admin'))).toEqual(ALL);
    expect(reportScope(actor('inspector'))).toEqual(ALL);
    expect(reportScope(actor('province_officer', '38'))).toEqual(where('province', '38'));
    expect(reportScope(actor('inspector', '14758'))).toEqual(where('province', '38'));
    expect(reportScope(actor('province_officer'))).toEqual(NONE);
    for (const r of ['commune_officer', 'council_member', 'producer', 'buyer'] as const) expect(reportScope(actor(r, '38'))).toEqual(NONE);
  });
});
