/**
 * Notices of trade connection and events (issue 16 item 5, decisions/039): every audited trade
 * step reaches the right people and no one else — officers of a new buyer organisation's province
 * (national administrators when the province has none), the organisation's members, the
 * producers matched to a demand (one audience, however many), the other side of an offer or a
 * thread, both parties of an agreement (never the one who acted), the producers of an event's
 * province or every producer for a national event, the exhibitor of a registration, and the
 * approved exhibitors the day before their event (once). Plus the buyer's notices page and
 * settings, the bell and "mark all read".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { asUser, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { AREAS, buildProducer, buildProduct, communeIn } from '../helpers/builders';
import { users } from '../../src/modules/identity/identity.tables';
import { mailOutbox } from '../../src/modules/mail/mail.tables';
import { notifications } from '../../src/modules/certification/certification.tables';
import { dispatchNotices } from '../../src/modules/notices/notices.dispatch';
import {
  audit, insertAgreement, insertBuyerOrg, insertDemand, insertEvent, insertMessage, insertOffer, insertRegistration,
} from './notices-trade-fixtures';

let now = new Date('2026-06-10T03:00:00Z'); // 10:00 in Vietnam
let t: TestApp;
let officer: AuthedUser;
let haNoiOfficer: AuthedUser;
let admin: AuthedUser;
let buyer: AuthedUser;
let buyer2: AuthedUser;
let honey: AuthedUser; // producer in Thanh Hóa, two matching products
let tea: AuthedUser; // producer in Thanh Hóa, one matching product
let rice: AuthedUser; // producer in Thanh Hóa, not matched
let hanoiProducer: AuthedUser; // producer in Hà Nội
let org: { id: string; name: string };

type Note = { id: number; kind: string; title: string; body: string; link: string | null; readAt: string | null };
const notes = async (who: AuthedUser): Promise<Note[]> => json(await t.app.inject({ url: '/api/v1/notifications?pageSize=100', headers: who.headers() })).items;
const kinds = async (who: AuthedUser) => (await notes(who)).map((n) => n.kind);
const dispatch = () => dispatchNotices(t.ctx);
const producerUser = async (provinceCode: string) => {
  const communeCode = await communeIn(t.ctx, provinceCode);
  const p = await buildProducer(t.ctx, { communeCode });
  return asUser(t.app, t.deps, { role: 'producer', producerId: p.id });
};

beforeAll(async () => {
  t = await testApp({ clock: () => now, env: { PUBLIC_BASE_URL: 'https://ocop.example.vn' } });
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  haNoiOfficer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi });
  admin = await asUser(t.app, t.deps, { role: 'national_admin' });
  buyer = await asUser(t.app, t.deps, { role: 'buyer', login: true });
  buyer2 = await asUser(t.app, t.deps, { role: 'buyer' });
  honey = await producerUser(AREAS.thanhHoa);
  tea = await producerUser(AREAS.thanhHoa);
  rice = await producerUser(AREAS.thanhHoa);
  hanoiProducer = await producerUser(AREAS.haNoi);
  org = await insertBuyerOrg(t.ctx, { communeCode: AREAS.hamRong, provinceCode: AREAS.thanhHoa, memberIds: [buyer.user.id, buyer2.user.id] });
  await t.deps.database.db.update(users).set({ email: 'mua@sieuthi.example.vn' }).where(eq(users.id, buyer.user.id));
});
afterAll(() => t?.close());

describe('buyer organisations', () => {
  it('a registration tells the officers of its province only; a province without officers tells the national administrators', async () => {
    await audit(buyer.ctx, 'buyer_org.register', org.id, { name: org.name, provinceCode: AREAS.thanhHoa }, AREAS.thanhHoa);
    const hcm = await insertBuyerOrg(t.ctx, { communeCode: await communeIn(t.ctx, '79'), provinceCode: '79' });
    await audit(t.ctx, 'buyer_org.register', hcm.id, { name: hcm.name, provinceCode: '79' }, '79');
    expect(await dispatch()).toMatchObject({ events: 2 });
    const [mine] = await notes(officer);
    expect(mine).toMatchObject({ kind: 'buyer_org_registered', link: '/admin/ket-noi/doanh-nghiep', title: expect.stringContaining(org.name) });
    expect(await notes(haNoiOfficer)).toEqual([]);
    expect((await notes(admin)).map((n) => n.title)).toEqual([expect.stringContaining(hcm.name)]);
    expect(await notes(buyer)).toEqual([]);
  });

  it('verification and rejection reach the organisation\'s members, with the reason', async () => {
    await audit(officer.ctx, 'buyer_org.verify', org.id, { status: 'verified' });
    await dispatch();
    expect(await kinds(buyer)).toEqual(['buyer_org_verified']);
    expect(await kinds(buyer2)).toEqual(['buyer_org_verified']);
    const other = await asUser(t.app, t.deps, { role: 'buyer' });
    const rejected = await insertBuyerOrg(t.ctx, { communeCode: AREAS.hamRong, provinceCode: AREAS.thanhHoa, memberIds: [other.user.id], status: 'pending' });
    await audit(officer.ctx, 'buyer_org.reject', rejected.id, { status: 'rejected', reason: 'Mã số thuế không khớp với tên doanh nghiệp' });
    await dispatch();
    const [n] = await notes(other);
    expect(n).toMatchObject({ kind: 'buyer_org_rejected', link: '/tai-khoan/nhu-cau', body: expect.stringContaining('không khớp với tên') });
    expect(await kinds(buyer)).toEqual(['buyer_org_verified']);
  });
});

describe('demands, offers, threads and agreements', () => {
  let demandId = '';
  let honeyProducts: string[] = [];

  it('a demand tells each matched producer once (two matched products: one notice), nobody else', async () => {
    honeyProducts = [(await buildProduct(t.ctx, { producerId: honey.actor.producerId! })).id, (await buildProduct(t.ctx, { producerId: honey.actor.producerId! })).id];
    const teaProduct = (await buildProduct(t.ctx, { producerId: tea.actor.producerId! })).id;
    demandId = await insertDemand(t.ctx, {
      orgId: org.id, createdBy: buyer.user.id, deliveryProvinceCode: AREAS.thanhHoa,
      matches: [...honeyProducts.map((productId) => ({ productId, producerId: honey.actor.producerId! })), { productId: teaProduct, producerId: tea.actor.producerId! }],
    });
    await audit(buyer.ctx, 'trade_demand.create', demandId, { title: 'Mật ong 4 sao', matched: 3 }, AREAS.thanhHoa);
    expect(await dispatch()).toMatchObject({ notices: 2 });
    for (const p of [honey, tea]) {
      const [n] = await notes(p);
      expect(n).toMatchObject({ kind: 'trade_demand_matched', title: 'Có nhu cầu mua phù hợp với sản phẩm của bạn', link: `/admin/ket-noi/nhu-cau/${demandId}` });
      expect(n!.body).toContain('500 chai');
    }
    expect(await notes(rice)).toEqual([]);
    expect(await kinds(buyer)).toEqual(['buyer_org_verified']);
  });

  it('an offer tells the buyer\'s members; its acceptance or decline the offering producer, with the reason', async () => {
    const offer = await insertOffer(t.ctx, { demandId, producerId: honey.actor.producerId!, productId: honeyProducts[0]!, createdBy: honey.user.id });
    await audit(honey.ctx, 'trade_offer.create', offer, { demandId, producerId: honey.actor.producerId });
    await dispatch();
    expect((await notes(buyer))[0]).toMatchObject({ kind: 'trade_offer_received', link: `/tai-khoan/nhu-cau/${demandId}` });
    expect((await notes(buyer2))[0]!.kind).toBe('trade_offer_received');
    await audit(buyer.ctx, 'trade_offer.decline', offer, { reason: 'Giá cao hơn mặt bằng chung' });
    await dispatch();
    expect((await notes(honey))[0]).toMatchObject({ kind: 'trade_offer_declined', body: expect.stringContaining('Giá cao hơn mặt bằng chung') });
    expect((await notes(tea)).map((n) => n.kind)).toEqual(['trade_demand_matched']);
    await audit(buyer.ctx, 'trade_offer.accept', offer);
    await dispatch();
    expect((await notes(honey))[0]!.kind).toBe('trade_offer_accepted');
  });

  it('a message goes to the other side of its thread only', async () => {
    const q = await insertMessage(t.ctx, { demandId, producerId: tea.actor.producerId!, side: 'buyer', authorId: buyer.user.id, body: 'Chè có chứng nhận VietGAP không?' });
    await audit(buyer.ctx, 'trade_message.create', q, { demandId, producerId: tea.actor.producerId, side: 'buyer' });
    await dispatch();
    expect((await notes(tea))[0]).toMatchObject({ kind: 'trade_message', body: expect.stringContaining('VietGAP'), link: `/admin/ket-noi/nhu-cau/${demandId}` });
    expect((await notes(honey))[0]!.kind).toBe('trade_offer_accepted');
    const a = await insertMessage(t.ctx, { demandId, producerId: tea.actor.producerId!, side: 'producer', authorId: tea.user.id, body: 'Có, chứng nhận còn hạn đến 2027.' });
    await audit(tea.ctx, 'trade_message.create', a, { demandId, producerId: tea.actor.producerId, side: 'producer' });
    await dispatch();
    expect((await notes(buyer))[0]).toMatchObject({ kind: 'trade_message', link: `/tai-khoan/nhu-cau/${demandId}`, body: expect.stringContaining('còn hạn đến 2027') });
    expect((await notes(tea))[0]!.body).toContain('VietGAP');
  });

  it('an agreement\'s steps reach both parties, except the one who acted', async () => {
    const agreement = await insertAgreement(t.ctx, { producerId: honey.actor.producerId!, buyerOrgId: org.id, buyerName: org.name, provinceCode: AREAS.thanhHoa });
    await audit(t.ctx, 'trade_agreement.create', agreement.id, { code: agreement.code });
    await dispatch();
    expect((await notes(honey))[0]).toMatchObject({ kind: 'trade_agreement', title: `Hợp đồng tiêu thụ ${agreement.code} được lập`, link: '/admin/ket-noi/hop-dong' });
    expect((await notes(buyer))[0]).toMatchObject({ kind: 'trade_agreement', link: '/tai-khoan/hop-dong' });
    await audit(buyer.ctx, 'trade_agreement.sign', agreement.id);
    await dispatch();
    expect((await notes(honey))[0]!.title).toBe(`Hợp đồng ${agreement.code} đã được ký`);
    // The buyer who signed hears nothing of it; the organisation's other member does.
    expect((await notes(buyer))[0]!.title).not.toContain('đã được ký');
    expect((await notes(buyer2))[0]!.title).toBe(`Hợp đồng ${agreement.code} đã được ký`);
  });
});

describe('events', () => {
  it('a province\'s event tells the producers of that province; a national one every producer', async () => {
    const local = await insertEvent(t.ctx, { createdBy: officer.user.id, communeCode: AREAS.hamRong, provinceCode: AREAS.thanhHoa, ownerProvinceCode: AREAS.thanhHoa, startsOn: '2026-09-10' });
    await audit(officer.ctx, 'trade_event.publish', local.id, { title: local.title, provinceCode: AREAS.thanhHoa, ownerProvinceCode: AREAS.thanhHoa, national: false });
    await dispatch();
    for (const p of [honey, tea, rice]) expect((await notes(p))[0]).toMatchObject({ kind: 'trade_event_published', link: `/su-kien/${local.id}` });
    expect(await notes(hanoiProducer)).toEqual([]);
    const national = await insertEvent(t.ctx, { createdBy: admin.user.id, communeCode: AREAS.hoanKiem, provinceCode: AREAS.haNoi, ownerProvinceCode: null, startsOn: '2026-10-01' });
    await audit(admin.ctx, 'trade_event.publish', national.id, { title: national.title, provinceCode: AREAS.haNoi, ownerProvinceCode: null, national: true });
    await dispatch();
    for (const p of [honey, tea, rice, hanoiProducer]) expect((await notes(p))[0]!.title).toBe(`Sự kiện toàn quốc: ${national.title}`);
    expect((await notes(officer))[0]!.kind).toBe('buyer_org_registered');
  });

  it('a registration\'s approval, rejection and booth reach its producer', async () => {
    const fair = await insertEvent(t.ctx, { createdBy: officer.user.id, communeCode: AREAS.hamRong, provinceCode: AREAS.thanhHoa, ownerProvinceCode: AREAS.thanhHoa, startsOn: '2026-09-20' });
    const ok = await insertRegistration(t.ctx, { eventId: fair.id, producerId: honey.actor.producerId!, createdBy: honey.user.id });
    const no = await insertRegistration(t.ctx, { eventId: fair.id, producerId: tea.actor.producerId!, createdBy: tea.user.id });
    await audit(officer.ctx, 'trade_event_registration.approve', ok.id, { eventId: fair.id });
    await audit(officer.ctx, 'trade_event_registration.booth', ok.id, { eventId: fair.id, booth: 'A 12' });
    await audit(officer.ctx, 'trade_event_registration.reject', no.id, { eventId: fair.id, reason: 'Sản phẩm chưa đủ 3 sao' });
    await dispatch();
    expect((await notes(honey)).slice(0, 2).map((n) => [n.kind, n.link])).toEqual([
      ['event_booth_allocated', `/admin/su-kien/${fair.id}`], ['event_registration_approved', `/admin/su-kien/${fair.id}`],
    ]);
    expect((await notes(honey))[0]!.title).toContain('A 12');
    expect((await notes(tea))[0]).toMatchObject({ kind: 'event_registration_rejected', body: expect.stringContaining('chưa đủ 3 sao') });
    expect((await notes(rice))[0]!.kind).toBe('trade_event_published');
  });

  it('approved exhibitors are reminded the day before the event, once', async () => {
    const tomorrow = await insertEvent(t.ctx, { createdBy: officer.user.id, communeCode: AREAS.hamRong, provinceCode: AREAS.thanhHoa, ownerProvinceCode: AREAS.thanhHoa, startsOn: '2026-06-11' });
    const later = await insertEvent(t.ctx, { createdBy: officer.user.id, communeCode: AREAS.hamRong, provinceCode: AREAS.thanhHoa, ownerProvinceCode: AREAS.thanhHoa, startsOn: '2026-06-12' });
    await insertRegistration(t.ctx, { eventId: tomorrow.id, producerId: honey.actor.producerId!, createdBy: honey.user.id, status: 'approved', booth: 'B 3' });
    await insertRegistration(t.ctx, { eventId: tomorrow.id, producerId: tea.actor.producerId!, createdBy: tea.user.id, status: 'pending' });
    await insertRegistration(t.ctx, { eventId: later.id, producerId: rice.actor.producerId!, createdBy: rice.user.id, status: 'approved' });
    // The pass after a write does not remind; the minute's pass does.
    expect(await dispatchNotices(t.ctx, { whole: false })).toMatchObject({ reminders: 0 });
    expect(await dispatch()).toMatchObject({ reminders: 1 });
    expect((await notes(honey))[0]).toMatchObject({ kind: 'event_reminder', title: `Ngày mai: ${tomorrow.title}`, body: expect.stringContaining('B 3'), link: `/su-kien/${tomorrow.id}` });
    expect((await notes(tea))[0]!.kind).not.toBe('event_reminder');
    expect((await notes(rice))[0]!.kind).not.toBe('event_reminder');
    expect(await dispatch()).toMatchObject({ reminders: 0, notices: 0 });
    now = new Date('2026-06-11T03:00:00Z');
    expect(await dispatch()).toMatchObject({ reminders: 1 });
    expect((await notes(rice))[0]!.title).toBe(`Ngày mai: ${later.title}`);
    expect((await notes(honey)).filter((n) => n.kind === 'event_reminder')).toHaveLength(1);
  });
});

describe('the buyer\'s page, settings, the bell', () => {
  const form = (who: AuthedUser, url: string, fields: Record<string, string> = {}) => t.app.inject({
    method: 'POST', url, payload: new URLSearchParams({ _csrf: who.csrf!, ...fields }).toString(),
    headers: who.sessionHeaders({ 'content-type': 'application/x-www-form-urlencoded' }),
  });

  it('a buyer\'s settings list the buyer\'s kinds; e-mail off for offers sends none', async () => {
    const page = await t.app.inject({ url: '/tai-khoan/thong-bao/cai-dat', headers: buyer.sessionHeaders() });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Chào giá mới cho nhu cầu của bạn');
    expect(page.body).not.toContain('Hồ sơ bị trả lại');
    const saved = await form(buyer, '/tai-khoan/thong-bao/cai-dat', { email_trade_message: 'on', email_trade_agreement: 'on' });
    expect(saved.statusCode, saved.body).toBe(303);
    const demandId = await insertDemand(t.ctx, { orgId: org.id, createdBy: buyer.user.id, deliveryProvinceCode: AREAS.thanhHoa, matches: [] });
    const offer = await insertOffer(t.ctx, { demandId, producerId: tea.actor.producerId!, productId: (await buildProduct(t.ctx, { producerId: tea.actor.producerId! })).id, createdBy: tea.user.id });
    await audit(tea.ctx, 'trade_offer.create', offer, { demandId });
    const before = (await t.deps.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'mua@sieuthi.example.vn'))).length;
    await dispatch();
    expect((await notes(buyer))[0]!.kind).toBe('trade_offer_received');
    expect((await t.deps.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'mua@sieuthi.example.vn')))).toHaveLength(before);
    const bad = await form(buyer, '/tai-khoan/thong-bao/cai-dat', { quietStart: '7h', quietEnd: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('giờ không hợp lệ');
  });

  it('the buyer\'s page lists the notices under a bell with the unread count; "mark all read" needs the form\'s token', async () => {
    const unread = (await notes(buyer)).filter((n) => !n.readAt).length;
    expect(unread).toBeGreaterThan(1);
    const page = await t.app.inject({ url: '/tai-khoan/thong-bao', headers: buyer.sessionHeaders() });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Chào giá mới cho nhu cầu');
    expect(page.body).toMatch(new RegExp(`class="btn btn-ghost btn-sm header-bell" href="/tai-khoan/thong-bao" aria-label="${unread} thông báo chưa đọc"`, 's'));
    // A public page counts nothing and shows no bell.
    const market = await t.app.inject({ url: '/cho-ocop', headers: buyer.sessionHeaders() });
    expect(market.statusCode).toBe(200);
    expect(market.body).not.toContain('header-bell');
    const forged = await t.app.inject({
      method: 'POST', url: '/tai-khoan/thong-bao/da-doc', payload: 'x=1',
      headers: buyer.sessionHeaders({ 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': '' }),
    });
    expect(forged.statusCode).toBe(403);
    expect((await notes(buyer)).filter((n) => !n.readAt)).toHaveLength(unread);
    const done = await form(buyer, '/tai-khoan/thong-bao/da-doc');
    expect(done.statusCode).toBe(303);
    expect((await notes(buyer)).filter((n) => !n.readAt)).toEqual([]);
    const after = await t.app.inject({ url: done.headers.location as string, headers: buyer.sessionHeaders() });
    expect(after.body).toContain('Đã đánh dấu tất cả thông báo là đã đọc.');
    expect(after.body).not.toContain('chưa đọc</span>');
  });

  it('the back office\'s bell caps its count at "9+", and reading all clears it', async () => {
    await honey.login();
    const rows = Array.from({ length: 12 }, (_, i) => ({ userId: honey.user.id, kind: 'trade_message', title: `Tin ${i}`, body: '…', dedupeKey: `bell-${i}` }));
    await t.deps.database.db.insert(notifications).values(rows);
    const page = await t.app.inject({ url: '/admin/notifications', headers: honey.sessionHeaders() });
    expect(page.body).toContain('9+ thông báo chưa đọc');
    expect(page.body).toContain('Đánh dấu tất cả đã đọc');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers: honey.headers() })).json()).toMatchObject({ marked: expect.any(Number) });
    const again = await t.app.inject({ url: '/admin', headers: honey.sessionHeaders() });
    expect(again.body).toContain('header-bell');
    expect(again.body).not.toContain('chưa đọc');
  });

  it('only buyers use the buyer\'s page; a buyer in the back office\'s list is sent to it', async () => {
    expect((await t.app.inject({ url: '/tai-khoan/thong-bao', headers: honey.sessionHeaders() })).statusCode).toBe(403);
    const sent = await t.app.inject({ url: '/admin/notifications', headers: buyer.sessionHeaders() });
    expect([sent.statusCode, sent.headers.location]).toEqual([303, '/tai-khoan/thong-bao']);
  });
});
