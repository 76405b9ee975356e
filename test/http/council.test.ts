/**
 * Rounds and councils over HTTP (issue 3, item 5): creating rounds under the regime of their
 * session date, forming the council, conflict declarations, dossier assignment by cut-off and
 * province, access, two-stage rounds and national rounds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { asUser, expectError, json, testApp, type AuthedUser, type Headers, type TestApp } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { publishTestSheet } from '../helpers/sheets';
import { answersFor, buildDossier, createRound, formCouncil, type BuiltDossier, type Seated } from '../helpers/council-fixtures';
import { dossierEvents, dossiers } from '../../src/modules/dossier/dossier.tables';
import { scoreSheets } from '../../src/modules/council/council.tables';
import { auditLog } from '../../src/modules/audit/audit.tables';

let t: TestApp;
let sheetId: string;
let officer: AuthedUser;
let haNoi: AuthedUser;
let admin: AuthedUser;
let producer: AuthedUser;

beforeAll(async () => {
  t = await testApp();
  sheetId = await publishTestSheet(t.ctx);
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  haNoi = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi });
  admin = await asUser(t.app, t.deps, { role: 'national_admin' });
  producer = await asUser(t.app, t.deps, { role: 'producer' });
});
afterAll(() => t?.close());

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Headers, payload?: unknown) =>
  t.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });

describe('creating a round', () => {
  it('takes the regime in force on the session date and the regime level\'s cut-off', async () => {
    const round = await createRound(t, officer, { provinceCode: undefined });
    expect(round).toMatchObject({
      level: 'province', provinceCode: AREAS.thanhHoa, regimeCode: '26-2026', cutoffDate: '2026-06-30', year: 2026, stage: 1,
      twoStage: false, spreadLimit: 10, status: 'planning', dossierCount: 0, members: [], allowedActions: ['manage', 'open', 'declare_conflict', 'field_visit'],
    });
    const explicit = await createRound(t, officer, { cutoffDate: '2026-07-01', spreadLimit: 8 });
    expect(explicit).toMatchObject({ cutoffDate: '2026-07-01', spreadLimit: 8 });
    const older = await createRound(t, admin, { sessionDate: '2025-08-01' });
    expect(older).toMatchObject({ regimeCode: '148-1489-2025', cutoffDate: '2025-08-01' });
  });

  it('refuses bad input and the wrong organiser', async () => {
    const base = { name: 'Đợt thử', level: 'province', sessionDate: '2026-07-15' };
    expect(expectError(await call('POST', '/api/v1/rounds', admin.headers(), base), 400, 'validation_failed').fields).toHaveProperty('provinceCode');
    expect(expectError(await call('POST', '/api/v1/rounds', admin.headers(), { ...base, provinceCode: '99' }), 400, 'validation_failed').fields).toHaveProperty('provinceCode');
    expect(expectError(await call('POST', '/api/v1/rounds', admin.headers(), { ...base, provinceCode: AREAS.thanhHoa, sessionDate: '2010-01-01' }), 400, 'validation_failed').fields).toHaveProperty('sessionDate');
    expect(expectError(await call('POST', '/api/v1/rounds', admin.headers(), { ...base, provinceCode: AREAS.thanhHoa, cutoffDate: '2026-08-01' }), 400, 'validation_failed').fields).toHaveProperty('cutoffDate');
    expectError(await call('POST', '/api/v1/rounds', haNoi.headers(), { ...base, provinceCode: AREAS.thanhHoa }), 403, 'forbidden');
    expectError(await call('POST', '/api/v1/rounds', officer.headers(), { ...base, level: 'national' }), 403, 'forbidden');
    expectError(await call('POST', '/api/v1/rounds', producer.headers(), { ...base, provinceCode: AREAS.thanhHoa }), 403, 'forbidden');
    const national = await call('POST', '/api/v1/rounds', admin.headers(), { ...base, level: 'national', sessionDate: '2026-10-15' });
    expect(national.statusCode, national.body).toBe(201);
    expect(json(national)).toMatchObject({ level: 'national', provinceCode: null, cutoffDate: '2026-09-30' });
  });

  it('lists rounds by scope: officers their province, members where they sit', async () => {
    const mine = json(await call('GET', '/api/v1/rounds', officer.headers()));
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((r: { provinceCode: string }) => r.provinceCode === AREAS.thanhHoa)).toBe(true);
    expect(json(await call('GET', '/api/v1/rounds', haNoi.headers())).total).toBe(0);
    const member = await asUser(t.app, t.deps, { role: 'council_member' });
    expect(json(await call('GET', '/api/v1/rounds', member.headers())).total).toBe(0);
    const round = await createRound(t, officer);
    await formCouncilWith(round.id, member, 'member');
    const seen = json(await call('GET', '/api/v1/rounds', member.headers()));
    expect(seen.items.map((r: { id: string }) => r.id)).toEqual([round.id]);
    expectError(await call('GET', '/api/v1/rounds', producer.headers()), 403, 'forbidden');
    expectError(await call('GET', `/api/v1/rounds/${round.id}`, producer.headers()), 404, 'not_found');
    expectError(await call('GET', `/api/v1/rounds/${round.id}`, haNoi.headers()), 404, 'not_found');
  });
});

async function formCouncilWith(roundId: string, user: AuthedUser, seat: string) {
  const res = await call('POST', `/api/v1/rounds/${roundId}/members`, officer.headers(), { userId: user.user.id, councilRole: seat });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).id as string;
}

describe('council, conflicts and assignment', () => {
  let round: { id: string };
  let council: Seated[];
  let d1: BuiltDossier;
  let d2: BuiltDossier;
  let late: BuiltDossier;
  let elsewhere: BuiltDossier;
  let service: BuiltDossier;
  let draftOne: BuiltDossier;

  beforeAll(async () => {
    round = await createRound(t, officer);
    d1 = await buildDossier(t.ctx, { sheetId });
    d2 = await buildDossier(t.ctx, { sheetId });
    service = await buildDossier(t.ctx, { sheetId, isService: true });
    late = await buildDossier(t.ctx, { sheetId, submittedAt: new Date('2026-07-02T03:00:00Z') });
    elsewhere = await buildDossier(t.ctx, { sheetId, communeCode: AREAS.hoanKiem });
    draftOne = await buildDossier(t.ctx, { sheetId, status: 'forwarded' });
  });

  it('seats one chair, refuses duplicates and people who cannot sit', async () => {
    council = await formCouncil(t, officer, round.id, ['chair', 'vice_chair', 'member', 'secretary', 'advisor']);
    const other = await asUser(t.app, t.deps, { role: 'council_member' });
    expect(expectError(await call('POST', `/api/v1/rounds/${round.id}/members`, officer.headers(), { userId: other.user.id, councilRole: 'chair' }), 400, 'validation_failed').fields)
      .toEqual({ councilRole: 'the council already has a chair' });
    expectError(await call('POST', `/api/v1/rounds/${round.id}/members`, officer.headers(), { userId: council[1]!.user.user.id, councilRole: 'member' }), 409, 'duplicate');
    expect(expectError(await call('POST', `/api/v1/rounds/${round.id}/members`, officer.headers(), { userId: producer.user.id, councilRole: 'member' }), 400, 'validation_failed').fields).toHaveProperty('userId');
    // Members cannot manage the council.
    expectError(await call('POST', `/api/v1/rounds/${round.id}/members`, council[0]!.user.headers(), { userId: other.user.id, councilRole: 'member' }), 403, 'forbidden');
    const detail = json(await call('GET', `/api/v1/rounds/${round.id}`, council[2]!.user.headers()));
    expect(detail.members.map((m: { councilRole: string; scoring: boolean }) => [m.councilRole, m.scoring])).toEqual([
      ['chair', true], ['vice_chair', true], ['member', true], ['secretary', true], ['advisor', false],
    ]);
    expect(detail.mySeat.councilRole).toBe('member');
    expect(detail.allowedActions).toEqual(['declare_conflict']);
  });

  it('records conflicts by the member themselves, or by the secretary on their behalf', async () => {
    const member = council[2]!;
    const vice = council[1]!;
    const own = await call('POST', `/api/v1/rounds/${round.id}/conflicts`, member.user.headers(), { memberId: member.memberId, producerId: d2.producerId, reason: 'Tôi là thành viên hợp tác xã này' });
    expect(own.statusCode, own.body).toBe(201);
    expect(json(own)).toMatchObject({ memberId: member.memberId, producerId: d2.producerId });
    // A member cannot declare for someone else; the secretary can.
    expectError(await call('POST', `/api/v1/rounds/${round.id}/conflicts`, member.user.headers(), { memberId: vice.memberId, producerId: d1.producerId, reason: 'Người thân' }), 403, 'forbidden');
    const bySecretary = await call('POST', `/api/v1/rounds/${round.id}/conflicts`, council[3]!.user.headers(), { memberId: vice.memberId, producerId: service.producerId, reason: 'Vợ là kế toán của chủ thể' });
    expect(bySecretary.statusCode, bySecretary.body).toBe(201);
    expectError(await call('POST', `/api/v1/rounds/${round.id}/conflicts`, member.user.headers(), { memberId: member.memberId, producerId: d2.producerId, reason: 'Lần hai' }), 409, 'duplicate');
    expect(expectError(await call('POST', `/api/v1/rounds/${round.id}/conflicts`, member.user.headers(), { memberId: member.memberId, producerId: d2.producerId, reason: '' }), 400, 'validation_failed').fields).toHaveProperty('reason');
    // A plain member sees only their own declarations; the secretary sees all.
    expect(json(await call('GET', `/api/v1/rounds/${round.id}`, member.user.headers())).conflicts).toHaveLength(1);
    expect(json(await call('GET', `/api/v1/rounds/${round.id}`, council[3]!.user.headers())).conflicts).toHaveLength(2);
  });

  it('lists only eligible dossiers and assigns them, one sheet per scoring seat without a conflict', async () => {
    const eligible = json(await call('GET', `/api/v1/rounds/${round.id}/eligible`, officer.headers())).items.map((d: { dossierId: string }) => d.dossierId);
    expect(eligible).toEqual(expect.arrayContaining([d1.id, d2.id, service.id]));
    for (const no of [late.id, elsewhere.id, draftOne.id]) expect(eligible).not.toContain(no);

    const refused = expectError(await call('POST', `/api/v1/rounds/${round.id}/assignments`, officer.headers(), { dossierIds: [d1.id, late.id, elsewhere.id] }), 400, 'validation_failed');
    expect(refused.fields?.dossierIds).toContain(late.id);
    expectError(await call('POST', `/api/v1/rounds/${round.id}/assignments`, council[3]!.user.headers(), { dossierIds: [d1.id] }), 403, 'forbidden');

    const res = await call('POST', `/api/v1/rounds/${round.id}/assignments`, officer.headers(), { dossierIds: [d1.id, d2.id, service.id] });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).assigned).toBe(3);

    const db = t.deps.database.db;
    const count = async (dossierId: string) => (await db.select().from(scoreSheets).where(and(eq(scoreSheets.roundId, round.id), eq(scoreSheets.dossierId, dossierId)))).length;
    expect(await count(d1.id)).toBe(4); // chair, vice-chair, member, secretary; not the advisor
    expect(await count(d2.id)).toBe(3); // the member declared a conflict
    expect(await count(service.id)).toBe(3); // the vice-chair declared a conflict
    const [moved] = await db.select().from(dossiers).where(eq(dossiers.id, d1.id));
    expect(moved).toMatchObject({ status: 'in_round', version: 2 });
    const events = await db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, d1.id));
    expect(events.map((e) => [e.action, e.fromStatus, e.toStatus])).toEqual([['assign', 'received', 'in_round']]);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.entityId, d1.id), eq(auditLog.action, 'dossier.assign')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ status: 'in_round', version: 2, roundId: round.id });
    // Assigned dossiers are no longer eligible anywhere.
    expect(json(await call('GET', `/api/v1/rounds/${round.id}/eligible`, officer.headers())).items.map((d: { dossierId: string }) => d.dossierId)).not.toContain(d1.id);
  });

  it('a member seated after assignment gets sheets, except on conflicts; removing the seat removes them', async () => {
    const extra = await asUser(t.app, t.deps, { role: 'council_member' });
    const memberId = await formCouncilWith(round.id, extra, 'member');
    const db = t.deps.database.db;
    expect((await db.select().from(scoreSheets).where(eq(scoreSheets.memberId, memberId))).length).toBe(3);
    expect((await call('DELETE', `/api/v1/rounds/${round.id}/members/${memberId}`, officer.headers())).statusCode).toBe(204);
    expect((await db.select().from(scoreSheets).where(eq(scoreSheets.memberId, memberId))).length).toBe(0);
  });

  it('opens only with a chair, a secretary and dossiers; then the council cannot change', async () => {
    const empty = await createRound(t, officer);
    const e = expectError(await call('POST', `/api/v1/rounds/${empty.id}/open`, officer.headers()), 409, 'invalid_transition');
    expect(e.message).toContain('chair');
    const res = await call('POST', `/api/v1/rounds/${round.id}/open`, officer.headers());
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ status: 'scoring' });
    expect(json(res).openedAt).toBeTruthy();
    const other = await asUser(t.app, t.deps, { role: 'council_member' });
    expectError(await call('POST', `/api/v1/rounds/${round.id}/members`, officer.headers(), { userId: other.user.id, councilRole: 'member' }), 409, 'invalid_transition');
    expectError(await call('POST', `/api/v1/rounds/${round.id}/open`, officer.headers()), 409, 'invalid_transition');
    const audit = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, round.id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['round.create', 'round.assign', 'round.open']));
    const seatAudit = await t.deps.database.db.select().from(auditLog).where(sql`${auditLog.action} in ('council_member.add', 'council_member.remove', 'conflict.declare')`);
    expect(seatAudit.length).toBeGreaterThanOrEqual(8);
  });
});

describe('two-stage rounds', () => {
  it('stage 1 shortlists (mean ≥ 50) and returns those to received; stage 2 takes only them', async () => {
    const stage1 = await createRound(t, officer, { twoStage: true });
    const good = await buildDossier(t.ctx, { sheetId });
    const weak = await buildDossier(t.ctx, { sheetId });
    const council = await formCouncil(t, officer, stage1.id, ['chair', 'secretary']);
    const stage2 = await createRound(t, officer, { previousRoundId: stage1.id, sessionDate: '2026-08-20', cutoffDate: '2026-06-30' });
    expect(stage2).toMatchObject({ stage: 2, twoStage: true, previousRoundId: stage1.id });
    // A round that is not a stage 1 cannot be continued.
    expect(expectError(await call('POST', '/api/v1/rounds', officer.headers(), { name: 'Sai', level: 'province', sessionDate: '2026-08-20', previousRoundId: stage2.id }), 400, 'validation_failed').fields).toHaveProperty('previousRoundId');

    expect(json(await call('POST', `/api/v1/rounds/${stage1.id}/assignments`, officer.headers(), { dossierIds: [good.id, weak.id] })).assigned).toBe(2);
    expectError(await call('POST', `/api/v1/rounds/${stage2.id}/assignments`, officer.headers(), {}), 409, 'invalid_transition');
    await call('POST', `/api/v1/rounds/${stage1.id}/open`, officer.headers());
    for (const m of council) {
      for (const [d, total] of [[good, 80], [weak, 45]] as const) {
        const sheet = json(await call('GET', `/api/v1/rounds/${stage1.id}/dossiers/${d.id}/sheet`, m.user.headers()));
        const res = await call('POST', `/api/v1/rounds/${stage1.id}/dossiers/${d.id}/sheet/submit`, m.user.headers(), { answers: answersFor(total), rowVersion: sheet.rowVersion });
        expect(res.statusCode, res.body).toBe(200);
      }
    }
    const closed = await call('POST', `/api/v1/rounds/${stage1.id}/close`, council[1]!.user.headers());
    expect(closed.statusCode, closed.body).toBe(200);
    expect(json(closed)).toMatchObject({ dossiers: 2, shortlisted: 1 });
    const db = t.deps.database.db;
    const status = async (id: string) => (await db.select().from(dossiers).where(eq(dossiers.id, id)))[0]!.status;
    expect(await status(good.id)).toBe('received');
    expect(await status(weak.id)).toBe('evaluated');
    const results = json(await call('GET', `/api/v1/rounds/${stage1.id}/results`, officer.headers()));
    expect(results.items.map((i: { dossierId: string; shortlisted: boolean }) => [i.dossierId, i.shortlisted]))
      .toEqual(expect.arrayContaining([[good.id, true], [weak.id, false]]));

    // The shortlisted dossier waits for stage 2: an ordinary round of the province does not offer it.
    const ordinary = await createRound(t, officer, { sessionDate: '2026-08-21', cutoffDate: '2026-08-21' });
    const offered = json(await call('GET', `/api/v1/rounds/${ordinary.id}/eligible`, officer.headers())).items.map((d: { dossierId: string }) => d.dossierId);
    expect(offered).not.toContain(good.id);
    expect(expectError(await call('POST', `/api/v1/rounds/${ordinary.id}/assignments`, officer.headers(), { dossierIds: [good.id] }), 400, 'validation_failed').fields?.dossierIds).toContain(good.id);

    // Stage 2 takes only the shortlisted dossier (a normal round's cut-off would admit others).
    const other = await buildDossier(t.ctx, { sheetId });
    const eligible = json(await call('GET', `/api/v1/rounds/${stage2.id}/eligible`, officer.headers())).items.map((d: { dossierId: string }) => d.dossierId);
    expect(eligible).toEqual([good.id]);
    expect(expectError(await call('POST', `/api/v1/rounds/${stage2.id}/assignments`, officer.headers(), { dossierIds: [other.id] }), 400, 'validation_failed').fields?.dossierIds).toContain(other.id);
    expect(json(await call('POST', `/api/v1/rounds/${stage2.id}/assignments`, officer.headers(), {})).dossierIds).toEqual([good.id]);
    expect(await status(good.id)).toBe('in_round');
  });
});

describe('national rounds', () => {
  it('take recognised dossiers whose latest round result is potential 5★ (national_admin only)', async () => {
    const province = await createRound(t, officer);
    const star = await buildDossier(t.ctx, { sheetId });
    const four = await buildDossier(t.ctx, { sheetId });
    const council = await formCouncil(t, officer, province.id, ['chair', 'member', 'secretary']);
    await call('POST', `/api/v1/rounds/${province.id}/assignments`, officer.headers(), { dossierIds: [star.id, four.id] });
    await call('POST', `/api/v1/rounds/${province.id}/open`, officer.headers());
    for (const m of council) {
      for (const [d, total] of [[star, 95], [four, 80]] as const) {
        const sheet = json(await call('GET', `/api/v1/rounds/${province.id}/dossiers/${d.id}/sheet`, m.user.headers()));
        expect((await call('POST', `/api/v1/rounds/${province.id}/dossiers/${d.id}/sheet/submit`, m.user.headers(), { answers: answersFor(total), rowVersion: sheet.rowVersion })).statusCode).toBe(200);
      }
    }
    expect((await call('POST', `/api/v1/rounds/${province.id}/close`, officer.headers())).statusCode).toBe(200);
    // The recognition decision is another module's step: mark both recognised directly.
    await t.deps.database.db.update(dossiers).set({ status: 'recognised' }).where(sql`${dossiers.id} in (${star.id}, ${four.id})`);

    const national = json(await call('POST', '/api/v1/rounds', admin.headers(), { name: 'Hội đồng Trung ương đợt 2/2026', level: 'national', sessionDate: '2026-10-20' }));
    const eligible = json(await call('GET', `/api/v1/rounds/${national.id}/eligible`, admin.headers())).items.map((d: { dossierId: string }) => d.dossierId);
    expect(eligible).toContain(star.id);
    expect(eligible).not.toContain(four.id);
    expectError(await call('GET', `/api/v1/rounds/${national.id}`, officer.headers()), 404, 'not_found');
    expect(json(await call('POST', `/api/v1/rounds/${national.id}/assignments`, admin.headers(), { dossierIds: [star.id] })).assigned).toBe(1);
  });
});

describe('pages', () => {
  it('render the list, a new round, a round, the scoring form and my sheets; the form saves through the same services', async () => {
    const round = await createRound(t, officer);
    const d = await buildDossier(t.ctx, { sheetId });
    const council = await formCouncil(t, officer, round.id, ['chair', 'member', 'secretary']);
    await call('POST', `/api/v1/rounds/${round.id}/assignments`, officer.headers(), { dossierIds: [d.id] });
    await call('POST', `/api/v1/rounds/${round.id}/open`, officer.headers());
    const page = async (url: string, who: AuthedUser) => {
      const res = await t.app.inject({ url, headers: who.headers({ accept: 'text/html' }) });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      return res.body;
    };
    expect(await page('/admin/rounds', officer)).toContain(round.name);
    expect(await page('/admin/rounds/new', officer)).toContain('name="sessionDate"');
    const detail = await page(`/admin/rounds/${round.id}`, officer);
    expect(detail).toContain(d.number);
    expect(detail).toContain('/close');
    const member = council[1]!;
    expect(await page(`/admin/rounds/${round.id}`, member.user)).toContain(`/admin/rounds/${round.id}/dossiers/${d.id}/score`);
    const form = await page(`/admin/rounds/${round.id}/dossiers/${d.id}/score`, member.user);
    expect(form).toContain('data-module="sheet-form"');
    expect(form).toContain('/score/autosave');
    expect(await page('/admin/rounds/my-sheets', member.user)).toContain(`/dossiers/${d.id}/score`);
    expect((await t.app.inject({ url: `/admin/rounds/${round.id}/dossiers/${d.id}/score`, headers: producer.headers({ accept: 'text/html' }) })).statusCode).toBe(404);

    // Through the HTML form with a cookie session and CSRF: save, autosave, then submit.
    const s = await member.user.login();
    const sheet = json(await call('GET', `/api/v1/rounds/${round.id}/dossiers/${d.id}/sheet`, member.user.headers()));
    const body = new URLSearchParams({ _csrf: s.csrf, rowVersion: String(sheet.rowVersion), 'option:A.1.1': 'A.1.1.o3', then: 'save' });
    const saved = await t.app.inject({ method: 'POST', url: `/admin/rounds/${round.id}/dossiers/${d.id}/score`, headers: s.headers({ 'content-type': 'application/x-www-form-urlencoded' }), payload: body.toString() });
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    const auto = await t.app.inject({ method: 'PUT', url: `/admin/rounds/${round.id}/dossiers/${d.id}/score/autosave`, headers: s.headers(), payload: answersFor(75) });
    expect(auto.statusCode, auto.body).toBe(200);
    expect(json(auto)).toMatchObject({ status: 'draft', total: 75 });
    // With the row version it was based on (the tablet's offline draft), an older draft is refused, not saved over the newer one.
    const stale = await t.app.inject({ method: 'PUT', url: `/admin/rounds/${round.id}/dossiers/${d.id}/score/autosave`, headers: s.headers(),
      payload: { ...answersFor(60), rowVersion: sheet.rowVersion } });
    expect(stale.statusCode, stale.body).toBe(409);
    const current = await t.app.inject({ method: 'PUT', url: `/admin/rounds/${round.id}/dossiers/${d.id}/score/autosave`, headers: s.headers(),
      payload: { ...answersFor(75), rowVersion: json(auto).rowVersion } });
    expect(current.statusCode, current.body).toBe(200);
    const now = json(await call('GET', `/api/v1/rounds/${round.id}/dossiers/${d.id}/sheet`, member.user.headers()));
    const submitBody = new URLSearchParams({ _csrf: s.csrf, rowVersion: String(now.rowVersion), then: 'submit', confirm: '1' }); // confirmed in the dialog (issue 12)
    for (const o of answersFor(75).options) submitBody.append(`option:${o.replace(/\.o\d+$/, '')}`, o);
    const submitted = await t.app.inject({ method: 'POST', url: `/admin/rounds/${round.id}/dossiers/${d.id}/score`, headers: s.headers({ 'content-type': 'application/x-www-form-urlencoded' }), payload: submitBody.toString() });
    expect(submitted.statusCode, submitted.body.slice(0, 300)).toBe(303);
    expect(json(await call('GET', `/api/v1/rounds/${round.id}/dossiers/${d.id}/sheet`, member.user.headers()))).toMatchObject({ status: 'submitted', score: { total: 75 } });
    expect(await page(`/admin/rounds/${round.id}/dossiers/${d.id}/score`, member.user)).toContain('disabled');
  });
});
