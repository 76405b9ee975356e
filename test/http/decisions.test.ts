/**
 * Recognition decisions over HTTP (item 7): drafting from a closed round lists only the products
 * the council passed, editing while draft, not_certifiable, approval (twice, concurrently) that
 * issues 36-month certificates, supersedes previous ones and moves the dossiers, publication and
 * the producer's view of their result, audit rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS, buildProducer } from '../helpers/builders';
import { certify } from '../helpers/verify-fixtures';
import { buildClosedRound, draftBody, type BuiltRound } from '../helpers/certification-fixtures';
import { certificates } from '../../src/modules/certification/certification.tables';
import { dossiers } from '../../src/modules/dossier/dossier.tables';
import { products } from '../../src/modules/registry/registry.tables';
import { auditLog } from '../../src/modules/audit/audit.tables';

let t: TestApp;
let province: AuthedUser;
let haNoi: AuthedUser;
let admin: AuthedUser;
let commune: AuthedUser;
const now = new Date('2026-07-01T03:00:00Z');

beforeAll(async () => {
  t = await testApp({ clock: () => now });
  [province, haNoi, admin, commune] = await Promise.all([
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi }),
    asUser(t.app, t.deps, { role: 'national_admin' }),
    asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong }),
  ]);
});
afterAll(() => t?.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who: AuthedUser, payload?: unknown) =>
  t.app.inject({ method, url, headers: who.headers(), ...(payload !== undefined ? { payload: payload as object } : {}) });

/** A round of five: 85 (4★), 60 (3★), 45 (not recognised), eliminated, 92 (4★, potential 5★). */
async function mixedRound(): Promise<BuiltRound> {
  return buildClosedRound(t.ctx, {
    results: [{ mean: 85 }, { mean: 60 }, { mean: 45 }, { mean: 75, recognised: 4, eliminated: true }, { mean: 92 }],
  });
}

