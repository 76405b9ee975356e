/**
 * Council confidentiality per role (issue 13, item 5; docs/decisions/030-council-confidentiality.md).
 * Until every seat has submitted a dossier (or the chair ends the scoring) nobody sees another
 * member's total, a mean, stars or a spread: members see their own sheet and how many are in,
 * the secretary and the chair who has submitted, the organiser the same; an officer of another
 * province and a producer see nothing. Every GET route of the council module is swept for each
 * role at each step, so a new route or field that leaks fails here. The chair ends the scoring
 * (refused without ¾ including the chair), the tally then shows, and the spread check runs at close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { asUser, expectError, json, testApp, type AuthedUser, type Headers, type TestApp } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { publishTestSheet } from '../helpers/sheets';
import { answersFor, buildDossier, createRound, formCouncil, type BuiltDossier, type Seated } from '../helpers/council-fixtures';
import { textOf } from '../helpers/html-forms';
import { routesOf } from '../../src/app';
import { auditLog } from '../../src/modules/audit/audit.tables';

let t: TestApp;
let organiser: AuthedUser, otherOfficer: AuthedUser, producer: AuthedUser, unseated: AuthedUser;
let round: { id: string };
let chair: Seated, memberA: Seated, memberB: Seated, secretary: Seated;
let d1: BuiltDossier, d2: BuiltDossier;

type Role = 'chair' | 'secretary' | 'memberA' | 'memberB' | 'organiser' | 'otherOfficer' | 'producer' | 'unseated';
const who = (r: Role): AuthedUser => ({
  chair: chair.user, secretary: secretary.user, memberA: memberA.user, memberB: memberB.user,
  organiser, otherOfficer, producer, unseated,
})[r];
const seatOf = (r: Role): Seated | null => ({ chair, secretary, memberA, memberB } as Record<string, Seated>)[r] ?? null;
const ALL_ROLES: Role[] = ['chair', 'secretary', 'memberA', 'memberB', 'organiser', 'otherOfficer', 'producer', 'unseated'];

const call = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Headers, payload?: unknown) =>
  t.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
const sheetUrl = (d: BuiltDossier) => `/api/v1/rounds/${round.id}/dossiers/${d.id}/sheet`;
const submit = async (m: Seated, d: BuiltDossier, total: number) => {
  const s = json(await call('GET', sheetUrl(d), m.user.headers()));
  const res = await call('POST', `${sheetUrl(d)}/submit`, m.user.headers(), { answers: answersFor(total), rowVersion: s.rowVersion });
  expect(res.statusCode, res.body).toBe(200);
};
const postForm = (u: AuthedUser, url: string) => t.app.inject({
  method: 'POST', url, payload: new URLSearchParams({ _csrf: u.csrf! }).toString(),
  headers: u.sessionHeaders({ 'content-type': 'application/x-www-form-urlencoded' }),
});

/** Score figures in a JSON answer: any total, mean, stars, spread or tally that is set. */
function jsonLeaks(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => jsonLeaks(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      if (path === '$' && k === 'total' && typeof v === 'number') return []; // a list's row count
      if (['total', 'mean', 'meanScore', 'spread', 'tally', 'bandStars', 'recognisedStars', 'parts'].includes(k) && v !== null) return [`${path}.${k}=${JSON.stringify(v)}`];
      if (k === 'spreadFlag' && v === true) return [`${path}.spreadFlag`];
      return jsonLeaks(v, `${path}.${k}`);
    });
  }
  return [];
}

/** Score figures on a page: a tally, a mean, results columns, a spread value on the board. */
function pageLeaks(html: string): string[] {
  const out: string[] = [];
  const text = textOf(html);
  if (html.includes('council-tally')) out.push('a tally');
  for (const re of [/Trung bình \d/, /chênh lệch \d/i, /Điểm trung bình/, /Điểm từng thành viên/, /Hạng theo điểm/]) if (re.test(text)) out.push(`text ${re}`);
  for (const m of html.matchAll(/data-label="Chênh lệch"><div class="cell">(.*?)<\/div><\/td>/g)) if (m[1] !== '—') out.push(`board spread ${m[1]}`);
  return out;
}

