/**
 * Self-assessment over HTTP: the sheet in force for the product, scoring, suggestions for the
 * next star, validation of answers, access (producer edits, officers read, others 404), audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS, buildProduct } from '../helpers/builders';
import { BEST_ANSWERS, publishTestSheet } from '../helpers/sheets';
import { auditLog } from '../../src/modules/audit/audit.tables';

let t: TestApp;
let producer: AuthedUser;
let other: AuthedUser;
let commune: AuthedUser;
let haNoi: AuthedUser;
let productId: string;
let noSheetProductId: string;
let sheetId: string;

beforeAll(async () => {
  t = await testApp();
  sheetId = await publishTestSheet(t.ctx);
  producer = await asUser(t.app, t.deps, { role: 'producer', login: true });
  other = await asUser(t.app, t.deps, { role: 'producer' });
  commune = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong });
  haNoi = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi });
  productId = (await buildProduct(t.ctx, { producerId: producer.actor.producerId! })).id;
  noSheetProductId = (await buildProduct(t.ctx, { producerId: producer.actor.producerId!, productSetCode: '1' })).id;
});
afterAll(() => t?.close());

const url = (id = productId) => `/api/v1/products/${id}/self-assessment`;
const put = (body: unknown, who = producer, id = productId) =>
  t.app.inject({ method: 'PUT', url: url(id), headers: who.headers(), payload: body as object });

describe('self-assessment', () => {
  it('starts empty on the sheet in force, with its provenance (a test sheet is not official)', async () => {
    const res = await t.app.inject({ url: url(), headers: producer.headers() });
    expect(res.statusCode, res.body).toBe(200);
    const body = json(res);
    expect(body).toMatchObject({
      regimeCode: '26-2026', saved: false, total: 0, estimatedStars: 1, certifiable: false, canEdit: true,
      sheet: { id: sheetId, version: '26-2026', official: false },
      nextStar: { stars: 2, pointsNeeded: 30 },
    });
    expect(body.sheet.provenance).toContain('TEST SHEET');
    expect(body.missing).toEqual(['A.1.1', 'A.1.2', 'A.2', 'B.1.1', 'C.1.1']);
    // The largest gains first: B.1.1 (25) then the 20-point food-safety criterion.
    expect(body.suggestions.slice(0, 2).map((s: { code: string }) => s.code)).toEqual(['B.1.1', 'C.1.1']);
  });

  it('answers 404 sheet_not_available when no sheet is published for the product set', async () => {
    expectError(await t.app.inject({ url: url(noSheetProductId), headers: producer.headers() }), 404, 'sheet_not_available');
  });

  it('scores the answers: subtotals, stars, next star and ranked suggestions', async () => {
    const options = ['A.1.1.o2', 'A.1.2.o3', 'A.2.2.o2', 'B.1.1.o2', 'C.1.1.o2'];
    const res = await put({ options, knockOuts: [], left: ['C.1.2'] });
    expect(res.statusCode, res.body).toBe(200);
    const body = json(res);
    // A: 5 + 15 + 10 = 30; B: 10; C: 20 → 60 = 3★ (next: 4★ at 70).
    expect(body).toMatchObject({
      saved: true, parts: { A: 30, B: 10, C: 20 }, total: 60, estimatedStars: 3, certifiable: true,
      outcome: 'scored', complete: true, missing: [], nextStar: { stars: 4, pointsNeeded: 10 },
      answers: { options, knockOuts: [], left: ['C.1.2'] },
    });
    expect(body.suggestions.map((s: { code: string; gain: number }) => [s.code, s.gain])).toEqual([
      ['B.1.1', 15], ['C.1.2', 15], ['A.1.1', 5], ['A.3.1', 3],
    ]);
    const again = json(await t.app.inject({ url: url(), headers: producer.headers() }));
    expect(again.total).toBe(60);
    const audits = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.action, 'self_assessment.save'));
    expect(audits.length).toBeGreaterThanOrEqual(1);
  });

  it('says when a knock-out eliminates the product, and scores the best answer 100 (5★)', async () => {
    const ko = json(await put({ options: BEST_ANSWERS, knockOuts: ['A.1.1'] }));
    expect(ko).toMatchObject({ outcome: 'eliminated', knockOut: { code: 'A.1.1', effect: 'eliminate' }, certifiable: false });
    const best = json(await put({ options: BEST_ANSWERS, knockOuts: [] }));
    expect(best).toMatchObject({ total: 100, estimatedStars: 5, certifiable: true, suggestions: [], nextStar: { stars: null } });
  });

  it('refuses unknown options, options of another product set and two options of one criterion (400 listing them)', async () => {
    const e1 = expectError(await put({ options: ['A.1.1.o2', 'Z.9.9.o1', 'X.1.o1'], knockOuts: [] }), 400, 'validation_failed');
    expect(e1.fields?.options).toContain('Z.9.9.o1');
    expect(e1.fields?.options).toContain('X.1.o1');
    const e2 = expectError(await put({ options: ['A.1.1.o1', 'A.1.1.o2'] }), 400, 'validation_failed');
    expect(e2.fields?.options).toContain('two_options');
    const e3 = expectError(await put({ options: ['A.2.1.o1', 'A.2.2.o1'] }), 400, 'validation_failed');
    expect(e3.fields?.options).toContain('two_cases');
    expectError(await put({ options: [], knockOuts: ['B.1.1'] }), 400, 'validation_failed');
    expectError(await put({ options: [], left: ['nope'] }), 400, 'validation_failed');
    const rows = await t.deps.database.db.select().from(auditLog)
      .where(and(eq(auditLog.action, 'self_assessment.save'), eq(auditLog.entityType, 'self_assessment')));
    expect(rows.length).toBe(3); // failed saves leave no trace
  });

  it('lets officers in scope read but not edit; others get 404', async () => {
    const read = json(await t.app.inject({ url: url(), headers: commune.headers() }));
    expect(read).toMatchObject({ total: 100, canEdit: false });
    expectError(await put({ options: [] }, commune), 403, 'forbidden');
    expectError(await t.app.inject({ url: url(), headers: other.headers() }), 404, 'not_found');
    expectError(await put({ options: [] }, other), 404, 'not_found');
    expectError(await t.app.inject({ url: url(), headers: haNoi.headers() }), 404, 'not_found');
  });

  it('renders the page with the form for the producer and read-only for officers', async () => {
    const page = await t.app.inject({ url: `/admin/products/${productId}/self-assessment`, headers: { cookie: producer.cookie! } });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('data-module="sheet-form"');
    expect(page.body).toContain('name="option:A.1.1"');
    expect(page.body).toContain('TEST SHEET');
    const officerPage = await t.app.inject({ url: `/admin/products/${productId}/self-assessment`, headers: commune.headers() });
    expect(officerPage.statusCode).toBe(200);
    expect(officerPage.body).not.toContain('name="option:A.1.1"');
    // Saving through the HTML form (no JavaScript): the server computes.
    const form = new URLSearchParams({ _csrf: producer.csrf!, 'option:A.1.1': 'A.1.1.o3', 'option:B.1.1': 'B.1.1.o1', 'option:C.1.2': '-' });
    const saved = await t.app.inject({
      method: 'POST', url: `/admin/products/${productId}/self-assessment`,
      headers: { cookie: producer.cookie!, 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString(),
    });
    expect(saved.statusCode, saved.body).toBe(303);
    const after = json(await t.app.inject({ url: url(), headers: producer.headers() }));
    expect(after).toMatchObject({ total: 10, answers: { options: ['A.1.1.o3', 'B.1.1.o1'], left: ['C.1.2'] } });
  });
});
