/**
 * Issue 18, item 10: a province round's council seats only people of that province — its province
 * and commune officers, council members of the province or of no province, and national
 * administrators (the list on the round page offered nobody else, but the API took anyone). The
 * API answers 400 with the field code `council.seat_outside_province`; the form shows it in
 * Vietnamese. A national round keeps seating officers of every province.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, createTestUser, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { createRound } from '../helpers/council-fixtures';
import type { Role } from '../../src/core/roles';

let t: TestApp;
let officer: AuthedUser;
let admin: AuthedUser;

beforeAll(async () => {
  t = await testApp();
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  admin = await asUser(t.app, t.deps, { role: 'national_admin' });
});
afterAll(() => t?.close());

const seat = (organiser: AuthedUser, roundId: string, userId: string, councilRole = 'member') =>
  t.app.inject({ method: 'POST', url: `/api/v1/rounds/${roundId}/members`, headers: organiser.headers(), payload: { userId, councilRole } });

const person = async (role: Role, areaCode?: string) =>
  (await createTestUser(t.deps, { role, ...(areaCode ? { areaCode } : {}), displayName: `${role} ${areaCode ?? 'không tỉnh'} ${Math.random().toString(36).slice(2, 7)}` })).user;

describe('seating a province council', () => {
  it('refuses officers and council members of another province (400, field code), through the API', async () => {
    const round = await createRound(t, officer, {});
    const outsiders = [
      await person('province_officer', AREAS.haNoi),
      await person('commune_officer', AREAS.hoanKiem),
      await person('council_member', AREAS.haNoi),
      await person('council_member', AREAS.hoanKiem),
    ];
    for (const u of outsiders) {
      const res = await seat(officer, round.id, u.id);
      expect({ who: u.displayName, status: res.statusCode }).toEqual({ who: u.displayName, status: 400 });
      const error = json(res).error;
      expect(error.code).toBe('validation_failed');
      expect(error.fieldCodes).toEqual({ userId: 'council.seat_outside_province' });
      expect(error.fields.userId).toMatch(/another province/);
    }
    // The national administrator organising it is held to the same rule.
    expect(json(await seat(admin, round.id, outsiders[0]!.id)).error.fieldCodes).toEqual({ userId: 'council.seat_outside_province' });
    const members = json(await t.app.inject({ url: `/api/v1/rounds/${round.id}`, headers: officer.headers() })).members;
    expect(members).toEqual([]);
  });

  it('seats the province\'s officers, its council members, council members of no province and national administrators', async () => {
    const round = await createRound(t, officer, {});
    const insiders = [
      await person('province_officer', AREAS.thanhHoa),
      await person('commune_officer', AREAS.hamRong),
      await person('council_member', AREAS.thanhHoa),
      await person('council_member', AREAS.hacThanh),
      await person('council_member'),
      await person('national_admin'),
    ];
    for (const u of insiders) {
      const res = await seat(officer, round.id, u.id);
      expect({ who: u.displayName, status: res.statusCode, body: res.statusCode === 201 ? '' : res.body }).toEqual({ who: u.displayName, status: 201, body: '' });
    }
  });

  it('the round page offers exactly the people the service seats, and the form says why in Vietnamese', async () => {
    const round = await createRound(t, officer, {});
    const outsider = await person('province_officer', AREAS.haNoi);
    const outsideMember = await person('council_member', AREAS.haNoi);
    const insider = await person('council_member', AREAS.thanhHoa);
    const s = await officer.login();
    const page = await t.app.inject({ url: `/admin/rounds/${round.id}`, headers: { cookie: s.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(insider.id);
    expect(page.body).not.toContain(outsider.id);
    expect(page.body).not.toContain(outsideMember.id);

    const res = await t.app.inject({
      method: 'POST', url: `/admin/rounds/${round.id}/members`,
      headers: s.headers({ 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }),
      payload: new URLSearchParams({ _csrf: s.csrf, userId: outsider.id, councilRole: 'member' }).toString(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('thuộc tỉnh, thành phố khác');
    expect(res.body).not.toContain('another province');
  });
});

describe('seating a national council', () => {
  it('seats officers of any province', async () => {
    const round = await createRound(t, admin, { level: 'national', provinceCode: undefined, sessionDate: '2026-12-20' });
    for (const u of [await person('province_officer', AREAS.haNoi), await person('council_member', AREAS.haNoi), await person('council_member')]) {
      const res = await seat(admin, round.id, u.id);
      expect({ who: u.displayName, status: res.statusCode, body: res.statusCode === 201 ? '' : res.body }).toEqual({ who: u.displayName, status: 201, body: '' });
    }
  });
});
