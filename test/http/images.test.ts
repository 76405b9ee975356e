/**
 * Product images: upload (type by magic bytes, size and pixel limits, damaged files, metadata
 * stripped), list, main image and order, delete, the media route, access per product, audit rows,
 * and the back-office form.
 */
import { deflateSync, crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser, type Headers } from '../helpers/app';
import { AREAS, buildProducer, buildProduct } from '../helpers/builders';
import { multipart } from '../imports/fixtures/encode';
import { productImages } from '../../src/modules/registry/registry.tables';
import { auditLog } from '../../src/modules/audit/audit.tables';
import type { Storage } from '../../src/storage';
import type { ProductDto } from '../../src/modules/registry/product.schema';

let t: TestApp;
let officer: AuthedUser;
let haNoi: AuthedUser;
let otherCommune: AuthedUser;
let inspector: AuthedUser;
let buyer: AuthedUser;
let producer: AuthedUser;

beforeAll(async () => {
  t = await testApp();
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, login: true });
  haNoi = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi });
  otherCommune = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hacThanh });
  inspector = await asUser(t.app, t.deps, { role: 'inspector', areaCode: AREAS.thanhHoa, login: true });
  buyer = await asUser(t.app, t.deps, { role: 'buyer' });
  producer = await asUser(t.app, t.deps, { role: 'producer' });
});
afterAll(() => t.close());

// ─── images made with sharp ─────────────────────────────────────────────────

const noise = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 30 } } });
const png = (w = 900, h = 600) => noise(w, h).png().toBuffer();
const jpeg = (w = 900, h = 600) => noise(w, h).jpeg({ quality: 80 }).toBuffer();
const webp = (w = 900, h = 600) => noise(w, h).webp({ quality: 80 }).toBuffer();
const tiny = () => sharp({ create: { width: 8, height: 8, channels: 3, background: '#2a7' } }).png().toBuffer();

/** A PNG whose header claims `size`×`size` pixels but whose data is a few bytes: a decompression bomb. */
function pngBomb(size: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(size + 1))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

const GPS_IFD_TAG = Buffer.from([0x25, 0x88]); // tag 0x8825 (GPSInfo), little-endian as sharp writes it

// ─── requests ───────────────────────────────────────────────────────────────

const url = (productId: string, rest = '') => `/api/v1/products/${productId}/images${rest}`;

function upload(productId: string, headers: Headers, data: Buffer, name = 'anh.png', type = 'image/png') {
  const body = multipart({}, { name, data, type });
  return t.app.inject({ method: 'POST', url: url(productId), headers: { ...headers, ...body.headers }, payload: body.payload });
}

const list = async (productId: string, headers: Headers = officer.headers()) =>
  json<{ items: { id: string; position: number; isMain: boolean; url: string; thumbUrl: string }[] }>(
    await t.app.inject({ url: url(productId), headers }),
  ).items;

const rowsOf = (productId: string) =>
  t.deps.database.db.select().from(productImages).where(eq(productImages.productId, productId));

const auditOf = (productId: string) =>
  t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, productId));

/** A product in Thanh Hóa (Hàm Rồng), owned by a fresh producer unless given. */
const product = (producerId?: string): Promise<ProductDto> => buildProduct(t.ctx, producerId ? { producerId } : {});

/** Every storage key written or removed while `fn` runs (the real storage still does the work). */
async function watchStorage<T>(wrap: (real: Storage) => Partial<Storage>, fn: () => Promise<T>): Promise<T> {
  const real = t.deps.storage;
  t.deps.storage = { ...real, ...wrap(real) };
  try {
    return await fn();
  } finally {
    t.deps.storage = real;
  }
}

