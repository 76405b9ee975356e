/**
 * Verification as a hot path (docs/decisions/010): stamp serials (genuine, forged, altered,
 * voided), odd and hostile codes, the cache and its invalidation (in process, by a notice from
 * another connection, on revocation), per-IP flood limits, the page weight, what is never shown,
 * the database failing under it (cached answers keep coming, uncached ones fail fast with 503,
 * then it recovers by itself) and — on PostgreSQL — two app instances on one database seeing a
 * revocation within a second.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../src/app';
import { openDatabase } from '../../src/db/client';
import type { Deps } from '../../src/context';
import { certificates } from '../../src/modules/certification/certification.tables';
import { producers } from '../../src/modules/registry/registry.tables';
import { verificationChanged, verifyRuntime } from '../../src/modules/verify/verify-changes';
import { VERIFY_RATE_LIMIT } from '../../src/modules/verify/verify.routes';
import { SECURITY_HEADERS } from '../../src/modules/verify/verify-headers';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS, buildProducer } from '../helpers/builders';
import { testDbInfo } from '../helpers/db';
import { certify, insertStampBatch, type Certified, type TestBatch } from '../helpers/verify-fixtures';
import { quoteIdent } from '../setup/test-db-info';

let t: TestApp;
let officer: AuthedUser;
let a: Certified;
let b: Certified;
let c: Certified;
let d: Certified;
let e: Certified;
let batch: TestBatch;
const ALLOWED_IP = '10.9.9.9';
const engine = testDbInfo().engine;

const verify = (code: string, ip = '127.0.0.1') => t.app.inject({ url: `/api/v1/verify/${code}`, remoteAddress: ip });
const statusOf = async (code: string) => json(await verify(code)).status as string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * Scan until the answer is held in memory. A change notice still on its way from an earlier
 * test bumps the cache generation, and a lookup overlapping it rightly declines to store.
 */
async function scanUntilCached(code: string): Promise<string> {
  const { cache } = verifyRuntime(t.deps);
  for (let i = 0; i < 50; i++) {
    const status = await statusOf(code);
    const entry = cache.get(code.toUpperCase());
    if (entry && cache.isFresh(entry)) return status;
    await sleep(20);
  }
  throw new Error(`${code} was never cached`);
}

beforeAll(async () => {
  t = await testApp({ clock: () => new Date('2026-07-02T03:00:00Z'), env: { RATE_LIMIT_ALLOWLIST: ALLOWED_IP } });
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
  const producer = await buildProducer(t.ctx, { phone: '0912345678', email: 'htx.matong@example.vn' });
  [a, b, c, d, e] = (await certify(t, officer, [
    { mean: 72.5, producerId: producer.id }, { mean: 66 }, { mean: 91, recognised: 4 }, { mean: 58 }, { mean: 60 },
  ])) as [Certified, Certified, Certified, Certified, Certified];
  batch = await insertStampBatch(t, a.number, 50);
});
afterAll(() => t?.close());

