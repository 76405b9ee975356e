/**
 * Trade events through the API (issue 16, item 3): officers create, edit (version checked),
 * publish and cancel events in their area; producers register with their own certified products;
 * officers approve within the booth quota, reject with a reason and allocate booths (unique per
 * event, also when two allocations race); withdrawing before the event; results from its first
 * day; the public list, the report and its files; audit rows as the notifications read them.
 * Bad input: fractional or negative fee and quota, another province's officer, another
 * producer's products and registration, registration after closing and with the quota full, a
 * booth allocated twice.
 */
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, expectError, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { AREAS, buildProduct } from '../helpers/builders';
import { certifyProducts } from '../helpers/stamps-fixtures';
import { producerOf } from '../helpers/market-fixtures';
import { auditLog } from '../../src/modules/audit/audit.tables';
import { findRegistration, isBoothClash, updateRegistrationIf } from '../../src/modules/trade/events.repository';

let t: TestApp;
let now = new Date('2026-07-02T03:00:00Z');
let officer: AuthedUser;
let hanoi: AuthedUser;
let commune: AuthedUser;
let admin: AuthedUser;
let producers: AuthedUser[];
/** Per producer: a product certified today. */
let certified: string[];
let uncertified: string;

beforeAll(async () => {
  t = await testApp({ clock: () => now });
  [officer, hanoi, commune, admin] = await Promise.all([
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi }),
    asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong }),
    asUser(t.app, t.deps, { role: 'national_admin' }),
  ]);
  const made = await certifyProducts(t, officer, [{ mean: 72.5 }, { mean: 81 }, { mean: 75 }, { mean: 78 }, { mean: 74 }, { mean: 76 }]);
  certified = made.map((c) => c.productId);
  const owners = await Promise.all(certified.map((id) => producerOf(t, id)));
  producers = await Promise.all(owners.map((producerId) => asUser(t.app, t.deps, { role: 'producer', producerId })));
  uncertified = (await buildProduct(t.ctx, { producerId: owners[0] })).id;
}, 240_000);
afterAll(() => t?.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, user: AuthedUser | null, payload?: unknown) =>
  t.app.inject({ method, url, headers: user ? user.headers() : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

const fair = (extra: Record<string, unknown> = {}) => ({
  kind: 'fair', title: 'Hội chợ OCOP Thanh Hóa 2026', summary: 'Hội chợ sản phẩm OCOP xứ Thanh.', body: '<p>Giới thiệu <strong>sản phẩm</strong>.</p>',
  startsOn: '2026-07-20', endsOn: '2026-07-24', venueName: 'Quảng trường Lam Sơn', venueAddress: 'Đại lộ Lê Lợi', venueCommuneCode: AREAS.hacThanh,
  latitude: 19.8077, longitude: 105.7766, organiser: 'Sở Nông nghiệp và Môi trường tỉnh Thanh Hóa', boothQuota: 20, boothFee: 1_500_000, support: 'Hỗ trợ vận chuyển.',
  ...extra,
});

async function published(extra: Record<string, unknown> = {}, by = officer) {
  const c = await call('POST', '/api/v1/trade/events', by, fair(extra));
  expect(c.statusCode, c.body).toBe(201);
  const p = await call('POST', `/api/v1/trade/events/${json(c).id}/publish`, by, {});
  expect(p.statusCode, p.body).toBe(200);
  return json(p) as { id: string; version: number };
}

async function registered(eventId: string, i: number, productIds = [certified[i]!]) {
  const r = await call('POST', `/api/v1/trade/events/${eventId}/registrations`, producers[i]!, { productIds, note: 'Cần 1 ổ điện' });
  expect(r.statusCode, r.body).toBe(201);
  return json(r) as { id: string; status: string; version: number };
}

const audits = (entityId: string, action: string) =>
  t.deps.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, entityId), eq(auditLog.action, action)));

