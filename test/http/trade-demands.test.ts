/**
 * Trade connection over the API (issue 16): a buyer organisation signs up and is verified by an
 * officer of its province; it posts a demand for 4★ honey delivered to Thanh Hóa; matching finds
 * the certified honeys that fit (same province first); the matched producers see it and offer,
 * the buyer compares, asks in a thread and accepts one; the agreement moves to completed. And
 * every refusal the issue names: an unverified buyer posting, an offer without a certified
 * product of the set, after the deadline, a competitor's offer, another buyer's thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';
import { makeTaxCode } from '../../src/domain/tax-code';
import { asUser, expectError, json, login, testApp, type AuthedUser, type Headers, type Session, type TestApp } from '../helpers/app';
import { producerOf, seedMarket, type MarketFixture } from '../helpers/market-fixtures';
import { PORTAL_NOW } from '../helpers/portal-fixtures';
import type { AgreementDto, BuyerOrgDto, DemandDto, MatchDto, OfferDto } from '../../src/modules/trade/trade.schema';

type Fields = { fieldCodes: Record<string, string> };

let t: TestApp, m: MarketFixture;
let now = PORTAL_NOW; // 2026-07-02
let officer38: AuthedUser, officer01: AuthedUser, fishProducer: AuthedUser, camThuy: AuthedUser;
beforeAll(async () => {
  t = await testApp({ clock: () => now, env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1' } });
  m = await seedMarket(t);
  officer38 = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38' });
  officer01 = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '01' });
  fishProducer = await asUser(t.app, t.deps, { role: 'producer', producerId: await producerOf(t, m.cat.ids.fishSauce) });
  camThuy = await asUser(t.app, t.deps, { role: 'producer', producerId: await producerOf(t, m.cat.ids.honeyCamThuy) });
}, 90_000);
afterAll(() => t?.close());

const PASSWORD = 'sieu-thi-OCOP-2026';
const post = (url: string, payload: unknown, headers: Headers = {}) => t.app.inject({ method: 'POST', url, payload: payload as object, headers });
const get = (url: string, headers: Headers = {}) => t.app.inject({ method: 'GET', url, headers });
/** The answer's JSON once its status is as expected. */
function ok(res: Awaited<ReturnType<typeof get>>, status = 200) { expect(res.statusCode, res.body).toBe(status); return json(res); }
const fields = (e: unknown) => (e as Fields).fieldCodes;

let seq = 0;
async function signUpOrg(over: Record<string, unknown> = {}): Promise<{ org: BuyerOrgDto & { username: string }; session: Session }> {
  seq++;
  const body = {
    name: `Siêu thị Thanh Hóa ${seq}`, kind: 'supermarket', taxCode: makeTaxCode(41_000_000 + seq), communeCode: '14797', address: '27 Trần Phú',
    contactName: 'Lê Thu Mua', phone: `0912 700 ${String(100 + seq)}`, email: `mua${seq}@sieuthi.example`, password: PASSWORD, ...over,
  };
  const org: BuyerOrgDto & { username: string } = ok(await post('/api/v1/trade/buyer-orgs', body), 201);
  return { org, session: await login(t.app, org.username, PASSWORD) };
}

const demandBody = (over: Record<string, unknown> = {}) => ({
  title: 'Mật ong cho chuỗi siêu thị', productSetCode: '4', minStars: 4, quantity: 500, unit: 'chai', packaging: 'Chai 500 ml có tem OCOP',
  deliveryProvinceCode: '38', neededBy: '2026-08-15', certifications: ['VietGAP'], deadline: '2026-07-20', ...over,
});