describe('codes nobody issued', () => {
  it('injection payloads, very long codes and odd Unicode answer 200 unknown (JSON and page)', async () => {
    const odd = [
      "' OR '1'='1", "1; select pg_sleep(10); --", "OCOP-38-2026-00001' --", '$(reboot)', '{{7*7}}', '../../etc/passwd', '%00',
      '\u202eOCOP-38-2026-00001', 'OCOP\u200b-38-2026-00001', '🍯🍯🍯', 'ＯＣＯＰ－３８', 'A\u0301\u0302\u0303\u0304', 'Mật-ong-Như-Xuân',
      'x'.repeat(65), 'Y'.repeat(5000), `${a.number}${'0'.repeat(3000)}`,
    ];
    for (const code of odd) {
      const res = await t.app.inject({ url: `/api/v1/verify/${encodeURIComponent(code)}` });
      expect(res.statusCode, code.slice(0, 40)).toBe(200);
      expect(json(res), code.slice(0, 40)).toMatchObject({ status: 'unknown', product: null, producer: null, certificate: null });
    }
    for (const raw of ['%F0%9F%8D%AF', '%C3%A2%CC%81', 'a%2Fb%2F..%2F..', '%2500', '%E2%80%AE%E2%80%8B']) {
      const res = await t.app.inject({ url: `/api/v1/verify/${raw}` });
      expect(res.statusCode, raw).toBe(200);
      expect(json(res).status, raw).toBe('unknown');
    }
    // An address that is not even valid percent-encoding (no QR code makes one) is a plain 400, never a 500.
    for (const raw of ['%ED%A0%80', '%FF%FE', '%E0%A4%A']) {
      const res = await t.app.inject({ url: `/api/v1/verify/${raw}` });
      expect([200, 400], raw).toContain(res.statusCode);
    }
    const page = await t.app.inject({ url: `/v/${encodeURIComponent('<img src=x onerror=alert(1)>\u202e')}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-status="unknown"');
    expect(page.body).not.toContain('<img src=x');
    expect(await statusOf(a.number)).toBe('valid');
  });

  it('matches case-insensitively and after Unicode normalisation', async () => {
    expect(await statusOf(a.number.toLowerCase())).toBe('valid');
    expect(await statusOf(encodeURIComponent(`\t${a.number} `))).toBe('valid');
  });
});

describe('stamp serials', () => {
  it('a genuine serial verifies like its certificate and names the stamp', async () => {
    const serial = await batch.serial(7);
    const body = json(await verify(serial));
    expect(body).toMatchObject({ status: 'valid', stamp: { serial }, certificate: { number: a.number }, product: { stars: 4 } });
    expect(json(await verify(serial.toLowerCase())).status).toBe('valid');
    const page = await t.app.inject({ url: `/v/${serial}` });
    expect(page.body).toContain('data-status="valid"');
    expect(page.body).toContain(serial);
  });

  it('forged and altered serials are unknown: wrong check, changed number, beyond the batch, unknown batch', async () => {
    const serial = await batch.serial(8);
    const [code, seq, check] = serial.split('-') as [string, string, string];
    const flip = (ch: string) => (ch === 'A' ? 'B' : 'A');
    const forged = [
      `${code}-${seq}-${flip(check[0]!)}${check.slice(1)}`,
      `${code}-${String(Number(seq) + 1).padStart(6, '0')}-${check}`,
      `${code.slice(0, 2)}${code[2] === 'Z' ? 'Y' : 'Z'}${code.slice(3)}-${seq}-${check}`,
      await batch.serial(51),
      `${code}-000000-${check}`,
    ];
    for (const f of forged) expect(json(await verify(f)), f).toMatchObject({ status: 'unknown', stamp: null, product: null });
  });

  it('a serial of a revoked certificate answers revoked; voiding the batch makes its serials fail at once', async () => {
    const serial = await batch.serial(9);
    expect(await statusOf(serial)).toBe('valid');
    await batch.void();
    const body = json(await verify(serial));
    expect(body).toMatchObject({ status: 'revoked', reason: 'voided', certificate: null, stamp: { serial } });
    const page = await t.app.inject({ url: `/v/${serial}` });
    expect(page.body).toContain('data-status="revoked"');
    expect(page.body).toMatch(/lô tem đã bị tỉnh hủy/);
    // The certificate itself is untouched.
    expect(await statusOf(a.number)).toBe('valid');

    const other = await insertStampBatch(t, e.number, 10);
    const s2 = await other.serial(1);
    expect(await statusOf(s2)).toBe('valid');
    const r = await t.app.inject({
      method: 'POST', url: `/api/v1/certificates/${e.number}/revoke`, headers: officer.headers(),
      payload: { reason: 'Hậu kiểm: không đạt chỉ tiêu vi sinh', legalBasis: 'Điều 10 Quyết định 26/2026/QĐ-TTg' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(json(await verify(s2))).toMatchObject({ status: 'revoked', reason: 'revoked', stamp: { serial: s2 } });
  });
});

describe('the cache', () => {
  it('answers from memory, and a change notice drops the entry at once', async () => {
    expect(await scanUntilCached(b.number)).toBe('valid');
    // Revoked behind the platform's back (no notice): the cached answer stands…
    await t.deps.database.db.update(certificates).set({ state: 'revoked', revokedOn: '2026-07-02', revokedReason: 'test' }).where(sql`${certificates.id} = ${b.id}`);
    expect(await statusOf(b.number)).toBe('valid');
    // …until the change is announced, as every writer of certificates does in its transaction.
    await verificationChanged(t.ctx, { certificateIds: [b.id] });
    expect(await statusOf(b.number)).toBe('revoked');
  });

  it('a notice sent on the database by another connection (another process) drops the entry', async () => {
    expect(await scanUntilCached(c.number)).toBe('valid');
    await t.deps.database.db.update(certificates).set({ state: 'revoked', revokedOn: '2026-07-02', revokedReason: 'test' }).where(sql`${certificates.id} = ${c.id}`);
    expect(await statusOf(c.number)).toBe('valid');
    const payload = JSON.stringify({ c: [c.id], b: [] });
    if (engine === 'postgres') {
      const other = new pg.Client({ connectionString: t.deps.database.url! });
      await other.connect();
      try { await other.query('select pg_notify($1, $2)', ['ocop_verify', payload]); } finally { await other.end(); }
    } else {
      await t.deps.database.pglite!.query('select pg_notify($1, $2)', ['ocop_verify', payload]);
    }
    let status = 'valid';
    for (let i = 0; i < 100 && status === 'valid'; i++) {
      await sleep(10);
      status = await statusOf(c.number);
    }
    expect(status).toBe('revoked');
  });

  it('a revocation through the API shows on the very next scan (JSON and page)', async () => {
    expect(await statusOf(d.number)).toBe('valid');
    expect((await t.app.inject({ url: `/v/${d.number}` })).body).toContain('data-status="valid"');
    const r = await t.app.inject({
      method: 'POST', url: `/api/v1/certificates/${d.number}/revoke`, headers: officer.headers(),
      payload: { reason: 'Hậu kiểm: nhãn sai', legalBasis: 'Điều 10 Quyết định 26/2026/QĐ-TTg' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(await statusOf(d.number)).toBe('revoked');
    expect((await t.app.inject({ url: `/v/${d.number}` })).body).toContain('data-status="revoked"');
  });

  it('a number answered "unknown" becomes valid as soon as it is issued', async () => {
    const issued = await t.deps.database.db.select({ n: certificates.number }).from(certificates);
    const last = Math.max(...issued.map((r) => Number(r.n.slice(-5))));
    const next = a.number.replace(/\d{5}$/, String(last + 1).padStart(5, '0'));
    expect(await statusOf(next)).toBe('unknown');
    const [f] = await certify(t, officer, [{ mean: 70 }]);
    expect(f!.number).toBe(next);
    expect(await statusOf(next)).toBe('valid');
  });
});

describe('floods', () => {
  it('one IP flooding gets 429 with Retry-After; another IP and the allow-listed one are unaffected', async () => {
    for (let i = 0; i < VERIFY_RATE_LIMIT; i++) {
      const res = await verify(a.number, '10.0.0.1');
      if (res.statusCode !== 200) throw new Error(`request ${i} answered ${res.statusCode}`);
    }
    const limited = await verify(a.number, '10.0.0.1');
    expectError(limited, 429, 'rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['x-content-type-options']).toBe('nosniff');
    expect((await t.app.inject({ url: `/api/v1/verify/${a.number}`, remoteAddress: '10.0.0.2' })).statusCode).toBe(200);
    for (let i = 0; i <= VERIFY_RATE_LIMIT; i++) {
      const res = await verify(a.number, ALLOWED_IP);
      if (res.statusCode !== 200) throw new Error(`allow-listed request ${i} answered ${res.statusCode}`);
    }
  });
});

describe('what people see', () => {
  it('the hot routes send exactly the app\'s security headers (set from a constant, not by helmet per request)', async () => {
    const reference = (await t.app.inject({ url: '/healthz' })).headers;
    const security = Object.keys(SECURITY_HEADERS);
    expect(security.length).toBeGreaterThan(10);
    for (const key of Object.keys(reference)) {
      if (['content-type', 'content-length', 'date', 'connection', 'cache-control'].includes(key)) continue;
      expect(security, `helmet sends ${key}`).toContain(key);
    }
    for (const res of [await verify(a.number), await t.app.inject({ url: `/v/${a.number}` }), await t.app.inject({ url: '/v' }), await verify('x'.repeat(300))]) {
      for (const key of security) expect(res.headers[key], key).toBe(reference[key]);
    }
  });

  it('each page weighs under 30 kB before images (the report form included)', async () => {
    for (const code of [a.number, b.number, d.number, 'KHONG-CO-SO-NAY', await batch.serial(3)]) {
      for (const lang of ['vi', 'en']) {
        const res = await t.app.inject({ url: `/v/${code}?lang=${lang}` });
        expect(res.statusCode).toBe(200);
        expect(Buffer.byteLength(res.body), `${code} ${lang}`).toBeLessThan(30 * 1024);
        expect(res.body).toContain('action="/v/report"');
      }
    }
    expect(Buffer.byteLength((await t.app.inject({ url: '/v' })).body)).toBeLessThan(30 * 1024);
  });

  it('the JSON keeps api.md\'s shape and shows nothing the producer has not published', async () => {
    const body = json(await verify(a.number));
    expect(Object.keys(body.product).sort()).toEqual(['name', 'stars']);
    expect(Object.keys(body.producer).sort()).toEqual(['name', 'provinceName']);
    expect(Object.keys(body.certificate).sort()).toEqual(['expiresOn', 'issuedOn', 'issuer', 'number', 'validUntil']);
    const [p] = await t.deps.database.db.select().from(producers).where(sql`${producers.name} = ${body.producer.name}`);
    const page = (await t.app.inject({ url: `/v/${a.number}` })).body;
    for (const secret of [p!.taxCode, p!.phone, p!.email, p!.address, '72.5', '72,5']) {
      if (!secret) continue;
      expect(JSON.stringify(body)).not.toContain(secret);
      expect(page).not.toContain(secret);
    }
    expect(page).toContain('Số sao OCOP nghĩa là gì?');
    expect(page).toContain('VALID'); // the verdict in the other language too
  });
});

describe('when the database fails', () => {
  it.runIf(engine === 'pglite')('PGlite held by a long transaction: cached answers keep coming, uncached ones get 503 at once, then it recovers', async () => {
    expect(await statusOf(a.number)).toBe('valid');
    const uncached = b.number.replace(/\d{5}$/, '09999');
    let holding = false;
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    // Every query waits behind this transaction, as they would behind a stuck database.
    const held = t.deps.database.pglite!.transaction(async (tx) => { await tx.query('select 1'); holding = true; await gate; });
    try {
      while (!holding) await sleep(5);
      expect(await statusOf(a.number)).toBe('valid');
      const down = await verify(uncached);
      expectError(down, 503, 'service_unavailable');
      expect(down.headers['retry-after']).toBeDefined();
      expect(down.headers['cache-control']).toBe('no-store');
      // The guard is open now: the next uncached lookup does not even wait.
      expectError(await verify(uncached), 503, 'service_unavailable');
      const page = await t.app.inject({ url: `/v/${uncached}` });
      expect(page.statusCode).toBe(503);
      expect(page.body).toContain('data-status="unavailable"');
      expect(await statusOf(a.number)).toBe('valid');
    } finally {
      release();
      await held;
    }
    let res = await verify(uncached);
    for (let i = 0; i < 100 && res.statusCode !== 200; i++) {
      await sleep(100);
      res = await verify(uncached);
    }
    expect(res.statusCode).toBe(200);
    expect(json(res).status).toBe('unknown');
  });

  it.runIf(engine === 'postgres')('PostgreSQL refusing connections (backends terminated): cached answers keep coming, uncached ones 503, then it recovers', async () => {
    const fresh = (await certify(t, officer, [{ mean: 75 }]))[0]!;
    expect(await statusOf(a.number)).toBe('valid');
    const dbName = new URL(t.deps.database.url!).pathname.slice(1);
    const info = testDbInfo();
    if (info.engine !== 'postgres') throw new Error('PostgreSQL only');
    const admin = new pg.Client({ connectionString: info.adminUrl });
    await admin.connect();
    try {
      await admin.query(`alter database ${quoteIdent(dbName)} with allow_connections false`);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]);
      const cached = await verify(a.number);
      expect(cached.statusCode).toBe(200);
      expect(json(cached).status).toBe('valid');
      const down = await verify(fresh.number);
      expectError(down, 503, 'service_unavailable');
      expect(down.headers['retry-after']).toBeDefined();
      expectError(await verify(fresh.number), 503, 'service_unavailable');
      expect(json(await verify(a.number)).status).toBe('valid');
    } finally {
      await admin.query(`alter database ${quoteIdent(dbName)} with allow_connections true`);
      await admin.end();
    }
    let res = await verify(fresh.number);
    for (let i = 0; i < 100 && res.statusCode !== 200; i++) {
      await sleep(100);
      res = await verify(fresh.number);
    }
    expect(res.statusCode).toBe(200);
    expect(json(res).status).toBe('valid');
    // The change listener is back too: a revocation is seen again.
    for (let i = 0; i < 100 && !verifyRuntime(t.deps).cache.trusted; i++) await sleep(100);
    expect(verifyRuntime(t.deps).cache.trusted).toBe(true);
  });
});

describe('the fast path in front of the framework (real sockets)', () => {
  // A second app on the same database behind a trusted proxy: clients are told apart by
  // X-Forwarded-For, as in production behind a load balancer.
  let app2: Awaited<ReturnType<typeof buildApp>>;
  let deps2: Deps;
  let base: string;
  beforeAll(async () => {
    deps2 = { ...t.deps, env: { ...t.deps.env, TRUST_PROXY: '127.0.0.1', RATE_LIMIT_ALLOWLIST: '' } };
    app2 = await buildApp({ deps: deps2, logger: false });
    base = await app2.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app2?.close());
  const get = (path: string, client: string) => fetch(`${base}${path}`, { headers: { 'x-forwarded-for': client } });
  const headersOf = (r: Response) => {
    const out: Record<string, string> = {};
    r.headers.forEach((v, k) => { if (!['date', 'keep-alive', 'connection'].includes(k)) out[k] = v; });
    return out;
  };

  it('answers a cached code with the same bytes and headers as the route, and only cached codes', async () => {
    const runtime = verifyRuntime(deps2);
    const before = runtime.fastPathHits;
    const first = await get(`/api/v1/verify/${e.number}`, '203.0.113.1');
    expect(first.status).toBe(200);
    const firstBody = await first.text();
    expect(runtime.fastPathHits).toBe(before);
    const second = await get(`/api/v1/verify/${e.number.toLowerCase()}`, '203.0.113.1');
    const secondBody = await second.text();
    expect(runtime.fastPathHits).toBe(before + 1);
    expect(secondBody).toBe(firstBody);
    expect(headersOf(second)).toEqual(headersOf(first));
    expect(second.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    // A stamp serial's scans are counted: always through the route.
    const serial = await (await insertStampBatch(t, a.number, 10)).serial(7);
    for (let i = 0; i < 3; i++) expect((await (await get(`/api/v1/verify/${serial}`, '203.0.113.1')).json()).status).toBe('valid');
    // Query strings, HEAD and odd codes are the route's.
    expect((await get(`/api/v1/verify/${e.number}?x=1`, '203.0.113.1')).status).toBe(200);
    expect((await get('/api/v1/verify/%E0%A4%A', '203.0.113.1')).status).toBe(400);
    expect(runtime.fastPathHits).toBe(before + 1);
    const m = await fetch(`${base}/metrics`);
    expect(await m.text()).toMatch(new RegExp(`verify_fast_path_hits_total ${before + 1}`));
  });

  it('serves a cached page to an anonymous browser: the route\'s bytes and headers, with a form token of the browser\'s own', async () => {
    const runtime = verifyRuntime(deps2);
    const ip = '203.0.113.3';
    const page = (cookie?: string, path = `/v/${e.number}`) => fetch(`${base}${path}`, { headers: { 'x-forwarded-for': ip, ...(cookie ? { cookie } : {}) } });
    const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    const cookieOf = (r: Response) => /^ocop_pre=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')?.[1];
    // The answer is cached (scanned until served from memory, so no change notice of an earlier
    // test is still on its way to drop it); its page is not rendered yet.
    for (let i = 0, before = -1; i < 50 && runtime.fastPathHits !== before + 1; i++) {
      before = runtime.fastPathHits;
      await (await get(`/api/v1/verify/${e.number}`, ip)).text();
      if (runtime.fastPathHits !== before + 1) await sleep(10);
    }
    let hits = runtime.fastPathHits;
    const first = await page();
    const firstBody = await first.text();
    expect(runtime.fastPathHits).toBe(hits);
    const firstToken = cookieOf(first)!;
    expect(tokenOf(firstBody)).toBe(firstToken);

    // A new browser: a fresh token, set as a cookie the way the framework sets it.
    const second = await page();
    const secondBody = await second.text();
    expect(runtime.fastPathHits).toBe(++hits);
    const secondToken = cookieOf(second)!;
    expect(secondToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(secondToken).not.toBe(firstToken);
    expect(secondBody).toBe(firstBody.replaceAll(firstToken, secondToken));
    const withoutCookie = (r: Response) => { const h = headersOf(r); delete h['set-cookie']; return h; };
    expect(withoutCookie(second)).toEqual(withoutCookie(first));
    expect(second.headers.get('set-cookie')!.replace(secondToken, '')).toBe(first.headers.get('set-cookie')!.replace(firstToken, ''));

    // A returning browser keeps its token and gets no cookie.
    const again = await page(`ocop_pre=${firstToken}`);
    expect(await again.text()).toBe(firstBody);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(runtime.fastPathHits).toBe(hits + 1);

    // A token this server did not make is replaced, never written into the page.
    const hostile = await page('ocop_pre=x"><script>alert(1)</script>');
    const hostileBody = await hostile.text();
    expect(hostileBody).not.toContain('<script>alert');
    expect(tokenOf(hostileBody)).toBe(cookieOf(hostile));

    // English is rendered by the route once, then served from memory.
    const en = await (await page('lang=en')).text();
    expect(en).toContain('lang="en"');
    const before = runtime.fastPathHits;
    expect(await (await page('lang=en')).text()).toContain('lang="en"');
    expect(runtime.fastPathHits).toBe(before + 1);

    // Signed-in browsers, query strings and stamp serials are the route's.
    const counted = runtime.fastPathHits;
    await (await page(`ocop_sid=${'x'.repeat(40)}`)).text();
    await (await page(undefined, `/v/${e.number}?sent=1`)).text();
    expect(runtime.fastPathHits).toBe(counted);

    // The token from a page served from memory is good for the report form.
    const form = new URLSearchParams({
      _csrf: secondToken, code: e.number, message: 'Tem in mờ, nắp hũ không có niêm phong, giá chỉ bằng nửa.', placeSeen: 'Chợ Vườn Hoa, Thanh Hóa',
    });
    const sent = await fetch(`${base}/v/report`, {
      method: 'POST', redirect: 'manual', body: form,
      headers: { 'x-forwarded-for': ip, cookie: `ocop_pre=${secondToken}`, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(sent.status, await sent.text()).toBe(303);
  });

  it('with COOKIE_SECURE=true the form-token cookie is Secure on both paths, written alike', async () => {
    const deps3: Deps = { ...t.deps, env: { ...t.deps.env, COOKIE_SECURE: 'true', RATE_LIMIT_ALLOWLIST: '' } };
    const app3 = await buildApp({ deps: deps3, logger: false });
    try {
      const base3 = await app3.listen({ port: 0, host: '127.0.0.1' });
      const open = () => fetch(`${base3}/v/${e.number}`);
      const first = await open();
      await first.text();
      // The route has cached the page; the next scans are served in front of it (a change notice
      // still on its way from an earlier test may make one more go through the route).
      let second: Response | null = null;
      for (let i = 0; i < 20 && !second; i++) {
        const hits = verifyRuntime(deps3).fastPathHits;
        const r = await open();
        await r.text();
        if (verifyRuntime(deps3).fastPathHits === hits + 1) second = r;
      }
      if (!second) throw new Error('the page was never served from memory');
      const shape = (r: Response) => r.headers.get('set-cookie')!.replace(/^ocop_pre=[^;]+/, 'ocop_pre=');
      expect(shape(first)).toBe('ocop_pre=; Path=/; HttpOnly; Secure; SameSite=Lax');
      expect(shape(second)).toBe(shape(first));
    } finally {
      await app3.close();
    }
  });

  it('a revocation reaches the fast path at once', async () => {
    const [g] = await certify(t, officer, [{ mean: 69 }]);
    // Scan until the answer is served from memory: the change notice of the issuing may still be
    // on its way and drop the first cached answer.
    let fromMemory = false;
    for (let i = 0; i < 50 && !fromMemory; i++) {
      const hits = verifyRuntime(deps2).fastPathHits;
      expect((await (await get(`/api/v1/verify/${g!.number}`, '203.0.113.2')).json()).status).toBe('valid');
      fromMemory = verifyRuntime(deps2).fastPathHits === hits + 1;
      if (!fromMemory) await sleep(10);
    }
    expect(fromMemory).toBe(true);
    const r = await t.app.inject({
      method: 'POST', url: `/api/v1/certificates/${g!.number}/revoke`, headers: officer.headers(),
      payload: { reason: 'Hậu kiểm: nhãn sai', legalBasis: 'Điều 10 Quyết định 26/2026/QĐ-TTg' },
    });
    expect(r.statusCode, r.body).toBe(200);
    let status = 'valid';
    for (let i = 0; i < 100 && status === 'valid'; i++) {
      status = (await (await get(`/api/v1/verify/${g!.number}`, '203.0.113.2')).json()).status;
      if (status === 'valid') await sleep(10);
    }
    expect(status).toBe('revoked');
  });

  it('one budget per client across both paths: the 301st request is 429, another client is served', async () => {
    const flooder = '198.51.100.7';
    await get(`/api/v1/verify/${e.number}`, '203.0.113.9'); // cached
    let served = 0;
    for (let i = 0; i < VERIFY_RATE_LIMIT; i++) {
      const res = await get(`/api/v1/verify/${e.number}`, flooder);
      await res.arrayBuffer();
      if (res.status === 200) served++;
    }
    expect(served).toBe(VERIFY_RATE_LIMIT);
    const limited = await get(`/api/v1/verify/${e.number}`, flooder);
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-content-type-options')).toBe('nosniff');
    // Uncached codes from the flooder are refused too; other clients are not affected.
    expect((await get('/api/v1/verify/OCOP-38-2026-99999', flooder)).status).toBe(429);
    expect((await get(`/api/v1/verify/${e.number}`, '198.51.100.8')).status).toBe(200);
  });
});

describe('two app instances on one PostgreSQL', () => {
  it.runIf(engine === 'postgres')('see a revocation made through the other within one second', async () => {
    const [g] = await certify(t, officer, [{ mean: 71 }]);
    const deps2: Deps = { ...t.deps, database: await openDatabase({ url: t.deps.database.url!, poolSize: 2 }) };
    const app2 = await buildApp({ deps: deps2, logger: false });
    try {
      await app2.ready();
      const verify2 = async () => json(await app2.inject({ url: `/api/v1/verify/${g!.number}` })).status as string;
      expect(await statusOf(g!.number)).toBe('valid');
      expect(await verify2()).toBe('valid');
      expect(await verify2()).toBe('valid'); // cached in the second instance
      const r = await t.app.inject({
        method: 'POST', url: `/api/v1/certificates/${g!.number}/revoke`, headers: officer.headers(),
        payload: { reason: 'Hậu kiểm', legalBasis: 'Điều 10 Quyết định 26/2026/QĐ-TTg' },
      });
      expect(r.statusCode, r.body).toBe(200);
      const revokedAt = performance.now();
      let status = await verify2();
      while (status !== 'revoked' && performance.now() - revokedAt < 1000) {
        await sleep(5);
        status = await verify2();
      }
      expect(status).toBe('revoked');
    } finally {
      await app2.close();
      await deps2.database.close();
    }
  });
});
