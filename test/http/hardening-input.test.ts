/**
 * Issue 18, items 2 and 3 (docs/decisions/042-input-hygiene.md): a NUL or another control
 * character in any string input — path, query, JSON body, form body, multipart text field — is a
 * 400 `validation_failed` naming the field (code `control_chars`), never a 500, anonymous or
 * signed in, API or page; a malformed multipart body (no boundary, garbage, a truncated or
 * malformed part) is a 400 on every upload route, never a 500; a control character in an import's
 * cell is a problem of its row and column in the import's all-or-nothing answer. What people
 * type — Vietnamese, emoji, line breaks in a textarea, tabs pasted from Excel — still passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, json, testApp, type AuthedUser, type InjectResponse, type TestApp } from '../helpers/app';
import { AREAS, buildProduct } from '../helpers/builders';
import { publishTestSheet } from '../helpers/sheets';
import { PDF, png } from '../helpers/dossier-fixtures';
import { multipart, xlsxOf } from '../imports/fixtures/encode';
import { csv } from '../imports/fixtures/db';

let t: TestApp;
let admin: AuthedUser;
let officer: AuthedUser;
let producer: AuthedUser;
let productId = '';
let dossierId = '';

beforeAll(async () => {
  t = await testApp();
  await publishTestSheet(t.ctx);
  [admin, officer] = await Promise.all([
    asUser(t.app, t.deps, { role: 'national_admin', login: true }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, login: true }),
  ]);
  producer = await asUser(t.app, t.deps, { role: 'producer', login: true });
  productId = (await buildProduct(t.ctx, { producerId: producer.actor.producerId! })).id;
  const d = await t.app.inject({ method: 'POST', url: '/api/v1/dossiers', headers: producer.headers(), payload: { productId, kind: 'first' } });
  expect(d.statusCode, d.body).toBe(201);
  dossierId = json(d).id;
}, 240_000);
afterAll(() => t?.close());

let ip = 0;
/** A fresh client address per request: rate limits (login, reports) never answer first. */
const nextIp = () => `10.42.${Math.floor(++ip / 250)}.${(ip % 250) + 1}`;
const HTML = { accept: 'text/html,application/xhtml+xml' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** An anonymous visitor's form token (double-submit cookie), as a browser gets it from a page. */
async function preSession(remoteAddress: string) {
  const page = await t.app.inject({ url: '/login', remoteAddress });
  const pre = page.cookies.find((c) => c.name === 'ocop_pre')!.value;
  return { cookie: `ocop_pre=${pre}`, csrf: pre };
}

type Who = 'anonymous' | 'admin' | 'officer' | 'producer';
type Via = 'path' | 'query' | 'json' | 'form' | 'multipart';
interface Case {
  who: Who;
  /** A page (Accept: text/html, cookie session) or the API (JSON, Bearer token). */
  page: boolean;
  via: Via;
  method: 'GET' | 'POST' | 'PATCH';
  url: () => string;
  /** JSON body, or form / multipart fields. */
  body?: Record<string, unknown>;
  field: string;
  /** Multipart: with a CSV file part (an import). */
  file?: boolean;
}

const user = (who: Who) => ({ admin, officer, producer, anonymous: null })[who];

async function send(c: Case): Promise<InjectResponse> {
  const remoteAddress = nextIp();
  const u = user(c.who);
  const headers: Record<string, string> = {};
  const fields: Record<string, string> = {};
  if (c.page) {
    // A browser: Accept HTML, the session cookie, forms carrying their token.
    Object.assign(headers, HTML);
    const s = u ? { cookie: u.cookie!, csrf: u.csrf! } : c.method === 'GET' ? null : await preSession(remoteAddress);
    if (s) headers.cookie = s.cookie;
    if (s && c.method !== 'GET') fields._csrf = s.csrf;
  } else if (u) {
    Object.assign(headers, u.headers());
  }
  for (const [k, v] of Object.entries(c.body ?? {})) fields[k] = String(v);
  const base = { method: c.method, url: c.url(), remoteAddress };
  if (c.via === 'json') return t.app.inject({ ...base, headers, payload: c.body as object });
  if (c.via === 'form') return t.app.inject({ ...base, headers: { ...headers, ...FORM }, payload: new URLSearchParams(fields).toString() });
  if (c.via === 'multipart') {
    const m = multipart(fields, c.file ? { name: 'list.csv', data: Buffer.from('name,kind,commune_code\r\nA,htx,14758\r\n'), type: 'text/csv' } : undefined);
    return t.app.inject({ ...base, headers: { ...headers, ...m.headers }, payload: m.payload });
  }
  return t.app.inject({ ...base, headers });
}

const report = (message: string) => ({ code: 'OCOP-38-2026-99999', message, placeSeen: 'Chợ Vườn Hoa, Thanh Hóa' });
const producerJson = (extra: Record<string, unknown> = {}) => ({
  name: 'HTX Mật ong Như Xuân', kind: 'cooperative', communeCode: AREAS.hamRong, address: 'Thôn 1', representative: 'Lê Văn Ba', ...extra,
});

const CASES: Case[] = [
  // Anonymous, API.
  { who: 'anonymous', page: false, via: 'json', method: 'POST', url: () => '/api/v1/auth/login', body: { username: '\u0000', password: 'x' }, field: 'username' },
  { who: 'anonymous', page: false, via: 'query', method: 'GET', url: () => '/api/v1/areas?q=%00', field: 'q' },
  { who: 'anonymous', page: false, via: 'path', method: 'GET', url: () => '/api/v1/criteria/%00/sets', field: 'version' },
  { who: 'anonymous', page: false, via: 'query', method: 'GET', url: () => '/api/v1/catalogue/products?q=m%E1%BA%ADt%00ong', field: 'q' },
  { who: 'anonymous', page: false, via: 'path', method: 'GET', url: () => '/api/v1/verify/OCOP%00', field: 'code' },
  { who: 'anonymous', page: false, via: 'json', method: 'POST', url: () => '/api/v1/fake-reports', body: report('Tem giả dán trên hộp\u0000 mật ong'), field: 'message' },
  // Anonymous, pages.
  { who: 'anonymous', page: true, via: 'query', method: 'GET', url: () => '/san-pham?q=%00', field: 'q' },
  { who: 'anonymous', page: true, via: 'path', method: 'GET', url: () => '/v/OCOP%1B', field: 'code' },
  { who: 'anonymous', page: true, via: 'form', method: 'POST', url: () => '/login', body: { username: 'admin\u0000', password: 'x' }, field: 'username' },
  { who: 'anonymous', page: true, via: 'form', method: 'POST', url: () => '/v/report', body: report('Tem giả dán trên hộp\u0000 mật ong'), field: 'message' },
  { who: 'anonymous', page: true, via: 'multipart', method: 'POST', url: () => '/v/report', body: report('Tem giả dán trên hộp\u0000 mật ong'), field: 'message' },
  { who: 'anonymous', page: true, via: 'multipart', method: 'POST', url: () => '/v/report', body: { ...report('Tem giả dán trên hộp mật ong'), placeSeen: 'Chợ\u0008' }, field: 'placeSeen' },
  // Signed in, API (Bearer token).
  { who: 'admin', page: false, via: 'query', method: 'GET', url: () => '/api/v1/audit?entityType=%00', field: 'entityType' },
  { who: 'officer', page: false, via: 'query', method: 'GET', url: () => '/api/v1/certificates?q=%00', field: 'q' },
  { who: 'officer', page: false, via: 'query', method: 'GET', url: () => '/api/v1/outlets?q=%7F', field: 'q' },
  { who: 'officer', page: false, via: 'query', method: 'GET', url: () => '/api/v1/support?q=%C2%85', field: 'q' },
  { who: 'officer', page: false, via: 'path', method: 'GET', url: () => '/api/v1/producers/%00', field: 'id' },
  { who: 'officer', page: false, via: 'json', method: 'POST', url: () => '/api/v1/producers', body: producerJson({ name: 'HTX\u0000' }), field: 'name' },
  { who: 'officer', page: false, via: 'json', method: 'POST', url: () => '/api/v1/producers', body: { ...producerJson(), 'na\u0000me': 'x' }, field: 'na\\u0000me' },
  { who: 'producer', page: false, via: 'multipart', method: 'POST', url: () => `/api/v1/dossiers/${dossierId}/documents`, body: { docType: 'registration_form\u0000' }, field: 'docType' },
  // Signed in, pages (cookie session).
  { who: 'officer', page: true, via: 'query', method: 'GET', url: () => '/admin/producers?q=%00', field: 'q' },
  { who: 'officer', page: true, via: 'path', method: 'GET', url: () => '/admin/producers/%00', field: 'id' },
  { who: 'officer', page: true, via: 'form', method: 'POST', url: () => '/admin/producers', body: { ...producerJson({ name: 'HTX\u0007' }), address: 'Thôn 1' }, field: 'name' },
  { who: 'admin', page: true, via: 'multipart', method: 'POST', url: () => '/admin/imports', body: { kind: 'producers\u0000' }, field: 'kind', file: true },
  { who: 'producer', page: true, via: 'multipart', method: 'POST', url: () => `/admin/dossiers/${dossierId}/documents`, body: { docType: '\u0000' }, field: 'docType' },
];

describe('a control character in any string input', () => {
  for (const c of CASES) {
    it(`${c.who} ${c.page ? 'page' : 'API'} ${c.method} ${c.url()} (${c.via}): 400 naming ${c.field}`, async () => {
      const res = await send(c);
      expect(res.statusCode, res.body.slice(0, 400)).toBe(400);
      if (c.page) {
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.body).toContain('role="alert"');
        expect(res.body).toContain(`<code>${c.field}</code>`);
        expect(res.body).toContain('Có ký tự điều khiển không được phép');
      } else {
        const { error } = json(res);
        expect(error.code).toBe('validation_failed');
        expect(error.fieldCodes).toMatchObject({ [c.field]: 'control_chars' });
        expect(error.fields[c.field]).toMatch(/control character/);
      }
    });
  }

  it('names every bad field of a body, nested ones by their path, and the character', async () => {
    const res = await send({
      who: 'officer', page: false, via: 'json', method: 'POST', url: () => '/api/v1/producers', field: '',
      body: producerJson({ name: 'A\u0001', address: 'B\u001f', extra: { list: ['ok', 'C\u0000'] } }),
    });
    expect(res.statusCode).toBe(400);
    const { error } = json(res);
    expect(error.fieldCodes).toEqual({ name: 'control_chars', address: 'control_chars', 'extra.list.1': 'control_chars' });
    expect(error.fields.name).toContain('U+0001');
    expect(error.fields['extra.list.1']).toContain('U+0000');
  });

  it('writes nothing when it refuses', async () => {
    const before = json(await t.app.inject({ url: '/api/v1/producers?pageSize=1', headers: officer.headers() })).total;
    await send({ who: 'officer', page: false, via: 'json', method: 'POST', url: () => '/api/v1/producers', body: producerJson({ address: '\u0000' }), field: 'address' });
    expect(json(await t.app.inject({ url: '/api/v1/producers?pageSize=1', headers: officer.headers() })).total).toBe(before);
  });
});

