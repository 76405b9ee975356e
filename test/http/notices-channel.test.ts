/**
 * The text-message channel (issue 16 item 5, decisions/039), against local servers implementing
 * eSMS.vn's and Zalo ZNS's documented contracts (notices-channel-fakes.ts) — never the internet.
 * Only users who chose the channel for the kind, with a mobile number, get a message; it is sent
 * once, in the provider's request shape; a provider that does not answer within the timeout gets
 * it again later with backoff while the user's request was answered at once; permanent refusals
 * are given up, transient ones retried until the attempts run out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { asUser, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { AREAS, buildProducer } from '../helpers/builders';
import { noticeChannelOutbox, noticeChannelPreferences, noticeQuietHours } from '../../src/modules/notices/notices.tables';
import { dispatchNotices } from '../../src/modules/notices/notices.dispatch';
import { deliverTextOutbox, deliverTextsSoon, MAX_TEXT_ATTEMPTS, backoffMs } from '../../src/modules/notices/channel-outbox';
import { messageKey } from '../../src/modules/notices/channels/text-channel';
import { ESMS_KEYS, fakeEsms, fakeZns, ZNS_KEYS, type FakeProvider } from './notices-channel-fakes';
import { audit, insertBuyerOrg, insertEvent, insertRegistration, setProducerPhone } from './notices-trade-fixtures';

const env = (t: TestApp, extra: Record<string, string>) => Object.assign(t.deps.env as unknown as Record<string, string>, extra);
const outbox = (t: TestApp) => t.deps.database.db.select().from(noticeChannelOutbox).orderBy(noticeChannelOutbox.id);
const choose = (t: TestApp, userId: string, kind: string) => t.deps.database.db.insert(noticeChannelPreferences).values({ userId, kind, enabled: true });

async function producerWithPhone(t: TestApp, phone: string | null) {
  const p = await buildProducer(t.ctx, { communeCode: AREAS.hamRong });
  await setProducerPhone(t.ctx, p.id, phone);
  return asUser(t.app, t.deps, { role: 'producer', producerId: p.id });
}

describe('eSMS.vn', () => {
  let now = new Date('2026-06-10T03:00:00Z'); // 10:00 in Vietnam
  let t: TestApp;
  let sms: FakeProvider;
  let officer: AuthedUser;
  let chose: AuthedUser;
  let eventId = '';

  beforeAll(async () => {
    sms = await fakeEsms();
    t = await testApp({ clock: () => now, env: { PUBLIC_BASE_URL: 'https://ocop.example.vn' } });
    env(t, {
      NOTICE_TEXT_CHANNEL: 'esms', ESMS_BASE_URL: sms.url, ESMS_API_KEY: ESMS_KEYS.apiKey, ESMS_SECRET_KEY: ESMS_KEYS.secretKey,
      ESMS_BRANDNAME: ESMS_KEYS.brandname, NOTICE_TEXT_TIMEOUT_MS: '500',
    });
    officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
    chose = await producerWithPhone(t, '0912 345 678');
    eventId = (await insertEvent(t.ctx, { createdBy: officer.user.id, communeCode: AREAS.hamRong, provinceCode: AREAS.thanhHoa, ownerProvinceCode: AREAS.thanhHoa, startsOn: '2026-09-20' })).id;
  });
  afterAll(async () => { await t?.close(); await sms?.close(); });

  const approve = async (who: AuthedUser) => {
    const r = await insertRegistration(t.ctx, { eventId, producerId: who.actor.producerId!, createdBy: who.user.id });
    await audit(officer.ctx, 'trade_event_registration.approve', r.id, { eventId });
  };

  it('the settings page offers SMS per kind with the number it goes to; only those who chose it, with a mobile number, get a message', async () => {
    await chose.login();
    const page = await t.app.inject({ url: '/admin/notifications/settings', headers: chose.sessionHeaders() });
    expect(page.body).toContain('Gửi tin nhắn SMS');
    expect(page.body).toContain('0912345678');
    const saved = await t.app.inject({
      method: 'POST', url: '/admin/notifications/settings', headers: chose.sessionHeaders({ 'content-type': 'application/x-www-form-urlencoded' }),
      payload: new URLSearchParams({ _csrf: chose.csrf!, text_event_registration_approved: 'on', email_event_registration_approved: 'on' }).toString(),
    });
    expect(saved.statusCode, saved.body).toBe(303);
    const didNot = await producerWithPhone(t, '0987 654 321');
    const landline = await producerWithPhone(t, '0237 385 2222');
    await choose(t, landline.user.id, 'event_registration_approved');
    const noPhone = await producerWithPhone(t, null);
    await choose(t, noPhone.user.id, 'event_registration_approved');
    const landlinePage = await t.app.inject({ url: '/admin/notifications/settings', headers: (await landline.login(), landline.sessionHeaders()) });
    expect(landlinePage.body).toContain('Chưa có số điện thoại di động');
    for (const p of [chose, didNot, landline, noPhone]) await approve(p);
    expect(await dispatchNotices(t.ctx)).toMatchObject({ notices: 4, texts: 1 });
    const [row, ...rest] = await outbox(t);
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ channel: 'esms', userId: chose.user.id, toPhone: '84912345678', status: 'pending', attempts: 0 });
    expect(row!.body).toMatch(/^OCOP: Đăng ký tham gia “Hội chợ OCOP thử nghiệm \d+” được duyệt https:\/\/ocop\.example\.vn\/admin\/su-kien\//);
    // A buyer organisation's member is reached at the organisation's phone.
    const buyer = await asUser(t.app, t.deps, { role: 'buyer' });
    const org = await insertBuyerOrg(t.ctx, { communeCode: AREAS.hamRong, provinceCode: AREAS.thanhHoa, phone: '0388 111 222', memberIds: [buyer.user.id] });
    await choose(t, buyer.user.id, 'buyer_org_verified');
    await audit(officer.ctx, 'buyer_org.verify', org.id);
    expect(await dispatchNotices(t.ctx)).toMatchObject({ texts: 1 });
    expect((await outbox(t))[1]).toMatchObject({ userId: buyer.user.id, toPhone: '84388111222' });
  });

  it('the worker sends each message once, in eSMS\'s request shape, and records the SMSID', async () => {
    expect(await deliverTextOutbox(t.ctx)).toEqual({ sent: 2, retried: 0, failed: 0 });
    const rows = await outbox(t);
    expect(rows.map((r) => [r.status, r.attempts, r.providerId])).toEqual([['sent', 1, expect.stringMatching(/^sms-/)], ['sent', 1, expect.stringMatching(/^sms-/)]]);
    const sent = sms.requests.find((r) => r.body.Phone === '84912345678')!;
    expect(sent.path).toBe('/MainService.svc/json/SendMultipleMessage_V4_post_json/');
    expect(sent.headers['content-type']).toMatch(/^application\/json/);
    expect(sent.body).toEqual({
      ApiKey: ESMS_KEYS.apiKey, SecretKey: ESMS_KEYS.secretKey, Phone: '84912345678', Content: expect.stringMatching(/^OCOP: Dang ky tham gia .* duoc duyet https:/),
      Brandname: ESMS_KEYS.brandname, SmsType: '2', IsUnicode: '0', Sandbox: '0', RequestId: messageKey('84912345678', rows[0]!.dedupeKey),
    });
    // Nothing is sent again: not by the worker, not by another pass of the dispatcher.
    expect(await dispatchNotices(t.ctx)).toMatchObject({ texts: 0 });
    expect(await deliverTextOutbox(t.ctx)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(sms.requests).toHaveLength(2);
    // A message whose answer was lost is sent again with the same RequestId: eSMS says 124 and sends nothing twice.
    await t.deps.database.db.update(noticeChannelOutbox).set({ status: 'pending', nextAttemptAt: now }).where(eq(noticeChannelOutbox.id, rows[0]!.id));
    expect(await deliverTextOutbox(t.ctx)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(sms.delivered.size).toBe(2);
  });

  it('an account-level refusal (balance) is tried again after a minute; a permanent one is given up at once', async () => {
    const a = await producerWithPhone(t, '0901 000 001');
    await choose(t, a.user.id, 'event_registration_approved');
    await approve(a);
    await dispatchNotices(t.ctx);
    sms.mode = { code: '103', message: 'Not enough balance' };
    expect(await deliverTextOutbox(t.ctx)).toEqual({ sent: 0, retried: 1, failed: 0 });
    let row = (await outbox(t)).at(-1)!;
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'eSMS 103: Not enough balance' });
    expect(row.nextAttemptAt.getTime()).toBe(now.getTime() + backoffMs(1));
    sms.mode = 'ok';
    expect(await deliverTextOutbox(t.ctx)).toEqual({ sent: 0, retried: 0, failed: 0 }); // not due yet
    now = new Date(now.getTime() + backoffMs(1));
    expect(await deliverTextOutbox(t.ctx)).toEqual({ sent: 1, retried: 0, failed: 0 });
    const b = await producerWithPhone(t, '0901 000 002');
    await choose(t, b.user.id, 'event_registration_approved');
    await approve(b);
    await dispatchNotices(t.ctx);
    sms.mode = { code: '177', message: 'Network not registered' };
    expect(await deliverTextOutbox(t.ctx)).toEqual({ sent: 0, retried: 0, failed: 1 });
    row = (await outbox(t)).at(-1)!;
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastError: 'eSMS 177: Network not registered' });
    sms.mode = 'ok';
  });

  it('a message written in the user\'s quiet hours waits for their end', async () => {
    const q = await producerWithPhone(t, '0901 000 003');
    await choose(t, q.user.id, 'event_registration_approved');
    await t.deps.database.db.insert(noticeQuietHours).values({ userId: q.user.id, startMinute: 0, endMinute: 23 * 60 + 59 });
    await approve(q);
    await dispatchNotices(t.ctx);
    const row = (await outbox(t)).at(-1)!;
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());
    expect(await deliverTextOutbox(t.ctx)).toMatchObject({ sent: 0 });
    now = new Date(row.nextAttemptAt.getTime() + 1000);
    expect(await deliverTextOutbox(t.ctx)).toMatchObject({ sent: 1 });
  });
});

describe('Zalo ZNS', () => {
  let now = new Date('2026-06-10T03:00:00Z');
  let t: TestApp;
  let zns: FakeProvider;
  let officer: AuthedUser;
  let producer: AuthedUser;
  let eventId = '';

  beforeAll(async () => {
    zns = await fakeZns();
    t = await testApp({ clock: () => now, env: { NOTICE_DISPATCH: 'auto', PUBLIC_BASE_URL: 'https://ocop.example.vn' } });
    env(t, {
      NOTICE_TEXT_CHANNEL: 'zalo_oa', ZALO_ZNS_BASE_URL: zns.url, ZALO_OA_ACCESS_TOKEN: ZNS_KEYS.accessToken, ZALO_ZNS_TEMPLATE_ID: ZNS_KEYS.templateId,
      NOTICE_TEXT_TIMEOUT_MS: '1500',
    });
    officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
    producer = await producerWithPhone(t, '+84 912 000 111');
    await choose(t, producer.user.id, 'event_registration_approved');
    eventId = (await insertEvent(t.ctx, { createdBy: officer.user.id, communeCode: AREAS.hamRong, provinceCode: AREAS.thanhHoa, ownerProvinceCode: AREAS.thanhHoa, startsOn: '2026-09-20' })).id;
  });
  afterAll(async () => { await t?.close(); await zns?.close(); });

  const waitFor = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
    for (let i = 0; i < 100; i++) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it('a provider that never answers does not hold up the officer\'s action; the message is tried again later with backoff', async () => {
    zns.mode = 'hang';
    const reg = await insertRegistration(t.ctx, { eventId, producerId: producer.actor.producerId!, createdBy: producer.user.id });
    const started = performance.now();
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/trade/registrations/${reg.id}/approve`, headers: officer.headers(), payload: { version: reg.version } });
    const took = performance.now() - started;
    expect(res.statusCode, res.body).toBe(200);
    expect(took).toBeLessThan(1000); // answered well before the provider's timeout could end
    // After the response: the notice, the queued message, one request that is never answered, a retry planned.
    const row = await waitFor(async () => (await outbox(t)).find((r) => r.attempts === 1), 'the first attempt');
    expect(row).toMatchObject({ status: 'pending', toPhone: '84912000111', lastError: 'no answer within 1500 ms' });
    expect(row.nextAttemptAt.getTime()).toBe(now.getTime() + backoffMs(1));
    expect(json(await t.app.inject({ url: '/api/v1/notifications', headers: producer.headers() })).items[0].kind).toBe('event_registration_approved');
    expect(zns.requests).toHaveLength(1);
    const [asked] = zns.requests;
    expect(asked!.path).toBe('/message/template');
    expect(asked!.headers.access_token).toBe(ZNS_KEYS.accessToken);
    expect(asked!.body).toEqual({
      phone: '84912000111', template_id: ZNS_KEYS.templateId,
      template_data: { content: expect.stringMatching(/^OCOP: Đăng ký tham gia “.*” được duyệt https:\/\/ocop\.example\.vn\/admin\/su-kien\//) },
      tracking_id: messageKey('84912000111', row.dedupeKey),
    });
    // Later, once the provider answers: sent once, with ZNS's msg_id.
    zns.mode = 'ok';
    expect(await deliverTextsSoon(t.deps)).toEqual({ sent: 0, retried: 0, failed: 0 });
    now = new Date(now.getTime() + backoffMs(1));
    expect(await deliverTextsSoon(t.deps)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect((await outbox(t))[0]).toMatchObject({ status: 'sent', attempts: 2, providerId: 'zns-1', lastError: null });
    expect(await deliverTextsSoon(t.deps)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(zns.delivered.size).toBe(1);
  });

  it('"Zalo account not existed" gives the message up; a spent quota is retried until the attempts run out', async () => {
    const other = await producerWithPhone(t, '0912 000 222');
    await choose(t, other.user.id, 'event_registration_approved');
    const r1 = await insertRegistration(t.ctx, { eventId, producerId: other.actor.producerId!, createdBy: other.user.id });
    zns.mode = { code: -118, message: 'Zalo account not existed' };
    await audit(officer.ctx, 'trade_event_registration.approve', r1.id, { eventId });
    await dispatchNotices(t.ctx);
    expect(await deliverTextsSoon(t.deps)).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect((await outbox(t)).at(-1)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'ZNS -118: Zalo account not existed' });

    const third = await producerWithPhone(t, '0912 000 333');
    await choose(t, third.user.id, 'event_registration_approved');
    const r2 = await insertRegistration(t.ctx, { eventId, producerId: third.actor.producerId!, createdBy: third.user.id });
    zns.mode = { code: -115, message: 'Out of quota' };
    await audit(officer.ctx, 'trade_event_registration.approve', r2.id, { eventId });
    await dispatchNotices(t.ctx);
    for (let attempt = 1; attempt < MAX_TEXT_ATTEMPTS; attempt++) {
      expect(await deliverTextsSoon(t.deps)).toEqual({ sent: 0, retried: 1, failed: 0 });
      now = new Date(now.getTime() + backoffMs(attempt));
    }
    expect(await deliverTextsSoon(t.deps)).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect((await outbox(t)).at(-1)).toMatchObject({ status: 'failed', attempts: MAX_TEXT_ATTEMPTS, lastError: 'ZNS -115: Out of quota' });
  });
});