describe('drafting a decision from a closed round', () => {
  let round: BuiltRound;
  let id: string;

  beforeAll(async () => { round = await mixedRound(); });

  it('lists only the products the council passed (≥3★ recognised, not eliminated)', async () => {
    const res = await call('POST', '/api/v1/decisions', province, draftBody(round.id, { number: ' 12/qd-ubnd ' }));
    expect(res.statusCode, res.body).toBe(201);
    const d = json(res);
    id = d.id;
    expect(d).toMatchObject({ status: 'draft', number: '12/QĐ-UBND', level: 'province', areaCode: '38', published: false });
    const [a, b, , , e] = round.results;
    expect(d.items.map((i: { dossierId: string }) => i.dossierId).sort()).toEqual([a!.dossierId, b!.dossierId, e!.dossierId].sort());
    const byDossier = Object.fromEntries(d.items.map((i: { dossierId: string }) => [i.dossierId, i]));
    expect(byDossier[a!.dossierId]).toMatchObject({ stars: 4, score: 85, potentialFiveStar: false });
    expect(byDossier[e!.dossierId]).toMatchObject({ stars: 4, score: 92, potentialFiveStar: true });
    expect(d.actions).toEqual({ edit: true, approve: true, publish: false });
  });

  it('refuses a second decision for the round, bad numbers, other provinces and other roles', async () => {
    expectError(await call('POST', '/api/v1/decisions', province, draftBody(round.id)), 409, 'conflict');
    const other = await mixedRound();
    const e = expectError(await call('POST', '/api/v1/decisions', province, draftBody(other.id, { number: '12/QĐ-BNNMT' })), 400, 'validation_failed');
    expect(e.fields?.number).toBeDefined();
    expectError(await call('POST', '/api/v1/decisions', province, draftBody(other.id, { number: '' })), 400, 'validation_failed');
    expectError(await call('POST', '/api/v1/decisions', haNoi, draftBody(other.id)), 404, 'not_found');
    expectError(await call('POST', '/api/v1/decisions', admin, draftBody(other.id)), 403, 'forbidden');
    expectError(await call('POST', '/api/v1/decisions', commune, draftBody(other.id)), 403, 'forbidden');
    expectError(await call('GET', `/api/v1/decisions/${id}`, haNoi), 404, 'not_found');
    expect((await call('GET', `/api/v1/decisions/${id}`, admin)).statusCode).toBe(200);
  });

  it('the drafter removes and adds back passing items; anything else is 409 not_certifiable', async () => {
    const [, b, c, d] = round.results;
    let res = await call('DELETE', `/api/v1/decisions/${id}/items/${b!.dossierId}`, province);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).items).toHaveLength(2);
    expect(json(res).candidates.map((x: { dossierId: string }) => x.dossierId)).toEqual([b!.dossierId]);
    res = await call('POST', `/api/v1/decisions/${id}/items`, province, { productId: b!.productId });
    expect(json(res).items).toHaveLength(3);
    expect(expectError(await call('POST', `/api/v1/decisions/${id}/items`, province, { dossierId: c!.dossierId }), 409, 'not_certifiable').message).toMatch(/not_recognised/);
    expect(expectError(await call('POST', `/api/v1/decisions/${id}/items`, province, { dossierId: d!.dossierId }), 409, 'not_certifiable').message).toMatch(/eliminated/);
    const stranger = await buildClosedRound(t.ctx, { results: [{ mean: 88 }] });
    expectError(await call('POST', `/api/v1/decisions/${id}/items`, province, { productId: stranger.results[0]!.productId }), 409, 'not_certifiable');
    expectError(await call('POST', `/api/v1/decisions/${id}/items`, province, {}), 400, 'validation_failed');
    expectError(await call('DELETE', `/api/v1/decisions/${id}/items/${c!.dossierId}`, province), 404, 'not_found');
    expectError(await call('POST', `/api/v1/decisions/${id}/items`, admin, { dossierId: b!.dossierId }), 403, 'forbidden');
  });

  it('edits the draft with optimistic concurrency', async () => {
    const before = json(await call('GET', `/api/v1/decisions/${id}`, province));
    const res = await call('PATCH', `/api/v1/decisions/${id}`, province, { signerName: 'Trần Thị Ký', version: before.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).signerName).toBe('Trần Thị Ký');
    expectError(await call('PATCH', `/api/v1/decisions/${id}`, province, { title: 'Khác', version: before.version }), 409, 'conflict');
  });

  it('approval issues 36-month certificates, moves the dossiers; twice is 409 invalid_transition', async () => {
    const res = await call('POST', `/api/v1/decisions/${id}/approve`, province, {});
    expect(res.statusCode, res.body).toBe(200);
    const d = json(res);
    expect(d).toMatchObject({ status: 'approved', actions: { edit: false, approve: false, publish: true } });
    expect(d.items.every((i: { certificateNumber: string | null }) => /^OCOP-38-2026-\d{5}$/.test(i.certificateNumber ?? ''))).toBe(true);
    const [a, b, c, el, e] = round.results;
    const certs = await t.deps.database.db.select().from(certificates).where(eq(certificates.decisionId, id));
    expect(certs).toHaveLength(3);
    for (const c2 of certs) {
      expect(c2).toMatchObject({ issuedOn: '2026-07-01', expiresOn: '2029-07-01', state: 'active', provinceCode: '38' });
      expect(c2.communeCode).toMatch(/^\d{5}$/);
    }
    expect(new Set(certs.map((x) => x.number)).size).toBe(3);
    expect(certs.find((x) => x.dossierId === e!.dossierId)).toMatchObject({ stars: 4, potentialFiveStar: true, score: '92.00' });
    const statuses = Object.fromEntries((await t.deps.database.db.select({ id: dossiers.id, status: dossiers.status }).from(dossiers)
      .where(inArray(dossiers.id, round.results.map((r) => r.dossierId)))).map((r) => [r.id, r.status]));
    expect(statuses).toEqual({
      [a!.dossierId]: 'recognised', [b!.dossierId]: 'recognised', [e!.dossierId]: 'recognised',
      [c!.dossierId]: 'not_recognised', [el!.dossierId]: 'not_recognised',
    });
    const [p] = await t.deps.database.db.select({ status: products.status }).from(products).where(eq(products.id, a!.productId));
    expect(p!.status).toBe('certified');
    expectError(await call('POST', `/api/v1/decisions/${id}/approve`, province, {}), 409, 'invalid_transition');
    expectError(await call('PATCH', `/api/v1/decisions/${id}`, province, { title: 'Sửa sau khi duyệt' }), 409, 'invalid_transition');
    expectError(await call('DELETE', `/api/v1/decisions/${id}/items/${a!.dossierId}`, province), 409, 'invalid_transition');
  });

  it('writes audit rows for draft, approve, publish and every certificate issued', async () => {
    expect((await call('POST', `/api/v1/decisions/${id}/publish`, province)).statusCode).toBe(200);
    expectError(await call('POST', `/api/v1/decisions/${id}/publish`, province), 409, 'invalid_transition');
    const rows = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'decision'), eq(auditLog.entityId, id)));
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['decision.draft', 'decision.remove_item', 'decision.add_item', 'decision.update', 'decision.approve', 'decision.publish']));
    const approve = rows.find((r) => r.action === 'decision.approve')!;
    expect(approve.before).toMatchObject({ status: 'draft' });
    expect(approve.after).toMatchObject({ status: 'approved' });
    const certIds = (await t.deps.database.db.select({ id: certificates.id }).from(certificates).where(eq(certificates.decisionId, id))).map((c) => c.id);
    const issued = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'certificate.issue'), inArray(auditLog.entityId, certIds)));
    expect(issued).toHaveLength(3);
  });
});

