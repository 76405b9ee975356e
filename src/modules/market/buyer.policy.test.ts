import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context';
import { ROLES, type Role } from '../../core/roles';
import { isBuyer, ownsAddress } from './buyer.policy';

const actor = (role: Role, userId = 'u1'): Actor => ({
  userId, username: userId, displayName: userId, role, areaCode: null, provinceCode: null, producerId: null, label: userId,
});

describe('buyer policy', () => {
  it('only a signed-in buyer has an account here', () => {
    expect(isBuyer(actor('buyer'))).toBe(true);
    expect(isBuyer(null)).toBe(false);
    for (const role of ROLES.filter((r) => r !== 'buyer')) expect(isBuyer(actor(role)), role).toBe(false);
  });

  it('a buyer keeps their own addresses only; no other role keeps any', () => {
    expect(ownsAddress(actor('buyer', 'u1'), { userId: 'u1' })).toBe(true);
    expect(ownsAddress(actor('buyer', 'u2'), { userId: 'u1' })).toBe(false);
    expect(ownsAddress(null, { userId: 'u1' })).toBe(false);
    // Not even a national administrator with the same id (a role check, not an id check).
    for (const role of ROLES.filter((r) => r !== 'buyer')) expect(ownsAddress(actor(role, 'u1'), { userId: 'u1' }), role).toBe(false);
  });
});
