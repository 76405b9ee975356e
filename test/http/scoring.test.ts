/**
 * Scoring over HTTP (issue 3, item 6): members' own sheets (autosave, optimistic lock, submit,
 * lock), bad answers, conflicts and assignment, field visits, confidentiality, the secretary's
 * board, re-score with versions, concurrent submissions, closing refusals and results, audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { asUser, expectError, json, testApp, type AuthedUser, type Headers, type TestApp } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { BEST_ANSWERS, publishTestSheet } from '../helpers/sheets';
import { answersFor, buildDossier, createRound, formCouncil, type BuiltDossier, type Seated } from '../helpers/council-fixtures';
import { dossiers, dossierEvents } from '../../src/modules/dossier/dossier.tables';
import { roundDossiers, scoreSheetVersions, scoreSheets } from '../../src/modules/council/council.tables';
import { auditLog } from '../../src/modules/audit/audit.tables';

let t: TestApp;
let sheetId: string;
let otherSetSheetId: string;
let officer: AuthedUser;
let round: { id: string };
let council: Seated[];
let chair: Seated, vice: Seated, member: Seated, secretary: Seated, advisor: Seated;
let d1: BuiltDossier, d2: BuiltDossier, d3: BuiltDossier, service: BuiltDossier;
let producerUser: AuthedUser;

const call = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Headers, payload?: unknown) =>
  t.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
const sheetUrl = (d: BuiltDossier) => `/api/v1/rounds/${round.id}/dossiers/${d.id}/sheet`;
const getSheet = async (who: Seated, d: BuiltDossier) => {
  const res = await call('GET', sheetUrl(d), who.user.headers());
  expect(res.statusCode, res.body).toBe(200);
  return json(res);
};
const submit = async (who: Seated, d: BuiltDossier, total: number) => {
  const s = await getSheet(who, d);
  return call('POST', `${sheetUrl(d)}/submit`, who.user.headers(), { answers: answersFor(total), rowVersion: s.rowVersion });
};

beforeAll(async () => {
  t = await testApp();
  sheetId = await publishTestSheet(t.ctx);
  otherSetSheetId = await publishTestSheet(t.ctx, { productSetCode: '5' });
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  round = await createRound(t, officer);
  d1 = await buildDossier(t.ctx, { sheetId });
  d2 = await buildDossier(t.ctx, { sheetId });
  d3 = await buildDossier(t.ctx, { sheetId });
  service = await buildDossier(t.ctx, { sheetId, isService: true });
  producerUser = await asUser(t.app, t.deps, { role: 'producer', producerId: d1.producerId });
  council = await formCouncil(t, officer, round.id, ['chair', 'vice_chair', 'member', 'secretary', 'advisor']);
  [chair, vice, member, secretary, advisor] = council as [Seated, Seated, Seated, Seated, Seated];
  // The member declares a conflict on d3's producer before assignment.
  expect((await call('POST', `/api/v1/rounds/${round.id}/conflicts`, member.user.headers(), { memberId: member.memberId, producerId: d3.producerId, reason: 'Tư vấn cho chủ thể năm 2025' })).statusCode).toBe(201);
  expect(json(await call('POST', `/api/v1/rounds/${round.id}/assignments`, officer.headers(), { dossierIds: [d1.id, d2.id, d3.id, service.id] })).assigned).toBe(4);
});
afterAll(() => t?.close());

describe('before the session opens', () => {
  it('members see their assigned sheet but cannot write it', async () => {
    const s = await getSheet(member, d1);
    expect(s).toMatchObject({ status: 'assigned', attempt: 1, rowVersion: 1, editable: false, roundStatus: 'planning', sheetId, answers: { options: [], knockOuts: [] } });
    expectError(await call('PUT', sheetUrl(d1), member.user.headers(), { answers: answersFor(50), rowVersion: 1 }), 409, 'invalid_transition');
    expect((await call('POST', `/api/v1/rounds/${round.id}/open`, officer.headers())).statusCode).toBe(200);
  });
});

describe('who may open a sheet', () => {
  it('a conflicted member has no sheet and is refused with 403 conflict_of_interest', async () => {
    const rows = await t.deps.database.db.select().from(scoreSheets).where(and(eq(scoreSheets.dossierId, d3.id), eq(scoreSheets.memberId, member.memberId)));
    expect(rows).toEqual([]);
    expectError(await call('GET', sheetUrl(d3), member.user.headers()), 403, 'conflict_of_interest');
    expectError(await call('PUT', sheetUrl(d3), member.user.headers(), { answers: answersFor(50), rowVersion: 1 }), 403, 'conflict_of_interest');
    expectError(await call('POST', `${sheetUrl(d3)}/submit`, member.user.headers(), { answers: answersFor(50), rowVersion: 1 }), 403, 'conflict_of_interest');
  });

  it('the advisory team, a member of another council and an organiser without a seat get 403 not_assigned', async () => {
    expectError(await call('GET', sheetUrl(d1), advisor.user.headers()), 403, 'not_assigned');
    const outsider = await asUser(t.app, t.deps, { role: 'council_member' });
    expectError(await call('GET', sheetUrl(d1), outsider.headers()), 403, 'not_assigned');
    expectError(await call('PUT', sheetUrl(d1), outsider.headers(), { answers: answersFor(50), rowVersion: 1 }), 403, 'not_assigned');
    expectError(await call('GET', sheetUrl(d1), officer.headers()), 403, 'not_assigned');
    const elsewhere = await buildDossier(t.ctx, { sheetId });
    expectError(await call('GET', `/api/v1/rounds/${round.id}/dossiers/${elsewhere.id}/sheet`, member.user.headers()), 403, 'not_assigned');
  });

  it('producers get 404 for sheets, the round, its board and results', async () => {
    for (const url of [sheetUrl(d1), `/api/v1/rounds/${round.id}`, `/api/v1/rounds/${round.id}/board`, `/api/v1/rounds/${round.id}/results`]) {
      expectError(await call('GET', url, producerUser.headers()), 404, 'not_found');
    }
  });
});

describe('answers', () => {
  it('autosaves drafts with an optimistic lock (stale rowVersion → 409 conflict)', async () => {
    const s = await getSheet(member, d1);
    const first = await call('PUT', sheetUrl(d1), member.user.headers(), { answers: { options: ['A.1.1.o3'], knockOuts: [] }, rowVersion: s.rowVersion });
    expect(first.statusCode, first.body).toBe(200);
    expect(json(first)).toMatchObject({ status: 'draft', rowVersion: s.rowVersion + 1, editable: true, score: { total: 10, parts: { A: 10, B: 0, C: 0 } } });
    // A second tablet still holding the old version loses, instead of overwriting.
    expectError(await call('PUT', sheetUrl(d1), member.user.headers(), { answers: { options: ['A.1.1.o1'], knockOuts: [] }, rowVersion: s.rowVersion }), 409, 'conflict');
    expect((await getSheet(member, d1)).answers.options).toEqual(['A.1.1.o3']);
  });

  it('refuses unknown options, options of another sheet and two options for one criterion, listing them', async () => {
    const s = await getSheet(member, d1);
    const e1 = expectError(await call('PUT', sheetUrl(d1), member.user.headers(), { answers: { options: ['A.1.1.o3', 'Z.9.o1', 'B.7.o2'], knockOuts: ['B.1.1'] }, rowVersion: s.rowVersion }), 400, 'validation_failed');
    expect(e1.fields).toEqual({ 'options.Z.9.o1': 'not an option of this sheet', 'options.B.7.o2': 'not an option of this sheet', 'knockOuts.B.1.1': 'not a knock-out rule of this sheet' });
    const e2 = expectError(await call('POST', `${sheetUrl(d1)}/submit`, member.user.headers(), { answers: { options: ['A.1.1.o3', 'A.1.1.o2'], knockOuts: [] }, rowVersion: s.rowVersion }), 400, 'validation_failed');
    expect(e2.fields).toEqual({ 'options.A.1.1.o2': 'a second option for the same criterion' });
    const e3 = expectError(await call('POST', `${sheetUrl(d1)}/submit`, member.user.headers(), { answers: { options: BEST_ANSWERS, knockOuts: [] }, rowVersion: s.rowVersion, sheetId: otherSetSheetId }), 400, 'validation_failed');
    expect(e3.fields).toHaveProperty('sheetId');
    const e4 = expectError(await call('POST', `${sheetUrl(d1)}/submit`, member.user.headers(), { answers: { options: ['A.2.1.o2', 'A.2.2.o2'], knockOuts: [] }, rowVersion: s.rowVersion }), 400, 'validation_failed');
    expect(e4.fields).toEqual({ 'options.A.2.2': 'an option from the other case of a "choose one" criterion' });
    // Nothing was stored.
    expect((await getSheet(member, d1)).rowVersion).toBe(s.rowVersion);
  });

  it('submits, keeps a version, locks; answers after submission → 409 sheet_locked', async () => {
    const s = await getSheet(member, d1);
    const res = await call('POST', `${sheetUrl(d1)}/submit`, member.user.headers(), { answers: answersFor(85), rowVersion: s.rowVersion, sheetId });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ status: 'submitted', editable: false, score: { total: 85, outcome: 'scored' } });
    expect(json(res).submittedAt).toBeTruthy();
    const after = await getSheet(member, d1);
    expectError(await call('PUT', sheetUrl(d1), member.user.headers(), { answers: answersFor(50), rowVersion: after.rowVersion }), 409, 'sheet_locked');
    expectError(await call('POST', `${sheetUrl(d1)}/submit`, member.user.headers(), { rowVersion: after.rowVersion }), 409, 'sheet_locked');
    const versions = await t.deps.database.db.select().from(scoreSheetVersions).where(eq(scoreSheetVersions.scoreSheetId, s.id));
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ attempt: 1, total: 85, outcome: 'scored', supersededReason: null });
  });

  it('a tourism service cannot be scored before its field visit is recorded', async () => {
    const s = await getSheet(chair, service);
    expect(s).toMatchObject({ fieldVisitRequired: true, fieldVisitRecorded: false, editable: false });
    const e = expectError(await call('POST', `${sheetUrl(service)}/submit`, chair.user.headers(), { answers: answersFor(80), rowVersion: s.rowVersion }), 409, 'invalid_transition');
    expect(e.message).toContain('field visit');
    // Only organisers and the secretary record it.
    expectError(await call('POST', `/api/v1/rounds/${round.id}/field-visits`, chair.user.headers(), { dossierId: service.id, visitedOn: '2026-07-10', participants: 'Tổ khảo sát', findings: 'Đạt' }), 403, 'forbidden');
    const visit = await call('POST', `/api/v1/rounds/${round.id}/field-visits`, secretary.user.headers(), {
      dossierId: service.id, visitedOn: '2026-07-10', participants: 'Ông A (chủ tịch), bà B (thư ký)', findings: 'Điểm du lịch cộng đồng đón khách ổn định; nhà vệ sinh đạt chuẩn.',
    });
    expect(visit.statusCode, visit.body).toBe(201);
    expect((await getSheet(chair, service))).toMatchObject({ fieldVisitRecorded: true, editable: true });
    expect((await submit(chair, service, 80)).statusCode).toBe(200);
  });
});

describe('the secretary\'s board and confidentiality', () => {
  it('shows progress and quorum to the secretary, chair and organisers — no totals, no spread before every sheet is in', async () => {
    const board = await call('GET', `/api/v1/rounds/${round.id}/board`, secretary.user.headers());
    expect(board.statusCode, board.body).toBe(200);
    const b = json(board);
    expect(b).toMatchObject({ scoringSeats: 4, quorumNeeded: 3, spreadLimit: 10, readyToClose: false });
    const row = b.items.find((i: { dossierId: string }) => i.dossierId === d1.id);
    // One sheet of four: its spread would say nothing today, but after the second it would tell the
    // first two totals apart, so no spread is shown until every seated member has submitted.
    expect(row).toMatchObject({ expected: 4, submitted: 1, quorumMet: false, spread: null, spreadFlag: false, fieldVisit: 'not_needed', status: 'scoring' });
    expect(b.items.find((i: { dossierId: string }) => i.dossierId === d3.id)).toMatchObject({ expected: 3, submitted: 0 });
    expect(b.items.find((i: { dossierId: string }) => i.dossierId === service.id)).toMatchObject({ fieldVisit: 'recorded' });
    expect(board.body).not.toMatch(/"total"/);
    expect((await call('GET', `/api/v1/rounds/${round.id}/board`, chair.user.headers())).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/rounds/${round.id}/board`, officer.headers())).statusCode).toBe(200);
    expectError(await call('GET', `/api/v1/rounds/${round.id}/board`, member.user.headers()), 403, 'forbidden');
  });

  it('a member sees how many sheets are in for each dossier, and nothing of their totals or spread', async () => {
    const res = await call('GET', `/api/v1/rounds/${round.id}`, member.user.headers());
    expect(res.statusCode, res.body).toBe(200);
    const r = json(res);
    expect(r.dossiers.find((d: { dossierId: string }) => d.dossierId === d1.id)).toMatchObject({ submittedSheets: 1 });
    expect(r.dossiers.find((d: { dossierId: string }) => d.dossierId === d3.id)).toMatchObject({ submittedSheets: 0 });
    expect(res.body).not.toMatch(/"(total|spread|meanScore)"/);
    const page = await call('GET', `/admin/rounds/${round.id}`, member.user.headers());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1/4');
  });

  it('member B cannot read member A\'s sheet or any total before the round closes', async () => {
    // The sheet route only ever answers the caller's own sheet: B gets B's (still empty) one.
    const bView = await getSheet(vice, d1);
    expect(bView.memberId).toBe(vice.memberId);
    expect(bView.answers.options).toEqual([]);
    expectError(await call('GET', `/api/v1/rounds/${round.id}/results`, vice.user.headers()), 403, 'forbidden');
    expectError(await call('GET', `/api/v1/rounds/${round.id}/results`, officer.headers()), 403, 'forbidden');
    const detail = await call('GET', `/api/v1/rounds/${round.id}`, vice.user.headers());
    expect(detail.body).not.toMatch(/"total"|meanScore/);
  });
});

describe('two members submitting at the same instant', () => {
  it('loses no update: every sheet is submitted and the dossier counts all of them', async () => {
    const ready = await Promise.all([chair, vice, secretary].map((m) => getSheet(m, d1)));
    const results = await Promise.all([chair, vice, secretary].map((m, i) =>
      call('POST', `${sheetUrl(d1)}/submit`, m.user.headers(), { answers: answersFor([90, 85, 80][i]!), rowVersion: ready[i]!.rowVersion })));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const db = t.deps.database.db;
    const sheets = await db.select().from(scoreSheets).where(and(eq(scoreSheets.roundId, round.id), eq(scoreSheets.dossierId, d1.id)));
    expect(sheets.map((s) => s.status)).toEqual(['submitted', 'submitted', 'submitted', 'submitted']);
    const [rd] = await db.select().from(roundDossiers).where(and(eq(roundDossiers.roundId, round.id), eq(roundDossiers.dossierId, d1.id)));
    expect(rd).toMatchObject({ status: 'scored', spreadFlag: false });
    const versions = await db.select().from(scoreSheetVersions).where(inArray(scoreSheetVersions.scoreSheetId, sheets.map((s) => s.id)));
    expect(versions).toHaveLength(4);
  });
});

describe('closing', () => {
  it('refuses with 409 quorum_not_met listing the dossiers without ¾ including the chair', async () => {
    // d2: three members submit but not the chair.
    for (const m of [vice, member, secretary]) expect((await submit(m, d2, m === member ? 95 : 80)).statusCode).toBe(200);
    const e = expectError(await call('POST', `/api/v1/rounds/${round.id}/close`, secretary.user.headers()), 409, 'quorum_not_met') as { details?: { dossiers: { dossierId: string; chairSubmitted: boolean }[] } };
    const body = json(await call('POST', `/api/v1/rounds/${round.id}/close`, secretary.user.headers()));
    const listed = body.error.details.dossiers.map((d: { dossierId: string }) => d.dossierId);
    expect(listed).toEqual(expect.arrayContaining([d2.id, d3.id, service.id]));
    expect(listed).not.toContain(d1.id);
    expect(body.error.details.dossiers.find((d: { dossierId: string }) => d.dossierId === d2.id)).toMatchObject({ submitted: 3, chairSubmitted: false });
    expect(e).toBeTruthy();
    expectError(await call('POST', `/api/v1/rounds/${round.id}/close`, member.user.headers()), 403, 'forbidden');
  });

  it('refuses with 409 spread_too_wide until the outlier is re-scored with a written reason, keeping every version', async () => {
    expect((await submit(chair, d2, 80)).statusCode).toBe(200); // d2: 80, 80, 95, 80 → spread 15
    for (const m of [vice, secretary]) expect((await submit(m, d3, 60)).statusCode).toBe(200);
    expect((await submit(chair, d3, 65)).statusCode).toBe(200);
    for (const m of [vice, secretary]) expect((await submit(m, service, 75)).statusCode).toBe(200);
    const board = json(await call('GET', `/api/v1/rounds/${round.id}/board`, secretary.user.headers()));
    expect(board.items.find((i: { dossierId: string }) => i.dossierId === d2.id)).toMatchObject({ spread: 15, spreadFlag: true, quorumMet: true });

    // The member never scored the service: no spread is checked on part of its sheets, closing
    // waits until the chair ends the scoring (docs/decisions/030).
    const waiting = json(await call('POST', `/api/v1/rounds/${round.id}/close`, officer.headers()));
    expect(waiting.error).toMatchObject({ code: 'invalid_transition', details: { reason: 'scoring_not_ended', dossiers: [{ dossierId: service.id, submitted: 3, expected: 4 }] } });
    expect(JSON.stringify(waiting)).not.toMatch(/spread|total/);
    expect((await call('POST', `/api/v1/rounds/${round.id}/end-scoring`, chair.user.headers())).statusCode).toBe(200);

    const body = json(await call('POST', `/api/v1/rounds/${round.id}/close`, officer.headers()));
    expect(body.error.code).toBe('spread_too_wide');
    expect(body.error.details.dossiers).toEqual([{ dossierId: d2.id, number: d2.number, spread: 15, rescoring: false }]);

    const rescoreUrl = `/api/v1/rounds/${round.id}/dossiers/${d2.id}/sheets/${member.memberId}/rescore`;
    expect(expectError(await call('POST', rescoreUrl, secretary.user.headers(), { reason: '' }), 400, 'validation_failed').fields).toHaveProperty('reason');
    expect(expectError(await call('POST', rescoreUrl, secretary.user.headers(), {}), 400, 'validation_failed').fields).toHaveProperty('reason');
    expectError(await call('POST', rescoreUrl, member.user.headers(), { reason: 'Tự mở lại' }), 403, 'forbidden');
    const reason = 'Chênh lệch 15 điểm so với các thành viên khác; đề nghị xem lại tiêu chí B.1.1 (thị trường).';
    const reopened = await call('POST', rescoreUrl, secretary.user.headers(), { reason });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(json(reopened)).toMatchObject({ status: 'draft', attempt: 2, rescoreReason: reason, dossierStatus: 'rescoring' });
    expectError(await call('POST', rescoreUrl, secretary.user.headers(), { reason }), 409, 'invalid_transition');

    // While the re-score is out, closing is still refused.
    const pending = json(await call('POST', `/api/v1/rounds/${round.id}/close`, officer.headers()));
    expect(pending.error).toMatchObject({ code: 'spread_too_wide' });
    expect(pending.error.details.dossiers).toEqual([{ dossierId: d2.id, number: d2.number, spread: 0, rescoring: true }]);

    const mine = await getSheet(member, d2);
    expect(mine).toMatchObject({ status: 'draft', attempt: 2, rescoreReason: reason, editable: true });
    expect(mine.answers).toEqual(answersFor(95)); // their previous answers, to revise
    expect((await submit(member, d2, 85)).statusCode).toBe(200);
    const versions = await t.deps.database.db.select().from(scoreSheetVersions).where(eq(scoreSheetVersions.scoreSheetId, mine.id)).orderBy(asc(scoreSheetVersions.attempt));
    expect(versions.map((v) => [v.attempt, v.total, v.supersededReason])).toEqual([[1, 95, reason], [2, 85, null]]);
  });

  it('closes: results for every dossier in one go, dossiers evaluated, members\' totals visible afterwards', async () => {
    const res = await call('POST', `/api/v1/rounds/${round.id}/close`, secretary.user.headers());
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ status: 'closed', dossiers: 4, recognised: 4, potentialFiveStar: 0, forwarded: 0, eliminated: 0, shortlisted: null });
    expectError(await call('POST', `/api/v1/rounds/${round.id}/close`, secretary.user.headers()), 409, 'invalid_transition');

    const results = json(await call('GET', `/api/v1/rounds/${round.id}/results`, member.user.headers()));
    const r = (d: BuiltDossier) => results.items.find((i: { dossierId: string }) => i.dossierId === d.id);
    expect(r(d1)).toMatchObject({ meanScore: 85, bandStars: 4, recognisedStars: 4, potentialFiveStar: false, forwarded: false, eliminated: false });
    expect(r(d1).sheets.map((s: { total: number }) => s.total).sort()).toEqual([80, 85, 85, 90]);
    expect(r(d2)).toMatchObject({ meanScore: 81.25, bandStars: 4, recognisedStars: 4 });
    expect(r(d2).sheets.find((s: { memberId: string }) => s.memberId === member.memberId)).toMatchObject({ total: 85, attempt: 2 });
    expect(r(d3)).toMatchObject({ meanScore: 61.67, bandStars: 3, recognisedStars: 3 });
    expect(r(d3).sheets).toHaveLength(3);
    expect(r(service)).toMatchObject({ meanScore: 76.67, recognisedStars: 4 });
    expect((await call('GET', `/api/v1/rounds/${round.id}/results`, officer.headers())).statusCode).toBe(200);
    expectError(await call('GET', `/api/v1/rounds/${round.id}/results`, producerUser.headers()), 404, 'not_found');

    const db = t.deps.database.db;
    const moved = await db.select().from(dossiers).where(inArray(dossiers.id, [d1.id, d2.id, d3.id, service.id]));
    expect(moved.map((d) => d.status)).toEqual(['evaluated', 'evaluated', 'evaluated', 'evaluated']);
    expect(moved.every((d) => d.version === 3)).toBe(true);
    const events = await db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, d1.id)).orderBy(asc(dossierEvents.id));
    expect(events.map((e) => e.action)).toEqual(['assign', 'evaluate']);
    // Sheets cannot change after the close.
    expectError(await call('POST', `/api/v1/rounds/${round.id}/dossiers/${d2.id}/sheets/${member.memberId}/rescore`, secretary.user.headers(), { reason: 'Quá hạn' }), 409, 'invalid_transition');
  });

  it('audits every transition', async () => {
    const rows = await t.deps.database.db.select({ action: auditLog.action }).from(auditLog);
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['round.create', 'council_member.add', 'conflict.declare', 'round.assign', 'dossier.assign', 'round.open', 'score_sheet.draft',
      'score_sheet.submit', 'score_sheet.rescore', 'field_visit.record', 'round.close', 'dossier.evaluate']) {
      expect(actions, a).toContain(a);
    }
    const close = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'round.close'), eq(auditLog.entityId, round.id)));
    expect(close[0]!.before).toMatchObject({ status: 'scoring' });
    expect(close[0]!.after).toMatchObject({ status: 'closed', dossiers: 4 });
    const evaluate = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'dossier.evaluate'), eq(auditLog.entityId, d1.id)));
    expect(evaluate[0]!.after).toMatchObject({ status: 'evaluated', meanScore: 85, recognisedStars: 4, roundId: round.id });
  });
});

describe('results at the province level under 26/2026', () => {
  it('a 5★ mean is recognised 4★, flagged potential 5★ and forwarded; a majority knock-out eliminates', async () => {
    const r2 = await createRound(t, officer);
    const top = await buildDossier(t.ctx, { sheetId });
    const out = await buildDossier(t.ctx, { sheetId });
    const c = await formCouncil(t, officer, r2.id, ['chair', 'member', 'secretary']);
    await call('POST', `/api/v1/rounds/${r2.id}/assignments`, officer.headers(), { dossierIds: [top.id, out.id] });
    await call('POST', `/api/v1/rounds/${r2.id}/open`, officer.headers());
    const url = (d: BuiltDossier) => `/api/v1/rounds/${r2.id}/dossiers/${d.id}/sheet`;
    for (const [i, m] of c.entries()) {
      const s1 = json(await call('GET', url(top), m.user.headers()));
      expect((await call('POST', `${url(top)}/submit`, m.user.headers(), { answers: answersFor([90, 95, 90][i]!), rowVersion: s1.rowVersion })).statusCode).toBe(200);
      const s2 = json(await call('GET', url(out), m.user.headers()));
      const answers = { options: BEST_ANSWERS, knockOuts: i < 2 ? ['A.1.1'] : [] };
      const res = await call('POST', `${url(out)}/submit`, m.user.headers(), { answers, rowVersion: s2.rowVersion });
      expect(res.statusCode, res.body).toBe(200);
      expect(json(res).score.outcome).toBe(i < 2 ? 'eliminated' : 'scored');
    }
    expect((await call('POST', `/api/v1/rounds/${r2.id}/close`, c[0]!.user.headers())).statusCode).toBe(200);
    const results = json(await call('GET', `/api/v1/rounds/${r2.id}/results`, officer.headers()));
    const byId = (d: BuiltDossier) => results.items.find((i: { dossierId: string }) => i.dossierId === d.id);
    expect(byId(top)).toMatchObject({ meanScore: 91.67, bandStars: 5, recognisedStars: 4, potentialFiveStar: true, forwarded: true, eliminated: false });
    expect(byId(out)).toMatchObject({ meanScore: 100, bandStars: 5, recognisedStars: null, potentialFiveStar: false, forwarded: false, eliminated: true });
  });
});
