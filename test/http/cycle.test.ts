/**
 * OCOP cycle steps 2–3 over HTTP: product ideas and business plans, their review, timeline,
 * audit rows, area scoping and the back-office pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, inArray } from 'drizzle-orm';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser, type Headers } from '../helpers/app';
import { AREAS, DEFAULT_PRODUCT_SET, buildProducer, buildProduct } from '../helpers/builders';
import { auditLog } from '../../src/modules/audit/audit.tables';

let t: TestApp;
let producer: AuthedUser;
let otherProducer: AuthedUser;
let commune: AuthedUser;
let otherCommune: AuthedUser;
let province: AuthedUser;
let haNoi: AuthedUser;

beforeAll(async () => {
  t = await testApp();
  producer = await asUser(t.app, t.deps, { role: 'producer', login: true });
  otherProducer = await asUser(t.app, t.deps, { role: 'producer' });
  commune = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong, login: true });
  otherCommune = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hacThanh });
  province = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  haNoi = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi });
});
afterAll(() => t?.close());

let n = 0;
const ideaBody = (extra: Record<string, unknown> = {}) => ({
  name: `Trà hoa vàng Hàm Rồng ${++n}`,
  productSetCode: DEFAULT_PRODUCT_SET,
  description: 'Trà túi lọc từ hoa trà vàng trồng dưới tán rừng.',
  rawMaterials: 'Hoa trà vàng của 12 hộ trong phường; 100% nguyên liệu địa phương.',
  expectedMarket: 'Khách du lịch, cửa hàng OCOP trong tỉnh, sàn thương mại điện tử.',
  ...extra,
});
const planBody = {
  productDescription: 'Hộp 20 túi lọc 2 g, hạn dùng 18 tháng.',
  marketAndCustomers: 'Khách du lịch và quà biếu; 3.000 hộp năm đầu.',
  productionCapacity: 'Xưởng sấy 200 kg hoa tươi/tháng; vùng nguyên liệu 4 ha.',
  investmentAndFunding: 'Máy đóng gói 250 triệu đồng: 50% vốn tự có, 50% vay ưu đãi.',
  salesChannels: 'Điểm bán OCOP, hai siêu thị, gian hàng trên sàn điện tử.',
};

const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, headers: Headers, payload?: unknown) =>
  t.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
const move = (id: string, who: AuthedUser, action: string, comment?: string, plan = false) =>
  call('POST', `/api/v1/ideas/${id}${plan ? '/plan' : ''}/transitions`, who.headers(), { action, ...(comment !== undefined ? { comment } : {}) });

describe('anonymous callers', () => {
  it('get 401 from the ideas API', async () => {
    expectError(await t.app.inject({ url: '/api/v1/ideas' }), 401, 'unauthenticated');
    expectError(await t.app.inject({ method: 'POST', url: '/api/v1/ideas', payload: ideaBody() }), 401, 'unauthenticated');
    expectError(await t.app.inject({ method: 'PUT', url: '/api/v1/ideas/00000000-0000-4000-8000-000000000000/plan', payload: planBody }), 401, 'unauthenticated');
  });
});

describe('registering an idea', () => {
  it('rejects invalid input with 400 and a field error per problem', async () => {
    const e = expectError(await call('POST', '/api/v1/ideas', producer.headers(), { name: '', productSetCode: '999', description: '' }), 400, 'validation_failed');
    expect(Object.keys(e.fields ?? {})).toEqual(expect.arrayContaining(['name', 'description', 'rawMaterials', 'expectedMarket']));
    const e2 = expectError(await call('POST', '/api/v1/ideas', producer.headers(), ideaBody({ productSetCode: '999' })), 400, 'validation_failed');
    expect(e2.fields).toEqual({ productSetCode: 'unknown product set' });
  });

  it('links only a product of the same producer', async () => {
    const mine = await buildProduct(t.ctx, { producerId: producer.actor.producerId! });
    const theirs = await buildProduct(t.ctx, { producerId: otherProducer.actor.producerId! });
    const ok = await call('POST', '/api/v1/ideas', producer.headers(), ideaBody({ productId: mine.id }));
    expect(ok.statusCode).toBe(201);
    expect(json(ok).productId).toBe(mine.id);
    const e = expectError(await call('POST', '/api/v1/ideas', producer.headers(), ideaBody({ productId: theirs.id })), 400, 'validation_failed');
    expect(e.fields?.productId).toBeDefined();
  });

  it('officers register on behalf of a producer in their area only', async () => {
    const res = await call('POST', '/api/v1/ideas', commune.headers(), ideaBody({ producerId: producer.actor.producerId }));
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ producerId: producer.actor.producerId, status: 'draft', communeCode: AREAS.hamRong });
    expect(json(res).history[0]).toMatchObject({ action: 'create', actorRole: 'commune_officer', toStatus: 'draft' });
    const e1 = expectError(await call('POST', '/api/v1/ideas', otherCommune.headers(), ideaBody({ producerId: producer.actor.producerId })), 400, 'validation_failed');
    expect(e1.fields).toEqual({ producerId: 'unknown producer' });
    const e2 = expectError(await call('POST', '/api/v1/ideas', commune.headers(), ideaBody()), 400, 'validation_failed');
    expect(e2.fields?.producerId).toBeDefined();
  });

  it('a producer cannot file for another producer', async () => {
    const e = expectError(await call('POST', '/api/v1/ideas', producer.headers(), ideaBody({ producerId: otherProducer.actor.producerId })), 400, 'validation_failed');
    expect(e.fields).toEqual({ producerId: 'unknown producer' });
  });

  it('roles outside the cycle are refused', async () => {
    const inspector = await asUser(t.app, t.deps, { role: 'inspector', areaCode: AREAS.thanhHoa });
    expectError(await call('GET', '/api/v1/ideas', inspector.headers()), 403, 'forbidden');
  });
});

describe('the review cycle, idea then plan', () => {
  it('goes draft → submitted → returned → submitted → accepted, then the plan likewise, with a complete history and audit', async () => {
    const created = await call('POST', '/api/v1/ideas', producer.headers(), ideaBody());
    expect(created.statusCode).toBe(201);
    const idea = json(created);
    expect(idea).toMatchObject({ status: 'draft', allowedActions: ['edit', 'submit'], plan: null, mayFilePlan: false });
    const id: string = idea.id;

    // Reviewers cannot act on a draft; the producer submits.
    expectError(await move(id, commune, 'accept'), 409, 'invalid_transition');
    expect(json(await move(id, producer, 'submit'))).toMatchObject({ status: 'submitted', allowedActions: [] });
    expectError(await move(id, producer, 'submit'), 409, 'invalid_transition');
    expectError(await call('PATCH', `/api/v1/ideas/${id}`, producer.headers(), { name: 'Đổi tên khi đang chờ' }), 409, 'invalid_transition');

    // Nobody outside the producer's area sees it (404, as for an unknown id).
    for (const who of [otherProducer, otherCommune, haNoi]) expectError(await call('GET', `/api/v1/ideas/${id}`, who.headers()), 404, 'not_found');
    expectError(await move(id, otherCommune, 'accept'), 404, 'not_found');
    expectError(await call('GET', '/api/v1/ideas/not-a-uuid', producer.headers()), 404, 'not_found');

    // Review queues are scoped in SQL.
    const queue = json(await call('GET', '/api/v1/ideas?queue=review', commune.headers()));
    expect(queue.items.map((i: { id: string }) => i.id)).toContain(id);
    expect(json(await call('GET', '/api/v1/ideas?queue=review', otherCommune.headers())).items).toEqual([]);
    expect(json(await call('GET', '/api/v1/ideas', haNoi.headers())).total).toBe(0);
    expect(json(await call('GET', '/api/v1/ideas', otherProducer.headers())).total).toBe(0);
    expect(json(await call('GET', '/api/v1/ideas?status=submitted', province.headers())).items.map((i: { id: string }) => i.id)).toContain(id);

    // The producer cannot accept their own idea; the plan waits for acceptance.
    expectError(await move(id, producer, 'accept'), 403, 'forbidden');
    expectError(await call('PUT', `/api/v1/ideas/${id}/plan`, producer.headers(), planBody), 409, 'idea_not_accepted');
    expectError(await call('GET', `/api/v1/ideas/${id}/plan`, producer.headers()), 404, 'not_found');

    // Returning needs a comment.
    const noComment = expectError(await move(id, commune, 'return', '  '), 400, 'validation_failed');
    expect(Object.keys(noComment.fields ?? {})).toEqual(['comment']);
    expectError(await move(id, commune, 'reject'), 400, 'validation_failed');
    expect(json(await move(id, commune, 'return', 'Bổ sung tỷ lệ nguyên liệu địa phương.'))).toMatchObject({ status: 'returned' });

    // The producer sees the comment, edits and resubmits.
    const seen = json(await call('GET', `/api/v1/ideas/${id}`, producer.headers()));
    expect(seen.history.at(-1)).toMatchObject({ action: 'return', comment: 'Bổ sung tỷ lệ nguyên liệu địa phương.', actorRole: 'commune_officer' });
    expect(seen.allowedActions).toEqual(['edit', 'submit']);
    const edited = await call('PATCH', `/api/v1/ideas/${id}`, producer.headers(), { rawMaterials: '95% hoa trà vàng của phường, 5% mật ong trong tỉnh.' });
    expect(json(edited)).toMatchObject({ status: 'returned', rawMaterials: '95% hoa trà vàng của phường, 5% mật ong trong tỉnh.' });
    expectError(await call('PATCH', `/api/v1/ideas/${id}`, producer.headers(), { name: 'x', productSetCode: '999' }), 400, 'validation_failed');
    expect(json(await move(id, producer, 'submit')).status).toBe('submitted');
    const accepted = json(await move(id, province, 'accept'));
    expect(accepted).toMatchObject({ status: 'accepted', allowedActions: [] });
    expect(accepted.decidedAt).toBeTruthy();

    // Accepted is final.
    expectError(await move(id, province, 'return', 'Thêm nữa'), 409, 'invalid_transition');
    expectError(await call('PATCH', `/api/v1/ideas/${id}`, producer.headers(), { name: 'Tên mới' }), 409, 'invalid_transition');

    // The business plan: file (201), edit (200), submit, return, resubmit, accept.
    expect(json(await call('GET', `/api/v1/ideas/${id}`, producer.headers())).mayFilePlan).toBe(true);
    expectError(await call('PUT', `/api/v1/ideas/${id}/plan`, producer.headers(), { ...planBody, salesChannels: '' }), 400, 'validation_failed');
    const filed = await call('PUT', `/api/v1/ideas/${id}/plan`, producer.headers(), planBody);
    expect(filed.statusCode).toBe(201);
    expect(json(filed)).toMatchObject({ status: 'draft', ideaId: id, allowedActions: ['edit', 'submit'] });
    const again = await call('PUT', `/api/v1/ideas/${id}/plan`, producer.headers(), { ...planBody, salesChannels: 'Thêm kênh bán hàng trực tuyến.' });
    expect(again.statusCode).toBe(200);
    expectError(await move(id, commune, 'accept', undefined, true), 409, 'invalid_transition');
    expect(json(await move(id, producer, 'submit', undefined, true)).status).toBe('submitted');
    expectError(await call('PUT', `/api/v1/ideas/${id}/plan`, producer.headers(), planBody), 409, 'invalid_transition');
    expectError(await move(id, producer, 'accept', undefined, true), 403, 'forbidden');
    expectError(await move(id, otherCommune, 'accept', undefined, true), 404, 'not_found');
    expect(json(await move(id, commune, 'return', 'Làm rõ nguồn vốn vay.', true)).status).toBe('returned');
    expect(json(await call('GET', '/api/v1/ideas?planStatus=returned', producer.headers())).items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect((await call('PUT', `/api/v1/ideas/${id}/plan`, producer.headers(), { ...planBody, investmentAndFunding: 'Vay Quỹ hỗ trợ nông dân 125 triệu đồng.' })).statusCode).toBe(200);
    expect(json(await move(id, producer, 'submit', undefined, true)).status).toBe('submitted');
    const planDone = json(await move(id, province, 'accept', 'Đạt yêu cầu.', true));
    expect(planDone).toMatchObject({ status: 'accepted', investmentAndFunding: 'Vay Quỹ hỗ trợ nông dân 125 triệu đồng.', allowedActions: [] });
    expectError(await move(id, producer, 'submit', undefined, true), 409, 'invalid_transition');

    // The whole timeline, in order, visible to the producer.
    const final = json(await call('GET', `/api/v1/ideas/${id}`, producer.headers()));
    expect(final.plan.status).toBe('accepted');
    expect(final.history.map((e: { subject: string; action: string; fromStatus: string | null; toStatus: string }) =>
      `${e.subject}:${e.action}:${e.fromStatus ?? '-'}>${e.toStatus}`)).toEqual([
      'idea:create:->draft', 'idea:submit:draft>submitted', 'idea:return:submitted>returned', 'idea:edit:returned>returned',
      'idea:submit:returned>submitted', 'idea:accept:submitted>accepted',
      'plan:create:->draft', 'plan:edit:draft>draft', 'plan:submit:draft>submitted', 'plan:return:submitted>returned',
      'plan:edit:returned>returned', 'plan:submit:returned>submitted', 'plan:accept:submitted>accepted',
    ]);
    expect(final.history.find((e: { action: string; subject: string }) => e.subject === 'plan' && e.action === 'accept'))
      .toMatchObject({ comment: 'Đạt yêu cầu.', actorRole: 'province_officer', actorLabel: province.actor.label });

    // And every step is in the audit log, in the same order, with before → after.
    const audit = await t.deps.database.db.select().from(auditLog)
      .where(inArray(auditLog.entityId, [id, final.plan.id])).orderBy(asc(auditLog.id));
    expect(audit.map((a) => a.action)).toEqual(final.history.map((e: { subject: string; action: string }) => `${e.subject}.${e.action}`));
    const ret = audit.find((a) => a.action === 'idea.return')!;
    expect(ret).toMatchObject({ entityType: 'product_idea', provinceCode: AREAS.thanhHoa, actorUserId: commune.user.id });
    expect(ret.before).toMatchObject({ status: 'submitted' });
    expect(ret.after).toMatchObject({ status: 'returned', comment: 'Bổ sung tỷ lệ nguyên liệu địa phương.' });
  });

  it('a failed step writes nothing', async () => {
    const id = json(await call('POST', '/api/v1/ideas', producer.headers(), ideaBody())).id;
    const before = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expectError(await move(id, commune, 'accept'), 409, 'invalid_transition');
    expectError(await call('PUT', `/api/v1/ideas/${id}/plan`, producer.headers(), planBody), 409, 'idea_not_accepted');
    const after = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(after.length).toBe(before.length);
    expect(json(await call('GET', `/api/v1/ideas/${id}`, producer.headers())).history).toHaveLength(1);
  });
});

describe('back-office pages', () => {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = (url: string, who: AuthedUser, fields: Record<string, string>) => t.app.inject({
    method: 'POST', url, payload: form({ _csrf: who.csrf!, ...fields }),
    headers: { cookie: who.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
  });
  const page = (url: string, who: AuthedUser) => t.app.inject({ url, headers: { cookie: who.cookie! } });

  it('a producer registers an idea through the form, and the officer returns then accepts it', async () => {
    const list = await page('/admin/ideas', producer);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('href="/admin/ideas"'); // nav item
    expect((await page('/admin/ideas/new', producer)).statusCode).toBe(200);

    const bad = await post('/admin/ideas', producer, { name: '', productSetCode: DEFAULT_PRODUCT_SET });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('class="error-summary"');
    expect(bad.body).toContain('href="#field-name"');

    const body = ideaBody();
    const created = await post('/admin/ideas', producer, Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])));
    expect(created.statusCode).toBe(303);
    const url = String(created.headers.location).split('?')[0]!;
    expect((await page(url, producer)).body).toContain(body.name);

    expect((await post(`${url}/transitions`, producer, { action: 'submit' })).statusCode).toBe(303);
    const review = await page(url, commune);
    expect(review.body).toContain('name="comment"');
    expect(review.body).toContain('value="return"');

    // Returning without a comment re-renders the page with the error summary and the field error.
    const missing = await post(`${url}/transitions`, commune, { action: 'return', comment: '' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('href="#field-comment"');
    expect((await post(`${url}/transitions`, commune, { action: 'return', comment: 'Ghi rõ vùng nguyên liệu.' })).statusCode).toBe(303);
    const seen = await page(url, producer);
    expect(seen.body).toContain('Ghi rõ vùng nguyên liệu.');
    expect(seen.body).toContain('class="timeline"');

    // A stale form (the state moved on) re-renders with the conflict instead of failing.
    const stale = await post(`${url}/transitions`, commune, { action: 'accept' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('class="error-summary"');

    expect((await post(`${url}/transitions`, producer, { action: 'submit' })).statusCode).toBe(303);
    expect((await post(`${url}/transitions`, commune, { action: 'accept' })).statusCode).toBe(303);

    // The plan form, then save and submit.
    expect((await page(`${url}/plan`, producer)).statusCode).toBe(200);
    const planBad = await post(`${url}/plan`, producer, { ...planBody, salesChannels: '' });
    expect(planBad.statusCode).toBe(400);
    expect(planBad.body).toContain('href="#field-salesChannels"');
    const filed = await post(`${url}/plan`, producer, { ...planBody, then: 'submit' });
    expect(filed.statusCode).toBe(303);
    expect(String(filed.headers.location)).toContain('done=submit');
    const queue = await page('/admin/ideas?queue=review&lang=en', commune);
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(body.name);
    expect(queue.body).toContain('Waiting for review');
  });

  it('refuses a form post without the CSRF token, and hides other producers\' ideas', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/admin/ideas', payload: form(ideaBody() as Record<string, string>),
      headers: { cookie: producer.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(403);
    const other = await buildProducer(t.ctx, { communeCode: AREAS.hacThanh });
    const theirs = json(await call('POST', '/api/v1/ideas', province.headers(), ideaBody({ producerId: other.id })));
    expect((await page(`/admin/ideas/${theirs.id}`, producer)).statusCode).toBe(404);
    expect((await page(`/admin/ideas/${theirs.id}`, commune)).statusCode).toBe(404);
  });
});
