/**
 * The council member's scoring journey (issue 12, defects 5 and 10): a knock-out answer ends the
 * sheet by itself on the server and in the rendered summary; the final submit asks for a
 * confirmation (a server step without JavaScript); headings do not repeat their labels; a bonus
 * section says what it can add; a score reads "30 / 40" on one line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { AREAS, buildProduct } from '../helpers/builders';
import { BEST_ANSWERS, publishTestSheet } from '../helpers/sheets';
import { buildDossier, createRound, formCouncil, type BuiltDossier, type Seated } from '../helpers/council-fixtures';
import { textOf } from '../helpers/html-forms';

let t: TestApp;
let officer: AuthedUser;
let round: { id: string };
let member: Seated;
let d1: BuiltDossier, d2: BuiltDossier, d3: BuiltDossier;

const sheetUrl = (d: BuiltDossier) => `/api/v1/rounds/${round.id}/dossiers/${d.id}/sheet`;
const pageUrl = (d: BuiltDossier) => `/admin/rounds/${round.id}/dossiers/${d.id}/score`;
const rowVersion = async (d: BuiltDossier) => json(await t.app.inject({ url: sheetUrl(d), headers: member.user.headers() })).rowVersion as number;
const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
};
const postForm = (url: string, fields: Record<string, string | string[]>) => t.app.inject({
  method: 'POST', url, payload: form({ _csrf: member.user.csrf!, ...fields }),
  headers: member.user.sessionHeaders({ 'content-type': 'application/x-www-form-urlencoded' }),
});
/** The posted form fields of a set of answers (one radio per criterion). */
const optionFields = (options: string[]) => Object.fromEntries(options.map((o) => [`option:${o.replace(/\.o\d+$/, '')}`, o]));

beforeAll(async () => {
  t = await testApp();
  const sheetId = await publishTestSheet(t.ctx);
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  round = await createRound(t, officer);
  d1 = await buildDossier(t.ctx, { sheetId });
  d2 = await buildDossier(t.ctx, { sheetId });
  d3 = await buildDossier(t.ctx, { sheetId });
  const council = await formCouncil(t, officer, round.id, ['chair', 'member', 'secretary']);
  member = council[1]!;
  await member.user.login();
  expect((await t.app.inject({ method: 'POST', url: `/api/v1/rounds/${round.id}/assignments`, headers: officer.headers(), payload: {} })).statusCode).toBe(200);
  expect((await t.app.inject({ method: 'POST', url: `/api/v1/rounds/${round.id}/open`, headers: officer.headers() })).statusCode).toBe(200);
});
afterAll(() => t?.close());

const withKnockOutAnswer = BEST_ANSWERS.map((o) => (o === 'A.1.1.o3' ? 'A.1.1.o1' : o));

describe('a knock-out answer ends the sheet by itself', () => {
  it('the server eliminates on the knock-out option, without the knock-out box', async () => {
    const res = await t.app.inject({
      method: 'POST', url: `${sheetUrl(d1)}/submit`, headers: member.user.headers(),
      payload: { answers: { options: withKnockOutAnswer, knockOuts: [] }, rowVersion: await rowVersion(d1) },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).score).toMatchObject({ outcome: 'eliminated', knockOut: { code: 'A.1.1', effect: 'eliminate' } });
  });

  it('a "stop" answer (no valid certificate) stops the evaluation: no stars, not "high enough"', async () => {
    const options = BEST_ANSWERS.map((o) => (o === 'C.1.1.o2' ? 'C.1.1.o1' : o));
    const saved = await t.app.inject({ method: 'PUT', url: sheetUrl(d2), headers: member.user.headers(), payload: { answers: { options, knockOuts: [] }, rowVersion: await rowVersion(d2) } });
    expect(json(saved).score).toMatchObject({ outcome: 'stopped', knockOut: { code: 'C.1.1', effect: 'stop' } });
    const page = textOf((await t.app.inject({ url: pageUrl(d2), headers: member.user.sessionHeaders() })).body);
    expect(page).toContain('Dừng đánh giá tại tiêu chí C.1.1');
    expect(page).toContain('Có tiêu chí loại: sản phẩm không được xếp hạng sao theo phiếu này.');
    expect(page).not.toContain('Đủ mức để được xem xét công nhận.');
    expect(page).not.toMatch(/\d sao/);
  });
});

