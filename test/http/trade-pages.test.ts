/**
 * The trade connection pages (issue 16), as a browser sends them (cookies, CSRF tokens read from
 * the page, urlencoded and multipart forms): a supermarket signs up on /ket-noi/dang-ky and lands
 * on its demands "Chờ xác minh"; its province's officer verifies it on /admin/ket-noi/doanh-nghiep;
 * it posts a demand for 4★ honey; the matched producers offer from /admin/ket-noi/nhu-cau/:id (a
 * file checked first); the buyer compares the offers, asks in a thread, accepts one and declines
 * the other; the agreement moves on /tai-khoan/hop-dong and /admin/ket-noi/hop-dong. Every form:
 * its happy path, a field error in Vietnamese, CSRF required. A producer never sees a competitor's
 * offer; another organisation's demand is a 404; wrong roles are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTaxCode } from '../../src/domain/tax-code';
import { asUser, testApp, type AuthedUser, type Headers, type Session, type TestApp } from '../helpers/app';
import { producerOf, seedMarket, type MarketFixture } from '../helpers/market-fixtures';
import { PORTAL_NOW } from '../helpers/portal-fixtures';
import { fieldErrorsOf, textOf } from '../helpers/html-forms';

let t: TestApp, m: MarketFixture;
let officer38: AuthedUser, officer01: AuthedUser, officer08: AuthedUser, commune38: AuthedUser, camThuy: AuthedUser, inspector: AuthedUser;
beforeAll(async () => {
  t = await testApp({ clock: () => PORTAL_NOW, env: { RATE_LIMIT_ALLOWLIST: '127.0.0.1' } });
  m = await seedMarket(t);
  officer38 = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38', login: true });
  officer01 = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '01', login: true });
  officer08 = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: '08', login: true });
  commune38 = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: '14797', login: true });
  inspector = await asUser(t.app, t.deps, { role: 'inspector', areaCode: '38', login: true });
  camThuy = await asUser(t.app, t.deps, { role: 'producer', producerId: await producerOf(t, m.cat.ids.honeyCamThuy), login: true });
}, 90_000);
afterAll(() => t?.close());

const PASSWORD = 'sieu-thi-OCOP-2026';
const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** A browser: its cookies across requests (signed in with `session` when given), forms sent as a browser does. */
function browser(session?: Session | { cookie: string }) {
  const jar = new Map<string, string>(session ? [['ocop_sid', session.cookie.slice(session.cookie.indexOf('=') + 1)]] : []);
  const send = async (method: 'GET' | 'POST', url: string, body?: { payload: string | Buffer; headers: Headers }) => {
    const res = await t.app.inject({
      method, url, ...(body ? { payload: body.payload } : {}),
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/html', ...body?.headers },
    });
    const set = res.headers['set-cookie'];
    for (const c of (Array.isArray(set) ? set : set ? [set] : []) as string[]) {
      const pair = c.split(';')[0]!;
      const [k, v] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (v === '') jar.delete(k); else jar.set(k, v);
    }
    return res;
  };
  return {
    get: (url: string) => send('GET', url),
    post: (url: string, form: Record<string, string>) => send('POST', url, { payload: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    multipart: (url: string, form: Record<string, string>, file?: { name: string; data: Buffer }) => {
      const boundary = 'x-trade-pages';
      const parts = Object.entries(form).map(([k, v]) => Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
      const filePart = file
        ? [Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: application/octet-stream\r\n\r\n`), file.data, Buffer.from('\r\n')]
        : [Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename=""\r\ncontent-type: application/octet-stream\r\n\r\n\r\n`)];
      return send('POST', url, { payload: Buffer.concat([...parts, ...filePart, Buffer.from(`--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    },
  };
}
type Browser = ReturnType<typeof browser>;
const as = (u: AuthedUser) => browser({ cookie: u.cookie! });
const errorsOf = (html: string) => fieldErrorsOf(html).map((e) => e.text);

let seq = 0;
/** An organisation signed up through the page; the browser is then signed in as its member. */
async function signUp(over: Record<string, string> = {}): Promise<{ b: Browser; taxCode: string }> {
  const b = browser();
  const form = await b.get('/ket-noi/dang-ky?tinh=38');
  const taxCode = makeTaxCode(42_000_000 + ++seq);
  const res = await b.post('/ket-noi/dang-ky', {
    _csrf: tokenOf(form.body), tinh: '38', communeCode: '14797', name: `Siêu thị Hạc Thành ${seq}`, kind: 'supermarket', taxCode, address: '27 Trần Phú',
    contactName: 'Lê Thu Mua', phone: `0912 800 ${100 + seq}`, email: `mua${seq}@sieuthi.example`, website: '', username: '', password: PASSWORD, passwordAgain: PASSWORD, ...over,
  });
  expect([res.statusCode, res.headers.location], res.body.slice(0, 400)).toEqual([303, '/tai-khoan/nhu-cau?moi=1']);
  return { b, taxCode };
}
/** The officer's card of the organisation named `name` on the page: its id and version. */
function orgCard(html: string, name: string): { id: string; version: string } {
  const card = html.split('id="dn-').slice(1).find((c) => c.includes(`<h2>${name}</h2>`));
  expect(card, name).toBeDefined();
  return { id: card!.slice(0, 36), version: /name="version" value="(\d+)"/.exec(card!)?.[1] ?? '' };
}
async function verify(name: string) {
  const o = as(officer38);
  const page = await o.get('/admin/ket-noi/doanh-nghiep?trang-thai=pending');
  const { id, version } = orgCard(page.body, name);
  const res = await o.post(`/admin/ket-noi/doanh-nghiep/${id}`, { _csrf: tokenOf(page.body), decision: 'verify', reason: '', version });
  expect([res.statusCode, res.headers.location]).toEqual([303, '/admin/ket-noi/doanh-nghiep?done=verify']);
}

describe('a buyer organisation signs up and is verified', () => {
  it('the sign-up page: province then communes; CSRF; every problem at once in Vietnamese, values kept', async () => {
    const b = browser();
    const empty = await b.get('/ket-noi/dang-ky');
    expect(empty.statusCode).toBe(200);
    expect(empty.headers['cache-control']).toBe('private, no-store');
    expect(empty.body).toContain('Chọn tỉnh/thành phố ở trên để hiện danh sách xã/phường.');
    const form = await b.get('/ket-noi/dang-ky?tinh=38');
    expect(form.body).toContain('value="14797"');
    const fields = {
      tinh: '38', communeCode: '', name: 'Siêu thị Lam Sơn', kind: 'supermarket', taxCode: '0101234568', address: '1 Lê Lợi', contactName: 'Bà Lan',
      phone: '123', email: 'lan@', website: '', username: '', password: PASSWORD, passwordAgain: 'khac-nhau-2026',
    };
    expect((await b.post('/ket-noi/dang-ky', fields)).statusCode).toBe(403);
    const bad = await b.post('/ket-noi/dang-ky', { ...fields, _csrf: tokenOf(form.body) });
    expect(bad.statusCode).toBe(400);
    expect(errorsOf(bad.body)).toEqual(expect.arrayContaining([
      'Bắt buộc: hãy nhập hoặc chọn giá trị.', 'Mã số thuế sai chữ số kiểm tra.', 'Số điện thoại không đúng định dạng Việt Nam.',
      'Địa chỉ thư điện tử không hợp lệ.', 'Hai lần nhập mật khẩu không khớp. Hãy nhập lại.',
    ]));
    expect(bad.body).toContain('value="Siêu thị Lam Sơn"');
    expect(bad.body).not.toContain(PASSWORD);
  });

  it('signs in at once and shows the demands page "Chờ xác minh", with no way to post yet', async () => {
    const { b, taxCode } = await signUp();
    const page = await b.get('/tai-khoan/nhu-cau?moi=1');
    const text = textOf(page.body);
    expect(text).toContain(`Lần sau bạn đăng nhập bằng: ${taxCode}`);
    expect(text).toContain('Chờ xác minh');
    expect(text).toContain('Chỉ doanh nghiệp đã được xác minh mới đăng được nhu cầu mua.');
    expect(page.body).not.toContain('href="/tai-khoan/nhu-cau/moi"');
    expect(page.body).toContain('href="/tai-khoan/hop-dong"');
    expect((await b.get('/tai-khoan/nhu-cau/moi')).headers.location).toBe('/tai-khoan/nhu-cau');
    expect((await b.get('/ket-noi/dang-ky')).headers.location).toBe('/tai-khoan/nhu-cau');
  });

  it('officers: pending first in their province; reject needs a reason; verify; another province sees nothing', async () => {
    await signUp({ name: 'Siêu thị Đông Sơn' });
    const o = as(officer38);
    const page = await o.get('/admin/ket-noi/doanh-nghiep');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Siêu thị Đông Sơn');
    const { id } = orgCard(page.body, 'Siêu thị Đông Sơn');
    expect((await o.post(`/admin/ket-noi/doanh-nghiep/${id}`, { decision: 'reject', reason: '' })).statusCode).toBe(403);
    const bad = await o.post(`/admin/ket-noi/doanh-nghiep/${id}`, { _csrf: tokenOf(page.body), decision: 'reject', reason: ' ' });
    expect(bad.statusCode).toBe(400);
    expect(errorsOf(bad.body)).toContain('Hãy ghi lý do.');
    const long = await o.post(`/admin/ket-noi/doanh-nghiep/${id}`, { _csrf: tokenOf(page.body), decision: 'reject', reason: 'x'.repeat(1001) });
    expect(long.statusCode).toBe(400);
    expect(errorsOf(long.body)).toContain('Quá dài (tối đa 1000 ký tự).');
    expect(textOf((await as(officer01).get('/admin/ket-noi/doanh-nghiep')).body)).not.toContain('Siêu thị Đông Sơn');
    // A commune officer reads, never decides.
    const commune = await as(commune38).get('/admin/ket-noi/doanh-nghiep');
    expect(textOf(commune.body)).toContain('Siêu thị Đông Sơn');
    expect(commune.body).not.toContain('name="decision"');
    await verify('Siêu thị Đông Sơn');
    expect(textOf((await o.get('/admin/ket-noi/doanh-nghiep?done=verify')).body)).toContain('Đã xác minh doanh nghiệp.');
  });

  it('a market shopper without an organisation is told why, with the way to register one', async () => {
    const shopper = await asUser(t.app, t.deps, { role: 'buyer', login: true });
    const page = await as(shopper).get('/tai-khoan/nhu-cau');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Tài khoản chưa thuộc doanh nghiệp mua hàng nào');
    expect(page.body).toContain('href="/ket-noi/dang-ky"');
    expect(textOf((await as(shopper).get('/tai-khoan/hop-dong')).body)).toContain('Tài khoản chưa thuộc doanh nghiệp mua hàng nào');
  });

  it('wrong roles: anonymous to sign-in, producers and inspectors refused, buyers kept out of the back office', async () => {
    const anon = await browser().get('/tai-khoan/nhu-cau');
    expect([anon.statusCode, anon.headers.location]).toEqual([303, '/login?next=%2Ftai-khoan%2Fnhu-cau']);
    expect((await as(camThuy).get('/admin/ket-noi/doanh-nghiep')).statusCode).toBe(403);
    expect((await as(inspector).get('/admin/ket-noi/nhu-cau')).statusCode).toBe(403);
    expect((await as(camThuy).get('/tai-khoan/nhu-cau')).statusCode).toBe(403);
    const shopper = await asUser(t.app, t.deps, { role: 'buyer', login: true });
    expect((await as(shopper).get('/admin/ket-noi/hop-dong')).statusCode).toBe(403);
  });
});

describe('a demand, its offers, the thread and the agreement', () => {
  let buyer: Browser, other: Browser, sellerA: Browser, sellerB: Browser, demandUrl: string, demandId: string;

  beforeAll(async () => {
    ({ b: buyer } = await signUp({ name: 'Siêu thị Thanh Hóa Xanh' }));
    await verify('Siêu thị Thanh Hóa Xanh');
    ({ b: other } = await signUp({ name: 'Siêu thị Khác' }));
    await verify('Siêu thị Khác');
    await m.sellerA.login();
    await m.sellerB.login();
    sellerA = as(m.sellerA);
    sellerB = as(m.sellerB);
  });

  it('the demand form: sets and provinces to choose; Vietnamese field errors; posted, with its matches', async () => {
    const form = await buyer.get('/tai-khoan/nhu-cau/moi');
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<option value="4"[^>]*>4\. /);
    const fields = {
      title: 'Mật ong cho chuỗi siêu thị', productSetCode: '4', minStars: '4', quantity: 'abc', unit: 'chai', packaging: 'Chai 500 ml',
      deliveryProvinceCode: '38', deadline: '2026-07-01', neededBy: '', certifications: 'VietGAP, HACCP', description: 'Giao tại kho Đông Sơn',
    };
    expect((await buyer.post('/tai-khoan/nhu-cau/moi', fields)).statusCode).toBe(403);
    const bad = await buyer.post('/tai-khoan/nhu-cau/moi', { ...fields, _csrf: tokenOf(form.body), title: '' });
    expect(bad.statusCode).toBe(400);
    expect(errorsOf(bad.body)).toEqual(['Bắt buộc: hãy nhập hoặc chọn giá trị.', 'Hãy nhập một số.']);
    expect(bad.body).toContain('value="VietGAP, HACCP"');
    // The rules between fields once every field reads well: a deadline already past.
    const late = await buyer.post('/tai-khoan/nhu-cau/moi', { ...fields, _csrf: tokenOf(form.body), quantity: '500' });
    expect(late.statusCode).toBe(400);
    expect(errorsOf(late.body)).toEqual(['Hạn nhận chào giá không được trước hôm nay.']);
    const ok = await buyer.post('/tai-khoan/nhu-cau/moi', { ...fields, _csrf: tokenOf(form.body), quantity: '1.000', deadline: '20/07/2026', neededBy: '2026-08-15' });
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(303);
    demandUrl = ok.headers.location!.split('?')[0]!;
    demandId = demandUrl.split('/').pop()!;
    const page = await buyer.get(ok.headers.location!);
    const text = textOf(page.body);
    expect(text).toContain('Đã đăng nhu cầu.');
    expect(text).toContain('1.000 chai');
    expect(text).toContain('VietGAP, HACCP');
    expect(text).toContain('Sản phẩm OCOP phù hợp (2)');
    expect(text).toContain('Mật ong rừng Pù Luông');
    expect(text).toContain('Đang nhận chào giá');
  });

  it('another organisation\'s demand and thread are 404; its list does not show it', async () => {
    expect((await other.get(demandUrl)).statusCode).toBe(404);
    const page = await other.get('/tai-khoan/nhu-cau');
    expect(textOf(page.body)).not.toContain('Mật ong cho chuỗi siêu thị');
    expect((await other.post(`${demandUrl}/hoi-dap`, { _csrf: tokenOf(page.body), producerId: m.sellerA.actor.producerId!, body: 'chen ngang' })).statusCode).toBe(404);
  });

  it('producers: those who fit see it with "Chào giá"; a 3★ producer does not (404)', async () => {
    const list = await sellerB.get('/admin/ket-noi/nhu-cau');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/admin/ket-noi/nhu-cau/${demandId}#chao-gia"`);
    expect(textOf((await as(camThuy).get('/admin/ket-noi/nhu-cau')).body)).not.toContain('Mật ong cho chuỗi siêu thị');
    expect((await as(camThuy).get(`/admin/ket-noi/nhu-cau/${demandId}`)).statusCode).toBe(404);
  });

  it('the offer form: its own fitting products only; Vietnamese errors; a file that is no PDF or picture refused first; then sent with its file', async () => {
    const url = `/admin/ket-noi/nhu-cau/${demandId}`;
    const page = await sellerB.get(url);
    expect(page.body).toContain(`<option value="${m.cat.ids.honeyPuLuong}"`);
    expect(page.body).not.toContain(`<option value="${m.cat.ids.honeyMeoVac}"`);
    const token = tokenOf(page.body);
    const fields = { productId: m.cat.ids.honeyPuLuong, unitPrice: 'abc', quantity: '1000', deliveryOn: '2026-07-01', note: 'Giao hai đợt' };
    expect((await sellerB.multipart(`${url}/chao-gia`, fields)).statusCode).toBe(403);
    const bad = await sellerB.multipart(`${url}/chao-gia`, { ...fields, _csrf: token });
    expect(bad.statusCode).toBe(400);
    expect(errorsOf(bad.body)).toEqual(['Hãy nhập một số.']);
    expect(bad.body).toContain('Giao hai đợt');
    const late = await sellerB.multipart(`${url}/chao-gia`, { ...fields, _csrf: token, unitPrice: '165.000' });
    expect(late.statusCode).toBe(400);
    expect(errorsOf(late.body)).toEqual(['Ngày giao hàng không được trước hôm nay.']);
    const exe = await sellerB.multipart(`${url}/chao-gia`, { ...fields, _csrf: token, unitPrice: '165.000', deliveryOn: '2026-08-10' }, { name: 'x.exe', data: Buffer.from('MZ\x90\x00') });
    expect(exe.statusCode).toBe(400);
    expect(errorsOf(exe.body)).toEqual(['Hãy chọn tệp PDF, JPEG, PNG hoặc WebP, tối đa 10 MB.']);
    expect(textOf((await sellerB.get(url)).body)).not.toContain('Rút chào giá');
    const ok = await sellerB.multipart(`${url}/chao-gia`, { ...fields, _csrf: token, unitPrice: '165.000', deliveryOn: '2026-08-10' }, { name: 'bang-gia.pdf', data: Buffer.from('%PDF-1.4\n% bảng giá\n') });
    expect([ok.statusCode, ok.headers.location]).toEqual([303, `${url}?done=offered#chao-gia`]);
    const after = await sellerB.get(`${url}?done=offered`);
    const text = textOf(after.body);
    expect(text).toContain('Đã gửi chào giá.');
    expect(text).toContain('165.000.000 ₫');
    expect(text).toContain('bang-gia.pdf');
    expect(after.body).not.toContain('name="unitPrice"');
    // Mèo Vạc offers less in total.
    const a = await sellerA.get(url);
    const done = await sellerA.multipart(`${url}/chao-gia`, { _csrf: tokenOf(a.body), productId: m.cat.ids.honeyMeoVac, unitPrice: '150000', quantity: '1000', deliveryOn: '2026-08-12', note: '' });
    expect(done.statusCode, done.body.slice(0, 300)).toBe(303);
  });

  it('a producer never sees a competitor\'s offer on its page', async () => {
    const page = textOf((await sellerA.get(`/admin/ket-noi/nhu-cau/${demandId}`)).body);
    expect(page).toContain('150.000.000 ₫');
    expect(page).not.toContain('165.000.000 ₫');
    expect(page).not.toContain('Lò Văn Pọm');
    expect(page).not.toContain('bang-gia.pdf');
  });

  it('the buyer compares the offers side by side, the lowest total first, each certificate verifiable', async () => {
    const page = await buyer.get(demandUrl);
    const text = textOf(page.body);
    expect(text.indexOf('150.000.000 ₫')).toBeGreaterThan(0);
    expect(text.indexOf('150.000.000 ₫')).toBeLessThan(text.indexOf('165.000.000 ₫'));
    expect(page.body).toContain('href="/v/OCOP-08-2025-00001"');
    expect(page.body).toContain('href="/v/OCOP-38-2025-00002"');
    expect(text).toContain('bang-gia.pdf');
  });

  it('a thread: the buyer asks, the producer answers; an empty message is told in Vietnamese', async () => {
    const producerA = m.sellerA.actor.producerId!;
    const page = await buyer.get(`${demandUrl}?chu-the=${producerA}`);
    expect((await buyer.post(`${demandUrl}/hoi-dap`, { producerId: producerA, body: 'Giao 2 đợt được không?' })).statusCode).toBe(403);
    const empty = await buyer.post(`${demandUrl}/hoi-dap`, { _csrf: tokenOf(page.body), producerId: producerA, body: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(errorsOf(empty.body)).toContain('Hãy nhập nội dung câu hỏi hoặc trả lời.');
    const asked = await buyer.post(`${demandUrl}/hoi-dap`, { _csrf: tokenOf(page.body), producerId: producerA, body: 'Giao 2 đợt được không?' });
    expect(asked.headers.location).toBe(`${demandUrl}?chu-the=${producerA}&done=sent#hoi-dap`);
    const producerPage = await sellerA.get(`/admin/ket-noi/nhu-cau/${demandId}`);
    expect(textOf(producerPage.body)).toContain('Giao 2 đợt được không?');
    expect((await sellerA.post(`/admin/ket-noi/nhu-cau/${demandId}/hoi-dap`, { _csrf: tokenOf(producerPage.body), body: 'Được, mỗi đợt 500 chai.' })).statusCode).toBe(303);
    expect(textOf((await buyer.get(`${demandUrl}?chu-the=${producerA}`)).body)).toContain('Được, mỗi đợt 500 chai.');
    expect(textOf((await sellerB.get(`/admin/ket-noi/nhu-cau/${demandId}`)).body)).not.toContain('Giao 2 đợt được không?');
  });

  it('officers read every offer of their area, with the matches, and nothing to decide', async () => {
    const page = await as(officer38).get(`/admin/ket-noi/nhu-cau/${demandId}`);
    const text = textOf(page.body);
    expect(text).toContain('165.000.000 ₫');
    expect(text).not.toContain('150.000.000 ₫'); // Mèo Vạc is Tuyên Quang's
    expect(text).toContain('Sản phẩm OCOP phù hợp (2)');
    expect(page.body).not.toContain('/chap-nhan');
  });

  it('the buyer accepts one and declines the other with a reason; the agreement moves by its table', async () => {
    const page = await buyer.get(demandUrl);
    const token = tokenOf(page.body);
    const accept = [...page.body.matchAll(/action="([^"]+\/chap-nhan)"/g)].map((x) => x[1]!);
    const decline = [...page.body.matchAll(/action="([^"]+\/tu-choi)"/g)].map((x) => x[1]!);
    expect(accept).toHaveLength(2);
    expect((await buyer.post(accept[0]!, {})).statusCode).toBe(403);
    expect((await buyer.post(accept[0]!, { _csrf: token })).headers.location).toBe(`${demandUrl}?done=accepted`);
    expect((await buyer.post(decline[1]!, { _csrf: token, reason: 'Giá cao hơn' })).headers.location).toBe(`${demandUrl}?done=declined`);
    const after = textOf((await buyer.get(demandUrl)).body);
    expect(after).toContain('Được chấp nhận');
    expect(after).toContain('Giá cao hơn');
    expect(after).toContain('Đã chọn nhà cung cấp');

    const list = await buyer.get('/tai-khoan/hop-dong');
    expect(textOf(list.body)).toContain('Đang đàm phán');
    const action = /action="(\/tai-khoan\/hop-dong\/[0-9a-f-]{36})"/.exec(list.body)![1]!;
    const version = /name="version" value="(\d+)"/.exec(list.body)![1]!;
    const cancel = await buyer.post(action, { _csrf: tokenOf(list.body), action: 'cancel', comment: '', version });
    expect(cancel.statusCode).toBe(400);
    expect(errorsOf(cancel.body)).toContain('Hãy ghi lý do.');
    expect((await buyer.post(action, { action: 'sign', version })).statusCode).toBe(403);
    expect((await buyer.post(action, { _csrf: tokenOf(list.body), action: 'sign', version })).headers.location).toMatch(/^\/tai-khoan\/hop-dong\?done=sign#hop-dong-/);
    const signed = textOf((await buyer.get('/tai-khoan/hop-dong?done=sign')).body);
    expect(signed).toContain('Đã xác nhận ký hợp đồng.');
    expect(signed).toContain('Tính là hợp đồng tiêu thụ');
    // The producer starts delivery from the back office; the province's officers count it.
    const mine = await sellerA.get('/admin/ket-noi/hop-dong');
    expect(mine.body).toContain('value="start_delivery"');
    const officerPage = textOf((await as(officer08).get('/admin/ket-noi/hop-dong')).body);
    expect(officerPage).toContain('Hợp đồng tiêu thụ: 1');
    expect(officerPage).toContain('150.000.000 ₫');
    expect(textOf((await as(officer01).get('/admin/ket-noi/hop-dong')).body)).toContain('Hợp đồng tiêu thụ: 0');
  });
});
