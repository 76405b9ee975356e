import { describe, expect, it } from 'vitest';
import type { Actor } from '../../context';
import type { Role } from '../../core/roles';
import { canActForProducer, canHoldIn, canManageEvent, canReadEventAsOfficer, canReadRegistration, canSeeEvent, eventRowScope, ownerProvinceFor } from './events.policy';

const actor = (role: Role, areaCode: string | null = null, extra: Partial<Actor> = {}): Actor => ({
  userId: `u-${role}-${areaCode}`, username: role, displayName: role, role, areaCode,
  provinceCode: areaCode?.length === 2 ? areaCode : null, producerId: null, label: role, ...extra,
});

const thanhHoaEvent = { ownerProvinceCode: '38', provinceCode: '38', status: 'published' as const };
const nationalInHanoi = { ownerProvinceCode: null, provinceCode: '01', status: 'published' as const };
const draft = { ...thanhHoaEvent, status: 'draft' as const };

describe('events policy', () => {
  it('lets the national office manage any event and a province office only its own', () => {
    expect(canManageEvent(actor('national_admin'), nationalInHanoi)).toBe(true);
    expect(canManageEvent(actor('national_admin'), thanhHoaEvent)).toBe(true);
    expect(canManageEvent(actor('province_officer', '38'), thanhHoaEvent)).toBe(true);
    expect(canManageEvent(actor('province_officer', '01'), thanhHoaEvent)).toBe(false);
    expect(canManageEvent(actor('province_officer', '01'), nationalInHanoi)).toBe(false);
    expect(canManageEvent(actor('commune_officer', '14758', { provinceCode: '38' }), thanhHoaEvent)).toBe(false);
    expect(canManageEvent(actor('producer'), thanhHoaEvent)).toBe(false);
  });

  it('lets officers read the events run by or held in their province (commune officers read only)', () => {
    const commune = actor('commune_officer', '14758', { provinceCode: '38' });
    expect(canReadEventAsOfficer(commune, draft)).toBe(true);
    expect(canReadEventAsOfficer(commune, nationalInHanoi)).toBe(false);
    expect(canReadEventAsOfficer(actor('province_officer', '01'), nationalInHanoi)).toBe(true);
    expect(canReadEventAsOfficer(actor('province_officer', '01'), draft)).toBe(false);
    expect(canReadEventAsOfficer(actor('inspector', '38'), draft)).toBe(false);
  });

  it('shows producers published and cancelled events, never drafts', () => {
    const producer = actor('producer', null, { producerId: 'p1' });
    expect(canSeeEvent(producer, thanhHoaEvent)).toBe(true);
    expect(canSeeEvent(producer, { ...thanhHoaEvent, status: 'cancelled' })).toBe(true);
    expect(canSeeEvent(producer, draft)).toBe(false);
    expect(canSeeEvent(actor('buyer'), thanhHoaEvent)).toBe(false);
  });

  it('lets a producer act for itself and officers for the producers they keep', () => {
    const located = { producerId: 'p1', provinceCode: '38', communeCode: '14758' };
    expect(canActForProducer(actor('producer', null, { producerId: 'p1' }), located)).toBe(true);
    expect(canActForProducer(actor('producer', null, { producerId: 'p2' }), located)).toBe(false);
    expect(canActForProducer(actor('province_officer', '38'), located)).toBe(true);
    expect(canActForProducer(actor('province_officer', '01'), located)).toBe(false);
    expect(canActForProducer(actor('commune_officer', '14758', { provinceCode: '38' }), located)).toBe(true);
    expect(canActForProducer(actor('inspector', '38'), located)).toBe(false);
    // Another producer never reads the registration; the event's officers do.
    expect(canReadRegistration(actor('producer', null, { producerId: 'p2' }), thanhHoaEvent, located)).toBe(false);
    expect(canReadRegistration(actor('province_officer', '38'), thanhHoaEvent, { ...located, provinceCode: '01', communeCode: '00070' })).toBe(true);
  });

  it('names the owner and the venues of a new event, and the list scope', () => {
    expect(ownerProvinceFor(actor('national_admin'))).toBeNull();
    expect(ownerProvinceFor(actor('province_officer', '38'))).toBe('38');
    expect(ownerProvinceFor(actor('commune_officer', '14758'))).toBeUndefined();
    expect(canHoldIn(actor('province_officer', '38'), '01')).toBe(false);
    expect(canHoldIn(actor('national_admin'), '01')).toBe(true);
    expect(eventRowScope(actor('national_admin'))).toEqual({ all: true });
    expect(eventRowScope(actor('buyer'))).toEqual({ none: true });
    expect(eventRowScope(actor('province_officer', '38'))).toEqual({ or: [{ eq: 'owner', value: '38' }, { eq: 'province', value: '38' }] });
  });
});