describe('creating and running an event', () => {
  it('creates a draft in the officer\'s province, sanitises the body, audits; publishing makes it public', async () => {
    const c = await call('POST', '/api/v1/trade/events', officer, fair({ body: '<p>Giới thiệu</p><script>alert(1)</script><img src="x" onerror="alert(2)">' }));
    expect(c.statusCode, c.body).toBe(201);
    const e = json(c);
    expect(e).toMatchObject({ status: 'draft', ownerProvinceCode: AREAS.thanhHoa, national: false, boothFee: 1_500_000, boothQuota: 20, url: `/su-kien/${e.id}` });
    expect(e.venue).toMatchObject({ communeCode: AREAS.hacThanh, provinceCode: AREAS.thanhHoa, mapUrl: 'https://www.openstreetmap.org/?mlat=19.8077&mlon=105.7766#map=16/19.8077/105.7766' });
    expect(e.body).toContain('<p>Giới thiệu</p>');
    expect(e.body).not.toMatch(/<script|onerror|alert/);
    expect(await audits(e.id, 'trade_event.create')).toHaveLength(1);
    // A draft is not public.
    expect((await call('GET', `/api/v1/trade/events/${e.id}`, null)).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/su-kien/${e.id}` })).statusCode).toBe(404);
    const p = await call('POST', `/api/v1/trade/events/${e.id}/publish`, officer, { version: e.version });
    expect(p.statusCode, p.body).toBe(200);
    const [row] = await audits(e.id, 'trade_event.publish');
    expect(row!.after).toMatchObject({ title: 'Hội chợ OCOP Thanh Hóa 2026', provinceCode: AREAS.thanhHoa, ownerProvinceCode: AREAS.thanhHoa, national: false });
    const pub = await call('GET', `/api/v1/trade/events/${e.id}`, null);
    expect(pub.statusCode).toBe(200);
    expect(pub.headers['cache-control']).toContain('public');
  });

  it('refuses fractional or negative fees and quotas with field codes (400)', async () => {
    const a = expectError(await call('POST', '/api/v1/trade/events', officer, fair({ boothFee: 1500.5, boothQuota: 0 })), 400, 'validation_failed');
    expect(json(await call('POST', '/api/v1/trade/events', officer, fair({ boothFee: 1500.5, boothQuota: 0 }))).error.fieldCodes).toEqual({ boothFee: 'trade_event.whole_dong', boothQuota: 'trade_event.quota_positive' });
    expect(a.fields?.boothFee).toBe('a whole number of đồng (no fraction)');
    const b = json(await call('POST', '/api/v1/trade/events', officer, fair({ boothFee: -1, boothQuota: 2.5, endsOn: '2026-07-10', latitude: 19.8, longitude: null })));
    expect(b.error.fieldCodes).toEqual({ boothFee: 'trade_event.fee_negative', boothQuota: 'trade_event.quota_whole', endsOn: 'trade_event.ends_before_start', longitude: 'trade_event.coordinates_pair' });
    const c = json(await call('POST', '/api/v1/trade/events', officer, fair({ venueCommuneCode: AREAS.hoanKiem, startsOn: '2026-02-30', kind: 'party' })));
    expect(c.error.fieldCodes).toMatchObject({ venueCommuneCode: 'trade_event.outside_area', startsOn: 'trade_event.not_date' });
    expect(c.error.fieldCodes.kind).toBeDefined();
  });

  it('keeps other provinces out: 404 for their officers, 403 for read-only commune officers, and a stale version is a conflict', async () => {
    const e = await published();
    for (const [m, url, body] of [
      ['PATCH', `/api/v1/trade/events/${e.id}`, { title: 'Đổi tên' }],
      ['POST', `/api/v1/trade/events/${e.id}/cancel`, {}],
      ['GET', `/api/v1/trade/events/${e.id}/registrations`, undefined],
      ['GET', `/api/v1/trade/events/${e.id}/report`, undefined],
    ] as const) expectError(await call(m, url, hanoi, body), 404, 'not_found');
    expect((await call('GET', `/api/v1/trade/events/${e.id}/registrations`, commune)).statusCode).toBe(200);
    expectError(await call('PATCH', `/api/v1/trade/events/${e.id}`, commune, { title: 'Đổi tên' }), 403, 'forbidden');
    expect(json(await call('GET', '/api/v1/trade/events/managed', hanoi)).items.map((x: { id: string }) => x.id)).not.toContain(e.id);
    const ok = await call('PATCH', `/api/v1/trade/events/${e.id}`, officer, { title: 'Hội chợ OCOP Thanh Hóa (đổi tên)', version: e.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expectError(await call('PATCH', `/api/v1/trade/events/${e.id}`, officer, { title: 'Lần nữa', version: e.version }), 409, 'conflict');
    // The national office manages it too.
    expect((await call('PATCH', `/api/v1/trade/events/${e.id}`, admin, { support: 'Hỗ trợ gian hàng.' })).statusCode).toBe(200);
  });

  it('keeps a booth plan image: re-encoded, public with the event, refused when not an image', async () => {
    const e = await published({ title: 'Hội chợ có sơ đồ' });
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } }).png().toBuffer();
    expectError(await call('PUT', `/api/v1/trade/events/${e.id}/booth-plan`, officer, { image: Buffer.from('không phải ảnh').toString('base64') }), 415, 'unsupported_media_type');
    expectError(await call('PUT', `/api/v1/trade/events/${e.id}/booth-plan`, hanoi, { image: png.toString('base64') }), 404, 'not_found');
    const up = await call('PUT', `/api/v1/trade/events/${e.id}/booth-plan`, officer, { image: `data:image/png;base64,${png.toString('base64')}` });
    expect(up.statusCode, up.body).toBe(200);
    const plan = json(up).boothPlan as string;
    expect(plan).toBe(`/anh/su-kien/${e.id}/so-do`);
    const img = await t.app.inject({ url: plan });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.headers['cache-control']).toContain('immutable');
    expect((await sharp(img.rawPayload).metadata()).width).toBe(64);
  });

  it('cancels an event: it leaves the public list', async () => {
    const e = await published({ title: 'Tuần hàng sẽ hủy', kind: 'product_week' });
    const c = await call('POST', `/api/v1/trade/events/${e.id}/cancel`, officer, { reason: 'Thời tiết xấu' });
    expect(json(c).status).toBe('cancelled');
    expect((await audits(e.id, 'trade_event.cancel'))[0]!.after).toMatchObject({ reason: 'Thời tiết xấu' });
    expect(json(await call('GET', '/api/v1/trade/events?pageSize=100', null)).items.map((x: { id: string }) => x.id)).not.toContain(e.id);
  });
});

describe('registrations', () => {
  it('registers a producer with its own certified products, and refuses others\' or uncertified ones', async () => {
    const e = await published();
    const other = await call('POST', `/api/v1/trade/events/${e.id}/registrations`, producers[0]!, { productIds: [certified[0], certified[1]] });
    expect(expectError(other, 400, 'validation_failed') && json(other).error.fieldCodes).toEqual({ productIds: 'trade_event.not_own_product' });
    const lapsed = await call('POST', `/api/v1/trade/events/${e.id}/registrations`, producers[0]!, { productIds: [uncertified] });
    expect(json(lapsed).error.fieldCodes).toEqual({ productIds: 'trade_event.not_certified' });
    // Naming another producer is not reaching it.
    expectError(await call('POST', `/api/v1/trade/events/${e.id}/registrations`, producers[0]!, { producerId: producers[1]!.user.producerId, productIds: [certified[1]] }), 404, 'not_found');
    const r = await registered(e.id, 0);
    expect(r).toMatchObject({ status: 'pending', products: [{ id: certified[0] }] });
    expect((await audits(r.id, 'trade_event_registration.create'))[0]!.after).toMatchObject({ eventId: e.id, producerId: producers[0]!.user.producerId });
    expectError(await call('POST', `/api/v1/trade/events/${e.id}/registrations`, producers[0]!, { productIds: [certified[0]] }), 409, 'duplicate');
    // Another producer neither reads nor withdraws it; the officers of the event read it.
    expectError(await call('GET', `/api/v1/trade/registrations/${r.id}`, producers[1]!), 404, 'not_found');
    expectError(await call('POST', `/api/v1/trade/registrations/${r.id}/withdraw`, producers[1]!, {}), 404, 'not_found');
    expectError(await call('PUT', `/api/v1/trade/registrations/${r.id}/result`, producers[1]!, { salesValue: 1 }), 404, 'not_found');
    expect(json(await call('GET', `/api/v1/trade/events/${e.id}/registrations`, producers[1]!)).items).toEqual([]);
    expect((await call('GET', `/api/v1/trade/registrations/${r.id}`, commune)).statusCode).toBe(200);
    // Another province's officer cannot decide it.
    expectError(await call('POST', `/api/v1/trade/registrations/${r.id}/approve`, hanoi, {}), 404, 'not_found');
    expectError(await call('POST', `/api/v1/trade/registrations/${r.id}/approve`, producers[0]!, {}), 403, 'forbidden');
    // Withdrawing, then registering again.
    const w = await call('POST', `/api/v1/trade/registrations/${r.id}/withdraw`, producers[0]!, {});
    expect(json(w).status).toBe('withdrawn');
    expect((await registered(e.id, 0)).id).toBe(r.id);
  });

  it('lets an officer register a producer it keeps, not one of another province', async () => {
    const e = await published();
    const r = await call('POST', `/api/v1/trade/events/${e.id}/registrations`, officer, { producerId: producers[2]!.user.producerId, productIds: [certified[2]] });
    expect(r.statusCode, r.body).toBe(201);
    expectError(await call('POST', `/api/v1/trade/events/${e.id}/registrations`, hanoi, { producerId: producers[3]!.user.producerId, productIds: [certified[3]] }), 404, 'not_found');
    const missing = await call('POST', `/api/v1/trade/events/${e.id}/registrations`, officer, { productIds: [certified[3]] });
    expect(json(missing).error.fieldCodes).toEqual({ producerId: 'trade_event.choose_producer' });
  });

  it('refuses registration after closing: after registrationClosesOn, and from the start day without one', async () => {
    const closed = await published({ startsOn: '2026-07-10', endsOn: '2026-07-12', registrationClosesOn: '2026-07-01' });
    expectError(await call('POST', `/api/v1/trade/events/${closed.id}/registrations`, producers[0]!, { productIds: [certified[0]] }), 409, 'registration_closed');
    const today = await published({ startsOn: '2026-07-02', endsOn: '2026-07-05' });
    expectError(await call('POST', `/api/v1/trade/events/${today.id}/registrations`, producers[0]!, { productIds: [certified[0]] }), 409, 'registration_closed');
    const lastDay = await published({ startsOn: '2026-07-10', endsOn: '2026-07-12', registrationClosesOn: '2026-07-02' });
    await registered(lastDay.id, 0);
  });

  it('approves within the quota: beyond it approving and registering are refused (quota_full)', async () => {
    const e = await published({ boothQuota: 2 });
    const [a, b, c] = [await registered(e.id, 0), await registered(e.id, 1), await registered(e.id, 2)];
    for (const r of [a, b]) expect(json(await call('POST', `/api/v1/trade/registrations/${r.id}/approve`, officer, {})).status).toBe('approved');
    expectError(await call('POST', `/api/v1/trade/registrations/${c.id}/approve`, officer, {}), 409, 'quota_full');
    expectError(await call('POST', `/api/v1/trade/events/${e.id}/registrations`, producers[3]!, { productIds: [certified[3]] }), 409, 'quota_full');
    // Rejecting frees a place; the reason is kept and audited.
    expectError(await call('POST', `/api/v1/trade/registrations/${b.id}/reject`, officer, { reason: '' }), 400, 'validation_failed');
    const rej = await call('POST', `/api/v1/trade/registrations/${b.id}/reject`, officer, { reason: 'Sản phẩm trùng nhóm hàng' });
    expect(json(rej)).toMatchObject({ status: 'rejected', decisionNote: 'Sản phẩm trùng nhóm hàng' });
    expect((await audits(b.id, 'trade_event_registration.reject'))[0]!.after).toMatchObject({ reason: 'Sản phẩm trùng nhóm hàng', eventId: e.id });
    expect(json(await call('POST', `/api/v1/trade/registrations/${c.id}/approve`, officer, {})).status).toBe('approved');
    expect(await audits(c.id, 'trade_event_registration.approve')).toHaveLength(1);
  });

  it('gives a booth to one exhibitor only, also when two allocations race', async () => {
    const e = await published();
    const [a, b, c, d] = [await registered(e.id, 0), await registered(e.id, 1), await registered(e.id, 2), await registered(e.id, 3)];
    for (const r of [a, b, c, d]) await call('POST', `/api/v1/trade/registrations/${r.id}/approve`, officer, {});
    const first = await call('PUT', `/api/v1/trade/registrations/${a.id}/booth`, officer, { booth: ' a  12 ' });
    expect(json(first).booth).toBe('A 12');
    expect((await audits(a.id, 'trade_event_registration.booth'))[0]!.after).toMatchObject({ eventId: e.id, booth: 'A 12' });
    const twice = expectError(await call('PUT', `/api/v1/trade/registrations/${b.id}/booth`, officer, { booth: 'A 12' }), 409, 'booth_taken');
    expect(twice.fields).toEqual({ booth: 'another exhibitor of the event holds this booth' });
    expectError(await call('PUT', `/api/v1/trade/registrations/${b.id}/booth`, officer, { booth: '  ' }), 400, 'validation_failed');
    // Two allocations of one booth at once: one wins, the other is a clean 409.
    const race = await Promise.all([c, d].map((r) => call('PUT', `/api/v1/trade/registrations/${r.id}/booth`, officer, { booth: 'B 7' })));
    expect(race.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(json(race.find((r) => r.statusCode === 409)!).error.code).toBe('booth_taken');
    // Behind the check, the database's unique index: a second write of a held booth is refused
    // and recognised as a clash (what a concurrent allocation that passed the check meets).
    const held = race.find((r) => r.statusCode === 200)!;
    const loser = [c, d].find((r) => r.id !== json(held).id)!;
    const row = (await findRegistration(t.ctx, loser.id))!;
    const clash = await updateRegistrationIf(t.ctx, loser.id, row.registration.version, { booth: 'B 7' }).then(() => null, (e: unknown) => e);
    expect(isBoothClash(clash)).toBe(true);
    // Withdrawing frees the booth.
    expect(json(await call('POST', `/api/v1/trade/registrations/${a.id}/withdraw`, producers[0]!, {})).booth).toBeNull();
    expect(json(await call('PUT', `/api/v1/trade/registrations/${b.id}/booth`, officer, { booth: 'A 12' })).booth).toBe('A 12');
  });
});

describe('after the event', () => {
  it('takes results from the first day, shows exhibitors publicly and sums the report (JSON, XLSX, PDF)', async () => {
    const e = await published({ startsOn: '2026-07-10', endsOn: '2026-07-12', title: 'Tuần hàng OCOP (kết quả)' });
    const [a, b, c] = [await registered(e.id, 0), await registered(e.id, 1), await registered(e.id, 4, [certified[4]!])];
    for (const r of [a, b]) await call('POST', `/api/v1/trade/registrations/${r.id}/approve`, officer, {});
    await call('PUT', `/api/v1/trade/registrations/${a.id}/booth`, officer, { booth: 'C1' });
    expectError(await call('PUT', `/api/v1/trade/registrations/${a.id}/result`, producers[0]!, { salesValue: 1000 }), 409, 'invalid_transition');

    const list = json(await call('GET', `/api/v1/trade/events?from=2026-07-10&to=2026-07-10&province=${AREAS.thanhHoa}&kind=fair`, null));
    const item = list.items.find((x: { id: string }) => x.id === e.id);
    expect(item).toMatchObject({ kind: 'fair', startsOn: '2026-07-10', endsOn: '2026-07-12', venue: { address: 'Đại lộ Lê Lợi', communeCode: AREAS.hacThanh }, organiser: expect.any(String), url: `/su-kien/${e.id}` });
    expect(item.exhibitors).toEqual([
      { producer: { id: producers[0]!.user.producerId, name: expect.any(String) }, booth: 'C1', products: [{ id: certified[0], name: expect.any(String), stars: expect.any(Number), url: expect.stringMatching(new RegExp(`^/san-pham/.+-${certified[0]}$`)) }] },
      { producer: { id: producers[1]!.user.producerId, name: expect.any(String) }, booth: null, products: [expect.objectContaining({ id: certified[1] })] },
    ]);
    expect(list).toMatchObject({ page: 1, pageSize: 20, total: expect.any(Number) });
    expect(json(await call('GET', `/api/v1/trade/events?from=2026-08-01&kind=fair`, null)).items.map((x: { id: string }) => x.id)).not.toContain(e.id);

    now = new Date('2026-07-11T03:00:00Z');
    try {
      expectError(await call('POST', `/api/v1/trade/registrations/${b.id}/withdraw`, producers[1]!, {}), 409, 'invalid_transition');
      expectError(await call('PUT', `/api/v1/trade/registrations/${c.id}/result`, producers[4]!, { salesValue: 1000 }), 409, 'invalid_transition');
      expect(json(await call('PUT', `/api/v1/trade/registrations/${a.id}/result`, producers[0]!, { salesValue: 12_500_000, visitors: 300, note: 'Bán hết' })).result)
        .toMatchObject({ salesValue: 12_500_000, visitors: 300 });
      const bad = json(await call('PUT', `/api/v1/trade/registrations/${b.id}/result`, producers[1]!, { salesValue: 10.5, visitors: -1 }));
      expect(bad.error.fieldCodes).toEqual({ salesValue: 'trade_event.whole_dong', visitors: 'trade_event.visitors_whole' });
      expect((await call('PUT', `/api/v1/trade/registrations/${b.id}/result`, officer, { salesValue: 4_000_000 })).statusCode).toBe(200);
      // Reported again: replaced.
      await call('PUT', `/api/v1/trade/registrations/${a.id}/result`, producers[0]!, { salesValue: 13_000_000, visitors: 320 });
      expect((await audits(a.id, 'trade_event_registration.result')).map((r) => (r.after as { salesValue: number }).salesValue).sort()).toEqual([12_500_000, 13_000_000]);

      const report = json(await call('GET', `/api/v1/trade/events/${e.id}/report`, officer));
      expect(report.totals).toEqual({ exhibitors: 2, reported: 2, salesValue: 17_000_000, visitors: 320, agreements: { count: 0, value: 0 } });
      expect(report.rows[0]).toMatchObject({ booth: 'C1', salesValue: 13_000_000, agreements: { count: 0, value: 0 } });
      expectError(await call('GET', `/api/v1/trade/events/${e.id}/report`, producers[0]!), 403, 'forbidden');

      const session = await officer.login();
      const xlsx = await t.app.inject({ url: `/admin/su-kien/${e.id}/bao-cao.xlsx`, headers: { cookie: session.cookie } });
      expect(xlsx.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      expect(ws.getRow(1).values).toEqual([undefined, 'STT', 'Chủ thể', 'Gian hàng', 'Sản phẩm', 'Doanh số (đồng)', 'Lượt khách', 'Hợp đồng', 'Giá trị hợp đồng (đồng)']);
      expect(ws.getRow(4).getCell(2).value).toBe('Tổng cộng');
      expect(ws.getRow(4).getCell(5).value).toBe(17_000_000);
      const pdf = await t.app.inject({ url: `/admin/su-kien/${e.id}/bao-cao.pdf`, headers: { cookie: session.cookie } });
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const page = await t.app.inject({ url: `/admin/su-kien/${e.id}/bao-cao`, headers: { cookie: session.cookie } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('17.000.000');
    } finally {
      now = new Date('2026-07-02T03:00:00Z');
    }
  });
});

describe('the API document', () => {
  it('lists the events\' routes with their schemas', async () => {
    const doc = json(await t.app.inject({ url: '/api/openapi.json' }));
    const list = doc.paths['/api/v1/trade/events'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(list.properties)).toEqual(['items', 'total', 'page', 'pageSize']);
    expect(list.properties.items.items.required).toEqual(expect.arrayContaining(['id', 'kind', 'title', 'startsOn', 'endsOn', 'venue', 'organiser', 'url', 'exhibitors']));
    for (const [path, method] of [
      ['/api/v1/trade/events/{id}', 'patch'], ['/api/v1/trade/events/{id}/publish', 'post'], ['/api/v1/trade/events/{id}/registrations', 'post'],
      ['/api/v1/trade/registrations/{id}/booth', 'put'], ['/api/v1/trade/registrations/{id}/result', 'put'], ['/api/v1/trade/events/{id}/report', 'get'],
      ['/api/v1/trade/events/{id}/booth-plan', 'put'],
    ] as const) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect(doc.paths['/api/v1/trade/registrations/{id}/booth'].put.responses['409']).toBeDefined();
  });
});
