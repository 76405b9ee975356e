/**
 * Notices of lot recalls (issue 17 item 5): a recall reaches the lot's producer (unless its own
 * account recalled it), the inspectors and province officers of the lot's province (the recalls
 * queue) and the buyer accounts whose marketplace orders may hold the lot — in the app only, since
 * the recall itself e-mails every order's address; a closing reaches the producer and the same
 * officers. Nobody else: not a buyer of another product, not another province's inspector, not
 * whoever acted. The new kinds are chosen on the settings pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, like } from 'drizzle-orm';
import { asUser, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { communeIn } from '../helpers/builders';
import { guestCheckout, seedMarket, type MarketFixture } from '../helpers/market-fixtures';
import { PORTAL_NOW } from '../helpers/portal-fixtures';
import { users } from '../../src/modules/identity/identity.tables';
import { mailOutbox } from '../../src/modules/mail/mail.tables';
import { dispatchNotices } from '../../src/modules/notices/notices.dispatch';
import { saveNoticeSettings } from '../../src/modules/notices/notices.service';

const TQ = '08'; // Tuyên Quang: the Mèo Vạc cooperative's province (shop A)
const TH = '38'; // Thanh Hóa: the Pù Luông household's (shop B)

let t: TestApp;
let m: MarketFixture;
let officer: AuthedUser; // province officer of Tuyên Quang: recalls
let officer2: AuthedUser; // another province officer of Tuyên Quang: closes
let inspector: AuthedUser; // inspector of Tuyên Quang
let communeInspector: AuthedUser; // inspector of a commune of Tuyên Quang
let otherInspector: AuthedUser; // inspector of Thanh Hóa
let otherOfficer: AuthedUser; // province officer of Thanh Hóa
let buyerA: AuthedUser; // ordered Mèo Vạc honey
let buyerB: AuthedUser; // ordered Pù Luông honey only

type Note = { id: number; kind: string; title: string; body: string; link: string | null };
const notes = async (who: AuthedUser): Promise<Note[]> => json(await t.app.inject({ url: '/api/v1/notifications?pageSize=100', headers: who.headers() })).items;
const kinds = async (who: AuthedUser) => (await notes(who)).map((n) => n.kind);
const post = (url: string, who: AuthedUser, payload: unknown) => t.app.inject({ method: 'POST', url, headers: who.headers(), payload: payload as object });
/** The mail queued to an address, but the marketplace's own about the order. */
const mailTo = async (address: string) => (await t.deps.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, address)))
  .filter((x) => !x.dedupeKey.startsWith('order:'));
const setEmail = (who: AuthedUser, email: string) => t.deps.database.db.update(users).set({ email }).where(eq(users.id, who.user.id));

async function order(who: AuthedUser, variantId: string, email: string): Promise<void> {
  const body = guestCheckout([{ variantId, quantity: 1 }], 'cod');
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/market/checkout', headers: who.sessionHeaders(), payload: { ...body, buyer: { ...body.buyer, email } } });
  expect(res.statusCode, res.body).toBe(201);
}

async function lot(lotNumber: string): Promise<{ id: string; traceCode: string }> {
  const res = await post('/api/v1/trace/lots', m.sellerA, {
    productId: m.cat.ids.honeyMeoVac, lotNumber, producedOn: '2026-06-20', quantity: 120, unit: 'bottle', facility: 'Xưởng đóng chai Pả Vi',
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res);
}

const recall = async (lotId: string, by: AuthedUser, reason: string) => {
  const res = await post(`/api/v1/trace/lots/${lotId}/recall`, by, { reason, scope: 'Toàn bộ lô, chai 250 g và 500 g', instructions: 'Ngừng sử dụng và mang trả tại nơi mua' });
  expect(res.statusCode, res.body).toBe(201);
  return json(res) as { id: string; buyersNotified: number };
};

beforeAll(async () => {
  t = await testApp({ clock: () => PORTAL_NOW, env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1', PUBLIC_BASE_URL: 'https://ocop.example.vn' } });
  m = await seedMarket(t);
  [officer, officer2, inspector, communeInspector, otherInspector, otherOfficer, buyerA, buyerB] = await Promise.all([
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: TQ }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: TQ }),
    asUser(t.app, t.deps, { role: 'inspector', areaCode: TQ, login: true }),
    asUser(t.app, t.deps, { role: 'inspector', areaCode: await communeIn(t.ctx, TQ) }),
    asUser(t.app, t.deps, { role: 'inspector', areaCode: TH }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: TH }),
    asUser(t.app, t.deps, { role: 'buyer', login: true }),
    asUser(t.app, t.deps, { role: 'buyer', login: true }),
  ]);
  await m.sellerA.login();
  await setEmail(buyerA, 'mua.a@example.org');
  await setEmail(buyerB, 'mua.b@example.org');
  await setEmail(inspector, 'thanhtra.tq@example.org');
  await setEmail(communeInspector, 'thanhtra.xa@example.org');
  await order(buyerA, m.a250, 'mua.a@example.org');
  await order(buyerB, m.b500, 'mua.b@example.org');
  await dispatchNotices(t.ctx);
}, 120_000);
afterAll(() => t?.close());

