import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context';
import type { Role } from '../../core/roles';
import { ALL, NONE, where } from '../../core/scope';
import { stampScope } from './stamps.policy';

const actor = (role: Role, areaCode: string | null = null): Actor => ({
  userId: 'u', username: 'u', displayName: 'u', role, areaCode,
  provinceCode: areaCode && areaCode.length === 5 ? '38' : areaCode, producerId: null, label: 'u',
});

describe('stamps row scope (data, no SQL)', () => {
  it('stamp batches and alerts: province or commune by the inspector\'s area', () => {
    expect(stampScope(actor('national_admin'))).toEqual(ALL);
    expect(stampScope(actor('province_officer', '38'))).toEqual(where('province', '38'));
    expect(stampScope(actor('province_officer'))).toEqual(NONE);
    expect(stampScope(actor('inspector'))).toEqual(ALL);
    expect(stampScope(actor('inspector', '38'))).toEqual(where('province', '38'));
    expect(stampScope(actor('inspector', '14758'))).toEqual(where('commune', '14758'));
    expect(stampScope(actor('commune_officer', '14758'))).toEqual(NONE);
  });
});