/** Every GET route of the council module, its parameters filled for this round and each dossier. */
function councilUrls(): string[] {
  const urls = routesOf(t.app)
    .filter((r) => r.method === 'GET' && /^\/(api\/v1|admin)\/rounds(\/|$)/.test(r.url))
    .flatMap((r) => [d1, d2].map((d) => r.url.replace(':id', round.id).replace(':dossierId', d.id)));
  return [...new Set(urls), '/api/v1/audit?entityType=score_sheet&pageSize=100', '/api/v1/audit?entityType=evaluation_round&pageSize=100'];
}

/**
 * Sweep every council GET route as `role`: no answer carries another member's figures. A member's
 * own sheet (its route answers only the caller's) is the one place with a total, and only theirs.
 * `revealed`: dossiers whose tally may be shown now (their rows are checked apart).
 */
async function sweep(role: Role, revealed: Set<string> = new Set()): Promise<string[]> {
  const u = who(role);
  const found: string[] = [];
  for (const url of councilUrls()) {
    // One address per role: the sweep's many reads stay under the per-address rate limit.
    const res = await t.app.inject({
      url, headers: u.headers({ accept: url.startsWith('/admin') ? 'text/html' : 'application/json' }), remoteAddress: `10.13.5.${ALL_ROLES.indexOf(role) + 1}`,
    });
    expect(res.statusCode, `${role} GET ${url}`).toBeLessThan(500);
    if (res.statusCode !== 200) continue;
    const type = res.headers['content-type'] ?? '';
    if (type.includes('text/html')) {
      // A compiled dossier's tally is on the round page legitimately (checked apart); the score pages still must not.
      if (!revealed.size || url.includes('/score')) found.push(...pageLeaks(res.body).map((l) => `${role} ${url}: ${l}`));
      continue;
    }
    if (!type.includes('json')) { found.push(`${role} ${url}: ${type}`); continue; }
    const body = json(res);
    if (url.endsWith('/sheet')) {
      expect(body.memberId, `${role} ${url}`).toBe(seatOf(role)?.memberId);
      continue;
    }
    const rows: unknown[] = body.dossiers ?? body.items ?? [];
    const hidden = rows.filter((i) => !revealed.has((i as { dossierId?: string }).dossierId ?? ''));
    found.push(...jsonLeaks({ ...body, dossiers: undefined, items: hidden }).map((l) => `${role} ${url}: ${l}`));
  }
  return found;
}

beforeAll(async () => {
  t = await testApp();
  const sheetId = await publishTestSheet(t.ctx);
  organiser = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  otherOfficer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi });
  unseated = await asUser(t.app, t.deps, { role: 'council_member' });
  round = await createRound(t, organiser, { name: 'Đợt đánh giá giữ kín' });
  d1 = await buildDossier(t.ctx, { sheetId });
  d2 = await buildDossier(t.ctx, { sheetId });
  producer = await asUser(t.app, t.deps, { role: 'producer', producerId: d1.producerId });
  [chair, memberA, memberB, secretary] = await formCouncil(t, organiser, round.id, ['chair', 'member', 'member', 'secretary']) as [Seated, Seated, Seated, Seated];
  expect(json(await call('POST', `/api/v1/rounds/${round.id}/assignments`, organiser.headers(), { dossierIds: [d1.id, d2.id] })).assigned).toBe(2);
  expect((await call('POST', `/api/v1/rounds/${round.id}/open`, organiser.headers())).statusCode).toBe(200);
  await chair.user.login();
  await secretary.user.login();
});
afterAll(() => t?.close());