describe('a recall by an officer', () => {
  let recalled: { id: string; traceCode: string };
  let recallId = '';

  it('tells the producer, the province\'s inspectors and officers, and the buyer account whose order may hold it; nobody else', async () => {
    recalled = await lot('MV-2606-A');
    // The commune inspector chose no e-mail for the queue: the notice stays in the app.
    await saveNoticeSettings(communeInspector.ctx, { emailOn: ['fake_report', 'lot_recall_closed'] });
    const r = await recall(recalled.id, officer, 'Phát hiện dư lượng kháng sinh vượt giới hạn.');
    recallId = r.id;
    expect(r.buyersNotified).toBe(1);
    expect(await dispatchNotices(t.ctx)).toMatchObject({ events: 1, notices: 5 });

    const [producer] = await notes(m.sellerA);
    expect(producer).toMatchObject({ kind: 'lot_recalled', title: 'Lô MV-2606-A của sản phẩm Mật ong bạc hà Mèo Vạc bị thu hồi', link: `/admin/truy-xuat/lo/${recalled.id}` });
    expect(producer!.body).toContain('Lý do: Phát hiện dư lượng kháng sinh vượt giới hạn. Phạm vi: Toàn bộ lô, chai 250 g và 500 g.');
    for (const who of [inspector, communeInspector, officer2]) {
      const [n] = await notes(who);
      expect(n).toMatchObject({ kind: 'lot_recall_queue', link: '/admin/truy-xuat/thu-hoi', title: 'Thu hồi lô MV-2606-A (Mật ong bạc hà Mèo Vạc) chờ xử lý' });
    }
    const [buyer] = await notes(buyerA);
    expect(buyer).toMatchObject({ kind: 'lot_recalled_order', link: `/truy-xuat/${recalled.traceCode}`, title: expect.stringContaining('Mật ong bạc hà Mèo Vạc') });
    expect(buyer!.body).toContain('Hướng dẫn: Ngừng sử dụng và mang trả tại nơi mua');

    expect(await notes(officer)).toEqual([]); // who acted
    expect(await notes(buyerB)).toEqual([]); // ordered another product
    expect(await notes(otherInspector)).toEqual([]); // another province
    expect(await notes(otherOfficer)).toEqual([]);
  });

  it('e-mails the officers who want it, and the buyer once: the recall\'s own e-mail for the order, none from the notice', async () => {
    const inspectorMail = await mailTo('thanhtra.tq@example.org');
    expect(inspectorMail.map((x) => x.subject)).toEqual(['Thu hồi lô MV-2606-A (Mật ong bạc hà Mèo Vạc) chờ xử lý']);
    expect(inspectorMail[0]!.body).toContain('https://ocop.example.vn/admin/truy-xuat/thu-hoi');
    expect(await mailTo('thanhtra.xa@example.org')).toEqual([]);
    const buyerMail = await mailTo('mua.a@example.org');
    expect(buyerMail.map((x) => x.dedupeKey)).toEqual([expect.stringMatching(new RegExp(`^recall:${recallId}:`))]);
    expect(await mailTo('mua.b@example.org')).toEqual([]);
    // A second pass adds nothing.
    const queued = (await t.deps.database.db.select().from(mailOutbox).where(like(mailOutbox.dedupeKey, 'notice:%'))).length;
    expect(await dispatchNotices(t.ctx)).toMatchObject({ events: 0, notices: 0, emails: 0 });
    expect(await t.deps.database.db.select().from(mailOutbox).where(like(mailOutbox.dedupeKey, 'notice:%'))).toHaveLength(queued);
  });

  it('closing tells the producer and the officers, not the one who closed it', async () => {
    const res = await post(`/api/v1/trace/recalls/${recallId}/close`, officer2, { note: 'Đã thu hồi đủ 37 chai tại các điểm bán' });
    expect(res.statusCode, res.body).toBe(200);
    await dispatchNotices(t.ctx);
    const [producer] = await notes(m.sellerA);
    expect(producer).toMatchObject({ kind: 'lot_recall_closed', link: `/admin/truy-xuat/lo/${recalled.id}`, body: expect.stringContaining('Ghi chú: Đã thu hồi đủ 37 chai tại các điểm bán') });
    for (const who of [officer, inspector, communeInspector]) expect((await notes(who))[0]).toMatchObject({ kind: 'lot_recall_closed', link: '/admin/truy-xuat/thu-hoi' });
    expect(await kinds(officer2)).toEqual(['lot_recall_queue']);
    expect(await kinds(buyerA)).toEqual(['lot_recalled_order']);
    expect(await notes(otherInspector)).toEqual([]);
    // The commune inspector kept e-mail for closings.
    expect((await mailTo('thanhtra.xa@example.org')).map((x) => x.subject)).toEqual(['Kết thúc thu hồi lô MV-2606-A (Mật ong bạc hà Mèo Vạc)']);
  });
});

