/**
 * Administering accounts over the API (issue 18, item 8; docs/decisions/045): users disabled,
 * enabled and given other roles by administrators within their area, API tokens listed and
 * revoked, one's own password changed — every step audited, sessions ended where it matters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, createTestUser, expectError, json, login, loginRequest, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { listAudit } from '../../src/modules/audit/audit.service';
import { changeRole, disableUser, enableUser } from '../../src/modules/identity/accounts.service';

const expectRefusal = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e);

let t: TestApp;
let admin: AuthedUser;
let thanhHoa: AuthedUser;
let haNoi: AuthedUser;
beforeAll(async () => {
  t = await testApp();
  admin = await asUser(t.app, t.deps, { role: 'national_admin' });
  thanhHoa = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  haNoi = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi });
});
afterAll(() => t?.close());

let ipSeq = 0;
const ip = () => `10.9.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;
const post = (who: AuthedUser, url: string, payload: object = {}) => t.app.inject({ method: 'POST', url, headers: who.headers(), payload });
const get = (who: AuthedUser, url: string) => t.app.inject({ method: 'GET', url, headers: who.headers() });
const actions = async (entityId: string) => (await listAudit(t.ctx, { entityType: 'user', entityId, page: 1, pageSize: 100 })).items.map((a) => a.action);

describe('disable and enable', () => {
  it('a province officer disables a commune officer of their province: sign-in, sessions and API tokens stop; enable restores sign-in', async () => {
    const target = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong });
    const session = await login(t.app, target.username, target.password, { remoteAddress: ip() });
    const res = await post(thanhHoa, `/api/v1/users/${target.user.id}/disable`, { reason: 'Chuyển công tác' });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).user).toMatchObject({ disabled: true, disabledReason: 'Chuyển công tác' });
    expectError(await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: session.cookie } }), 401, 'unauthenticated');
    expectError(await get(target, '/api/v1/auth/me'), 401, 'unauthenticated');
    expectError(await loginRequest(t.app, target.username, target.password, { remoteAddress: ip() }), 401, 'invalid_credentials');

    expect((await post(thanhHoa, `/api/v1/users/${target.user.id}/enable`)).statusCode).toBe(200);
    expect((await loginRequest(t.app, target.username, target.password, { remoteAddress: ip() })).statusCode).toBe(200);
    expect(await actions(target.user.id)).toEqual(expect.arrayContaining(['user.disable', 'user.enable']));
  });

  it('needs a reason; refuses oneself and the last national admin', async () => {
    const target = await createTestUser(t.deps, { role: 'inspector', areaCode: AREAS.thanhHoa });
    const empty = expectError(await post(thanhHoa, `/api/v1/users/${target.user.id}/disable`, { reason: '  ' }), 400, 'validation_failed');
    expect(empty.fieldCodes).toEqual({ reason: 'account.reason_required' });
    expect(expectError(await post(thanhHoa, `/api/v1/users/${thanhHoa.user.id}/disable`, { reason: 'x' }), 403, 'forbidden').fieldCodes).toEqual({ username: 'account.self' });
    const self = expectError(await post(admin, `/api/v1/users/${admin.user.id}/disable`, { reason: 'x' }), 403, 'forbidden');
    expect(self.fieldCodes).toEqual({ username: 'account.self' });
  });

  it('another province\'s users do not exist for an officer (404 on every action); the national admin reaches all', async () => {
    const target = await createTestUser(t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong });
    for (const res of [
      await get(haNoi, `/api/v1/users/${target.user.id}`),
      await post(haNoi, `/api/v1/users/${target.user.id}/disable`, { reason: 'x' }),
      await post(haNoi, `/api/v1/users/${target.user.id}/enable`),
      await post(haNoi, `/api/v1/users/${target.user.id}/role`, { role: 'inspector', areaCode: AREAS.haNoi }),
    ]) expectError(res, 404, 'not_found');
    expect(json(await get(haNoi, '/api/v1/users?q=' + target.username)).items).toEqual([]);
    expect(json(await get(thanhHoa, '/api/v1/users?q=' + target.username)).items.map((u: { id: string }) => u.id)).toEqual([target.user.id]);
    expect((await get(admin, `/api/v1/users/${target.user.id}`)).statusCode).toBe(200);
  });

  it('a producer, inspector or buyer cannot administer accounts (403)', async () => {
    for (const role of ['producer', 'inspector', 'buyer'] as const) {
      const who = await asUser(t.app, t.deps, { role, ...(role === 'inspector' ? { areaCode: AREAS.thanhHoa } : {}) });
      expectError(await get(who, '/api/v1/users'), 403, 'forbidden');
    }
  });
});

describe('role changes', () => {
  it('a province officer makes a commune officer an inspector of the province; the old session ends; audited with before and after', async () => {
    const target = await createTestUser(t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong });
    const session = await login(t.app, target.username, target.password, { remoteAddress: ip() });
    const res = await post(thanhHoa, `/api/v1/users/${target.user.id}/role`, { role: 'inspector', areaCode: AREAS.thanhHoa });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).user).toMatchObject({ role: 'inspector', areaCode: AREAS.thanhHoa });
    expectError(await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: session.cookie } }), 401, 'unauthenticated');
    const [entry] = (await listAudit(t.ctx, { entityType: 'user', entityId: target.user.id, page: 1, pageSize: 100 })).items.filter((a) => a.action === 'user.role_change');
    expect(entry).toMatchObject({ before: { role: 'commune_officer', areaCode: AREAS.hamRong }, after: { role: 'inspector', areaCode: AREAS.thanhHoa } });
  });

  it('refuses a role the officer may not give, and an area outside their province', async () => {
    const target = await createTestUser(t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong });
    const up = expectError(await post(thanhHoa, `/api/v1/users/${target.user.id}/role`, { role: 'province_officer', areaCode: AREAS.thanhHoa }), 400, 'validation_failed');
    expect(up.fieldCodes).toEqual({ role: 'account.role_not_assignable' });
    const away = expectError(await post(thanhHoa, `/api/v1/users/${target.user.id}/role`, { role: 'commune_officer', areaCode: AREAS.hoanKiem }), 400, 'validation_failed');
    expect(away.fieldCodes).toEqual({ areaCode: 'account.area_outside' });
    const noArea = expectError(await post(thanhHoa, `/api/v1/users/${target.user.id}/role`, { role: 'commune_officer' }), 400, 'validation_failed');
    expect(noArea.fieldCodes?.areaCode).toBe('area.required_for_role');
  });

  it('one enabled national admin always remains (only the command line, acting as the system, could reach the last one)', async () => {
    const admins = json(await get(admin, '/api/v1/users?role=national_admin&status=enabled')).items.map((u: { id: string }) => u.id);
    for (const id of admins.filter((i: string) => i !== admin.user.id)) await disableUser(t.ctx, id, 'thử nghiệm');
    const last = await expectRefusal(disableUser(t.ctx, admin.user.id, 'thử nghiệm'));
    expect(last).toMatchObject({ code: 'conflict', fields: { username: { code: 'account.last_admin' } } });
    await expect(changeRole(t.ctx, admin.user.id, { role: 'inspector', areaCode: AREAS.thanhHoa })).rejects.toMatchObject({ code: 'conflict' });
    for (const id of admins.filter((i: string) => i !== admin.user.id)) await enableUser(t.ctx, id);
  });
});

describe('API tokens', () => {
  it('a user creates, lists and revokes their own token; a revoked token stops at once; audited', async () => {
    const producer = await asUser(t.app, t.deps, { role: 'producer' });
    const made = await post(producer, '/api/v1/auth/tokens', { name: 'Phần mềm kế toán' });
    expect(made.statusCode, made.body).toBe(201);
    const { token, item } = json(made);
    expect(token).toMatch(/^ocop_/);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    const listed = json(await get(producer, '/api/v1/auth/tokens')).items;
    expect(listed.map((x: { id: string }) => x.id)).toContain(item.id);
    expect(JSON.stringify(listed)).not.toContain(token);
    const gone = await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${item.id}`, headers: producer.headers() });
    expect(gone.statusCode, gone.body).toBe(200);
    expect(json(gone).token.revokedAt).not.toBeNull();
    expectError(await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } }), 401, 'unauthenticated');
    expect((await listAudit(t.ctx, { entityType: 'api_token', entityId: item.id, page: 1, pageSize: 100 })).items.map((a) => a.action)).toEqual(expect.arrayContaining(['token.create', 'token.revoke']));
  });

  it('another user\'s token is 404 unless the caller administers its owner', async () => {
    const owner = await asUser(t.app, t.deps, { role: 'inspector', areaCode: AREAS.thanhHoa });
    const { item } = json(await post(owner, '/api/v1/auth/tokens', { name: 'máy chấm điểm' }));
    const stranger = await asUser(t.app, t.deps, { role: 'producer' });
    expectError(await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${item.id}`, headers: stranger.headers() }), 404, 'not_found');
    expectError(await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${item.id}`, headers: haNoi.headers() }), 404, 'not_found');
    const byOfficer = await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${item.id}`, headers: thanhHoa.headers() });
    expect(byOfficer.statusCode, byOfficer.body).toBe(200);
    expect(json(await get(thanhHoa, `/api/v1/users/${owner.user.id}`)).tokens.find((x: { id: string }) => x.id === item.id).revokedAt).not.toBeNull();
  });
});

describe('one\'s own password', () => {
  it('asks for the current password, applies the rules, ends every other session but this one', async () => {
    const u = await createTestUser(t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong });
    const here = await login(t.app, u.username, u.password, { remoteAddress: ip() });
    const elsewhere = await login(t.app, u.username, u.password, { remoteAddress: ip() });
    const change = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: here.headers(), payload });
    expect(expectError(await change({ currentPassword: 'wrong-one-0000', newPassword: 'hoa sen nở trên đầm' }), 400, 'validation_failed').fieldCodes)
      .toEqual({ currentPassword: 'password.wrong_current' });
    expect(expectError(await change({ currentPassword: u.password, newPassword: 'password1234' }), 400, 'validation_failed').fieldCodes)
      .toEqual({ newPassword: 'password.common' });
    const ok = await change({ currentPassword: u.password, newPassword: 'hoa sen nở trên đầm' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok).sessionsEnded).toBe(1);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: here.cookie } })).statusCode).toBe(200);
    expectError(await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: elsewhere.cookie } }), 401, 'unauthenticated');
    expect((await loginRequest(t.app, u.username, 'hoa sen nở trên đầm', { remoteAddress: ip() })).statusCode).toBe(200);
    expect(await actions(u.user.id)).toContain('user.password_change');
  });

  it('lists one\'s sessions (the current one marked) and ends the others', async () => {
    const u = await createTestUser(t.deps, { role: 'buyer' });
    const here = await login(t.app, u.username, u.password, { remoteAddress: ip() });
    await login(t.app, u.username, u.password, { remoteAddress: ip() });
    const listed = json(await t.app.inject({ url: '/api/v1/auth/sessions', headers: here.headers() })).items;
    expect(listed.map((s: { current: boolean }) => s.current).sort()).toEqual([false, true]);
    const ended = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sessions/end-others', headers: here.headers() });
    expect(json(ended).sessionsEnded).toBe(1);
    expect(json(await t.app.inject({ url: '/api/v1/auth/sessions', headers: here.headers() })).items).toHaveLength(1);
  });
});