describe('POST /api/v1/products/:id/images', () => {
  it('accepts PNG, JPEG and WebP; stores a display copy and a smaller WebP thumbnail', async () => {
    const p = await product();
    const cases = [
      { data: await png(), name: 'a.png', type: 'image/png', mime: 'image/png' },
      { data: await jpeg(2400, 1800), name: 'b.jpg', type: 'image/jpeg', mime: 'image/jpeg' },
      { data: await webp(), name: 'c.webp', type: 'image/webp', mime: 'image/webp' },
    ];
    for (const [i, c] of cases.entries()) {
      const res = await upload(p.id, officer.headers(), c.data, c.name, c.type);
      expect(res.statusCode, res.body).toBe(201);
      const img = json(res);
      expect(img).toMatchObject({ productId: p.id, mime: c.mime, position: i, isMain: i === 0 });
      expect(img.url).toBe(`/media/products/${p.id}/${img.id}/full`);

      const full = await t.app.inject({ url: img.url, headers: officer.headers() });
      const thumb = await t.app.inject({ url: img.thumbUrl, headers: officer.headers() });
      expect(full.statusCode).toBe(200);
      expect(full.headers['content-type']).toBe(c.mime);
      expect(thumb.headers['content-type']).toBe('image/webp');
      expect(thumb.rawPayload.length).toBeLessThan(full.rawPayload.length);
      const fm = await sharp(full.rawPayload).metadata();
      const tm = await sharp(thumb.rawPayload).metadata();
      expect(fm.format).toBe(c.mime.slice(6));
      expect({ width: fm.width, height: fm.height }).toEqual({ width: img.width, height: img.height });
      expect(tm.format).toBe('webp');
      expect(Math.max(tm.width, tm.height)).toBe(320);
      expect({ width: tm.width, height: tm.height }).toEqual({ width: img.thumbWidth, height: img.thumbHeight });
      expect(img.bytes).toBe(full.rawPayload.length);
    }
    const items = await list(p.id);
    expect(items.map((x) => x.position)).toEqual([0, 1, 2]);
    // The 2400×1800 JPEG is scaled to 1600 px on its longest side.
    const [, big] = await rowsOf(p.id).then((rows) => rows.sort((a, b) => a.position - b.position));
    expect({ width: big!.width, height: big!.height }).toEqual({ width: 1600, height: 1200 });
    expect(await t.deps.storage.get(big!.storageKey)).not.toBeNull();
    expect(await t.deps.storage.get(big!.thumbKey)).not.toBeNull();
  });

  it('415 for a text file named .png sent as image/png, and for GIF and SVG; nothing stored', async () => {
    const p = await product();
    const text = Buffer.from('Đây không phải là ảnh, chỉ là văn bản.\n'.repeat(50));
    const err = expectError(await upload(p.id, officer.headers(), text, 'anh.png', 'image/png'), 415, 'unsupported_media_type');
    expect(err.message).toBe('Tệp không phải ảnh JPEG, PNG hoặc WebP.');
    expect(err.fields?.file).toBe(err.message);
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).gif().toBuffer();
    expectError(await upload(p.id, officer.headers(), gif, 'a.gif', 'image/gif'), 415, 'unsupported_media_type');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expectError(await upload(p.id, officer.headers(), svg, 'a.png', 'image/png'), 415, 'unsupported_media_type');
    expect(await rowsOf(p.id)).toHaveLength(0);
  });

  it('answers a damaged image with 400 and a clear message, never 500', async () => {
    const p = await product();
    const garbage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4000, 0x5a)]);
    const e1 = expectError(await upload(p.id, officer.headers(), garbage, 'a.jpg', 'image/jpeg'), 400, 'validation_failed');
    expect(e1.message).toBe('Không đọc được ảnh: tệp bị hỏng hoặc không đầy đủ.');
    expect(e1.fields?.file).toBe(e1.message);
    const whole = await jpeg();
    expectError(await upload(p.id, officer.headers(), whole.subarray(0, whole.length / 2), 'half.jpg'), 400, 'validation_failed');
    const pngFile = await png(200, 200);
    expectError(await upload(p.id, officer.headers(), pngFile.subarray(0, pngFile.length - 200), 'cut.png'), 400, 'validation_failed');
    // A WebP signature around PNG data: the bytes say one thing, the content another.
    const fake = Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBP', 'latin1'), await tiny()]);
    expectError(await upload(p.id, officer.headers(), fake, 'x.webp'), 400, 'validation_failed');
    expectError(await upload(p.id, officer.headers(), Buffer.alloc(0), 'empty.png'), 400, 'validation_failed');
    expect(await rowsOf(p.id)).toHaveLength(0);
  });

  it('413 with the error body for files over 5 MB (5 MB + 1 byte and 6 MB); exactly 5 MB is accepted', async () => {
    const p = await product();
    const head = await tiny();
    const sized = (n: number) => Buffer.concat([head, Buffer.alloc(n - head.length, 1)]);
    const e1 = expectError(await upload(p.id, officer.headers(), sized(5 * 1024 * 1024 + 1)), 413, 'payload_too_large');
    expect(e1.message).toBe('Ảnh lớn hơn 5 MB.');
    expectError(await upload(p.id, officer.headers(), sized(6 * 1024 * 1024)), 413, 'payload_too_large');
    expect(await rowsOf(p.id)).toHaveLength(0);
    // Exactly the limit is accepted. Bytes after the PNG's end are ignored by decoders and do not
    // survive the re-encoding (nothing appended to an image is ever served).
    const exact = await upload(p.id, officer.headers(), sized(5 * 1024 * 1024));
    expect(exact.statusCode, exact.body).toBe(201);
    expect(json(exact).bytes).toBeLessThan(1024);
  });

  it('413 for a decompression bomb (more than 40 megapixels), read from the header only', async () => {
    const p = await product();
    const bomb = pngBomb(20_000);
    expect(bomb.length).toBeLessThan(1024);
    const err = expectError(await upload(p.id, officer.headers(), bomb, 'bomb.png'), 413, 'payload_too_large');
    expect(err.message).toContain('20000 × 20000');
  });

  it('removes EXIF (GPS location included) and keeps the picture upright', async () => {
    const p = await product();
    const withGps = await noise(600, 300).jpeg()
      .withExif({
        IFD0: { Make: 'Điện thoại', Model: 'X1' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '19/1 48/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 46/1 12/1' },
      })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const before = await sharp(withGps).metadata();
    expect(before.exif?.includes(GPS_IFD_TAG)).toBe(true);
    expect(before.orientation).toBe(6);

    const res = await upload(p.id, officer.headers(), withGps, 'IMG_0001.jpg', 'image/jpeg');
    expect(res.statusCode, res.body).toBe(201);
    const img = json(res);
    expect({ width: img.width, height: img.height }).toEqual({ width: 300, height: 600 });
    for (const u of [img.url, img.thumbUrl]) {
      const bytes = (await t.app.inject({ url: u, headers: officer.headers() })).rawPayload;
      const m = await sharp(bytes).metadata();
      expect(m.exif).toBeUndefined();
      expect(m.xmp).toBeUndefined();
      expect(m.orientation ?? 1).toBe(1);
      expect(bytes.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
      expect(bytes.includes(Buffer.from('Model', 'latin1'))).toBe(false);
    }
  });

  it('allows at most 8 images per product (409), counted again inside the transaction', async () => {
    const p = await product();
    for (let i = 0; i < 8; i++) expect((await upload(p.id, officer.headers(), await tiny())).statusCode).toBe(201);
    const err = expectError(await upload(p.id, officer.headers(), await tiny()), 409, 'conflict');
    expect(err.message).toContain('tối đa 8 ảnh');
    expect(await rowsOf(p.id)).toHaveLength(8);
  });

  it('counts concurrent uploads one after the other: the 8th place goes to only one of them', async () => {
    const p = await product();
    for (let i = 0; i < 7; i++) await upload(p.id, officer.headers(), await tiny());
    const [a, b] = await Promise.all([
      upload(p.id, officer.headers(), await png(300, 300)), upload(p.id, officer.headers(), await png(300, 300)),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const rows = await rowsOf(p.id);
    expect(rows.map((r) => r.position).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('removes the stored files when the database write fails after them', async () => {
    const p = await product();
    for (let i = 0; i < 7; i++) await upload(p.id, officer.headers(), await tiny());
    // While this upload's files are written, another upload takes the 8th place.
    const written: string[] = [];
    let raced = false;
    const res = await watchStorage((real) => ({
      async put(key, data) {
        await real.put(key, data);
        written.push(key);
        if (!raced) {
          raced = true;
          await t.deps.database.db.insert(productImages).values({
            productId: p.id, storageKey: 'x', thumbKey: 'y', mime: 'image/png', width: 1, height: 1, bytes: 1, position: 7,
          });
        }
      },
    }), async () => upload(p.id, officer.headers(), await tiny()));
    expectError(res, 409, 'conflict');
    expect(written).toHaveLength(2);
    for (const key of written) expect(await t.deps.storage.get(key)).toBeNull();
  });

  it('removes the first file when storing the second fails (a 500, logged)', async () => {
    const p = await product();
    const written: string[] = [];
    const res = await watchStorage((real) => ({
      async put(key, data) {
        if (key.endsWith('-thumb.webp')) throw new Error('disk full');
        await real.put(key, data);
        written.push(key);
      },
    }), async () => upload(p.id, officer.headers(), await tiny()));
    expectError(res, 500, 'internal_error');
    expect(written).toHaveLength(1);
    expect(await t.deps.storage.get(written[0]!)).toBeNull();
    expect(await rowsOf(p.id)).toHaveLength(0);
  });

  it('415 for a JSON body; 404 for an unknown product', async () => {
    const p = await product();
    expectError(await t.app.inject({ method: 'POST', url: url(p.id), headers: officer.headers(), payload: { file: 'x' } }), 415, 'unsupported_media_type');
    expectError(await upload('00000000-0000-4000-8000-000000000000', officer.headers(), await tiny()), 404, 'not_found');
    expectError(await upload('not-a-uuid', officer.headers(), await tiny()), 404, 'not_found');
  });
});

describe('who may see and change images', () => {
  it('401 for anonymous callers on every route', async () => {
    const p = await product();
    const img = json(await upload(p.id, officer.headers(), await tiny()));
    expectError(await upload(p.id, {}, await tiny()), 401, 'unauthenticated');
    expectError(await t.app.inject({ url: url(p.id) }), 401, 'unauthenticated');
    expectError(await t.app.inject({ method: 'DELETE', url: url(p.id, `/${img.id}`) }), 401, 'unauthenticated');
    expectError(await t.app.inject({ method: 'POST', url: url(p.id, `/${img.id}/main`) }), 401, 'unauthenticated');
    expectError(await t.app.inject({ url: img.thumbUrl }), 401, 'unauthenticated');
  });

  it('404 for officers of another area and for buyers, on reads, writes and files', async () => {
    const p = await product();
    const img = json(await upload(p.id, officer.headers(), await tiny()));
    for (const u of [haNoi, otherCommune, buyer]) {
      expectError(await upload(p.id, u.headers(), await tiny()), 404, 'not_found');
      expectError(await t.app.inject({ url: url(p.id), headers: u.headers() }), 404, 'not_found');
      expectError(await t.app.inject({ method: 'DELETE', url: url(p.id, `/${img.id}`), headers: u.headers() }), 404, 'not_found');
      expectError(await t.app.inject({ method: 'POST', url: url(p.id, `/${img.id}/main`), headers: u.headers() }), 404, 'not_found');
      expectError(await t.app.inject({ url: img.url, headers: u.headers() }), 404, 'not_found');
    }
    expect(await rowsOf(p.id)).toHaveLength(1);
  });

  it('inspectors in the area may look but not change', async () => {
    const p = await product();
    const img = json(await upload(p.id, officer.headers(), await tiny()));
    expect(await list(p.id, inspector.headers())).toHaveLength(1);
    expect((await t.app.inject({ url: img.thumbUrl, headers: inspector.headers() })).statusCode).toBe(200);
    expectError(await upload(p.id, inspector.headers(), await tiny()), 404, 'not_found');
    expectError(await t.app.inject({ method: 'DELETE', url: url(p.id, `/${img.id}`), headers: inspector.headers() }), 404, 'not_found');
  });

  it('a producer adds images to their own products, not to others\'', async () => {
    const own = await product(producer.actor.producerId!);
    const res = await upload(own.id, producer.headers(), await jpeg(400, 300), 'sp.jpg', 'image/jpeg');
    expect(res.statusCode, res.body).toBe(201);
    expect((await t.app.inject({ url: json(res).thumbUrl, headers: producer.headers() })).statusCode).toBe(200);
    const other = await product((await buildProducer(t.ctx, { communeCode: AREAS.hamRong })).id);
    expectError(await upload(other.id, producer.headers(), await tiny()), 404, 'not_found');
    expectError(await t.app.inject({ url: url(other.id), headers: producer.headers() }), 404, 'not_found');
  });

  it('a commune officer manages images in their commune', async () => {
    const p = await product();
    const commune = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong });
    expect((await upload(p.id, commune.headers(), await tiny())).statusCode).toBe(201);
  });
});

describe('order, delete, audit and the media route', () => {
  it('makes an image the main one, reorders, and validates the order', async () => {
    const p = await product();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(json(await upload(p.id, officer.headers(), await tiny())).id);
    const main = await t.app.inject({ method: 'POST', url: url(p.id, `/${ids[2]}/main`), headers: officer.headers() });
    expect(main.statusCode, main.body).toBe(200);
    expect(json(main).items.map((x: { id: string }) => x.id)).toEqual([ids[2], ids[0], ids[1]]);
    expect(json(main).items[0].isMain).toBe(true);

    const order = (imageIds: string[]) => t.app.inject({ method: 'PUT', url: url(p.id, '/order'), headers: officer.headers(), payload: { imageIds } });
    const ok = await order([ids[1]!, ids[0]!, ids[2]!]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await list(p.id)).map((x) => x.id)).toEqual([ids[1], ids[0], ids[2]]);
    expectError(await order([ids[1]!, ids[0]!]), 400, 'validation_failed');
    expectError(await order([ids[1]!, ids[1]!, ids[0]!]), 400, 'validation_failed');
    expectError(await order(['not-a-uuid']), 400, 'validation_failed');
    expectError(await t.app.inject({ method: 'POST', url: url(p.id, '/00000000-0000-4000-8000-000000000000/main'), headers: officer.headers() }), 404, 'not_found');
  });

  it('deletes an image with its files, renumbers the rest, and writes audit rows for every change', async () => {
    const p = await product();
    const a = json(await upload(p.id, officer.headers(), await tiny()));
    const b = json(await upload(p.id, officer.headers(), await tiny()));
    await t.app.inject({ method: 'POST', url: url(p.id, `/${b.id}/main`), headers: officer.headers() });
    const [row] = (await rowsOf(p.id)).filter((r) => r.id === b.id);

    const del = await t.app.inject({ method: 'DELETE', url: url(p.id, `/${b.id}`), headers: officer.headers() });
    expect(del.statusCode, del.body).toBe(204);
    expect(await t.deps.storage.get(row!.storageKey)).toBeNull();
    expect(await t.deps.storage.get(row!.thumbKey)).toBeNull();
    expectError(await t.app.inject({ url: b.url, headers: officer.headers() }), 404, 'not_found');
    expect((await list(p.id)).map((x) => [x.id, x.position, x.isMain])).toEqual([[a.id, 0, true]]);
    expectError(await t.app.inject({ method: 'DELETE', url: url(p.id, `/${b.id}`), headers: officer.headers() }), 404, 'not_found');

    const audit = await auditOf(p.id);
    const actions = audit.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['product.image.add', 'product.image.main', 'product.image.delete']));
    expect(actions.filter((x) => x === 'product.image.add')).toHaveLength(2);
    const add = audit.find((r) => r.action === 'product.image.add')!;
    expect(add).toMatchObject({ entityType: 'product', provinceCode: '38', actorUserId: officer.user.id });
    expect(add.after).toMatchObject({ id: a.id, productId: p.id, mime: 'image/png', fileName: 'anh.png' });
    expect(audit.find((r) => r.action === 'product.image.delete')!.before).toMatchObject({ id: b.id });
    expect(audit.find((r) => r.action === 'product.image.main')!.after).toEqual({ imageIds: [b.id, a.id] });
  });

  it('serves the bytes with their type, nosniff and a private immutable cache keyed by the image id', async () => {
    const p = await product();
    const img = json(await upload(p.id, officer.headers(), await webp(300, 200), 'x.webp', 'image/webp'));
    const res = await t.app.inject({ url: img.url, headers: officer.headers() });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(res.headers.etag).toBe(`"${img.id}-full"`);
    expect(Number(res.headers['content-length'])).toBe(img.bytes);
    const again = await t.app.inject({ url: img.url, headers: officer.headers({ 'if-none-match': res.headers.etag as string }) });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    // Cookie sessions work too (what <img> tags send).
    const viaCookie = await t.app.inject({ url: img.thumbUrl, headers: { cookie: officer.cookie! } });
    expect(viaCookie.statusCode).toBe(200);
    expectError(await t.app.inject({ url: `/media/products/${p.id}/${img.id}/original`, headers: officer.headers() }), 400, 'validation_failed');
    // An image id under another product is not found.
    const other = await product();
    expectError(await t.app.inject({ url: `/media/products/${other.id}/${img.id}/full`, headers: officer.headers() }), 404, 'not_found');
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = json(await t.app.inject({ url: '/api/openapi.json' }));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/v1/products/{id}/images', '/api/v1/products/{id}/images/{imageId}',
      '/api/v1/products/{id}/images/{imageId}/main', '/api/v1/products/{id}/images/order',
      '/media/products/{id}/{imageId}/{variant}',
    ]));
    expect(doc.paths['/api/v1/products/{id}/images'].post.responses).toHaveProperty('415');
  });
});

