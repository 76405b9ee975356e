/**
 * A review's optional photo (issue 15): sent with the order page's review form (multipart) or the
 * API (JSON, base64), checked and processed by the product images' pipeline, stored, shown as a
 * thumbnail with the review and served with a long cache. A file that is not an image, one too
 * large, a damaged one or a malformed upload is refused with a stable code and a Vietnamese
 * message, never a 500; a hidden review's photo is its shop's only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { rows } from '../../src/db/client';
import { asUser, expectError, json, testApp, type AuthedUser, type Headers, type TestApp } from '../helpers/app';
import { guestCheckout, seedMarket, type MarketFixture } from '../helpers/market-fixtures';
import { PORTAL_NOW } from '../helpers/portal-fixtures';
import { textOf } from '../helpers/html-forms';
import { multipart } from '../imports/fixtures/encode';

let t: TestApp, m: MarketFixture, buyer: AuthedUser;
let code = '';
const post = (url: string, payload: unknown, headers: Headers = {}) => t.app.inject({ method: 'POST', url, payload: payload as object, headers });
const get = (url: string, headers: Headers = {}) => t.app.inject({ method: 'GET', url, headers });
const fieldCodes = (res: Parameters<typeof expectError>[0], status: number, code: string) =>
  (expectError(res, status, code) as { fieldCodes?: Record<string, string> }).fieldCodes;
const png = (w = 64, h = 48) => sharp({ create: { width: w, height: h, channels: 3, background: '#c8a040' } }).png().toBuffer();

/** A completed order of the signed-in buyer (guest details), its code. */
async function completedOrder(variantIds: string[], seller: AuthedUser): Promise<string> {
  const placed = await post('/api/v1/market/checkout', guestCheckout(variantIds.map((variantId) => ({ variantId, quantity: 1 })), 'cod'), buyer.sessionHeaders());
  const orderCode = json(placed).orders[0].code as string;
  for (const action of ['confirm', 'ship', 'deliver', 'complete']) {
    const res = action === 'complete'
      ? await post(`/api/v1/market/orders/${orderCode}/actions`, { action, phone: '' }, buyer.sessionHeaders())
      : await post(`/api/v1/market/shop-orders/${orderCode}/actions`, { action, carrier: 'VNPost', trackingNumber: 'EV9' }, seller.headers());
    expect(res.statusCode, res.body).toBe(200);
  }
  return orderCode;
}

