/**
 * `ocop user disable|enable|set-password|set-role` and `ocop token list|revoke` (issue 18):
 * the command line's account commands, as src/cli.ts runs them (acting as the system).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asUser, createTestUser, expectError, json, loginRequest, testApp, type TestApp } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { makeCtx, systemActor } from '../../src/context';
import { tokenCommand, userCommand } from '../../src/modules/identity/accounts.cli';
import { listAudit } from '../../src/modules/audit/audit.service';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(() => t?.close());

const cli = () => makeCtx(t.deps, { actor: systemActor('cli') });
let ipSeq = 0;
const ip = () => `10.11.0.${++ipSeq}`;

describe('ocop user …', () => {
  it('disable needs a reason, stops sign-in; enable restores it; both audited as the command line', async () => {
    const u = await createTestUser(t.deps, { role: 'inspector', areaCode: AREAS.thanhHoa });
    await expect(userCommand(cli(), 'disable', { username: u.username })).rejects.toMatchObject({ message: '--reason is required' });
    expect(await userCommand(cli(), 'disable', { username: u.username, reason: 'nghỉ việc' })).toEqual([expect.stringContaining(`Disabled ${u.username}`)]);
    expectError(await loginRequest(t.app, u.username, u.password, { remoteAddress: ip() }), 401, 'invalid_credentials');
    await userCommand(cli(), 'enable', { username: u.username });
    expect((await loginRequest(t.app, u.username, u.password, { remoteAddress: ip() })).statusCode).toBe(200);
    const audit = (await listAudit(t.ctx, { entityType: 'user', entityId: u.user.id, page: 1, pageSize: 50 })).items;
    expect(audit.filter((a) => a.action.startsWith('user.')).map((a) => [a.action, a.actorLabel])).toEqual(expect.arrayContaining([['user.disable', 'cli'], ['user.enable', 'cli']]));
  });

  it('set-password applies the rules; --temporary makes the next sign-in choose a new one', async () => {
    const u = await createTestUser(t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong });
    await expect(userCommand(cli(), 'set-password', { username: u.username, password: 'password123' })).rejects.toMatchObject({ code: 'validation_failed' });
    await userCommand(cli(), 'set-password', { username: u.username, password: 'cây đa đầu làng 7' });
    expect((await loginRequest(t.app, u.username, 'cây đa đầu làng 7', { remoteAddress: ip() })).statusCode).toBe(200);
    await userCommand(cli(), 'set-password', { username: u.username, password: 'giếng nước sân đình', temporary: true });
    expectError(await loginRequest(t.app, u.username, 'giếng nước sân đình', { remoteAddress: ip() }), 403, 'forbidden');
  });

  it('set-role checks the role\'s area; an unknown user is an error', async () => {
    const u = await createTestUser(t.deps, { role: 'inspector', areaCode: AREAS.thanhHoa });
    await expect(userCommand(cli(), 'set-role', { username: u.username, role: 'province_officer' })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(userCommand(cli(), 'set-role', { username: u.username, role: 'chief' })).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await userCommand(cli(), 'set-role', { username: u.username, role: 'province_officer', area: AREAS.haNoi }))
      .toEqual([`${u.username} is now province_officer of area ${AREAS.haNoi}; their sessions ended.`]);
    await expect(userCommand(cli(), 'enable', { username: 'no-such-user-cli' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('ocop token …', () => {
  it('lists a user\'s tokens without their secrets and revokes one by its prefix or id', async () => {
    const u = await asUser(t.app, t.deps, { role: 'producer' });
    const second = (await tokenCommand(cli(), 'create', { username: u.username, name: 'kho' }))[0]!;
    const listed = await tokenCommand(cli(), 'list', { username: u.username });
    expect(listed).toHaveLength(2);
    expect(listed.join('\n')).not.toContain(u.token.slice(14));
    expect(await tokenCommand(cli(), 'revoke', { prefix: u.token.slice(0, 13) })).toEqual([expect.stringContaining(`of ${u.username}`)]);
    expectError(await t.app.inject({ url: '/api/v1/auth/me', headers: u.headers() }), 401, 'unauthenticated');
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${second}` } });
    expect(json(me).user.username).toBe(u.username);
    const id = (await tokenCommand(cli(), 'list', { username: u.username })).find((l) => l.includes('\tlive until '))!.split('\t')[0]!;
    await tokenCommand(cli(), 'revoke', { id });
    expectError(await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${second}` } }), 401, 'unauthenticated');
    await expect(tokenCommand(cli(), 'revoke', { prefix: 'zzzzzzzz' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('ocop serve --demo', () => {
  it('serve --demo is refused under NODE_ENV=production', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ocop-demo-prod-'));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--demo', '--port', '0', '--data-dir', dataDir], {
      encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: '' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--demo creates sample accounts with a published password');
  });
});