describe('back-office product page', () => {
  const page = (productId: string, user: AuthedUser = officer) =>
    t.app.inject({ url: `/admin/products/${productId}`, headers: { cookie: user.cookie!, accept: 'text/html' } });
  const form = (productId: string, fields: Record<string, string>, file?: { name: string; data: Buffer; type?: string }) => {
    const body = multipart(fields, file);
    return t.app.inject({
      method: 'POST', url: `/admin/products/${productId}/images`,
      headers: { cookie: officer.cookie!, accept: 'text/html', ...body.headers }, payload: body.payload,
    });
  };
  const post = (path: string, csrf: string | null) => t.app.inject({
    method: 'POST', url: path,
    headers: { cookie: officer.cookie!, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: csrf ? `_csrf=${encodeURIComponent(csrf)}` : '',
  });

  it('shows the upload form (multipart with the CSRF token) and the images with alt text', async () => {
    const p = await product();
    const empty = await page(p.id);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Sản phẩm chưa có ảnh.');
    expect(empty.body).toContain(`action="/admin/products/${p.id}/images" enctype="multipart/form-data"`);
    expect(empty.body).toContain(`name="_csrf" value="${officer.csrf}"`);
    expect(empty.body).toContain('accept="image/jpeg,image/png,image/webp"');

    const img = json(await upload(p.id, officer.headers(), await tiny()));
    const shown = await page(p.id);
    expect(shown.body).toContain(`src="${img.thumbUrl}"`);
    expect(shown.body).toContain(`alt="${p.name} — ảnh 1"`);
    expect(shown.body).toContain('Ảnh chính');
    expect(shown.body).toContain(`/admin/products/${p.id}/images/${img.id}/delete`);
  });

  it('uploads through the form and redirects with a notice', async () => {
    const p = await product();
    expect((await form(p.id, {}, { name: 'a.png', data: await tiny() })).statusCode).toBe(403);
    const res = await form(p.id, { _csrf: officer.csrf! }, { name: 'a.png', data: await tiny(), type: 'image/png' });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`/admin/products/${p.id}?image=added#images`);
    const after = await t.app.inject({ url: `/admin/products/${p.id}?image=added`, headers: { cookie: officer.cookie!, accept: 'text/html' } });
    expect(after.body).toContain('Đã thêm ảnh.');
    expect(await rowsOf(p.id)).toHaveLength(1);
  });

  it('shows file problems in Vietnamese on the form', async () => {
    const p = await product();
    const text = await form(p.id, { _csrf: officer.csrf! }, { name: 'anh.png', data: Buffer.from('xin chào'), type: 'image/png' });
    expect(text.statusCode).toBe(415);
    expect(text.headers['content-type']).toContain('text/html');
    expect(text.body).toContain('Tệp không phải ảnh JPEG, PNG hoặc WebP.');
    expect(text.body).toContain('href="#field-file"');
    const big = await form(p.id, { _csrf: officer.csrf! }, { name: 'to.jpg', data: Buffer.alloc(6 * 1024 * 1024, 0xff), type: 'image/jpeg' });
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('Ảnh lớn hơn 5 MB.');
    const none = await form(p.id, { _csrf: officer.csrf! });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Hãy chọn một ảnh để tải lên.');
  });

  it('deletes and changes the main image through forms (with CSRF)', async () => {
    const p = await product();
    const a = json(await upload(p.id, officer.headers(), await tiny()));
    const b = json(await upload(p.id, officer.headers(), await tiny()));
    expect((await post(`/admin/products/${p.id}/images/${b.id}/main`, null)).statusCode).toBe(403);
    const main = await post(`/admin/products/${p.id}/images/${b.id}/main`, officer.csrf);
    expect(main.statusCode).toBe(303);
    expect((await list(p.id)).map((x) => x.id)).toEqual([b.id, a.id]);
    const del = await post(`/admin/products/${p.id}/images/${a.id}/delete`, officer.csrf);
    expect(del.statusCode).toBe(303);
    expect(del.headers.location).toBe(`/admin/products/${p.id}?image=deleted#images`);
    expect((await list(p.id)).map((x) => x.id)).toEqual([b.id]);
  });

  it('shows images without edit controls to readers who may not change the product', async () => {
    const p = await product();
    await upload(p.id, officer.headers(), await tiny());
    const res = await page(p.id, inspector);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`alt="${p.name} — ảnh 1"`);
    expect(res.body).not.toContain('enctype="multipart/form-data"');
    expect(res.body).not.toContain('/delete"');
    expect(res.body).not.toContain(`/admin/products/${p.id}/edit`);
  });
});
