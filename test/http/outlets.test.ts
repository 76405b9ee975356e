/**
 * Points of sale through the API: registering (validation of every field, the commune in the
 * caller's area), scope (province and commune officers, inspectors read-only, other roles 403,
 * out-of-scope ids 404), filters and pagination, closing instead of deleting once there is
 * history, the certified-only rule for carried products, audit rows, and the public product
 * page listing an open outlet under "where to buy" (and not once closed).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS, buildProduct } from '../helpers/builders';
import { certifyProducts, type Certified } from '../helpers/stamps-fixtures';
import { auditLog } from '../../src/modules/audit/audit.tables';
import { getPublicProduct } from '../../src/modules/portal/catalogue.service';
import { makeCtx } from '../../src/context';

let t: TestApp;
let officer: AuthedUser;
let hanoiOfficer: AuthedUser;
let communeOfficer: AuthedUser;
let otherCommuneOfficer: AuthedUser;
let inspector: AuthedUser;
let admin: AuthedUser;
let producer: AuthedUser;
let honey: Certified;
let tea: Certified;
const now = new Date('2026-07-02T03:00:00Z');

beforeAll(async () => {
  t = await testApp({ clock: () => now });
  [officer, hanoiOfficer, communeOfficer, otherCommuneOfficer, inspector, admin, producer] = await Promise.all([
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi }),
    asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong }),
    asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hacThanh }),
    asUser(t.app, t.deps, { role: 'inspector', areaCode: AREAS.thanhHoa }),
    asUser(t.app, t.deps, { role: 'national_admin' }),
    asUser(t.app, t.deps, { role: 'producer' }),
  ]);
  [honey, tea] = await certifyProducts(t, officer, [{ mean: 72.5 }, { mean: 81 }]) as [Certified, Certified];
}, 180_000);
afterAll(() => t?.close());

const req = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, user: AuthedUser, payload?: unknown) =>
  t.app.inject({ method, url, headers: user.headers(), ...(payload !== undefined ? { payload: payload as object } : {}) });

const body = (extra: Record<string, unknown> = {}) => ({
  name: 'Trung tâm OCOP Hàm Rồng', kind: 'ocop_centre', address: '12 Nguyễn Trãi', communeCode: AREAS.hamRong,
  openedOn: '2026-05-19', website: 'https://ocop.thanhhoa.gov.vn', phone: '0237 3852 123', ...extra,
});

describe('registering a point of sale', () => {
  it('creates an outlet with Vietnamese kind name, area names and an audit row', async () => {
    const res = await req('POST', '/api/v1/outlets', officer, body());
    expect(res.statusCode, res.body).toBe(201);
    const o = json(res);
    expect(o).toMatchObject({
      name: 'Trung tâm OCOP Hàm Rồng', kind: 'ocop_centre', kindName: 'Trung tâm OCOP', communeCode: AREAS.hamRong, provinceCode: AREAS.thanhHoa,
      openedOn: '2026-05-19', closedOn: null, open: true, productCount: 0, products: [], isSample: false, actions: { edit: true, delete: false },
    });
    expect(o.phone).toMatch(/^0237/);
    const audit = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, o.id), eq(auditLog.action, 'outlet.create')));
    expect(audit).toHaveLength(1);
  });

  it('reports every field problem at once (400 with fields)', async () => {
    const shape = expectError(await req('POST', '/api/v1/outlets', officer, { ...body(), name: '', kind: 'market' }), 400, 'validation_failed');
    expect(Object.keys(shape.fields ?? {}).sort()).toEqual(['kind', 'name']);
    const res = await req('POST', '/api/v1/outlets', officer, body({
      communeCode: '99999', openedOn: '2026-02-30', closedOn: '2026-01-01', website: 'ocop.vn', phone: '12ab',
    }));
    const err = expectError(res, 400, 'validation_failed');
    expect(Object.keys(err.fields ?? {}).sort()).toEqual(['communeCode', 'openedOn', 'phone', 'website']);
    expect(err.fields?.communeCode).toBe('unknown commune code');
  });

  it('refuses a closing date before the opening date', async () => {
    const err = expectError(await req('POST', '/api/v1/outlets', officer, body({ openedOn: '2026-05-19', closedOn: '2026-05-01' })), 400, 'validation_failed');
    expect(err.fields).toEqual({ closedOn: 'before the opening date' });
  });

  it('keeps officers to their area: another province\'s commune is a field error; commune officers only their commune', async () => {
    const err = expectError(await req('POST', '/api/v1/outlets', hanoiOfficer, body()), 400, 'validation_failed');
    expect(err.fields).toEqual({ communeCode: 'outside your area' });
    expect((await req('POST', '/api/v1/outlets', communeOfficer, body({ name: 'Cửa hàng xã Hàm Rồng', kind: 'shop' }))).statusCode).toBe(201);
    expectError(await req('POST', '/api/v1/outlets', otherCommuneOfficer, body()), 400, 'validation_failed');
    expect((await req('POST', '/api/v1/outlets', admin, body({ name: 'Cửa hàng OCOP Hoàn Kiếm', kind: 'shop', communeCode: AREAS.hoanKiem }))).statusCode).toBe(201);
  });

  it('is closed to producers and inspectors (403)', async () => {
    expectError(await req('POST', '/api/v1/outlets', producer, body()), 403, 'forbidden');
    expectError(await req('POST', '/api/v1/outlets', inspector, body()), 403, 'forbidden');
    expectError(await req('GET', '/api/v1/outlets', producer), 403, 'forbidden');
  });
});

describe('reading, filters and scope', () => {
  it('lists only the caller\'s area, with filters and pagination', async () => {
    await req('POST', '/api/v1/outlets', officer, body({ name: 'Siêu thị Go! Thanh Hóa', kind: 'supermarket', communeCode: AREAS.hacThanh }));
    const mine = json(await req('GET', '/api/v1/outlets?pageSize=100', officer));
    expect(mine.items.every((o: { provinceCode: string }) => o.provinceCode === AREAS.thanhHoa)).toBe(true);
    expect(mine.items.map((o: { name: string }) => o.name)).not.toContain('Cửa hàng OCOP Hoàn Kiếm');
    const kind = json(await req('GET', '/api/v1/outlets?kind=supermarket', officer));
    expect(kind.items.map((o: { name: string }) => o.name)).toEqual(['Siêu thị Go! Thanh Hóa']);
    const area = json(await req('GET', `/api/v1/outlets?area=${AREAS.hacThanh}`, officer));
    expect(area.total).toBe(1);
    const q = json(await req('GET', '/api/v1/outlets?q=ham rong', officer));
    expect(q.items.map((o: { name: string }) => o.name).sort()).toEqual(['Cửa hàng xã Hàm Rồng', 'Trung tâm OCOP Hàm Rồng']);
    const page = json(await req('GET', '/api/v1/outlets?pageSize=1&page=2', officer));
    expect(page).toMatchObject({ page: 2, pageSize: 1, total: mine.total });
    expect(page.items).toHaveLength(1);
    const commune = json(await req('GET', '/api/v1/outlets', communeOfficer));
    expect(commune.items.every((o: { communeCode: string }) => o.communeCode === AREAS.hamRong)).toBe(true);
    expectError(await req('GET', '/api/v1/outlets?pageSize=101', officer), 400, 'validation_failed');
  });

  it('answers 404 for outlets outside the caller\'s area and lets inspectors read in scope', async () => {
    const o = json(await req('POST', '/api/v1/outlets', officer, body({ name: 'Phòng trưng bày Sầm Sơn', kind: 'showroom' })));
    expectError(await req('GET', `/api/v1/outlets/${o.id}`, hanoiOfficer), 404, 'not_found');
    expectError(await req('PATCH', `/api/v1/outlets/${o.id}`, hanoiOfficer, { name: 'x' }), 404, 'not_found');
    expectError(await req('GET', `/api/v1/outlets/${o.id}`, otherCommuneOfficer), 404, 'not_found');
    expectError(await req('GET', '/api/v1/outlets/not-an-id', officer), 404, 'not_found');
    const seen = json(await req('GET', `/api/v1/outlets/${o.id}`, inspector));
    expect(seen.actions).toEqual({ edit: false, delete: false });
    expectError(await req('PATCH', `/api/v1/outlets/${o.id}`, inspector, { name: 'x' }), 403, 'forbidden');
  });
});

describe('products carried', () => {
  it('adds certified products only (409 not_certifiable naming the others) and the product page lists the outlet', async () => {
    const o = json(await req('POST', '/api/v1/outlets', officer, body({ name: 'Trung tâm OCOP Hạc Thành', communeCode: AREAS.hacThanh, openedOn: '2026-06-01' })));
    const plain = await buildProduct(officer.ctx, { name: 'Nem chua chưa chứng nhận' });
    const bad = await req('PUT', `/api/v1/outlets/${o.id}/products`, officer, { productIds: [honey.productId, plain.id] });
    const err = expectError(bad, 409, 'not_certifiable');
    expect(err.message).toContain('Nem chua chưa chứng nhận');
    expect(json(await req('GET', `/api/v1/outlets/${o.id}`, officer)).products).toEqual([]);
    expectError(await req('PUT', `/api/v1/outlets/${o.id}/products`, officer, { productIds: ['00000000-0000-4000-8000-000000000000'] }), 404, 'not_found');
    expectError(await req('PUT', `/api/v1/outlets/${o.id}/products`, officer, { productIds: ['nope'] }), 400, 'validation_failed');

    const ok = await req('PUT', `/api/v1/outlets/${o.id}/products`, officer, { productIds: [honey.productId, tea.productId] });
    expect(ok.statusCode, ok.body).toBe(200);
    const detail = json(ok);
    expect(detail.productCount).toBe(2);
    expect(detail.products.every((p: { certifiedToday: boolean; stars: number; since: string }) => p.certifiedToday && p.stars >= 3 && p.since === '2026-07-02')).toBe(true);
    expect(detail.actions.delete).toBe(false);

    const page = await getPublicProduct(makeCtx(t.deps), honey.productId);
    expect(page.outlets.map((x) => x.name)).toContain('Trung tâm OCOP Hạc Thành');

    // Removing one is the same PUT without it.
    const less = json(await req('PUT', `/api/v1/outlets/${o.id}/products`, officer, { productIds: [honey.productId] }));
    expect(less.products.map((p: { id: string }) => p.id)).toEqual([honey.productId]);
    const audit = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, o.id), eq(auditLog.action, 'outlet.products')));
    expect(audit).toHaveLength(2);

    // Closed (PATCH closedOn): gone from "where to buy", kept in the register; delete refused.
    const closed = json(await req('PATCH', `/api/v1/outlets/${o.id}`, officer, { closedOn: '2026-07-01' }));
    expect(closed).toMatchObject({ closedOn: '2026-07-01', open: false });
    const after = await getPublicProduct(makeCtx(t.deps), honey.productId);
    expect(after.outlets.map((x) => x.name)).not.toContain('Trung tâm OCOP Hạc Thành');
    expectError(await req('DELETE', `/api/v1/outlets/${o.id}`, officer), 409, 'conflict');
    const closeAudit = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, o.id), eq(auditLog.action, 'outlet.close')));
    expect(closeAudit).toHaveLength(1);
    expectError(await req('PATCH', `/api/v1/outlets/${o.id}`, officer, { closedOn: '2026-05-01' }), 400, 'validation_failed');
  });

  it('deletes an outlet without history (not opened, no products), with an audit row', async () => {
    const o = json(await req('POST', '/api/v1/outlets', officer, body({ name: 'Quầy OCOP sân bay Thọ Xuân', kind: 'airport', openedOn: '2026-12-01' })));
    expect(o.actions.delete).toBe(true);
    expect(o.open).toBe(false);
    expectError(await req('DELETE', `/api/v1/outlets/${o.id}`, hanoiOfficer), 404, 'not_found');
    // Someone edited it after this caller read it: a delete with the version read is refused.
    const edited = json(await req('PATCH', `/api/v1/outlets/${o.id}`, officer, { phone: '0237 3850 000', version: o.version }));
    expectError(await req('DELETE', `/api/v1/outlets/${o.id}?version=${o.version}`, officer), 409, 'conflict');
    expect(json(await req('GET', `/api/v1/outlets/${o.id}`, officer)).phone).toBe('02373850000');
    const res = await req('DELETE', `/api/v1/outlets/${o.id}?version=${edited.version}`, officer);
    expect(res.statusCode, res.body).toBe(204);
    expectError(await req('GET', `/api/v1/outlets/${o.id}`, officer), 404, 'not_found');
    const audit = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, o.id), eq(auditLog.action, 'outlet.delete')));
    expect(audit).toHaveLength(1);
  });

  it('edits fields with the same validation', async () => {
    const o = json(await req('POST', '/api/v1/outlets', officer, body({ name: 'Khách sạn Mường Thanh', kind: 'hotel' })));
    const err = expectError(await req('PATCH', `/api/v1/outlets/${o.id}`, officer, { website: 'ftp://x', phone: '1', communeCode: AREAS.hoanKiem }), 400, 'validation_failed');
    expect(Object.keys(err.fields ?? {}).sort()).toEqual(['communeCode', 'phone', 'website']);
    const ok = json(await req('PATCH', `/api/v1/outlets/${o.id}`, officer, { name: 'Khách sạn Mường Thanh Thanh Hóa', communeCode: AREAS.hacThanh, website: null }));
    expect(ok).toMatchObject({ name: 'Khách sạn Mường Thanh Thanh Hóa', communeCode: AREAS.hacThanh, website: null });
  });
});

describe('OpenAPI and pages', () => {
  it('documents every route of outlets and training', async () => {
    const doc = json(await t.app.inject({ url: '/api/openapi.json' }));
    for (const [path, method] of [
      ['/api/v1/outlets', 'get'], ['/api/v1/outlets', 'post'], ['/api/v1/outlets/{id}', 'get'], ['/api/v1/outlets/{id}', 'patch'],
      ['/api/v1/outlets/{id}', 'delete'], ['/api/v1/outlets/{id}/products', 'put'],
      ['/api/v1/training/courses', 'get'], ['/api/v1/training/courses', 'post'], ['/api/v1/training/courses/{id}', 'get'],
      ['/api/v1/training/courses/{id}', 'patch'], ['/api/v1/training/courses/{id}', 'delete'], ['/api/v1/training/courses/{id}/sessions', 'post'],
      ['/api/v1/training/courses/{id}/participants', 'post'], ['/api/v1/training/sessions/{id}/attendance', 'put'],
    ] as const) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op.tags?.length && op.summary, `${method} ${path}`).toBeTruthy();
    }
  });

  it('serves the register page to officers and 403 to producers', async () => {
    const session = await officer.login();
    const page = await t.app.inject({ url: '/admin/outlets', headers: { cookie: session.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Điểm bán và trung tâm OCOP');
    const other = await producer.login({ remoteAddress: '10.0.0.9' });
    expect((await t.app.inject({ url: '/admin/outlets', headers: { cookie: other.cookie } })).statusCode).toBe(403);
  });

  it('re-renders the form with Vietnamese messages on a validation error (no JavaScript)', async () => {
    const session = await officer.login({ remoteAddress: '10.0.0.10' });
    const res = await t.app.inject({
      method: 'POST', url: '/admin/outlets', headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: session.csrf, name: 'Cửa hàng thử', kind: 'shop', communeCode: AREAS.hamRong, openedOn: '2026-05-10', website: 'abc', phone: '' }).toString(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Trang web phải bắt đầu bằng http:// hoặc https://');
  });
});

describe('concurrent edits (version)', () => {
  it('PATCH: of two edits from the same version the first saves and bumps it, the second is 409 conflict and changes nothing', async () => {
    const o = json(await req('POST', '/api/v1/outlets', officer, body({ name: 'Cửa hàng OCOP Quảng Xương', kind: 'shop', phone: '0237 3852 123' })));
    expect(o.version).toBe(1);
    const first = await req('PATCH', `/api/v1/outlets/${o.id}`, officer, { name: 'Cửa hàng OCOP Quảng Xương mới', version: 1 });
    expect(first.statusCode, first.body).toBe(200);
    expect(json(first)).toMatchObject({ name: 'Cửa hàng OCOP Quảng Xương mới', version: 2 });
    const err = expectError(await req('PATCH', `/api/v1/outlets/${o.id}`, communeOfficer, { name: 'Tên khác', phone: '0912 345 678', version: 1 }), 409, 'conflict');
    expect(err.message).toMatch(/changed meanwhile/);
    const now = json(await req('GET', `/api/v1/outlets/${o.id}`, officer));
    expect(now).toMatchObject({ name: 'Cửa hàng OCOP Quảng Xương mới', phone: o.phone, version: 2 });
    const audit = await t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, o.id), eq(auditLog.action, 'outlet.update')));
    expect(audit).toHaveLength(1);
    // Two saves at the same moment from the same version: exactly one wins.
    const both = await Promise.all([
      req('PATCH', `/api/v1/outlets/${o.id}`, officer, { address: '1 Lê Lợi', version: 2 }),
      req('PATCH', `/api/v1/outlets/${o.id}`, officer, { address: '2 Lê Lai', version: 2 }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(json(await req('GET', `/api/v1/outlets/${o.id}`, officer)).version).toBe(3);
  });

  it('PUT products is an update of the outlet: it bumps the version, and a stale list is 409 conflict that keeps the list', async () => {
    const o = json(await req('POST', '/api/v1/outlets', officer, body({ name: 'Quầy OCOP siêu thị Sầm Sơn', kind: 'supermarket' })));
    const put = (productIds: string[], version?: number) => req('PUT', `/api/v1/outlets/${o.id}/products`, officer, { productIds, ...(version ? { version } : {}) });
    const first = await put([honey.productId], 1);
    expect(first.statusCode, first.body).toBe(200);
    expect(json(first)).toMatchObject({ productCount: 1, version: 2 });
    // The second officer read version 1 (no products) and sends their list: refused, the first one's product stays.
    expectError(await put([tea.productId], 1), 409, 'conflict');
    const now = json(await req('GET', `/api/v1/outlets/${o.id}`, officer));
    expect(now.products.map((p: { id: string }) => p.id)).toEqual([honey.productId]);
    expect(now.version).toBe(2);
    // An edit of the fields read before the product change is stale too.
    expectError(await req('PATCH', `/api/v1/outlets/${o.id}`, officer, { name: 'x', version: 1 }), 409, 'conflict');
    // Without a version the list is replaced against the current one; no change leaves the version alone.
    expect(json(await put([honey.productId, tea.productId])).version).toBe(3);
    expect(json(await put([honey.productId, tea.productId], 3)).version).toBe(3);
  });

  it('the edit form carries the version; a stale form shows the Vietnamese conflict message and saves nothing', async () => {
    const o = json(await req('POST', '/api/v1/outlets', officer, body({ name: 'Điểm du lịch Pù Luông', kind: 'tourist_site' })));
    const session = await officer.login({ remoteAddress: '10.0.0.11' });
    const edit = await t.app.inject({ url: `/admin/outlets/${o.id}/edit`, headers: { cookie: session.cookie } });
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toMatch(/<input type="hidden" name="version" value="1"/);
    // Someone else saves first.
    expect(json(await req('PATCH', `/api/v1/outlets/${o.id}`, admin, { address: '3 Bá Thước', version: 1 })).version).toBe(2);
    const post = (version: string, name: string) => t.app.inject({
      method: 'POST', url: `/admin/outlets/${o.id}`, headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: session.csrf, name, kind: 'tourist_site', communeCode: AREAS.hamRong, address: '12 Nguyễn Trãi', openedOn: '2026-05-19', version }).toString(),
    });
    const stale = await post('1', 'Điểm du lịch Pù Luông (đã sửa)');
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Điểm bán vừa được người khác sửa');
    expect(json(await req('GET', `/api/v1/outlets/${o.id}`, officer))).toMatchObject({ name: 'Điểm du lịch Pù Luông', address: '3 Bá Thước', version: 2 });
    const saved = await post('2', 'Điểm du lịch Pù Luông (đã sửa)');
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    expect(json(await req('GET', `/api/v1/outlets/${o.id}`, officer))).toMatchObject({ name: 'Điểm du lịch Pù Luông (đã sửa)', version: 3 });
  });

  it('documents the version in the OpenAPI update bodies and the DTO', async () => {
    const doc = json(await t.app.inject({ url: '/api/openapi.json' }));
    const bodyOf = (path: string, method: string) => doc.paths[path][method].requestBody.content['application/json'].schema;
    expect(bodyOf('/api/v1/outlets/{id}', 'patch').properties.version).toMatchObject({ type: 'integer' });
    expect(bodyOf('/api/v1/outlets/{id}/products', 'put').properties.version).toMatchObject({ type: 'integer' });
    expect(doc.paths['/api/v1/outlets/{id}'].patch.responses['409']).toBeDefined();
  });
});
