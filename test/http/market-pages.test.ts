/**
 * The floor's pages (issue 15, market.pages.tsx): the floor and a listing (shared, cached, no
 * personal data), the cart in a cookie, checkout as a guest without JavaScript, the orders page
 * with each shop's VietQR code, following an order by code and phone, and shop texts with HTML
 * shown as text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVietQr } from '../../src/modules/market/vietqr';
import type { ListingDto } from '../../src/modules/market/market.schema';
import { asUser, json, testApp, type TestApp } from '../helpers/app';
import { producerOf, seedMarket, type MarketFixture } from '../helpers/market-fixtures';
import { PORTAL_NOW } from '../helpers/portal-fixtures';
import { decodeHtml, textOf } from '../helpers/html-forms';

let t: TestApp, m: MarketFixture;
beforeAll(async () => {
  t = await testApp({ clock: () => PORTAL_NOW, env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1' } });
  m = await seedMarket(t);
}, 60_000);
afterAll(() => t?.close());

/** A browser's cookies across requests. */
function browser() {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = <R extends { headers: Record<string, unknown> }>(res: R): R => {
    const set = res.headers['set-cookie'];
    for (const c of (Array.isArray(set) ? set : set ? [set] : []) as string[]) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      const [k, v] = [pair.slice(0, i), pair.slice(i + 1)];
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c) || v === '') jar.delete(k); else jar.set(k, v);
    }
    return res;
  };
  return {
    jar,
    get: async (url: string) => keep(await t.app.inject({ method: 'GET', url, headers: { cookie: cookie() } })),
    post: async (url: string, form: Record<string, string>) => keep(await t.app.inject({
      method: 'POST', url, headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString(),
    })),
  };
}
const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('the floor and a listing', () => {
  it('shows the listings on sale, shared and cacheable, with a link to each', async () => {
    const res = await t.app.inject('/cho-ocop?q=mat+ong');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toMatch(/public/);
    expect(res.body).not.toContain('name="_csrf"');
    expect(textOf(res.body)).toContain('Mật ong bạc hà Mèo Vạc');
    expect(res.body).toContain(m.listingA.url);
  });

  it('shows the listing with its star, certificate, live verification link and stock words, never the stock count', async () => {
    const res = await t.app.inject(m.listingA.url);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('OCOP-08-2025-00001');
    expect(res.body).toContain('href="/v/OCOP-08-2025-00001"');
    expect(text).toMatch(/Chỉ còn 4/);
    expect(text).toMatch(/Còn hàng/);
    expect(text).not.toMatch(/\b10\b.*Còn hàng/);
    expect(res.body).toContain('action="/gio-hang/them"');
    // An old slug answers with the canonical address.
    const moved = await t.app.inject(`/cho-ocop/ten-cu-${m.listingA.id}`);
    expect([moved.statusCode, moved.headers.location]).toEqual([301, m.listingA.url]);
    expect((await t.app.inject(`/cho-ocop/khong-co-${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)).statusCode).toBe(404);
  });

  it('the catalogue\'s product page offers "Mua ngay" while the listing is on sale, and not once it is hidden', async () => {
    const product = json(await t.app.inject(`/api/v1/catalogue/products/${m.cat.ids.honeyMeoVac}`));
    expect(product.listing).toEqual({ url: m.listingA.url, priceFrom: 120_000 });
    const page = await t.app.inject(product.url);
    expect(page.body).toContain(`href="${m.listingA.url}"`);
    expect(textOf(page.body)).toContain('Mua ngay');
    await t.app.inject({ method: 'PATCH', url: `/api/v1/market/listings/${m.listingA.id}`, headers: m.sellerA.headers(), payload: { status: 'hidden' } });
    try {
      expect((await t.app.inject(product.url)).body).not.toContain(`href="${m.listingA.url}"`);
    } finally {
      await t.app.inject({ method: 'PATCH', url: `/api/v1/market/listings/${m.listingA.id}`, headers: m.sellerA.headers(), payload: { status: 'active' } });
    }
  });

  it('shows shop and listing texts with HTML as text', async () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/market/listings/${m.listingB.id}`, headers: m.sellerB.headers(), payload: { description: evil } });
    expect(res.statusCode, res.body).toBe(200);
    const page = await t.app.inject(json<ListingDto>(res).url);
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).not.toContain('<img src=x');
    expect(decodeHtml(page.body)).toContain(evil);
  });
});

