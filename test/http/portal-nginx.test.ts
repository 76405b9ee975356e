/**
 * The public portal behind Debian's nginx with the operators' proxy cache: the file
 * docs/guide/nginx-portal.conf (shown verbatim in docs/guide/operators.md) is run as it is, with
 * this test's ports and paths and without TLS (plain HTTP to the same server block), in front of
 * the app on a real socket. Anonymous pages come from the cache, one entry per language; signed-in
 * people and API clients never share an entry; nothing that sets a cookie, no POST, no back-office
 * page and no other API is stored; ETags give 304s through nginx; a revocation or an edit shows
 * through the proxy within its s-maxage. Skips itself where nginx is not installed (.ci/run
 * installs Debian's).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../src/paths';
import { updateProduct } from '../../src/modules/registry/product.service';
import { asUser, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { PORTAL_NOW, seedPortalCatalogue, type PortalCatalogue } from '../helpers/portal-fixtures';

const NGINX = process.env.NGINX_PATH || '/usr/sbin/nginx';
const TEMPLATE = join(ROOT, 'docs/guide/nginx-portal.conf');
const GUIDE = join(ROOT, 'docs/guide/operators.md');
/** The anonymous pages' Cache-Control of the portal's HTTP caching contract. */
const SHARED = 'public, max-age=0, s-maxage=1, stale-while-revalidate=10';

describe('the nginx configuration in the operators\' guide', () => {
  it('is shown in the guide exactly as the file this test runs', () => {
    expect(readFileSync(GUIDE, 'utf8')).toContain(`\`\`\`nginx\n${readFileSync(TEMPLATE, 'utf8')}\`\`\`\n`);
  });
});

interface Ports { app: number; proxy: number; redirect: number }

/**
 * The guide's file with this run's ports and cache directory, TLS lines left out. Every edit must
 * find its line exactly once, so a change to the file that the test would silently miss fails here.
 */
function confForTest(template: string, ports: Ports, cacheDir: string): string {
  const edits: [string, string][] = [
    ['    server 127.0.0.1:3000;\n', `    server 127.0.0.1:${ports.app};\n`],
    ['proxy_cache_path /var/cache/nginx/ocop-portal ', `proxy_cache_path ${cacheDir} `],
    ['    listen 80;\n', `    listen 127.0.0.1:${ports.redirect};\n`],
    ['    listen [::]:80;\n', ''],
    ['    listen 443 ssl;\n', `    listen 127.0.0.1:${ports.proxy};\n`],
    ['    listen [::]:443 ssl;\n', ''],
  ];
  let conf = template;
  for (const [from, to] of edits) {
    expect(conf.split(from).length - 1, `"${from.trim()}" in ${TEMPLATE}`).toBe(1);
    conf = conf.replace(from, to);
  }
  const tls = /^ {4}ssl_certificate(_key)? .*\n/gm;
  expect(conf.match(tls)).toHaveLength(2);
  return conf.replace(tls, '');
}

/** nginx's own files in the temp dir; as root, workers run as root too (they write the cache there). */
function mainConf(dir: string, portal: string): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `    ${k}_temp_path ${dir}/temp-${k};`).join('\n');
  return `${process.getuid?.() === 0 ? `user ${userInfo().username};\n` : ''}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
${temp}
${portal}
}
`;
}

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
    const { port } = s.address() as { port: number };
    s.close(() => resolve(port));
  });
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const accepts = (port: number) => new Promise<boolean>((resolve) => {
  const c = connect(port, '127.0.0.1').once('connect', () => { c.destroy(); resolve(true); }).once('error', () => resolve(false));
});