describe('while members are scoring (two of four sheets in)', () => {
  beforeAll(async () => {
    await submit(chair, d1, 90);
    await submit(memberA, d1, 70);
    // The secretary's draft is saved, not submitted.
    const s = json(await call('GET', sheetUrl(d1), secretary.user.headers()));
    expect((await call('PUT', sheetUrl(d1), secretary.user.headers(), { answers: answersFor(80), rowVersion: s.rowVersion })).statusCode).toBe(200);
  });

  it('the sweep covers the council\'s routes', () => {
    const urls = councilUrls();
    for (const u of [`/api/v1/rounds/${round.id}`, `/api/v1/rounds/${round.id}/board`, `/api/v1/rounds/${round.id}/results`, `/admin/rounds/${round.id}`,
      `/admin/rounds/${round.id}/dossiers/${d1.id}/score`, '/api/v1/rounds/my-sheets', '/admin/rounds/my-sheets']) expect(urls).toContain(u);
  });

  it.each(ALL_ROLES)('%s sees no other member\'s total, mean, stars or spread on any council route', async (role) => {
    expect(await sweep(role)).toEqual([]);
  });

  it('an ordinary member sees their own sheet and how many sheets are in — not the board, not who', async () => {
    const r = json(await call('GET', `/api/v1/rounds/${round.id}`, memberB.user.headers()));
    expect(r.dossiers.find((d: { dossierId: string }) => d.dossierId === d1.id)).toMatchObject({ submittedSheets: 2, tally: null, mySheet: { status: 'assigned' } });
    expect(r.allowedActions).not.toContain('board');
    expect(r.allowedActions).not.toContain('end_scoring');
    expectError(await call('GET', `/api/v1/rounds/${round.id}/board`, memberB.user.headers()), 403, 'forbidden');
    expectError(await call('GET', `/api/v1/rounds/${round.id}/results`, memberA.user.headers()), 403, 'forbidden');
    const mine = json(await call('GET', sheetUrl(d1), memberA.user.headers()));
    expect(mine).toMatchObject({ memberId: memberA.memberId, status: 'submitted', score: { total: 70 } });
    const page = textOf((await call('GET', `/admin/rounds/${round.id}`, memberB.user.headers({ accept: 'text/html' }))).body);
    expect(page).toContain('2/4');
    expect(page).toContain('Giữ kín đến khi đủ phiếu');
    expect(page).not.toContain('Bảng theo dõi của thư ký');
    expect(page).not.toContain('Chưa nộp:');
  });

  it('the secretary sees who has submitted and how many — no totals', async () => {
    const b = json(await call('GET', `/api/v1/rounds/${round.id}/board`, secretary.user.headers()));
    const row = b.items.find((i: { dossierId: string }) => i.dossierId === d1.id);
    expect(row).toMatchObject({ submitted: 2, expected: 4, quorumMet: false, spread: null, spreadFlag: false, tally: null });
    expect(Object.fromEntries(row.sheets.map((s: { memberId: string; status: string }) => [s.memberId, s.status]))).toEqual({
      [chair.memberId]: 'submitted', [memberA.memberId]: 'submitted', [memberB.memberId]: 'assigned', [secretary.memberId]: 'draft',
    });
    expect(b.readyToClose).toBe(false);
    const html = (await call('GET', `/admin/rounds/${round.id}`, secretary.user.headers({ accept: 'text/html' }))).body;
    expect(textOf(html)).toContain('Bảng theo dõi của thư ký');
    expect(html).toMatch(new RegExp(`data-label="Chưa nộp"><div class="cell">[^<]*${memberB.user.user.displayName}`));
  });

  it('the chair alone may end the scoring; without ¾ including the chair on every dossier it is refused, in Vietnamese on the page', async () => {
    for (const r of ['secretary', 'memberA', 'organiser'] as const) expectError(await call('POST', `/api/v1/rounds/${round.id}/end-scoring`, who(r).headers()), 403, 'forbidden');
    for (const r of ['otherOfficer', 'unseated'] as const) expectError(await call('POST', `/api/v1/rounds/${round.id}/end-scoring`, who(r).headers()), 404, 'not_found');
    expectError(await call('POST', `/api/v1/rounds/${round.id}/end-scoring`, producer.headers()), 403, 'forbidden'); // not a round role at all
    expect(json(await call('GET', `/api/v1/rounds/${round.id}`, chair.user.headers())).allowedActions).toContain('end_scoring');
    const e = expectError(await call('POST', `/api/v1/rounds/${round.id}/end-scoring`, chair.user.headers()), 409, 'quorum_not_met') as unknown as { details: { reason: string; dossiers: { dossierId: string }[] } };
    const body = json(await call('POST', `/api/v1/rounds/${round.id}/end-scoring`, chair.user.headers()));
    expect(body.error.details).toMatchObject({ reason: 'end_quorum_not_met', quorumNeeded: 3 });
    expect(body.error.details.dossiers.map((d: { dossierId: string }) => d.dossierId).sort()).toEqual([d1.id, d2.id].sort());
    expect(JSON.stringify(body)).not.toMatch(/total|spread|mean/i);
    expect(e).toBeTruthy();
    const res = await postForm(chair.user, `/admin/rounds/${round.id}/end-scoring`);
    expect(res.statusCode).toBe(409);
    expect(textOf(res.body)).toContain(`Chưa kết thúc chấm điểm được: hồ sơ ${[d1.number, d2.number].sort().join(', ')} chưa đủ ¾ thành viên nộp phiếu`);
    expect(json(await call('GET', `/api/v1/rounds/${round.id}`, chair.user.headers())).scoringEndedAt).toBeNull();
  });
});

