import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context';
import { canManagePost, ownerProvinceFor, postScope } from './promo.policy';

const actor = (role: Actor['role'], provinceCode: string | null = null): Actor => ({
  userId: 'u', username: 'u', displayName: 'u', role, areaCode: provinceCode, provinceCode, producerId: null, label: 'u',
});

describe('promotion posts policy', () => {
  it('lets the national office write every post and a province office its own', () => {
    expect(canManagePost(actor('national_admin'), { ownerProvinceCode: '38' })).toBe(true);
    expect(canManagePost(actor('province_officer', '38'), { ownerProvinceCode: '38' })).toBe(true);
    expect(canManagePost(actor('province_officer', '38'), { ownerProvinceCode: '01' })).toBe(false);
    expect(canManagePost(actor('province_officer', '38'), { ownerProvinceCode: null })).toBe(false);
    for (const role of ['commune_officer', 'inspector', 'council_member', 'producer', 'buyer'] as const) {
      expect(canManagePost(actor(role, '38'), { ownerProvinceCode: '38' }), role).toBe(false);
    }
    expect(canManagePost(null, { ownerProvinceCode: null })).toBe(false);
  });
  it('owns what it creates: national or the officer\'s province; nobody else creates', () => {
    expect(ownerProvinceFor(actor('national_admin'))).toBeNull();
    expect(ownerProvinceFor(actor('province_officer', '38'))).toBe('38');
    expect(ownerProvinceFor(actor('commune_officer', '38'))).toBeUndefined();
  });
  it('lists published posts to everyone and unpublished ones to their writers', () => {
    expect(postScope(null)).toEqual({ eq: 'status', value: 'published' });
    expect(postScope(actor('producer'))).toEqual({ eq: 'status', value: 'published' });
    expect(postScope(actor('national_admin'))).toEqual({ all: true });
    expect(postScope(actor('province_officer', '38'))).toEqual({ or: [{ eq: 'status', value: 'published' }, { eq: 'owner', value: '38' }] });
  });
});
