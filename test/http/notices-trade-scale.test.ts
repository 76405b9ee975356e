/**
 * A national event told to every producer (issue 16: "notifying 1,000 producers of a national
 * event does not block the request"): the publish request only writes its audit row; the
 * dispatcher's pass after the response tells 1,000 producers' accounts in-app, queues their
 * e-mails and the text messages of those who chose them — set-based, a fixed number of statements
 * whatever the audience. The pass's time is printed (PGlite here, PostgreSQL with DATABASE_URL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { asUser, testApp, type TestApp } from '../helpers/app';
import { AREAS, communeIn } from '../helpers/builders';
import { users } from '../../src/modules/identity/identity.tables';
import { producers } from '../../src/modules/registry/registry.tables';
import { notifications } from '../../src/modules/certification/certification.tables';
import { mailOutbox } from '../../src/modules/mail/mail.tables';
import { noticeChannelOutbox, noticeChannelPreferences } from '../../src/modules/notices/notices.tables';
import { dispatchNotices } from '../../src/modules/notices/notices.dispatch';
import { audit, insertEvent } from './notices-trade-fixtures';

const PRODUCERS = 1000;
let t: TestApp;

beforeAll(async () => {
  t = await testApp({ env: { PUBLIC_BASE_URL: 'https://ocop.example.vn' } });
  Object.assign(t.deps.env as unknown as Record<string, string>, { NOTICE_TEXT_CHANNEL: 'esms', ESMS_API_KEY: 'k', ESMS_SECRET_KEY: 's', ESMS_BRANDNAME: 'OCOP' });
  const db = t.deps.database.db;
  const provinces = [AREAS.thanhHoa, AREAS.haNoi, '79', '48'];
  const communes = await Promise.all(provinces.map((p) => communeIn(t.ctx, p)));
  const made = await db.insert(producers).values(Array.from({ length: PRODUCERS }, (_, i) => ({
    name: `Cơ sở quy mô ${i}`, nameKey: `co so quy mo ${i}`, kind: 'household' as const,
    communeCode: communes[i % communes.length]!, provinceCode: provinces[i % provinces.length]!,
    email: `coso${i}@example.vn`, phone: `09${String(10_000_000 + i).slice(-8)}`,
  }))).returning({ id: producers.id });
  const accounts = await db.insert(users).values(made.map((p, i) => ({
    username: `scale-${i}`, displayName: `Cơ sở ${i}`, passwordHash: 'not-a-hash', role: 'producer' as const, producerId: p.id,
  }))).returning({ id: users.id });
  // One in ten chose text messages for new events.
  await db.insert(noticeChannelPreferences).values(accounts.filter((_, i) => i % 10 === 0).map((u) => ({ userId: u.id, kind: 'trade_event_published', enabled: true })));
});
afterAll(() => t?.close());

describe('a national event', () => {
  it(`reaches ${PRODUCERS} producers in one dispatcher pass`, async () => {
    const admin = await asUser(t.app, t.deps, { role: 'national_admin' });
    const event = await insertEvent(t.ctx, { createdBy: admin.user.id, communeCode: AREAS.hoanKiem, provinceCode: AREAS.haNoi, ownerProvinceCode: null, startsOn: '2026-10-01' });
    await audit(admin.ctx, 'trade_event.publish', event.id, { title: event.title, provinceCode: AREAS.haNoi, ownerProvinceCode: null, national: true });
    const started = performance.now();
    const out = await dispatchNotices(t.ctx);
    const ms = performance.now() - started;
    console.info(`[notices] one dispatcher pass telling ${PRODUCERS} producers of a national event (${t.deps.database.engine}): ${ms.toFixed(0)} ms`
      + ` — ${out.notices} notices, ${out.emails} e-mails, ${out.texts} text messages queued`);
    expect(out).toMatchObject({ events: 1, notices: PRODUCERS, emails: PRODUCERS, texts: PRODUCERS / 10 });
    const db = t.deps.database.db;
    expect((await db.select({ n: count() }).from(notifications).where(eq(notifications.kind, 'trade_event_published')))[0]!.n).toBe(PRODUCERS);
    expect((await db.select({ n: count() }).from(mailOutbox))[0]!.n).toBe(PRODUCERS);
    expect((await db.select({ n: count() }).from(noticeChannelOutbox))[0]!.n).toBe(PRODUCERS / 10);
    // Generous bound: a pass is a few statements, not one per producer.
    expect(ms).toBeLessThan(10_000);
    expect(await dispatchNotices(t.ctx)).toMatchObject({ notices: 0, emails: 0, texts: 0 });
  });
});
