import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS, buildProducer, buildProduct, nextSeq } from '../helpers/builders';
import { makeTaxCode } from '../../src/domain/tax-code';
import { makeGtin13 } from '../../src/domain/gtin';
import { AppError } from '../../src/errors';
import { createProducer } from '../../src/modules/registry/producer.service';
import { createProduct } from '../../src/modules/registry/product.service';
import type { ProducerInput } from '../../src/modules/registry/producer.schema';
import type { ProductInput } from '../../src/modules/registry/product.schema';

let t: TestApp;
let admin: AuthedUser;
let thanhHoa: AuthedUser;
let haNoi: AuthedUser;
let commune: AuthedUser;
let buyer: AuthedUser;

beforeAll(async () => {
  t = await testApp();
  admin = await asUser(t.app, t.deps, { role: 'national_admin' });
  thanhHoa = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, login: true });
  haNoi = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi });
  commune = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong });
  buyer = await asUser(t.app, t.deps, { role: 'buyer' });
});
afterAll(() => t.close());

const post = (url: string, headers: Record<string, string>, payload: unknown) =>
  t.app.inject({ method: 'POST', url, headers, payload: payload as object });

describe('areas', () => {
  it('lists provinces and finds communes without diacritics', async () => {
    const prov = json(await t.app.inject({ url: '/api/v1/areas?level=province&pageSize=100' }));
    expect(prov.total).toBe(34);
    const hk = json(await t.app.inject({ url: '/api/v1/areas?q=hoan%20kiem' }));
    expect(hk.items.map((a: { code: string }) => a.code)).toContain(AREAS.hoanKiem);
  });

  it('resolves an old province name to its successor', async () => {
    const r = json(await t.app.inject({ url: '/api/v1/areas/successors/H%C3%A0%20Giang' }));
    expect(r.items.map((i: { area: { code: string } }) => i.area.code)).toContain('08');
  });

  it('rejects an unknown level with 400', async () => {
    expectError(await t.app.inject({ url: '/api/v1/areas?level=district' }), 400, 'validation_failed');
  });
});