describe('approval', () => {
  it('of the same decision at the same instant: exactly one wins', async () => {
    const round = await buildClosedRound(t.ctx, { results: [{ mean: 80 }, { mean: 70 }] });
    const d = json(await call('POST', '/api/v1/decisions', province, draftBody(round.id)));
    const [r1, r2] = await Promise.all([
      call('POST', `/api/v1/decisions/${d.id}/approve`, province, {}),
      call('POST', `/api/v1/decisions/${d.id}/approve`, province, {}),
    ]);
    expect([r1.statusCode, r2.statusCode].sort()).toEqual([200, 409]);
    const loser = r1.statusCode === 409 ? r1 : r2;
    expect(['invalid_transition', 'conflict']).toContain(json(loser).error.code);
    expect(await t.deps.database.db.select().from(certificates).where(eq(certificates.decisionId, d.id))).toHaveLength(2);
  });

  it('of a decision dated after today: refused unless marked scheduled, then its certificates are not yet in force', async () => {
    const round = await buildClosedRound(t.ctx, { results: [{ mean: 80 }] });
    const d = json(await call('POST', '/api/v1/decisions', province, draftBody(round.id, { decisionDate: '2026-07-10' })));
    expect(json(await call('GET', `/api/v1/decisions/${d.id}`, province))).toMatchObject({ dateAhead: true });
    const refused = await call('POST', `/api/v1/decisions/${d.id}/approve`, province, {});
    expect(refused.statusCode, refused.body).toBe(400);
    expect(json(refused).error.fieldCodes).toMatchObject({ decisionDate: 'decision.date_ahead' });
    // The page says why, at the date, with what to do.
    const page = await t.app.inject({ method: 'POST', url: `/admin/decisions/${d.id}/approve`, headers: { ...province.headers(), 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(province.csrf ?? '')}&version=${d.version}` });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Ngày quyết định 10/07/2026 sau hôm nay');
    const ok = await call('POST', `/api/v1/decisions/${d.id}/approve`, province, { scheduled: true });
    expect(ok.statusCode, ok.body).toBe(200);
    const number = json(ok).items[0].certificateNumber as string;
    expect(json(await t.app.inject({ url: `/api/v1/verify/${number}` }))).toMatchObject({ status: 'not_yet_valid', certificate: { issuedOn: '2026-07-10' } });
  });

  it('of two decisions of one province at once keeps certificate numbers unique', async () => {
    const [r1, r2] = await Promise.all([
      buildClosedRound(t.ctx, { results: [{ mean: 80 }, { mean: 81 }, { mean: 82 }] }),
      buildClosedRound(t.ctx, { results: [{ mean: 70 }, { mean: 71 }, { mean: 72 }] }),
    ]);
    const d1 = json(await call('POST', '/api/v1/decisions', province, draftBody(r1.id)));
    const d2 = json(await call('POST', '/api/v1/decisions', province, draftBody(r2.id)));
    const res = await Promise.all([call('POST', `/api/v1/decisions/${d1.id}/approve`, province, {}), call('POST', `/api/v1/decisions/${d2.id}/approve`, province, {})]);
    expect(res.map((r) => r.statusCode)).toEqual([200, 200]);
    const numbers = (await t.deps.database.db.select({ n: certificates.number }).from(certificates).where(inArray(certificates.decisionId, [d1.id, d2.id]))).map((c) => c.n);
    expect(new Set(numbers).size).toBe(6);
  });

  it('of an upgrade supersedes the product\'s previous certificate', async () => {
    const first = await buildClosedRound(t.ctx, { results: [{ mean: 65 }] });
    const d1 = json(await call('POST', '/api/v1/decisions', province, draftBody(first.id, { decisionDate: '2026-06-25' })));
    await call('POST', `/api/v1/decisions/${d1.id}/approve`, province, {});
    const productId = first.results[0]!.productId;
    const upgrade = await buildClosedRound(t.ctx, { results: [{ mean: 78, productId }] });
    const d2 = json(await call('POST', '/api/v1/decisions', province, draftBody(upgrade.id, { decisionDate: '2026-07-01' })));
    expect((await call('POST', `/api/v1/decisions/${d2.id}/approve`, province, {})).statusCode).toBe(200);
    const certs = await t.deps.database.db.select().from(certificates).where(eq(certificates.productId, productId));
    const oldC = certs.find((c) => c.decisionId === d1.id)!;
    const newC = certs.find((c) => c.decisionId === d2.id)!;
    expect(newC).toMatchObject({ state: 'active', stars: 4 });
    expect(oldC).toMatchObject({ state: 'superseded', supersededOn: '2026-07-01', supersededBy: newC.id, stars: 3 });
    const p = json(await call('GET', `/api/v1/products/${productId}`, province));
    expect(p.certificate).toMatchObject({ number: newC.number, stars: 4, status: 'valid' });
  });

  it('of a national round: only a national administrator; 5★ certificates numbered in the product\'s province', async () => {
    const round = await buildClosedRound(t.ctx, { level: 'national', results: [{ mean: 93 }, { mean: 86 }] });
    expectError(await call('POST', '/api/v1/decisions', province, draftBody(round.id)), 404, 'not_found');
    expectError(await call('POST', '/api/v1/decisions', admin, draftBody(round.id)), 400, 'validation_failed');
    const res = await call('POST', '/api/v1/decisions', admin, draftBody(round.id, { number: '45/QĐ-BNNMT' }));
    expect(res.statusCode, res.body).toBe(201);
    const d = json(res);
    expect(d).toMatchObject({ level: 'national', number: '45/QĐ-BNNMT', areaCode: null, areaName: null });
    expect(d.items).toHaveLength(1);
    expect(d.items[0]).toMatchObject({ stars: 5 });
    expectError(await call('GET', `/api/v1/decisions/${d.id}`, province), 404, 'not_found');
    const approved = json(await call('POST', `/api/v1/decisions/${d.id}/approve`, admin, {}));
    expect(approved.items[0].certificateNumber).toMatch(/^OCOP-38-2026-\d{5}$/);
  });
});

describe('results of a dossier', () => {
  let round: BuiltRound;
  let producer: AuthedUser;
  let otherProducer: AuthedUser;

  beforeAll(async () => {
    round = await buildClosedRound(t.ctx, { results: [{ mean: 88.5 }, { mean: 40 }] });
    producer = await asUser(t.app, t.deps, { role: 'producer', producerId: round.results[0]!.producerId });
    otherProducer = await asUser(t.app, t.deps, { role: 'producer', producerId: round.results[1]!.producerId });
  });

  it('officers in scope see it once the round is closed; the producer only after publication', async () => {
    const [mine, theirs] = round.results;
    const url = `/api/v1/dossiers/${mine!.dossierId}/result`;
    const officer = json(await call('GET', url, province));
    expect(officer).toMatchObject({ meanScore: 88.5, stars: 4, recognisedStars: 4, potentialFiveStar: false, published: false, certificateNumber: null });
    expectError(await call('GET', url, haNoi), 404, 'not_found');
    expectError(await call('GET', url, producer), 404, 'not_found');
    const d = json(await call('POST', '/api/v1/decisions', province, draftBody(round.id)));
    await call('POST', `/api/v1/decisions/${d.id}/approve`, province, {});
    expectError(await call('GET', url, producer), 404, 'not_found');
    await call('POST', `/api/v1/decisions/${d.id}/publish`, province);
    const seen = json(await call('GET', url, producer));
    expect(seen).toMatchObject({ meanScore: 88.5, recognisedStars: 4, published: true });
    expect(seen.certificateNumber).toMatch(/^OCOP-38-/);
    // Never another producer's, before or after publication.
    expectError(await call('GET', url, otherProducer), 404, 'not_found');
    expect(json(await call('GET', `/api/v1/dossiers/${theirs!.dossierId}/result`, otherProducer))).toMatchObject({ recognisedStars: null, certificateNumber: null });
    expectError(await call('GET', `/api/v1/dossiers/${theirs!.dossierId}/result`, producer), 404, 'not_found');
  });
});

describe('pages', () => {
  it('commune officers read their commune\'s certificates (never decisions), and no other commune\'s', async () => {
    const elsewhere = await buildProducer(t.ctx, { communeCode: AREAS.hacThanh });
    const [mine, theirs] = await certify(t, province, [{ mean: 70 }, { mean: 71, producerId: elsewhere.id }]);
    const officer = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong, login: true });
    const get = (url: string) => t.app.inject({ url, headers: { cookie: officer.cookie! } });
    const list = await get('/admin/decisions?page=1');
    expect(list.statusCode).toBe(200);
    expect(list.body).toMatch(/<h1[^>]*>Giấy chứng nhận<\/h1>/);
    expect(list.body).toContain(mine!.number);
    expect(list.body).not.toContain(theirs!.number);
    expect(list.body).not.toContain('id="decisions-h"');
    expect(list.body).not.toContain('/admin/decisions/new');
    const page = await get(`/admin/certificates/${encodeURIComponent(mine!.number)}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/revoke');
    expect((await get(`/admin/certificates/${encodeURIComponent(theirs!.number)}`)).statusCode).toBe(404);
    const { decision } = json(await call('GET', `/api/v1/certificates/${encodeURIComponent(mine!.number)}`, province));
    expect((await get(`/admin/decisions/${decision.id}`)).statusCode).toBe(403);
  });

  it('list, draft form and decision page render', async () => {
    const officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, login: true });
    const round = await buildClosedRound(t.ctx, { results: [{ mean: 77 }] });
    const list = await t.app.inject({ url: '/admin/decisions', headers: { cookie: officer.cookie! } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('/admin/notifications');
    const form = await t.app.inject({ url: `/admin/decisions/new?round=${round.id}`, headers: { cookie: officer.cookie! } });
    expect(form.statusCode).toBe(200);
    const post = await t.app.inject({
      method: 'POST', url: '/admin/decisions', headers: { cookie: officer.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...draftBody(round.id), _csrf: officer.csrf! } as Record<string, string>).toString(),
    });
    expect(post.statusCode, post.body).toBe(303);
    const page = await t.app.inject({ url: post.headers.location as string, headers: { cookie: officer.cookie! } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Phê duyệt và cấp giấy chứng nhận');
  });
});
