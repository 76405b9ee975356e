/**
 * Promotion posts through the API (issue 16, item 4): writing (validation of every field, tags that
 * must exist, video links that must be https pages of the four platforms, the body sanitised when
 * stored), scoping (national administrators every post, province officers their province's; another
 * province's post is a 404; other roles 403, anonymous 401), the draft → published → withdrawn
 * life with its conflicts, unique addresses from Vietnamese titles, audit rows, and the cover.
 */
import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, expectError, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { PORTAL_NOW, seedPortalCatalogue, type PortalCatalogue } from '../helpers/portal-fixtures';
import { multipart } from '../imports/fixtures/encode';
import { auditLog } from '../../src/modules/audit/audit.tables';

let t: TestApp;
let cat: PortalCatalogue;
let admin: AuthedUser, thanhHoa: AuthedUser, haNoi: AuthedUser, commune: AuthedUser, producer: AuthedUser;

beforeAll(async () => {
  t = await testApp({ clock: () => PORTAL_NOW });
  cat = await seedPortalCatalogue(t);
  [admin, thanhHoa, haNoi, commune, producer] = await Promise.all([
    asUser(t.app, t.deps, { role: 'national_admin' }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38' }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: '01' }),
    asUser(t.app, t.deps, { role: 'commune_officer', areaCode: '14956' }),
    asUser(t.app, t.deps, { role: 'producer' }),
  ]);
}, 120_000);
afterAll(() => t?.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (method: Method, url: string, user: AuthedUser | null, payload?: unknown) =>
  t.app.inject({ method, url, headers: user ? user.headers() : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

const draft = (extra: Record<string, unknown> = {}) => ({
  kind: 'news', title: 'Mật ong Cẩm Thủy vào siêu thị', summary: 'Tóm tắt ngắn.', body: 'Đoạn một.\n\nĐoạn hai.',
  tags: { products: [cat.ids.honeyCamThuy], provinces: ['38'] }, ...extra,
});
const create = async (user: AuthedUser, extra: Record<string, unknown> = {}) => {
  const res = await call('POST', '/api/v1/promo/posts', user, draft(extra));
  expect(res.statusCode, res.body).toBe(201);
  return json(res);
};
const auditOf = (id: string, action: string) => t.deps.database.db.select().from(auditLog)
  .where(and(eq(auditLog.entityId, id), eq(auditLog.action, action)));

describe('writing a post', () => {
  it('creates a draft of the officer\'s province: address from the title, tags named, plain text made paragraphs, an audit row', async () => {
    const p = await create(thanhHoa);
    expect(p).toMatchObject({
      status: 'draft', kind: 'news', ownerProvinceCode: '38', slug: 'mat-ong-cam-thuy-vao-sieu-thi', url: '/tin-tuc/mat-ong-cam-thuy-vao-sieu-thi',
      publishedAt: null, cover: null, isSample: false, version: 1, body: '<p>Đoạn một.</p>\n<p>Đoạn hai.</p>',
      actions: { edit: true, publish: true, withdraw: false },
    });
    expect(p.tags).toEqual(expect.arrayContaining([
      { kind: 'product', ref: cat.ids.honeyCamThuy, label: 'Mật ong hoa nhãn Cẩm Thủy', public: true },
      { kind: 'province', ref: '38', label: expect.stringContaining('Thanh Hóa'), public: true },
    ]));
    const [row] = await auditOf(p.id, 'promo_post.create');
    expect(row).toMatchObject({ entityType: 'promo_post', provinceCode: '38' });
    expect(row!.after).toMatchObject({ title: p.title, ownerProvinceCode: '38' });
    // The national office's posts are national.
    expect((await create(admin, { title: 'Tin quốc gia' })).ownerProvinceCode).toBeNull();
  });

  it('accepts tags as public page addresses and the same title twice under distinct addresses', async () => {
    const a = await create(thanhHoa, { title: 'Hội chợ OCOP 2026', tags: { products: [`https://ocop.example/san-pham/mat-ong-${cat.ids.honeyPuLuong}`], producers: [], events: [], provinces: ['/tinh/38-thanh-hoa'] } });
    const b = await create(thanhHoa, { title: 'Hội chợ OCOP 2026!' });
    expect([a.slug, b.slug]).toEqual(['hoi-cho-ocop-2026', 'hoi-cho-ocop-2026-2']);
    expect(a.tags.map((g: { kind: string; ref: string }) => `${g.kind}:${g.ref}`).sort()).toEqual([`product:${cat.ids.honeyPuLuong}`, 'province:38']);
  });

  it('refuses bad input field by field, with codes', async () => {
    const bad = async (extra: Record<string, unknown>, field: string, code: string) => {
      const e = expectError(await call('POST', '/api/v1/promo/posts', thanhHoa, draft(extra)), 400, 'validation_failed');
      expect((e as { fieldCodes?: Record<string, { code: string }> }).fieldCodes?.[field]?.code ?? e.fields?.[field], JSON.stringify(e)).toBeDefined();
      expect(JSON.stringify((e as { fieldCodes?: unknown }).fieldCodes)).toContain(code);
    };
    await bad({ title: '' }, 'title', 'required');
    await bad({ title: 'Hai\ndòng' }, 'title', 'promo.one_line');
    await bad({ kind: 'video' }, 'videoUrl', 'promo.video_required');
    await bad({ kind: 'video', videoUrl: 'javascript:alert(1)' }, 'videoUrl', 'promo.video_url');
    await bad({ videoUrl: 'http://www.youtube.com/watch?v=1' }, 'videoUrl', 'promo.video_url');
    await bad({ videoUrl: 'https://youtube.com.evil.example/watch' }, 'videoUrl', 'promo.video_url');
    await bad({ kind: 'podcast' }, 'kind', 'invalid_option');
    await bad({ tags: { products: ['00000000-0000-4000-8000-000000000000'] } }, 'tags.products', 'promo.unknown_tag');
    await bad({ tags: { producers: ['mat-ong'] } }, 'tags.producers', 'promo.bad_ref');
    await bad({ tags: { events: ['00000000-0000-4000-8000-000000000001'] } }, 'tags.events', 'promo.unknown_tag');
    await bad({ tags: { provinces: ['99'] } }, 'tags.provinces', 'promo.unknown_tag');
  });

  it('stores the safe subset of the body only (a maintained sanitiser): no script, handler, javascript: link, frame or outside picture', async () => {
    const p = await create(thanhHoa, {
      title: 'Bài có mã độc',
      body: '<p onclick="x()">Chào <strong>bạn</strong></p><script>alert(1)</script><img src="x" onerror="alert(1)"><img src="https://evil.example/p.png">'
        + '<img src="/anh/san-pham/a/b/full" alt="ảnh"><a href="javascript:alert(1)">bấm</a><a href="https://ocop.gov.vn">ocop</a>'
        + '<iframe src="https://www.youtube.com/embed/x"></iframe><style>body{}</style><svg onload="alert(1)"></svg>',
    });
    expect(p.body).not.toMatch(/script|onerror|onclick|onload|javascript:|iframe|evil\.example|<style|<svg/i);
    expect(p.body).toContain('<strong>bạn</strong>');
    expect(p.body).toContain('<img src="/anh/san-pham/a/b/full" alt="ảnh" />');
    expect(p.body).toContain('<a href="https://ocop.gov.vn" rel="noopener nofollow">ocop</a>');
  });
});

describe('who may write which post', () => {
  let post: { id: string; version: number };
  beforeAll(async () => { post = await create(thanhHoa, { title: 'Bài của Thanh Hóa' }); });

  it('another province\'s officer cannot read the draft nor change it: 404 for every route', async () => {
    expectError(await call('GET', `/api/v1/promo/posts/${post.id}`, haNoi), 404, 'not_found');
    expectError(await call('PATCH', `/api/v1/promo/posts/${post.id}`, haNoi, { title: 'Đổi' }), 404, 'not_found');
    expectError(await call('POST', `/api/v1/promo/posts/${post.id}/publish`, haNoi, {}), 404, 'not_found');
    expectError(await call('DELETE', `/api/v1/promo/posts/${post.id}/cover`, haNoi), 404, 'not_found');
    const listed = json(await call('GET', '/api/v1/promo/posts?pageSize=100', haNoi)).items.map((i: { id: string }) => i.id);
    expect(listed).not.toContain(post.id);
    // Nor once it is published: they read it, they still cannot change it.
    expect((await call('POST', `/api/v1/promo/posts/${post.id}/publish`, thanhHoa, {})).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/promo/posts/${post.id}`, haNoi)).statusCode).toBe(200);
    expectError(await call('PATCH', `/api/v1/promo/posts/${post.id}`, haNoi, { title: 'Đổi' }), 404, 'not_found');
    expectError(await call('POST', `/api/v1/promo/posts/${post.id}/withdraw`, haNoi, {}), 404, 'not_found');
    // The national office may.
    expect((await call('PATCH', `/api/v1/promo/posts/${post.id}`, admin, { summary: 'Sửa ở cấp quốc gia.' })).statusCode).toBe(200);
  });

  it('refuses other roles (403) and anonymous callers (401)', async () => {
    for (const u of [commune, producer]) expectError(await call('POST', '/api/v1/promo/posts', u, draft()), 403, 'forbidden');
    expectError(await call('POST', '/api/v1/promo/posts', null, draft()), 401, 'unauthenticated');
    expectError(await call('PATCH', `/api/v1/promo/posts/${post.id}`, producer, { title: 'x' }), 403, 'forbidden');
  });

  it('lists published posts to anyone and drafts only to their writers', async () => {
    const d = await create(thanhHoa, { title: 'Bản nháp riêng' });
    const ids = async (u: AuthedUser | null) => json(await call('GET', '/api/v1/promo/posts?pageSize=100', u)).items.map((i: { id: string }) => i.id);
    expect(await ids(thanhHoa)).toContain(d.id);
    expect(await ids(admin)).toContain(d.id);
    for (const u of [haNoi, producer, null]) expect(await ids(u)).not.toContain(d.id);
    expect(await ids(null)).toContain(post.id);
    expectError(await call('GET', `/api/v1/promo/posts/${d.id}`, null), 404, 'not_found');
  });
});

describe('draft → published → withdrawn', () => {
  it('moves through its states once each, keeps its address once published, refuses stale versions', async () => {
    const p = await create(thanhHoa, { title: 'Tuần hàng OCOP' });
    const renamed = json(await call('PATCH', `/api/v1/promo/posts/${p.id}`, thanhHoa, { title: 'Tuần hàng OCOP Thanh Hóa', version: 1 }));
    expect(renamed).toMatchObject({ slug: 'tuan-hang-ocop-thanh-hoa', version: 2 });
    expectError(await call('PATCH', `/api/v1/promo/posts/${p.id}`, thanhHoa, { title: 'Cũ', version: 1 }), 409, 'conflict');
    const published = json(await call('POST', `/api/v1/promo/posts/${p.id}/publish`, thanhHoa, { version: 2 }));
    expect(published).toMatchObject({ status: 'published', publishedAt: PORTAL_NOW.toISOString(), actions: { publish: false, withdraw: true } });
    expectError(await call('POST', `/api/v1/promo/posts/${p.id}/publish`, thanhHoa, {}), 409, 'invalid_transition');
    const kept = json(await call('PATCH', `/api/v1/promo/posts/${p.id}`, thanhHoa, { title: 'Tuần hàng OCOP Thanh Hóa 2026' }));
    expect(kept.slug).toBe('tuan-hang-ocop-thanh-hoa');
    const w = await call('POST', `/api/v1/promo/posts/${p.id}/withdraw`, thanhHoa);
    expect(w.statusCode, w.body).toBe(200);
    expect(json(w).status).toBe('withdrawn');
    expectError(await call('POST', `/api/v1/promo/posts/${p.id}/withdraw`, thanhHoa, {}), 409, 'invalid_transition');
    expect(json(await call('POST', `/api/v1/promo/posts/${p.id}/publish`, thanhHoa, {})).status).toBe('published');
    for (const action of ['promo_post.update', 'promo_post.publish', 'promo_post.withdraw']) expect((await auditOf(p.id, action)).length, action).toBeGreaterThan(0);
    const [pub] = await auditOf(p.id, 'promo_post.publish');
    expect(pub!.after).toMatchObject({ title: 'Tuần hàng OCOP Thanh Hóa', ownerProvinceCode: '38', national: false });
  });
});

describe('the cover picture', () => {
  const png = () => sharp({ create: { width: 800, height: 500, channels: 3, background: '#2a7fc8' } }).png().toBuffer();
  const upload = (id: string, data: Buffer, user: AuthedUser = thanhHoa) => {
    const body = multipart({}, { name: 'bia.png', data, type: 'image/png' });
    return t.app.inject({ method: 'POST', url: `/api/v1/promo/posts/${id}/cover`, headers: { ...user.headers(), ...body.headers }, payload: body.payload });
  };

  it('is resized with a thumbnail, shown to anyone once published, to its writers before', async () => {
    const p = await create(thanhHoa, { title: 'Bài có ảnh bìa' });
    const res = await upload(p.id, await png());
    expect(res.statusCode, res.body).toBe(200);
    const { cover } = json(res);
    expect(cover.thumb).toMatch(new RegExp(`^/anh/tin-tuc/${p.id}/[0-9a-f-]{36}/thumb$`));
    const thumb = await t.app.inject({ url: cover.thumb, headers: thanhHoa.headers() });
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect((await sharp(thumb.rawPayload).metadata()).width).toBeLessThanOrEqual(320);
    expect((await t.app.inject({ url: cover.thumb })).statusCode).toBe(404);
    await call('POST', `/api/v1/promo/posts/${p.id}/publish`, thanhHoa, {});
    const open = await t.app.inject({ url: cover.full });
    expect(open.statusCode).toBe(200);
    expect(open.headers['cache-control']).toContain('immutable');
    // Another province's officer cannot replace it; a file that is not a picture is refused.
    expectError(await upload(p.id, await png(), haNoi), 404, 'not_found');
    expectError(await upload(p.id, Buffer.from('<svg onload="alert(1)"/>')), 415, 'unsupported_media_type');
    const removed = json(await call('DELETE', `/api/v1/promo/posts/${p.id}/cover`, thanhHoa));
    expect(removed.cover).toBeNull();
    expect((await t.app.inject({ url: cover.full })).statusCode).toBe(404);
  });
});

describe('the API document', () => {
  it('describes every promotion route', async () => {
    const doc = json(await t.app.inject({ url: '/api/openapi.json' }));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/v1/promo/posts', '/api/v1/promo/posts/{id}', '/api/v1/promo/posts/{id}/publish', '/api/v1/promo/posts/{id}/withdraw',
      '/api/v1/promo/posts/{id}/cover', '/anh/tin-tuc/{id}/{name}/{variant}',
    ]));
    expect(doc.paths['/api/v1/promo/posts'].post.tags).toEqual(['promo']);
  });
});

describe('the demo\'s sample posts', () => {
  it('are written by the named accounts, tagged by names, published and flagged as samples ("Bài mẫu")', async () => {
    const { seedDemoPosts } = await import('../../src/modules/promo/promo.demo');
    const producer = 'Hợp tác xã Nuôi ong Cẩm Tú';
    const result = await seedDemoPosts(t.ctx, [{
      author: { username: thanhHoa.username, role: 'province_officer', province: '38' }, kind: 'news', title: 'Bài mẫu về mật ong Cẩm Thủy',
      summary: 'Bài MẪU.', body: 'Nội dung mẫu.', products: [{ producer, product: 'Mật ong hoa nhãn Cẩm Thủy' }], producers: [producer], provinces: ['38'],
    }]);
    expect(result).toEqual({ posts: 1 });
    const list = json(await call('GET', `/api/v1/promo/posts?product=${cat.ids.honeyCamThuy}&pageSize=100`, null)).items;
    const sample = list.find((p: { title: string }) => p.title === 'Bài mẫu về mật ong Cẩm Thủy');
    expect(sample).toMatchObject({ isSample: true, status: 'published', ownerProvinceCode: '38' });
    expect((await t.app.inject({ url: sample.url })).body).toContain('Bài mẫu');
    await expect(seedDemoPosts(t.ctx, [{ author: { username: 'nobody', role: 'national_admin' }, kind: 'news', title: 'x', summary: '', body: '' }]))
      .rejects.toThrow(/account "nobody" not found/);
  });
});