describe('the final submit asks first', () => {
  it('without JavaScript, "Nộp phiếu" saves the draft and shows a confirmation step; confirming submits', async () => {
    const v = await rowVersion(d3);
    const first = await postForm(pageUrl(d3), { rowVersion: String(v), then: 'submit', ...optionFields(BEST_ANSWERS) });
    expect(first.statusCode, first.body).toBe(303);
    expect(first.headers.location).toBe(`${pageUrl(d3)}?confirm=1`);
    const draft = json(await t.app.inject({ url: sheetUrl(d3), headers: member.user.headers() }));
    expect(draft).toMatchObject({ status: 'draft', answers: { options: expect.arrayContaining(BEST_ANSWERS) } });

    const step = (await t.app.inject({ url: first.headers.location as string, headers: member.user.sessionHeaders() })).body;
    expect(textOf(step)).toContain('Nộp phiếu chấm?');
    expect(textOf(step)).toContain('Tổng điểm: 100/100');
    expect(step).toContain('name="useDraft" value="1"');

    const confirmed = await postForm(pageUrl(d3), { rowVersion: String(draft.rowVersion), then: 'submit', confirm: '1', useDraft: '1' });
    expect(confirmed.statusCode, confirmed.body).toBe(303);
    expect(confirmed.headers.location).toBe(`${pageUrl(d3)}?done=submitted`);
    expect(json(await t.app.inject({ url: sheetUrl(d3), headers: member.user.headers() }))).toMatchObject({ status: 'submitted', score: { total: 100 } });
  });

  it('the sheet carries the confirmation dialog and the submit button opens it', async () => {
    const html = (await t.app.inject({ url: pageUrl(d2), headers: member.user.sessionHeaders() })).body;
    expect(html).toMatch(/<dialog[^>]*data-confirm-dialog/);
    expect(html).toMatch(/<button[^>]*value="submit"[^>]*data-confirm-submit/);
  });
});

describe('sheet texts', () => {
  it('headings do not repeat their labels, the bonus section says what it adds, scores read "30 / 40" on one line', async () => {
    const html = (await t.app.inject({ url: pageUrl(d2), headers: member.user.sessionHeaders() })).body;
    const text = textOf(html);
    expect(text).not.toContain('Phần A. Phần A');
    expect(text).toContain('Phần A. Sản phẩm và sức mạnh cộng đồng');
    expect(text).not.toContain('tối đa 0 điểm');
    expect(text).toContain('điểm cộng, tối đa 3 điểm');
    // Each "x / max" is one unbreakable piece.
    expect(html).toMatch(/<dd class="sheet-score"><output data-subtotal="A"[^>]*>[^<]*<\/output><span class="muted">\u00a0\/\u00a040<\/span><\/dd>/);
  });
});

describe('the producer\'s self-assessment (same sheet form, same rules)', () => {
  it('a knock-out answer ends it by itself: a "stop" answer is not certifiable, and its page shows no stars', async () => {
    const producer = await asUser(t.app, t.deps, { role: 'producer', login: true });
    const productId = (await buildProduct(t.ctx, { producerId: producer.actor.producerId! })).id;
    const options = BEST_ANSWERS.map((o) => (o === 'C.1.1.o2' ? 'C.1.1.o1' : o));
    const res = await t.app.inject({ method: 'PUT', url: `/api/v1/products/${productId}/self-assessment`, headers: producer.headers(), payload: { options, knockOuts: [], left: [] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ outcome: 'stopped', knockOut: { code: 'C.1.1', effect: 'stop' }, certifiable: false });
    const eliminated = json(await t.app.inject({ method: 'PUT', url: `/api/v1/products/${productId}/self-assessment`, headers: producer.headers(), payload: { options: withKnockOutAnswer, knockOuts: [], left: [] } }));
    expect(eliminated).toMatchObject({ outcome: 'eliminated', certifiable: false });
  });
});