describe('three of four sheets in on each dossier (a quorum, one member missing)', () => {
  beforeAll(async () => {
    await submit(secretary, d1, 80);
    await submit(chair, d2, 85);
    await submit(memberA, d2, 80);
    await submit(secretary, d2, 75);
  });

  it.each(ALL_ROLES)('%s still sees no figures of the others', async (role) => {
    expect(await sweep(role)).toEqual([]);
  });

  it('closing waits for the missing member or the chair (409 scoring_not_ended, no spread told), in Vietnamese on the page', async () => {
    const body = json(await call('POST', `/api/v1/rounds/${round.id}/close`, secretary.user.headers()));
    expect(body.error).toMatchObject({ code: 'invalid_transition', details: { reason: 'scoring_not_ended' } });
    expect(JSON.stringify(body)).not.toMatch(/total|spread|mean/i);
    const res = await postForm(secretary.user, `/admin/rounds/${round.id}/close`);
    expect(res.statusCode).toBe(409);
    expect(textOf(res.body)).toContain('còn thành viên chưa nộp phiếu. Chờ các thành viên nộp, hoặc chủ tịch hội đồng bấm «Kết thúc chấm điểm»');
  });
});

describe('a dossier every member has submitted', () => {
  beforeAll(async () => { await submit(memberB, d2, 80); });

  it('shows its tally to the council (each total, mean, spread) while the other stays confidential', async () => {
    for (const r of ['chair', 'secretary', 'memberA', 'memberB', 'organiser'] as const) {
      const body = json(await call('GET', `/api/v1/rounds/${round.id}`, who(r).headers()));
      const byId = (d: BuiltDossier) => body.dossiers.find((x: { dossierId: string }) => x.dossierId === d.id);
      expect(byId(d2).tally, r).toMatchObject({ mean: 80, spread: 10, spreadFlag: false });
      expect(byId(d2).tally.sheets.map((s: { total: number }) => s.total).sort()).toEqual([75, 80, 80, 85]);
      expect(byId(d1).tally, r).toBeNull();
    }
    for (const r of ALL_ROLES) expect(await sweep(r, new Set([d2.id])), r).toEqual([]);
    for (const r of ['producer', 'otherOfficer', 'unseated'] as const) expectError(await call('GET', `/api/v1/rounds/${round.id}`, who(r).headers()), 404, 'not_found');
  });
});