describe('a recall by the producer', () => {
  it('tells the officers and the buyers, not the producer itself', async () => {
    const own = await lot('MV-2606-B');
    const before = await kinds(m.sellerA);
    await recall(own.id, m.sellerA, 'Nắp chai không kín');
    await dispatchNotices(t.ctx);
    expect(await kinds(m.sellerA)).toEqual(before);
    const [queued] = await notes(inspector);
    expect(queued).toMatchObject({ kind: 'lot_recall_queue', title: 'Thu hồi lô MV-2606-B (Mật ong bạc hà Mèo Vạc) chờ xử lý', body: expect.stringContaining('Lý do: Nắp chai không kín.') });
    expect((await notes(officer))[0]!.kind).toBe('lot_recall_queue');
    expect((await notes(buyerA))[0]).toMatchObject({ kind: 'lot_recalled_order', link: `/truy-xuat/${own.traceCode}` });
    expect(await notes(buyerB)).toEqual([]);
  });
});

describe('settings', () => {
  it('list the new kinds for inspectors, producers and buyers (the buyer\'s in the app only)', async () => {
    const mine = await t.app.inject({ url: '/admin/notifications/settings', headers: inspector.sessionHeaders() });
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('name="email_lot_recall_queue"');
    expect(mine.body).toContain('Lô hàng bị thu hồi trong tỉnh, chờ tiếp nhận');
    expect(mine.body).toContain('name="email_lot_recall_closed"');
    const producer = await t.app.inject({ url: '/admin/notifications/settings', headers: m.sellerA.sessionHeaders() });
    expect(producer.body).toContain('name="email_lot_recalled"');
    expect(producer.body).toContain('Lô hàng của bạn bị cơ quan quản lý thu hồi');
    const buyer = await t.app.inject({ url: '/tai-khoan/thong-bao/cai-dat', headers: buyerA.sessionHeaders() });
    expect(buyer.statusCode).toBe(200);
    expect(buyer.body).toContain('Thu hồi lô hàng có thể có trong đơn hàng của bạn');
    expect(buyer.body).not.toContain('name="email_lot_recalled_order"');
    // Saving a choice of the new kind sticks.
    const saved = await t.app.inject({
      method: 'POST', url: '/admin/notifications/settings', payload: new URLSearchParams({ _csrf: inspector.csrf!, email_lot_recall_closed: 'on' }).toString(),
      headers: inspector.sessionHeaders({ 'content-type': 'application/x-www-form-urlencoded' }),
    });
    expect(saved.statusCode, saved.body).toBe(303);
    const again = await t.app.inject({ url: '/admin/notifications/settings', headers: inspector.sessionHeaders() });
    expect(again.body).toMatch(/name="email_lot_recall_closed"[^>]*checked/);
    expect(again.body).not.toMatch(/name="email_lot_recall_queue"[^>]*checked/);
  });
});