describe('what people type still passes', () => {
  it('Vietnamese, emoji, tabs and line breaks in JSON, query and forms', async () => {
    const q = await t.app.inject({ url: `/api/v1/areas?q=${encodeURIComponent('Thanh\tHóa')}` });
    expect(q.statusCode, q.body).toBe(200);
    const api = await t.app.inject({
      method: 'POST', url: '/api/v1/producers', headers: officer.headers(),
      payload: producerJson({ name: 'HTX Mật ong Như Xuân 🍯', address: 'Thôn Đồng Xuân\r\nxã Hàm Rồng\tThanh Hóa' }),
    });
    expect(api.statusCode, api.body).toBe(201);
    expect(json(api).address).toContain('\n');
    const page = await send({
      who: 'officer', page: true, via: 'form', method: 'POST', url: () => '/admin/producers', field: '',
      body: { ...producerJson({ name: 'Hộ kinh doanh Chè Shan Tuyết ☕' }), address: 'Bản Sài Khao\r\nMường Lát' },
    });
    expect(page.statusCode, page.body.slice(0, 300)).toBe(303);
  });

  it('a report with line breaks and emoji, sent as the page\'s multipart form', async () => {
    const res = await send({
      who: 'anonymous', page: true, via: 'multipart', method: 'POST', url: () => '/v/report', field: '',
      body: report('Thấy tem lạ 🤔\r\nMã in mờ,\tkhông quét được.'),
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    expect(res.headers.location).toMatch(/sent=BC-/);
  });

  it('the return address next is left to the sign-in page (never a 400 or 500)', async () => {
    const res = await t.app.inject({ url: '/login?next=/a%00b', remoteAddress: nextIp() });
    expect(res.statusCode).toBe(200);
  });
});

/** Bodies a multipart parser reads as nothing (parts without a name are skipped): the route's own 4xx. */
const EMPTY_MULTIPART: { name: string; type: string; payload: string }[] = [
  { name: 'a part without headers', type: 'multipart/form-data; boundary=XyZ', payload: '--XyZ\r\nnot a header\r\n\r\nx\r\n--XyZ--\r\n' },
  { name: 'only the closing boundary', type: 'multipart/form-data; boundary=XyZ', payload: '--XyZ--\r\n' },
  { name: 'an empty body', type: 'multipart/form-data; boundary=XyZ', payload: '' },
];

/** Bodies a multipart parser cannot read. */
const BAD_MULTIPART: { name: string; type: string; payload: string | Buffer }[] = [
  { name: 'no boundary', type: 'multipart/form-data', payload: 'garbage' },
  { name: 'garbage', type: 'multipart/form-data; boundary=XyZ', payload: 'garbage' },
  {
    name: 'a truncated part', type: 'multipart/form-data; boundary=XyZ',
    payload: '--XyZ\r\ncontent-disposition: form-data; name="file"; filename="a.csv"\r\ncontent-type: text/csv\r\n\r\nname,kind\r\nab',
  },
  { name: 'a boundary over 256 characters', type: `multipart/form-data; boundary=${'b'.repeat(300)}`, payload: `--${'b'.repeat(300)}\r\n` },
  { name: 'a truncated text field', type: 'multipart/form-data; boundary=XyZ', payload: '--XyZ\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\nabc' },
];

const UPLOADS: { name: string; who: Who; page: boolean; url: () => string }[] = [
  { name: 'the report form', who: 'anonymous', page: true, url: () => '/v/report' },
  { name: 'the report form (no Accept)', who: 'anonymous', page: false, url: () => '/v/report' },
  { name: 'an import (API)', who: 'admin', page: false, url: () => '/api/v1/imports/producers' },
  { name: 'an import (page)', who: 'admin', page: true, url: () => '/admin/imports' },
  { name: 'a product image (API)', who: 'officer', page: false, url: () => `/api/v1/products/${productId}/images` },
  { name: 'a product image (page)', who: 'producer', page: true, url: () => `/admin/products/${productId}/images` },
  { name: 'a dossier document (API)', who: 'producer', page: false, url: () => `/api/v1/dossiers/${dossierId}/documents` },
];

describe('a malformed multipart body', () => {
  for (const up of UPLOADS) {
    it(`${up.name}: 400 for every unreadable body, never a 500`, async () => {
      const u = user(up.who);
      for (const bad of BAD_MULTIPART) {
        const headers: Record<string, string> = { 'content-type': bad.type, ...(up.page ? HTML : {}) };
        if (u) Object.assign(headers, up.page ? u.sessionHeaders() : u.headers());
        const res = await t.app.inject({ method: 'POST', url: up.url(), remoteAddress: nextIp(), headers, payload: bad.payload });
        expect({ body: bad.name, status: res.statusCode }, res.body.slice(0, 300)).toEqual({ body: bad.name, status: 400 });
        if (up.page) {
          expect(res.headers['content-type']).toMatch(/^text\/html/);
          expect(res.body).toContain('role="alert"');
          expect(res.body).toContain('Dữ liệu biểu mẫu gửi lên bị hỏng hoặc không đầy đủ');
        } else {
          expect(json(res).error).toMatchObject({ code: 'bad_request', fieldCodes: { body: 'multipart_malformed' } });
        }
      }
    });
  }

  it('bodies that hold no part are answered by the route (4xx), never a 500', async () => {
    for (const up of UPLOADS) {
      const u = user(up.who);
      for (const odd of EMPTY_MULTIPART) {
        const headers: Record<string, string> = { 'content-type': odd.type, ...(up.page ? HTML : {}) };
        if (u) Object.assign(headers, up.page ? u.sessionHeaders() : u.headers());
        const res = await t.app.inject({ method: 'POST', url: up.url(), remoteAddress: nextIp(), headers, payload: odd.payload });
        expect({ upload: up.name, body: odd.name, refused: res.statusCode >= 400 && res.statusCode < 500 }, res.body.slice(0, 300))
          .toEqual({ upload: up.name, body: odd.name, refused: true });
      }
    }
  });

  it('over a real connection: the issue\'s request and a truncated upload are answered 400 at once', async () => {
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const post = (type: string, body: string) => fetch(`${address}/v/report`, { method: 'POST', headers: { 'content-type': type }, body, signal: AbortSignal.timeout(10_000) });
    const garbage = await post('multipart/form-data', 'garbage');
    expect([garbage.status, (await garbage.json()).error.code]).toEqual([400, 'bad_request']);
    const truncated = await post('multipart/form-data; boundary=XyZ', '--XyZ\r\ncontent-disposition: form-data; name="message"\r\n\r\nTem gi');
    expect(truncated.status).toBe(400);
  });

  it('an upload that is not multipart is a 415, an over-large one a 413', async () => {
    const notMultipart = await t.app.inject({ method: 'POST', url: '/api/v1/imports/producers', headers: admin.headers(), payload: { file: 'x' } });
    expect(notMultipart.statusCode).toBe(415);
    const image = await t.app.inject({ method: 'POST', url: `/api/v1/products/${productId}/images`, headers: { ...officer.headers(), 'content-type': 'text/plain' }, payload: 'x' });
    expect(image.statusCode).toBe(415);
    const many = multipart(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${i}`, 'x'])), { name: 'a.pdf', data: PDF, type: 'application/pdf' });
    const tooMany = await t.app.inject({ method: 'POST', url: `/api/v1/dossiers/${dossierId}/documents`, headers: { ...producer.headers(), ...many.headers }, payload: many.payload });
    expect(tooMany.statusCode).toBe(413);
  });

  it('a file name with control characters loses them; the upload is kept', async () => {
    const m = multipart({}, { name: 'a\u0001nh\u0000.png', data: png(), type: 'image/png' });
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/products/${productId}/images`, headers: { ...officer.headers(), ...m.headers }, payload: m.payload });
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('a control character in an import\'s cell', () => {
  const upload = (data: Buffer, name = 'producers.csv') => {
    const body = multipart({}, { name, data, type: 'text/csv' });
    return t.app.inject({ method: 'POST', url: '/api/v1/imports/producers', headers: { ...admin.headers({ 'accept-language': 'en' }), ...body.headers }, payload: body.payload });
  };
  const refusal = (res: InjectResponse) => {
    expect(res.statusCode, res.body.slice(0, 400)).toBe(422);
    const { error } = json(res);
    expect(error.code).toBe('import_failed');
    return error as { fields: Record<string, string>; details: { rows: { row: number; field: string; message: string }[] } };
  };

  it('CSV: every such cell is listed by row and column; nothing is written', async () => {
    const before = json(await t.app.inject({ url: '/api/v1/producers?pageSize=1', headers: admin.headers() })).total;
    const e = refusal(await upload(csv([
      'name,kind,commune_code,address',
      'HTX Chè Shan Tuyết,hợp tác xã,14758,Bản Sài Khao',
      'HTX Mật ong\u0001,hợp tác xã,14758,Thôn 2\u0000',
      'HTX Bánh gai,hợp tác xã,14758,"Thôn 3\tnhà 5\r\nxã Hàm Rồng"',
    ])));
    expect(Object.keys(e.fields).sort()).toEqual(['row 3.address', 'row 3.name']);
    expect(e.fields['row 3.name']).toContain('U+0001');
    expect(e.fields['row 3.address']).toContain('U+0000');
    expect(e.details.rows.map((r) => `${r.row}.${r.field}`)).toEqual(['3.name', '3.address']);
    expect(json(await t.app.inject({ url: '/api/v1/producers?pageSize=1', headers: admin.headers() })).total).toBe(before);
  });

  it('CSV: a NUL far into a large file, and a header cell holding one', async () => {
    const rows = ['name,kind,commune_code,address'];
    for (let i = 0; i < 200; i++) rows.push(`HTX Thử nghiệm ${i},hợp tác xã,14758,Thôn ${i}`);
    rows.push('HTX Cuối,hợp tác xã,14758,Thôn \u0000cuối');
    const e = refusal(await upload(csv(rows)));
    expect(Object.keys(e.fields)).toEqual(['row 202.address']);
    const header = refusal(await upload(csv(['name,kind,commune_code,addr\u0000ess', 'A,hợp tác xã,14758,x'])));
    expect(Object.keys(header.fields)).toEqual(['row 1.D']);
  });

  it('XLSX: a cell written with an escaped control character (_x0000_)', async () => {
    const data = await xlsxOf([['name', 'kind', 'commune_code'], ['HTX A', 'hợp tác xã', '14758'], ['HTX_x0000_B', 'hợp tác xã', '14758']]);
    const e = refusal(await upload(data, 'producers.xlsx'));
    expect(Object.keys(e.fields)).toEqual(['row 3.name']);
  });

  it('tabs and line breaks in cells, Vietnamese and emoji, import as before', async () => {
    const res = await upload(csv([
      'name,kind,commune_code,address',
      'HTX Chè Tà Xùa 🍵,hợp tác xã,14758,"Bản Tà Xùa\tkhu 2\r\nxã Hàm Rồng"',
    ]));
    expect(res.statusCode, res.body.slice(0, 400)).toBe(200);
    expect(json(res).rows).toBe(1);
  });
});