describe('buyer organisations', () => {
  it('signs up pending; tax code checked like producers\'; the same tax code again is 409', async () => {
    const { org } = await signUpOrg();
    expect(org).toMatchObject({ status: 'pending', kind: 'supermarket', provinceCode: '38', provinceName: expect.any(String) });
    const [u] = await rows<{ role: string; password_hash: string }>(t.deps.database.db, sql`select role, password_hash from users where username = ${org.username}`);
    expect(u).toMatchObject({ role: 'buyer', password_hash: expect.stringMatching(/^\$argon2id\$/) });
    const bad = expectError(await post('/api/v1/trade/buyer-orgs', { ...demandBody(), name: 'X', kind: 'hotel', taxCode: '0101234568', communeCode: '99999', address: 'a', contactName: 'B', phone: '123', email: 'x', password: 'short' }), 400, 'validation_failed');
    expect(fields(bad)).toMatchObject({ taxCode: 'tax_code.check_digit', communeCode: 'market.unknown_commune', phone: 'market.phone', email: 'market.email' });
    const again = expectError(await post('/api/v1/trade/buyer-orgs', { name: 'Khác', kind: 'hotel', taxCode: org.taxCode, communeCode: '14797', address: '1 Lê Lợi', contactName: 'Bà B', phone: '0912700999', email: 'b@x.example', password: PASSWORD }), 409, 'duplicate');
    expect(fields(again)).toEqual({ taxCode: 'trade.tax_code_registered' });
  });

  it('an unverified buyer cannot post (403 buyer_not_verified); another province\'s officer cannot verify it (404); its own can', async () => {
    const { org, session } = await signUpOrg();
    expectError(await post('/api/v1/trade/demands', demandBody(), session.headers()), 403, 'buyer_not_verified');
    expectError(await post(`/api/v1/trade/buyer-orgs/${org.id}/review`, { decision: 'verify' }, officer01.headers()), 404, 'not_found');
    expect(json(await get('/api/v1/trade/buyer-orgs', officer01.headers())).items.some((o: BuyerOrgDto) => o.id === org.id)).toBe(false);
    expect(json(await get('/api/v1/trade/buyer-orgs?status=pending', officer38.headers())).items.some((o: BuyerOrgDto) => o.id === org.id)).toBe(true);
    expectError(await post(`/api/v1/trade/buyer-orgs/${org.id}/review`, { decision: 'reject' }, officer38.headers()), 400, 'validation_failed');
    expect(ok(await post(`/api/v1/trade/buyer-orgs/${org.id}/review`, { decision: 'verify' }, officer38.headers())).status).toBe('verified');
    const audit = await rows<{ action: string }>(t.deps.database.db, sql`select action from audit_log where entity_id = ${org.id} order by id`);
    expect(audit.map((a) => a.action)).toEqual(['buyer_org.register', 'buyer_org.verify']);
  });
});