describe.skipIf(!existsSync(NGINX))('the public portal behind nginx with the guide\'s proxy cache', () => {
  let t: TestApp;
  let cat: PortalCatalogue;
  let officer: AuthedUser;
  let dir: string;
  let nginx: ChildProcess | null = null;
  let proxy: string;
  let redirect: string;

  beforeAll(async () => {
    t = await testApp({ clock: () => PORTAL_NOW, env: { TRUST_PROXY: '127.0.0.1' } });
    cat = await seedPortalCatalogue(t);
    officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38', displayName: 'Cán bộ Lê Thị Proxy', login: true });
    const app = new URL(await t.app.listen({ host: '127.0.0.1', port: 0 }));
    const ports: Ports = { app: Number(app.port), proxy: await freePort(), redirect: await freePort() };
    dir = await mkdtemp(join(tmpdir(), 'ocop-nginx-'));
    const conf = join(dir, 'nginx.conf');
    await writeFile(conf, mainConf(dir, confForTest(await readFile(TEMPLATE, 'utf8'), ports, join(dir, 'cache'))));
    const args = ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')];
    const checked = spawnSync(NGINX, [...args, '-t'], { encoding: 'utf8' });
    expect(checked.status, checked.stderr).toBe(0);
    nginx = spawn(NGINX, [...args, '-g', 'daemon off;'], { stdio: 'ignore' });
    let listening = false;
    for (let i = 0; i < 100 && !listening && nginx.exitCode === null; i++) {
      listening = await accepts(ports.proxy);
      if (!listening) await sleep(50);
    }
    if (!listening) throw new Error(`nginx is not listening: ${await readFile(join(dir, 'error.log'), 'utf8')}`);
    proxy = `http://127.0.0.1:${ports.proxy}`;
    redirect = `http://127.0.0.1:${ports.redirect}`;
  }, 60_000);

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx!.once('exit', r));
      nginx.kill('SIGTERM');
      await exited;
    }
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  interface Got { status: number; cache: string | null; body: string; headers: Headers }
  const get = async (path: string, headers: Record<string, string> = {}, init: RequestInit = {}): Promise<Got> => {
    const r = await fetch(`${proxy}${path}`, { headers, redirect: 'manual', ...init });
    return { status: r.status, cache: r.headers.get('x-cache-status'), body: await r.text(), headers: r.headers };
  };
  /** A path's first request (stored) and the second (from the cache, the same bytes). */
  const twice = async (path: string, headers: Record<string, string> = {}) => {
    const first = await get(path, headers);
    const second = await get(path, headers);
    expect(first.status, path).toBe(200);
    expect([first.cache, second.cache], path).toEqual(['MISS', 'HIT']);
    expect(second.body, path).toBe(first.body);
    return second;
  };
  const product = async (id: string) => json<{ url: string; province: { url: string } }>(await t.app.inject({ url: `/api/v1/catalogue/products/${id}` }));
  const productPage = async (id: string) => (await product(id)).url;
  /** Asks until `seen` holds, at most `ms` (the contract's s-maxage is 1 s). */
  const within = async (ms: number, seen: () => Promise<boolean>) => {
    const end = Date.now() + ms;
    for (;;) {
      if (await seen()) return true;
      if (Date.now() > end) return false;
      await sleep(100);
    }
  };
  const revoke = async (number: string) => {
    const r = await t.app.inject({
      method: 'POST', url: `/api/v1/certificates/${number}/revoke`, headers: officer.headers(),
      payload: { reason: 'Hậu kiểm: không duy trì chất lượng', legalBasis: 'Điều 10 Quyết định 26/2026/QĐ-TTg' },
    });
    expect(r.statusCode, r.body).toBe(200);
  };

  it('answers the second anonymous request for the home page and a product page from the cache, byte for byte', async () => {
    const home = await twice('/');
    expect(home.body).toContain('/login?next=');
    await twice(await productPage(cat.ids.honeyMeoVac));
    await twice('/api/v1/catalogue/products?q=mat%20ong');
  });

  it('keeps one entry per language: English has its own; other cookies and unknown languages share the Vietnamese one', async () => {
    const path = '/san-pham?q=mat+ong';
    const vi = await twice(path);
    expect(vi.body).toContain('lang="vi"');
    const odd = await get(path, { cookie: '_ga=GA1.1.42; lang=xx; ocop_pre=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    expect([odd.cache, odd.body === vi.body]).toEqual(['HIT', true]);
    const en = await twice(path, { cookie: 'lang=en' });
    expect(en.body).toContain('lang="en"');
    const enOther = await get(path, { cookie: '_ga=GA1.1.42; lang=en' });
    expect([enOther.cache, enOther.body === en.body]).toEqual(['HIT', true]);
  });

  it('never shares a signed-in page: a session cookie or a bearer token bypasses the cache and shows the person', async () => {
    const province = (await product(cat.ids.honeyCamThuy)).province.url;
    await twice(province);
    const signedIn: Record<string, string>[] = [{ cookie: officer.cookie! }, { authorization: `Bearer ${officer.token}` }];
    for (const headers of signedIn) {
      const mine = await get(province, headers);
      expect(mine.cache).toBe('BYPASS');
      expect(mine.body).toContain('Cán bộ Lê Thị Proxy');
      expect(mine.headers.get('cache-control')).toBe('private, no-cache');
    }
    const anonymous = await get(province);
    expect(anonymous.cache).toBe('HIT');
    expect(anonymous.body).not.toContain('Cán bộ Lê Thị Proxy');
  });

  it('passes on the contract\'s headers: Cache-Control for shared caches and a strong ETag', async () => {
    const page = await get(await productPage(cat.ids.tea), { 'accept-encoding': 'identity' });
    expect(page.headers.get('cache-control')).toBe(SHARED);
    expect(page.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(page.headers.get('vary')).toMatch(/cookie/i);
    const api = await get('/api/v1/catalogue/products?q=che', { 'accept-encoding': 'identity' });
    expect(api.headers.get('cache-control')).toBe(SHARED);
    expect(api.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
  });

  it('answers If-None-Match with the ETag with 304 and no body, compressed or not', async () => {
    const path = await productPage(cat.ids.tea);
    for (const encoding of ['identity', 'gzip']) {
      const page = await get(path, { 'accept-encoding': encoding });
      const etag = page.headers.get('etag');
      expect(etag, encoding).toBeTruthy();
      // nginx's gzip makes the tag weak (W/"…"); it still matches its own page.
      const same = await get(path, { 'accept-encoding': encoding, 'if-none-match': etag! });
      expect([same.status, same.body], encoding).toEqual([304, '']);
      const other = await get(path, { 'accept-encoding': encoding, 'if-none-match': '"another-page"' });
      expect([other.status, other.body === page.body], encoding).toEqual([200, true]);
    }
  });

  it('stores nothing that sets a cookie: a ?lang= switch, the sign-in form', async () => {
    for (let i = 0; i < 2; i++) {
      const en = await get('/san-pham?lang=en');
      expect(en.cache).toBe('MISS');
      expect(en.headers.get('set-cookie')).toMatch(/^lang=en;/);
      expect(en.body).toContain('lang="en"');
    }
    const tokens = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const form = await get('/login');
      expect([form.status, form.cache]).toEqual([200, null]);
      tokens.add(/ocop_pre=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!);
    }
    expect(tokens.size).toBe(2);
  });

  it('never caches the back office, the rest of the API, /metrics or a POST; signing in through nginx works', async () => {
    const admin = await get('/admin', { accept: 'text/html' });
    expect([admin.status, admin.cache]).toEqual([303, null]);
    for (let i = 0; i < 2; i++) expect((await get('/api/v1/open-data')).cache).toBeNull();
    expect((await get('/metrics')).status).toBe(404);
    expect((await get('/api/v1/catalogue/products', {}, { method: 'POST' })).cache).toBeNull();

    const form = await get('/login');
    const pre = /ocop_pre=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!;
    const post = (password: string) => get('/login', { cookie: `ocop_pre=${pre}`, 'content-type': 'application/x-www-form-urlencoded' }, {
      method: 'POST', body: new URLSearchParams({ _csrf: pre, username: officer.username, password }).toString(),
    });
    for (let i = 0; i < 2; i++) expect((await post('not-the-password')).status).toBe(401);
    const signedIn = await post(officer.password);
    expect([signedIn.status, signedIn.cache]).toEqual([303, null]);
    const sid = /ocop_sid=([^;]+)/.exec(signedIn.headers.get('set-cookie') ?? '')![1]!;
    const home = await get('/', { cookie: `ocop_sid=${sid}` });
    expect(home.cache).toBe('BYPASS');
    expect(home.body).toContain('Cán bộ Lê Thị Proxy');
  });

  it('sends plain HTTP to HTTPS', async () => {
    const r = await fetch(`${redirect}/san-pham?q=mat+ong`, { redirect: 'manual' });
    expect([r.status, r.headers.get('location')]).toEqual([301, 'https://127.0.0.1/san-pham?q=mat+ong']);
  });

  it('shows a revocation in the verification API through nginx within 3 s', async () => {
    const path = '/api/v1/verify/OCOP-38-2025-00003';
    const cached = await twice(path);
    expect(JSON.parse(cached.body).status).toBe('valid');
    await revoke('OCOP-38-2025-00003');
    expect(await within(3000, async () => JSON.parse((await get(path)).body).status === 'revoked')).toBe(true);
  });

  it('shows a revocation on the product page and in the catalogue API through nginx within 3 s', async () => {
    const page = await productPage(cat.ids.honeyCamThuy);
    const api = `/api/v1/catalogue/products/${cat.ids.honeyCamThuy}`;
    expect((await twice(page)).body).toContain('data-certified="true"');
    expect(JSON.parse((await twice(api)).body).certified).toBe(true);
    await revoke('OCOP-38-2025-00001');
    expect(await within(3000, async () => (await get(page)).body.includes('data-certified="false"'))).toBe(true);
    expect(await within(3000, async () => JSON.parse((await get(api)).body).certified === false)).toBe(true);
  });

  it('shows a product edit on its page through nginx within 3 s', async () => {
    const page = await productPage(cat.ids.nem);
    await twice(page);
    const description = 'Nem chua gói lá chuối, lên men tự nhiên ba ngày.';
    await updateProduct(t.ctx, cat.ids.nem, { description });
    expect(await within(3000, async () => (await get(page)).body.includes(description))).toBe(true);
  });
});