describe('a guest buys from two shops without JavaScript', () => {
  it('adds to the cart, checks out with VietQR and sees both orders with their QR codes, then follows one by code and phone', async () => {
    const b = browser();
    for (const [v, sl] of [[m.a250, '2'], [m.b500, '1']] as const) {
      const res = await b.get(`/gio-hang/them?v=${v}&sl=${sl}`);
      expect([res.statusCode, res.headers.location]).toEqual([303, '/gio-hang']);
    }
    const cart = await b.get('/gio-hang?tinh=01');
    expect(cart.statusCode).toBe(200);
    expect(cart.headers['cache-control']).toBe('private, no-store');
    const text = textOf(cart.body);
    expect(text).toContain('HTX Ong mật Mèo Vạc');
    expect(text).toContain('Mật ong rừng Pù Luông');
    const token = tokenOf(cart.body);
    expect(token).not.toBe('');
    // Missing name and street: shown in the form, nothing ordered.
    const bad = await b.post('/gio-hang/dat-hang', { _csrf: token, name: '', phone: '0987654321', communeCode: '00070', street: '', payment: 'vietqr' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Hãy nhập họ và tên người nhận.');
    const placed = await b.post('/gio-hang/dat-hang', {
      _csrf: token, name: 'Trần Văn Khách', phone: '0987 654 321', email: '', communeCode: '00070', street: '5 Hàng Đường', payment: 'vietqr',
      [`p_${m.a250}`]: '120000', [`p_${m.b500}`]: '180000',
    });
    expect([placed.statusCode, placed.headers.location], placed.body.slice(0, 300)).toEqual([303, '/don-hang/vua-dat']);
    const orders = await b.get('/don-hang/vua-dat');
    expect(orders.statusCode).toBe(200);
    const codes = [...new Set([...orders.body.matchAll(/<code>(DH[0-9A-Z]{8})<\/code>/g)].map((x) => x[1]!))];
    expect(codes).toHaveLength(2);
    const qrs = [...orders.body.matchAll(/<img class="vietqr-code" src="data:image\/svg\+xml;base64,([^"]+)"/g)];
    expect(qrs).toHaveLength(2);
    expect(textOf(orders.body)).toContain('0011004455667');
    expect(textOf(orders.body)).toContain('21510001234567');
    // The cart is empty now.
    expect(textOf((await b.get('/gio-hang')).body)).toContain('Giỏ hàng đang trống.');
    // Another browser follows one by code and phone; a wrong phone finds nothing.
    const other = browser();
    const form = await other.get('/don-hang');
    const found = await other.post('/don-hang', { _csrf: tokenOf(form.body), code: codes[0]!.toLowerCase(), phone: '+84987654321' });
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain(`<code>${codes[0]}</code>`);
    const wrong = await other.post('/don-hang', { _csrf: tokenOf(form.body), code: codes[0]!, phone: '0911111111' });
    expect(wrong.statusCode).toBe(404);
    expect(textOf(wrong.body)).toContain('Không tìm thấy đơn hàng');
    // The QR on the page is the order's VietQR payload.
    const api = json(await t.app.inject(`/api/v1/market/orders/${codes[0]}?phone=0987654321`));
    expect(readVietQr(api.payment.vietqr.payload)).toMatchObject({ amount: api.total, memo: codes[0] });
  });

  it('a listing no longer on sale is marked in the cart and the order is refused with a clear message', async () => {
    const b = browser();
    await b.get(`/gio-hang/them?v=${m.a250}&sl=1`);
    await t.app.inject({ method: 'PATCH', url: `/api/v1/market/listings/${m.listingA.id}`, headers: m.sellerA.headers(), payload: { status: 'hidden' } });
    try {
      const cart = await b.get('/gio-hang?tinh=01');
      expect(textOf(cart.body)).toContain('Sản phẩm này không còn được bán');
      const res = await b.post('/gio-hang/dat-hang', { _csrf: tokenOf(cart.body), name: 'Trần Văn Khách', phone: '0987654321', communeCode: '00070', street: '5 Hàng Đường', payment: 'cod' });
      expect(res.statusCode).toBe(409);
      expect(textOf(res.body)).toContain('Chưa có đơn hàng nào được tạo.');
    } finally {
      await t.app.inject({ method: 'PATCH', url: `/api/v1/market/listings/${m.listingA.id}`, headers: m.sellerA.headers(), payload: { status: 'active' } });
    }
  });
});

describe('the shop in the back office', () => {
  it('a producer works an order from the queue: payment received, confirm, ship with carrier and tracking', async () => {
    const seller = await asUser(t.app, t.deps, { role: 'producer', producerId: m.cat.producerIds.meoVac, login: true });
    const placed = await t.app.inject({ method: 'POST', url: '/api/v1/market/checkout', payload: {
      buyer: { name: 'Lê Thị Hàng', phone: '0912345679' }, address: { communeCode: '00070', street: '7 Hàng Bạc' }, items: [{ variantId: m.a250, quantity: 1 }], payment: 'vietqr',
    } });
    const code = json(placed).orders[0].code as string;
    const home = await t.app.inject({ url: '/admin/cua-hang', headers: seller.sessionHeaders() });
    expect([home.statusCode, home.headers.location]).toEqual([303, `/admin/cua-hang/${m.shopA.id}`]);
    const page = await t.app.inject({ url: `/admin/cua-hang/${m.shopA.id}`, headers: seller.sessionHeaders() });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<code>${code}</code>`);
    const act = (form: Record<string, string>) => t.app.inject({
      method: 'POST', url: `/admin/cua-hang/${m.shopA.id}/don/${code}`,
      headers: { ...seller.sessionHeaders(), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: seller.csrf!, ...form }).toString(),
    });
    expect((await act({ action: 'confirm' })).statusCode).toBe(303);
    const early = await act({ action: 'ship', carrier: 'VNPost', trackingNumber: 'EV1' });
    expect(early.statusCode).toBe(409);
    expect(textOf(early.body)).toContain('Đơn chuyển khoản chỉ được giao sau khi đã nhận tiền.');
    const steps: Record<string, string>[] = [{ action: 'paid' }, { action: 'ship', carrier: 'VNPost', trackingNumber: 'EV123456789VN' }];
    for (const form of steps) {
      const res = await act(form);
      expect(res.statusCode, res.body.slice(0, 400)).toBe(303);
    }
    const api = json(await t.app.inject(`/api/v1/market/orders/${code}?phone=0912345679`));
    expect(api).toMatchObject({ status: 'shipped', payment: { paid: true }, shipping: { carrier: 'VNPost', trackingNumber: 'EV123456789VN' } });
  });

  it('a producer without a shop opens one from the form, errors shown in Vietnamese first', async () => {
    const producerId = await producerOf(t, m.cat.ids.tea);
    const seller = await asUser(t.app, t.deps, { role: 'producer', producerId, login: true });
    const form = await t.app.inject({ url: '/admin/cua-hang', headers: seller.sessionHeaders() });
    expect(textOf(form.body)).toContain('Mở cửa hàng trên chợ OCOP');
    const post = (f: Record<string, string>) => t.app.inject({
      method: 'POST', url: '/admin/cua-hang', headers: { ...seller.sessionHeaders(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: seller.csrf!, ...f }).toString(),
    });
    const fields = { name: 'Chè Lũng Phìn', phone: '0912 111 222', communeCode: '00763', street: 'Thôn Lũng Phìn', bankBin: '970436', bankAccount: '0011002233', bankHolder: 'HTX CHE LUNG PHIN', shipIn: '20000', shipOut: '35000' };
    const bad = await post({ ...fields, phone: '123', shipIn: 'hai mươi' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Nhập số tiền bằng chữ số');
    const ok = await post(fields);
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(303);
    const shopPage = await t.app.inject({ url: ok.headers.location as string, headers: seller.sessionHeaders() });
    expect(textOf(shopPage.body)).toContain('Đã mở cửa hàng');
    expect(shopPage.body).toContain(m.cat.ids.tea);
  });
});