describe('the chair ends the scoring', () => {
  it('is recorded (who, when, whose sheets were missing) and cannot happen twice', async () => {
    const res = await call('POST', `/api/v1/rounds/${round.id}/end-scoring`, chair.user.headers());
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ roundId: round.id, scoringEndedBy: chair.user.username, incomplete: 1 });
    const r = json(await call('GET', `/api/v1/rounds/${round.id}`, memberB.user.headers()));
    expect(r).toMatchObject({ scoringEndedBy: chair.user.username });
    expect(r.scoringEndedAt).toBeTruthy();
    const [audit] = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'round.end_scoring'), eq(auditLog.entityId, round.id)));
    expect(audit!.actorLabel).toBe(chair.user.username);
    expect(audit!.after).toMatchObject({ scoringEndedBy: chair.user.username, missing: [{ dossierId: d1.id, members: [memberB.user.user.displayName] }] });
    expectError(await call('POST', `/api/v1/rounds/${round.id}/end-scoring`, chair.user.headers()), 409, 'invalid_transition');
    const page = textOf((await call('GET', `/admin/rounds/${round.id}`, chair.user.headers({ accept: 'text/html' }))).body);
    expect(page).toContain(`Chủ tịch hội đồng ${chair.user.user.displayName} đã kết thúc chấm điểm lúc`);
    expect(page).not.toContain('Kết thúc chấm điểm?');
  });

  it('a member who had not submitted can no longer, with a reason on the page', async () => {
    const s = json(await call('GET', sheetUrl(d1), memberB.user.headers()));
    expect(s).toMatchObject({ status: 'assigned', editable: false, scoringEnded: true });
    const e = json(await call('POST', `${sheetUrl(d1)}/submit`, memberB.user.headers(), { answers: answersFor(95), rowVersion: s.rowVersion }));
    expect(e.error).toMatchObject({ code: 'invalid_transition', details: { reason: 'scoring_ended_unsubmitted' } });
    const page = textOf((await call('GET', `/admin/rounds/${round.id}/dossiers/${d1.id}/score`, memberB.user.headers({ accept: 'text/html' }))).body);
    expect(page).toContain('Chủ tịch hội đồng đã kết thúc chấm điểm: phiếu chưa nộp không còn được nhận.');
  });

  it('the council now sees every tally; the spread check runs at close and sends the outlier to re-score', async () => {
    const board = json(await call('GET', `/api/v1/rounds/${round.id}/board`, secretary.user.headers()));
    const row = board.items.find((i: { dossierId: string }) => i.dossierId === d1.id);
    expect(row).toMatchObject({ spread: 20, spreadFlag: true, tally: { mean: 80, spread: 20, spreadFlag: true } });
    expect(row.tally.sheets.find((s: { memberId: string }) => s.memberId === memberB.memberId)).toMatchObject({ total: null, status: 'assigned' });
    const member = json(await call('GET', `/api/v1/rounds/${round.id}`, memberB.user.headers()));
    expect(member.dossiers.find((d: { dossierId: string }) => d.dossierId === d1.id).tally).toMatchObject({ mean: 80, spread: 20 });
    expect(textOf((await call('GET', `/admin/rounds/${round.id}`, memberB.user.headers({ accept: 'text/html' }))).body)).toMatch(/Trung bình 80 chênh lệch 20/);

    const wide = json(await call('POST', `/api/v1/rounds/${round.id}/close`, chair.user.headers()));
    expect(wide.error).toMatchObject({ code: 'spread_too_wide', details: { dossiers: [{ dossierId: d1.id, spread: 20 }] } });
    const reopened = await call('POST', `/api/v1/rounds/${round.id}/dossiers/${d1.id}/sheets/${memberA.memberId}/rescore`, secretary.user.headers(), { reason: 'Chênh lệch 20 điểm: Hội đồng thảo luận lại tiêu chí thị trường.' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    // A reopened sheet is still taken after the scoring ended.
    await submit(memberA, d1, 80);
    const closed = await call('POST', `/api/v1/rounds/${round.id}/close`, secretary.user.headers());
    expect(closed.statusCode, closed.body).toBe(200);
    const results = json(await call('GET', `/api/v1/rounds/${round.id}/results`, memberB.user.headers()));
    const d1Result = results.items.find((i: { dossierId: string }) => i.dossierId === d1.id);
    expect(d1Result).toMatchObject({ meanScore: 83.33, recognisedStars: 4 });
    expect(d1Result.sheets).toHaveLength(3);
    for (const r of ['producer', 'otherOfficer', 'unseated'] as const) expectError(await call('GET', `/api/v1/rounds/${round.id}/results`, who(r).headers()), 404, 'not_found');
  });
});