beforeAll(async () => {
  t = await testApp({ clock: () => PORTAL_NOW, env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1' } });
  m = await seedMarket(t);
  buyer = await asUser(t.app, t.deps, { role: 'buyer', login: true });
  code = await completedOrder([m.a250, m.a500], m.sellerA);
}, 60_000);
afterAll(() => t?.close());

describe('the order page\'s review form', () => {
  /** The review form as the page renders it (multipart), sent with a file. */
  const send = async (file?: { name: string; data: Buffer; type?: string }) => {
    const body = multipart({ _csrf: buyer.csrf!, phone: '', listingId: m.listingA.id, stars: '4', text: 'Thơm, đóng gói kỹ.' }, file);
    return post(`/don-hang/${code}/danh-gia`, body.payload, { cookie: buyer.cookie!, accept: 'text/html', ...body.headers });
  };

  it('refuses a file that is not an image, one too large and a malformed upload, in Vietnamese, keeping what was written', async () => {
    const page = await get(`/don-hang/${code}`, { cookie: buyer.cookie! });
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain('name="file" accept="image/jpeg,image/png,image/webp"');
    const notImage = await send({ name: 'thu.txt', data: Buffer.from('không phải ảnh'), type: 'image/png' });
    expect(notImage.statusCode).toBe(415);
    expect(textOf(notImage.body)).toContain('Tệp không phải ảnh JPEG, PNG hoặc WebP.');
    expect(notImage.body).toContain('Thơm, đóng gói kỹ.');
    const tooLarge = await send({ name: 'lon.png', data: Buffer.concat([await png(), Buffer.alloc(5 * 1024 * 1024 + 10)]), type: 'image/png' });
    expect(tooLarge.statusCode).toBe(413);
    expect(textOf(tooLarge.body)).toContain('Ảnh lớn hơn 5 MB.');
    // Cut off in its first part (JSON), or no multipart at all (a page): 400 with the stable code, in Vietnamese.
    const broken = (payload: string, accept: string) => post(`/don-hang/${code}/danh-gia`, payload,
      { cookie: buyer.cookie!, accept, 'content-type': 'multipart/form-data; boundary=xyz' });
    expect(fieldCodes(await broken('--xyz\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\nabc', 'application/json'), 400, 'bad_request')).toEqual({ photo: 'market.upload_malformed' });
    const brokenPage = await broken('not multipart at all', 'text/html');
    expect([brokenPage.statusCode, textOf(brokenPage.body)]).toEqual([400, expect.stringContaining('Không đọc được dữ liệu gửi lên.')]);
    // Nothing kept.
    expect(json(await get(`/api/v1/market/orders/${code}`, buyer.sessionHeaders())).items.every((i: { reviewed: boolean }) => !i.reviewed)).toBe(true);
    expect(await rows(t.deps.database.db, sql`select 1 from reviews`)).toEqual([]);
  });

  it('keeps a photo processed as product images are, shown as a thumbnail on the listing, served with a long cache', async () => {
    const res = await send({ name: 'mat-ong.png', data: await png(), type: 'image/png' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(textOf(res.body)).toContain('Cảm ơn bạn đã đánh giá.');
    const [review] = await rows<{ id: string; photo_key: string }>(t.deps.database.db, sql`select id, photo_key from reviews where photo_key is not null`);
    expect(review!.photo_key).toBe(`reviews/${review!.id}.png`);
    const listing = await get(m.listingA.url);
    expect(listing.body).toContain(`src="/anh/danh-gia/${review!.id}/thumb"`);
    expect(listing.body).toContain(`href="/anh/danh-gia/${review!.id}/full"`);
    const thumb = await get(`/anh/danh-gia/${review!.id}/thumb`);
    expect([thumb.statusCode, thumb.headers['content-type'], thumb.headers['cache-control']]).toEqual([200, 'image/webp', 'public, max-age=31536000, immutable']);
    expect(await sharp(thumb.rawPayload).metadata()).toMatchObject({ format: 'webp', width: 64, height: 48 });
    expect((await get(`/anh/danh-gia/${review!.id}/thumb`, { 'if-none-match': String(thumb.headers.etag) })).statusCode).toBe(304);
    const full = await get(`/anh/danh-gia/${review!.id}/full`);
    expect([full.statusCode, full.headers['content-type']]).toEqual([200, 'image/png']);
    expect((await get(`/anh/danh-gia/${review!.id}/large`)).statusCode).toBe(400);
    expect((await get('/anh/danh-gia/khong-co/thumb')).statusCode).toBe(404);
    // The same product of the order again: refused before any picture is processed.
    expect((await send({ name: 'lan-hai.png', data: await png(), type: 'image/png' })).statusCode).toBe(409);
  });
});

describe('the API', () => {
  it('adds a photo to a review without one (base64), once; refused with stable codes; a hidden review\'s photo is the shop\'s only', async () => {
    const codeB = await completedOrder([m.b500], m.sellerB);
    const url = `/api/v1/market/orders/${codeB}/reviews/${m.listingB.id}/photo`;
    const image = (await png(30, 30)).toString('base64');
    // No review yet: 404; then the review, then its photo (a guest's way: code and the order's phone).
    expectError(await post(url, { phone: '0987654321', photo: image }), 404, 'not_found');
    expect((await post(`/api/v1/market/orders/${codeB}/reviews`, { phone: '0987654321', listingId: m.listingB.id, stars: 5, text: 'Ngon' })).statusCode).toBe(201);
    expect(fieldCodes(await post(url, { phone: '0987654321', photo: 'không phải base64!' }), 400, 'validation_failed')).toEqual({ photo: 'market.photo_base64' });
    expect(fieldCodes(await post(url, { phone: '0987654321', photo: Buffer.from('GIF89a....').toString('base64') }), 415, 'unsupported_media_type')).toEqual({ photo: 'image.not_image' });
    const damaged = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40)]).toString('base64');
    expect(fieldCodes(await post(url, { phone: '0987654321', photo: damaged }), 400, 'validation_failed')).toEqual({ photo: 'image.unreadable' });
    expectError(await post(url, { phone: '0911111111', photo: image }), 404, 'not_found');
    const done = await post(url, { phone: '0987654321', photo: `data:image/png;base64,${image}` });
    expect(done.statusCode, done.body).toBe(200);
    const photo = json(done).photo as { thumb: string; full: string };
    expect(photo.thumb).toMatch(/^\/anh\/danh-gia\/[0-9a-f-]{36}\/thumb$/);
    expectError(await post(url, { phone: '0987654321', photo: image }), 409, 'conflict');
    // Hidden by an officer: gone for the public, still there for the shop (not kept by shared caches).
    const reviewId = photo.thumb.split('/')[3]!;
    const officer = await asUser(t.app, t.deps, { role: 'national_admin' });
    expect((await post(`/api/v1/market/reviews/${reviewId}/hide`, { reason: 'ảnh không phù hợp' }, officer.headers())).statusCode).toBe(200);
    expect((await get(photo.thumb)).statusCode).toBe(404);
    const forShop = await get(photo.thumb, m.sellerB.headers());
    expect([forShop.statusCode, forShop.headers['cache-control']]).toEqual([200, 'private, no-store']);
    expect((await get(photo.thumb, m.sellerA.headers())).statusCode).toBe(404);
  });
});