describe('producers', () => {
  const valid = (n: number) => ({
    name: `HTX Mật ong Bắc Sơn ${n}`, kind: 'cooperative', taxCode: makeTaxCode(5000 + n),
    communeCode: AREAS.hamRong, address: 'Thôn 1', representative: 'Nguyễn Văn A', phone: '0912 345 678',
  });

  it('creates a producer (201) and normalises the phone', async () => {
    const res = await post('/api/v1/producers', thanhHoa.headers(), valid(1));
    expect(res.statusCode).toBe(201);
    const p = json(res);
    expect(p).toMatchObject({ kind: 'cooperative', provinceCode: '38', phone: '0912345678', communeName: 'Phường Hàm Rồng' });
    const got = json(await t.app.inject({ url: `/api/v1/producers/${p.id}`, headers: thanhHoa.headers() }));
    expect(got.name).toBe(valid(1).name);
  });

  it('rejects wrong types, unknown enums, bad tax codes and unknown communes with field errors', async () => {
    const e1 = expectError(await post('/api/v1/producers', thanhHoa.headers(), { name: 5, kind: 'farm', communeCode: '38' }), 400, 'validation_failed');
    expect(Object.keys(e1.fields ?? {})).toEqual(expect.arrayContaining(['name', 'kind', 'communeCode']));
    const e2 = expectError(await post('/api/v1/producers', thanhHoa.headers(), { ...valid(2), taxCode: '0100109107' }), 400, 'validation_failed');
    expect(e2.fields?.taxCode).toMatch(/check digit/);
    const e3 = expectError(await post('/api/v1/producers', thanhHoa.headers(), { ...valid(3), communeCode: '99999' }), 400, 'validation_failed');
    expect(e3.fields?.communeCode).toBeDefined();
    const e4 = expectError(await post('/api/v1/producers', thanhHoa.headers(), { ...valid(4), email: 'not-an-email', phone: '12345' }), 400, 'validation_failed');
    expect(Object.keys(e4.fields ?? {})).toEqual(expect.arrayContaining(['email', 'phone']));
  });

  it('detects duplicates by tax code and by normalised name in the same commune (409)', async () => {
    const first = valid(10);
    expect((await post('/api/v1/producers', thanhHoa.headers(), first)).statusCode).toBe(201);
    expectError(await post('/api/v1/producers', thanhHoa.headers(), { ...first, name: 'Another name' }), 409, 'duplicate');
    const sameName = { ...first, taxCode: null, name: 'Hợp tác xã mật ong Bắc  Sơn 10' };
    const e = expectError(await post('/api/v1/producers', thanhHoa.headers(), sameName), 409, 'duplicate');
    expect(e.fields?.name).toBeDefined();
  });

  it('needs authentication (401) and keeps officers in their area (403 on create, 404 on read)', async () => {
    expectError(await post('/api/v1/producers', {}, valid(20)), 401, 'unauthenticated');
    expectError(await t.app.inject({ url: '/api/v1/producers' }), 401, 'unauthenticated');
    expectError(await post('/api/v1/producers', haNoi.headers(), valid(21)), 403, 'forbidden');
    const p = await buildProducer(t.ctx, { communeCode: AREAS.hamRong });
    expectError(await t.app.inject({ url: `/api/v1/producers/${p.id}`, headers: haNoi.headers() }), 404, 'not_found');
    expectError(await t.app.inject({ url: `/api/v1/producers/${p.id}`, headers: buyer.headers() }), 404, 'not_found');
    expectError(await t.app.inject({ url: '/api/v1/producers', headers: buyer.headers() }), 403, 'forbidden');
    const hn = json(await t.app.inject({ url: '/api/v1/producers?pageSize=100', headers: haNoi.headers() }));
    expect(hn.items.every((x: { provinceCode: string }) => x.provinceCode === '01')).toBe(true);
  });

  it('lets a commune officer work only in their commune', async () => {
    expect((await post('/api/v1/producers', commune.headers(), valid(30))).statusCode).toBe(201);
    expectError(await post('/api/v1/producers', commune.headers(), { ...valid(31), communeCode: AREAS.hacThanh }), 403, 'forbidden');
  });

  it('stores injection strings verbatim and shows them escaped', async () => {
    const name = `<script>alert(1)</script>'; DROP TABLE producers; --`;
    const res = await post('/api/v1/producers', admin.headers(), { ...valid(40), name });
    expect(res.statusCode).toBe(201);
    const p = json(res);
    expect(p.name).toBe(name);
    const page = await t.app.inject({ url: `/admin/producers/${p.id}`, headers: { ...thanhHoa.sessionHeaders(), accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script>alert(1)&lt;/script>');
  });

  it('searches producers without diacritics and paginates', async () => {
    const r = json(await t.app.inject({ url: '/api/v1/producers?q=mat%20ong%20bac%20son&pageSize=2', headers: admin.headers() }));
    expect(r.total).toBeGreaterThanOrEqual(2);
    expect(r.items).toHaveLength(2);
    expect(r.pageSize).toBe(2);
    expectError(await t.app.inject({ url: '/api/v1/producers?pageSize=500', headers: admin.headers() }), 400, 'validation_failed');
  });

  it('updates a producer and writes an audit row with before and after', async () => {
    const p = await buildProducer(t.ctx);
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/producers/${p.id}`, headers: admin.headers(), payload: { representative: 'Lê Thị B' } });
    expect(res.statusCode).toBe(200);
    const audit = json(await t.app.inject({ url: `/api/v1/audit?entityType=producer&entityId=${p.id}`, headers: admin.headers() }));
    const update = audit.items.find((i: { action: string }) => i.action === 'producer.update');
    expect(update.before.representative).not.toBe('Lê Thị B');
    expect(update.after.representative).toBe('Lê Thị B');
  });
});

describe('products', () => {
  it('creates a product with a valid GTIN and rejects a bad one', async () => {
    const p = await buildProducer(t.ctx);
    const gtin = makeGtin13('893', 12345);
    const res = await post('/api/v1/products', thanhHoa.headers(), { producerId: p.id, name: 'Mật ong bạc hà', productSetCode: '4', gtin });
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ gtin, productSetName: expect.stringContaining('Mật ong'), certificate: null, status: 'developing' });
    const bad = expectError(await post('/api/v1/products', thanhHoa.headers(), { producerId: p.id, name: 'X2', productSetCode: '4', gtin: gtin.slice(0, 12) + ((Number(gtin[12]) + 1) % 10) }), 400, 'validation_failed');
    expect(bad.fields?.gtin).toMatch(/check digit/);
    const set = expectError(await post('/api/v1/products', thanhHoa.headers(), { producerId: p.id, name: 'X3', productSetCode: '99' }), 400, 'validation_failed');
    expect(set.fields?.productSetCode).toBeDefined();
  });

  it('finds "Mật ong" when searching "mat ong" and hides other provinces', async () => {
    const prod = await buildProduct(t.ctx, { name: 'Mật ong hoa nhãn' });
    const r = json(await t.app.inject({ url: '/api/v1/products?q=mat%20ong%20hoa%20nhan', headers: admin.headers() }));
    expect(r.items.map((x: { id: string }) => x.id)).toContain(prod.id);
    expectError(await t.app.inject({ url: `/api/v1/products/${prod.id}`, headers: haNoi.headers() }), 404, 'not_found');
  });

  it('the services (behind the forms) report every problem at once: schema and check-digit errors together', async () => {
    const fieldsOf = async (p: Promise<unknown>) => {
      const e = await p.then(() => null, (err: unknown) => err);
      expect(e).toBeInstanceOf(AppError);
      return Object.keys((e as AppError).fields ?? {}).sort();
    };
    expect(await fieldsOf(createProducer(t.ctx, {
      name: '', kind: 'cooperative', communeCode: '14797', taxCode: '0100109107', phone: '123', email: 'x@',
    } as ProducerInput))).toEqual(['email', 'name', 'phone', 'taxCode']);
    const p = await buildProducer(t.ctx);
    expect(await fieldsOf(createProduct(t.ctx, { producerId: p.id, name: '', productSetCode: '99', gtin: '8930000000000' } as ProductInput)))
      .toEqual(['gtin', 'name', 'productSetCode']);
  });

  it('matches the start of each word, in the name or the description, as people type', async () => {
    const tag = `kt${nextSeq()}`;
    const tea = await buildProduct(t.ctx, { name: `Chè Shan tuyết ${tag}`, description: 'Búp chè cổ thụ Bản Phố' });
    const bong = await buildProduct(t.ctx, { name: `Hoa bông lau ${tag}` });
    const ids = async (q: string) => {
      const res = await t.app.inject({ url: `/api/v1/products?q=${encodeURIComponent(q)}&pageSize=100`, headers: admin.headers() });
      expect(res.statusCode, res.body).toBe(200);
      return json(res).items.map((x: { id: string }) => x.id);
    };
    expect(await ids(`shan tuy ${tag}`)).toEqual([tea.id]);
    expect(await ids(`ban pho ${tag}`)).toEqual([tea.id]);
    expect(await ids(`CHÈ ${tag.toUpperCase()}`)).toEqual([tea.id]);
    // Word starts, not any substring: "ong" is not the start of "bông".
    expect(await ids(`ong ${tag}`)).toEqual([]);
    expect(await ids(`bong ${tag}`)).toEqual([bong.id]);
    // Only punctuation or tsquery syntax: nothing found, not an error.
    expect(await ids(`!&|:*'()`)).toEqual([]);
    expect(await ids(`${tag}:* | ch`)).toEqual([tea.id]);
  });

  it('lets a producer account manage only its own products', async () => {
    const mine = await buildProducer(t.ctx);
    const other = await buildProducer(t.ctx);
    const owner = await asUser(t.app, t.deps, { role: 'producer', producerId: mine.id });
    expect((await post('/api/v1/products', owner.headers(), { producerId: mine.id, name: 'Chè Shan tuyết', productSetCode: '11' })).statusCode).toBe(201);
    expectError(await post('/api/v1/products', owner.headers(), { producerId: other.id, name: 'Chè', productSetCode: '11' }), 404, 'not_found');
    const list = json(await t.app.inject({ url: '/api/v1/products', headers: owner.headers() }));
    expect(list.items.every((x: { producerId: string }) => x.producerId === mine.id)).toBe(true);
  });
});

describe('back-office forms', () => {
  it('re-renders the producer form with an error summary and inline messages', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/admin/producers',
      headers: { ...thanhHoa.sessionHeaders(), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: new URLSearchParams({ _csrf: thanhHoa.csrf!, name: 'A', kind: '', communeCode: '', taxCode: '123' }).toString(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('error-summary');
    expect(res.body).toContain('aria-invalid="true"');
    expect(res.body).toContain('id="field-taxCode"');
  });

  it('redirects anonymous visitors to the login page', async () => {
    const res = await t.app.inject({ url: '/admin/producers', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fadmin%2Fproducers');
  });
});

describe('public assets', () => {
  it('serves the stylesheet and the API reference without a login', async () => {
    const css = await t.app.inject({ url: '/static/app.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
    const docs = await t.app.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
  });
});