describe('a demand, its offers and the agreement', () => {
  let buyer: Session, otherBuyer: Session, demand: DemandDto;

  beforeAll(async () => {
    const a = await signUpOrg();
    buyer = a.session;
    ok(await post(`/api/v1/trade/buyer-orgs/${a.org.id}/review`, { decision: 'verify' }, officer38.headers()));
    const b = await signUpOrg({ communeCode: '00070' });
    otherBuyer = b.session;
    ok(await post(`/api/v1/trade/buyer-orgs/${b.org.id}/review`, { decision: 'verify' }, await asUser(t.app, t.deps, { role: 'national_admin' }).then((u) => u.headers())));
    demand = ok(await post('/api/v1/trade/demands', demandBody(), buyer.headers()), 201);
  });

  it('matches the honeys of 4★ and more, the delivery province first; the 3★ one, revoked and expired ones not', async () => {
    expect(demand).toMatchObject({ status: 'open', productSet: '4', minStars: 4, deliveryProvince: '38', offers: 0, matched: 2, buyer: { name: expect.stringContaining('Siêu thị') } });
    const matches = ok(await get(`/api/v1/trade/demands/${demand.id}/matches`, buyer.headers())).items;
    expect(matches.map((x: MatchDto) => x.product.id)).toEqual([m.cat.ids.honeyPuLuong, m.cat.ids.honeyMeoVac]);
    expect(matches[0]).toMatchObject({ sameProvince: true, inStock: true, product: { stars: 5 } });
    const [audit] = await rows<{ after: Record<string, unknown> }>(t.deps.database.db, sql`select after from audit_log where action = 'trade_demand.create' and entity_id = ${demand.id}`);
    expect(audit!.after).toMatchObject({ matched: 2, productSetCode: '4', minStars: 4 });
  });

  it('a free-text demand (no product set) matches the certified products whose words begin with its title\'s', async () => {
    const free = ok(await post('/api/v1/trade/demands', demandBody({ title: 'mat ong', productSetCode: null, minStars: null }), buyer.headers()), 201);
    const ids = ok(await get(`/api/v1/trade/demands/${free.id}/matches`, buyer.headers())).items.map((x: MatchDto) => x.product.id);
    expect(ids.sort()).toEqual([m.cat.ids.honeyCamThuy, m.cat.ids.honeyMeoVac, m.cat.ids.honeyPuLuong, m.cat.ids.turmericHoney].sort());
    ok(await post(`/api/v1/trade/demands/${free.id}/cancel`, {}, buyer.headers()));
  });

  it('validates every field at once: fractional or negative quantity, a past deadline, an unknown set', async () => {
    const bad = expectError(await post('/api/v1/trade/demands', demandBody({ quantity: 2.5, deadline: '2026-07-01', productSetCode: 'zz' }), buyer.headers()), 400, 'validation_failed');
    expect(Object.keys(fields(bad))).toEqual(expect.arrayContaining(['quantity']));
    const bad2 = expectError(await post('/api/v1/trade/demands', demandBody({ quantity: -1 }), buyer.headers()), 400, 'validation_failed');
    expect(fields(bad2)).toHaveProperty('quantity');
    const bad3 = expectError(await post('/api/v1/trade/demands', demandBody({ deadline: '2026-07-01', productSetCode: 'zz' }), buyer.headers()), 400, 'validation_failed');
    expect(fields(bad3)).toMatchObject({ deadline: 'trade.deadline_past', productSetCode: 'trade.unknown_product_set' });
  });

  it('matched producers see it; a producer of fish sauce and another buyer do not (404)', async () => {
    expect(ok(await get('/api/v1/trade/demands', m.sellerB.headers())).items.map((d: DemandDto) => d.id)).toContain(demand.id);
    ok(await get(`/api/v1/trade/demands/${demand.id}`, m.sellerA.headers()));
    expect(ok(await get('/api/v1/trade/demands', fishProducer.headers())).items.map((d: DemandDto) => d.id)).not.toContain(demand.id);
    expectError(await get(`/api/v1/trade/demands/${demand.id}`, fishProducer.headers()), 404, 'not_found');
    expectError(await get(`/api/v1/trade/demands/${demand.id}`, otherBuyer.headers()), 404, 'not_found');
    expect(ok(await get('/api/v1/trade/demands', officer38.headers())).items.map((d: DemandDto) => d.id)).toContain(demand.id);
    expectError(await get(`/api/v1/trade/demands/${demand.id}`, officer01.headers()), 404, 'not_found');
  });

  let offerA: OfferDto, offerB: OfferDto;
  it('producers offer with a product certified in the set; without one, or with another product, it is refused', async () => {
    const body = (productId: string, over: Record<string, unknown> = {}) => ({ productId, unitPrice: 165_000, quantity: 500, deliveryOn: '2026-08-10', note: 'Giao tại kho', ...over });
    // Cẩm Thủy's honey is 3★: it cannot see the 4★ demand at all.
    expectError(await post(`/api/v1/trade/demands/${demand.id}/offers`, body(m.cat.ids.honeyCamThuy), camThuy.headers()), 404, 'not_found');
    // An officer offering for the fish-sauce producer: no certified honey of 4★.
    expectError(await post(`/api/v1/trade/demands/${demand.id}/offers`, { ...body(m.cat.ids.fishSauce), producerId: fishProducer.actor.producerId }, officer38.headers()), 409, 'no_certified_product');
    // Another producer's product, a fractional price, a negative quantity.
    const bad = expectError(await post(`/api/v1/trade/demands/${demand.id}/offers`, body(m.cat.ids.honeyMeoVac), m.sellerB.headers()), 400, 'validation_failed');
    expect(fields(bad)).toEqual({ productId: 'trade.product_not_offerable' });
    const bad2 = expectError(await post(`/api/v1/trade/demands/${demand.id}/offers`, body(m.cat.ids.honeyPuLuong, { unitPrice: 1.5, quantity: -3 }), m.sellerB.headers()), 400, 'validation_failed');
    expect(Object.keys(fields(bad2)).sort()).toEqual(['quantity', 'unitPrice']);
    offerB = ok(await post(`/api/v1/trade/demands/${demand.id}/offers`, body(m.cat.ids.honeyPuLuong), m.sellerB.headers()), 201);
    offerA = ok(await post(`/api/v1/trade/demands/${demand.id}/offers`, body(m.cat.ids.honeyMeoVac, { unitPrice: 150_000 }), m.sellerA.headers()), 201);
    expect(offerA).toMatchObject({ status: 'submitted', total: 75_000_000, product: { stars: 4, certificateNumber: 'OCOP-08-2025-00001' } });
    expectError(await post(`/api/v1/trade/demands/${demand.id}/offers`, body(m.cat.ids.honeyMeoVac), m.sellerA.headers()), 409, 'duplicate');
  });

  it('a producer never reads a competitor\'s offer (404); the buyer compares them all, the lowest total first', async () => {
    expectError(await get(`/api/v1/trade/offers/${offerB.id}`, m.sellerA.headers()), 404, 'not_found');
    expect(ok(await get(`/api/v1/trade/demands/${demand.id}/offers`, m.sellerA.headers())).items.map((o: BuyerOrgDto) => o.id)).toEqual([offerA.id]);
    expect(ok(await get(`/api/v1/trade/demands/${demand.id}/offers`, buyer.headers())).items.map((o: BuyerOrgDto) => o.id)).toEqual([offerA.id, offerB.id]);
    expectError(await get(`/api/v1/trade/offers/${offerA.id}`, otherBuyer.headers()), 404, 'not_found');
    expect(ok(await get(`/api/v1/trade/demands/${demand.id}`, m.sellerA.headers())).offers).toBe(2);
  });

  it('files: a PDF is attached; a file of another type is 415', async () => {
    const form = (data: Buffer, name: string) => {
      const boundary = 'x-trade-boundary';
      const payload = Buffer.concat([Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/octet-stream\r\n\r\n`), data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
      return { payload, headers: m.sellerA.headers({ 'content-type': `multipart/form-data; boundary=${boundary}` }) };
    };
    const pdf = form(Buffer.from('%PDF-1.4\n% bảng giá\n'), 'bang-gia.pdf');
    const withFile = ok(await t.app.inject({ method: 'POST', url: `/api/v1/trade/offers/${offerA.id}/files`, ...pdf }), 201);
    expect(withFile.files).toEqual([expect.objectContaining({ filename: 'bang-gia.pdf', mime: 'application/pdf' })]);
    const file = await get(withFile.files[0].url, buyer.headers());
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain('bang-gia.pdf');
    expectError(await get(withFile.files[0].url, m.sellerB.headers()), 404, 'not_found');
    const exe = form(Buffer.from('MZ\x90\x00'), 'x.exe');
    expectError(await t.app.inject({ method: 'POST', url: `/api/v1/trade/offers/${offerA.id}/files`, ...exe }), 415, 'unsupported_media_type');
  });

  it('a thread per producer: the buyer asks, the producer answers; another buyer or producer finds nothing', async () => {
    ok(await post(`/api/v1/trade/demands/${demand.id}/thread`, { producerId: m.sellerA.actor.producerId, body: 'Có giao được 2 đợt không?' }, buyer.headers()), 201);
    const thread = ok(await post(`/api/v1/trade/demands/${demand.id}/thread`, { body: 'Được, mỗi đợt 250 chai.' }, m.sellerA.headers()), 201);
    expect(thread.messages.map((x: { side: string }) => x.side)).toEqual(['buyer', 'producer']);
    // Pù Luông's own thread is empty: it never reads Mèo Vạc's, whatever it names.
    expect(ok(await get(`/api/v1/trade/demands/${demand.id}/thread?producer=${m.sellerA.actor.producerId}`, m.sellerB.headers())).messages).toEqual([]);
    expectError(await get(`/api/v1/trade/demands/${demand.id}/thread?producer=${m.sellerA.actor.producerId}`, otherBuyer.headers()), 404, 'not_found');
    expectError(await post(`/api/v1/trade/demands/${demand.id}/thread`, { producerId: m.sellerA.actor.producerId, body: 'chen ngang' }, otherBuyer.headers()), 404, 'not_found');
    expectError(await post(`/api/v1/trade/demands/${demand.id}/thread`, { producerId: m.sellerA.actor.producerId, body: '   ' }, buyer.headers()), 400, 'validation_failed');
    expect(ok(await get(`/api/v1/trade/demands/${demand.id}/threads`, buyer.headers())).items.map((p: { id: string }) => p.id)).toContain(m.sellerA.actor.producerId);
  });

  let agreement: AgreementDto;
  it('the buyer accepts one: the demand is awarded and an agreement opens; only the buyer decides', async () => {
    expectError(await post(`/api/v1/trade/offers/${offerA.id}/accept`, {}, m.sellerA.headers()), 403, 'forbidden');
    const accepted = ok(await post(`/api/v1/trade/offers/${offerA.id}/accept`, {}, buyer.headers()));
    expect(accepted).toMatchObject({ status: 'accepted', agreementId: expect.any(String) });
    expect(ok(await get(`/api/v1/trade/demands/${demand.id}`, buyer.headers())).status).toBe('awarded');
    agreement = ok(await get(`/api/v1/trade/agreements/${accepted.agreementId}`, buyer.headers()));
    expect(agreement).toMatchObject({
      status: 'negotiating', counted: false, value: 75_000_000, provinceCode: '08', productSet: '4', stars: 4, endsOn: '2026-08-15',
      items: [{ productId: m.cat.ids.honeyMeoVac, quantity: 500, unit: 'chai', unitPrice: 150_000 }], actions: ['sign', 'cancel'],
    });
    expect(agreement.code).toMatch(/^HĐ-2026-[A-Z2-9]{6}$/);
    expectError(await get(`/api/v1/trade/agreements/${agreement.id}`, m.sellerB.headers()), 404, 'not_found');
  });

  it('the agreement moves by the table: sign, delivery by the producer only, complete; cancel needs a reason', async () => {
    const move = (h: Headers, action: string, extra: Record<string, unknown> = {}) => post(`/api/v1/trade/agreements/${agreement.id}/transitions`, { action, ...extra }, h);
    expectError(await move(buyer.headers(), 'complete'), 409, 'invalid_transition');
    expect(ok(await move(m.sellerA.headers(), 'sign'))).toMatchObject({ status: 'signed', counted: true, signedOn: '2026-07-02' });
    expectError(await move(buyer.headers(), 'start_delivery'), 403, 'forbidden');
    ok(await move(m.sellerA.headers(), 'start_delivery'));
    expectError(await move(buyer.headers(), 'cancel'), 400, 'validation_failed');
    const done = ok(await move(buyer.headers(), 'complete'));
    expect(done).toMatchObject({ status: 'completed', actions: [] });
    expect(done.history.map((h: AgreementDto['history'][number]) => h.to)).toEqual(['negotiating', 'signed', 'delivering', 'completed']);
    const officerSees = ok(await get('/api/v1/trade/agreements', await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '08' }).then((u) => u.headers())));
    expect(officerSees.items.map((a: AgreementDto) => a.id)).toContain(agreement.id);
    expect(ok(await get('/api/v1/trade/agreements', officer01.headers())).items.map((a: AgreementDto) => a.id)).not.toContain(agreement.id);
  });

  it('no offer after the deadline day (409 deadline_passed), though on the day itself it is taken', async () => {
    const late = ok(await post('/api/v1/trade/demands', demandBody({ deadline: '2026-07-03', neededBy: null }), buyer.headers()), 201);
    const body = { productId: m.cat.ids.honeyPuLuong, unitPrice: 160_000, quantity: 100, deliveryOn: '2026-07-30' };
    now = new Date('2026-07-04T01:00:00Z');
    try {
      expectError(await post(`/api/v1/trade/demands/${late.id}/offers`, body, m.sellerB.headers()), 409, 'deadline_passed');
      now = new Date('2026-07-03T16:59:00Z'); // 23:59 in Vietnam, still the 3rd
      ok(await post(`/api/v1/trade/demands/${late.id}/offers`, body, m.sellerB.headers()), 201);
    } finally { now = PORTAL_NOW; }
  });

  it('closing the demand declines the offers still waiting', async () => {
    const d = ok(await post('/api/v1/trade/demands', demandBody({ title: 'Mật ong quà Tết' }), buyer.headers()), 201);
    const o = ok(await post(`/api/v1/trade/demands/${d.id}/offers`, { productId: m.cat.ids.honeyPuLuong, unitPrice: 160_000, quantity: 100, deliveryOn: '2026-07-30' }, m.sellerB.headers()), 201);
    expectError(await post(`/api/v1/trade/demands/${d.id}/close`, {}, otherBuyer.headers()), 404, 'not_found');
    expect(ok(await post(`/api/v1/trade/demands/${d.id}/close`, {}, buyer.headers())).status).toBe('closed');
    expect(ok(await get(`/api/v1/trade/offers/${o.id}`, m.sellerB.headers()))).toMatchObject({ status: 'declined', decisionNote: 'Người mua đã đóng nhu cầu này.' });
  });
});
