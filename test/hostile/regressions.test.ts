/**
 * What the hostile-input suite found (docs/decisions/044-hostile-input-suite.md), each kept as a
 * focused case: every one answered 500 before its fix. And the suite's own detectors, shown to
 * fire: the change log and fingerprint that say "a refusal changed nothing", and the on-site test
 * of a redirect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, expectError, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { seedMarket, type MarketFixture } from '../helpers/market-fixtures';
import { buildProducer } from '../helpers/builders';
import { changedTables, fingerprint, rowsOf, takeChanges, watchDatabase } from '../helpers/hostile-db';
import { onSite } from '../helpers/hostile-runner';
import { sql } from 'drizzle-orm';

let t: TestApp;
let admin: AuthedUser;
let officer: AuthedUser;
let market: MarketFixture;
beforeAll(async () => {
  t = await testApp();
  admin = await asUser(t.app, t.deps, { role: 'national_admin' });
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  market = await seedMarket(t);
}, 120_000);
afterAll(() => t?.close());

describe('bodies a form route cannot read', () => {
  it('multipart to a route that takes url-encoded forms: 415, not the handler on no body', async () => {
    const boundary = 'x7MA4YWxkTrZu0gW';
    const res = await t.app.inject({
      method: 'POST', url: '/admin/certificates/OCOP-38-2026-00001/revoke',
      headers: admin.headers({ 'content-type': `multipart/form-data; boundary=${boundary}` }),
      payload: `--${boundary}\r\ncontent-disposition: form-data; name="reason"\r\n\r\nx\r\n--${boundary}--\r\n`,
    });
    expectError(res, 415, 'unsupported_media_type');
  });

  it('no body at all: an empty form, answered by the form (400), not a 500', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/admin/training', headers: admin.headers({ accept: 'text/html' }) });
    expect(res.statusCode).toBe(400);
  });

  it('a JSON body that is not an object: 400 naming the body', async () => {
    for (const payload of ['null', '[]', '"x"', '1']) {
      const res = await t.app.inject({ method: 'POST', url: '/admin/products', headers: admin.headers({ 'content-type': 'application/json' }), payload });
      expect(expectError(res, 400, 'bad_request').fields, payload).toHaveProperty('body');
    }
  });
});

describe('the router\'s own refusals', () => {
  it('a path that is not valid percent-encoding (400), a path parameter over 100 characters (414): in the error vocabulary, with the security headers', async () => {
    for (const [url, status, code] of [['/api/v1/producers/%E0%A4%A', 400, 'bad_request'], [`/api/v1/producers/${'a'.repeat(101)}`, 414, 'uri_too_long']] as const) {
      const res = await t.app.inject({ url, headers: admin.headers() });
      expectError(res, status, code);
      expect(res.headers['content-security-policy'], url).toContain("default-src 'self'");
      const page = await t.app.inject({ url: url.replace('/api/v1/producers', '/truy-xuat'), headers: { accept: 'text/html' } });
      expect([page.statusCode, page.headers['content-type']], url).toEqual([status, 'text/html; charset=utf-8']);
      expect(page.body).toContain('lang="vi"');
      expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
  });
});

describe('values the database would have refused', () => {
  it('a round on a day the calendar does not have: 400 naming the field', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/rounds', headers: officer.headers(),
      payload: { name: 'Đợt tháng Hai', level: 'province', provinceCode: AREAS.thanhHoa, sessionDate: '2026-02-30' },
    });
    expect(json(res).error?.fieldCodes?.sessionDate, res.body).toBe('council.not_a_date');
    expect(res.statusCode).toBe(400);
  });

  it('a line break in the lots\' search: 400 naming q (the service\'s stricter schema threw a ZodError)', async () => {
    const res = await t.app.inject({ url: '/api/v1/trace/lots?q=a%0Ab', headers: officer.headers() });
    expect(expectError(res, 400, 'validation_failed')).toHaveProperty('fields.q');
    expect(json(res).error.fieldCodes.q).toBe('trace.one_line');
  });

  it('year 0000, which PostgreSQL has no such year for: 400 on every route that took it to the database', async () => {
    const day = '0000-06-15';
    const shop = market.shopA.id;
    const reads = [
      `/api/v1/inspections/stats?from=${day}`, `/api/v1/market/sales?from=${day}&to=2026-07-01`, `/api/v1/market/shops/${shop}/sales?from=${day}&to=2026-07-01`,
      `/api/v1/market/shops/${shop}/sales.xlsx?from=${day}&to=2026-07-01`, `/api/v1/support?from=${day}`, `/api/v1/support/totals?to=${day}`,
      `/api/v1/trace/epcis?from=${day}`, `/api/v1/trace/epcis?to=${day}T00:00:00Z`, `/api/v1/trade/events?from=${day}`, `/api/v1/trade/events/managed?to=${day}`,
    ];
    for (const url of reads) {
      const res = await t.app.inject({ url, headers: (url.includes('/shops/') ? market.sellerA : admin).headers() });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 400 });
    }
    const plan = await t.app.inject({
      method: 'POST', url: '/api/v1/inspections/plans', headers: officer.headers(),
      payload: { title: 'Kiểm tra năm 0', provinceCode: AREAS.thanhHoa, periodStart: day, periodEnd: '2026-07-15' },
    });
    expect(expectError(plan, 400, 'validation_failed')).toHaveProperty('fields.periodStart');
    const outlet = await t.app.inject({
      method: 'POST', url: '/api/v1/outlets', headers: officer.headers(),
      payload: { name: 'Điểm bán năm 0', kind: 'shop', communeCode: AREAS.hamRong, openedOn: day },
    });
    expect(expectError(outlet, 400, 'validation_failed')).toHaveProperty('fields.openedOn');
  });

  it('a row version past the integer column (listing, shop): 400, not a database error', async () => {
    const version = 8_218_276_170_284_327;
    const listing = await t.app.inject({
      method: 'PATCH', url: `/api/v1/market/listings/${market.listingA.id}`, headers: market.sellerA.headers(), payload: { status: 'hidden', version },
    });
    expectError(listing, 400, 'validation_failed');
    const shop = await t.app.inject({
      method: 'PATCH', url: `/api/v1/market/shops/${market.shopA.id}`, headers: market.sellerA.headers(), payload: { name: 'Gian hàng mới', version },
    });
    expectError(shop, 400, 'validation_failed');
  });
});

describe('the suite\'s detectors', () => {
  it('the change log holds committed changes only, real ones, outside the columns left out', async () => {
    await watchDatabase(t.deps);
    const db = t.deps.database.db;
    expect(await takeChanges(t.deps)).toEqual([]);
    const before = await fingerprint(t.deps);
    const producer = await buildProducer(t.ctx);
    expect(await takeChanges(t.deps)).toContain('producers');
    expect(changedTables(before, await fingerprint(t.deps))).toContainEqual(expect.stringMatching(/^producers \(rows \d+ → \d+\)$/));
    // Rolled back: no trace. The same values written again: no change.
    await db.transaction(async (tx) => {
      await tx.execute(sql`update producers set name = 'Đổi rồi hoàn tác' where id = ${producer.id}`);
      tx.rollback();
    }).catch(() => undefined);
    await db.execute(sql`update producers set name = name where id = ${producer.id}`);
    expect(await takeChanges(t.deps)).toEqual([]);
    // A column left out (a token's last use) does not count; the rest of the row does.
    await db.execute(sql`update api_tokens set last_used_at = now() - interval '1 day'`);
    expect(await takeChanges(t.deps)).toEqual([]);
    const quiet = await fingerprint(t.deps);
    await db.execute(sql`update api_tokens set name = name || ' (đổi)'`);
    expect(await takeChanges(t.deps)).toEqual(['api_tokens']);
    expect(changedTables(quiet, await fingerprint(t.deps))).toEqual([expect.stringMatching(/^api_tokens /)]);
    expect((await rowsOf<{ n: number }>(t.deps, sql`select count(*)::int as n from hostile.changes`))[0]!.n).toBe(0);
  });

  it('a redirect is on this site only as a path or this app\'s own origin', () => {
    for (const to of ['/', '/admin?x=1', '/evil.example', 'http://localhost:80/a', 'san-pham']) expect(onSite(to), to).toBe(true);
    for (const to of ['//evil.example', '/\\evil.example', '/\t/evil.example/', '\t//evil.example', 'https://evil.example', 'javascript:alert(1)', ' //evil.example', 'http://localhost:8080/']) {
      expect(onSite(to), JSON.stringify(to)).toBe(false);
    }
  });
});
