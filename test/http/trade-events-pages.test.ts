/**
 * Trade events' pages with the sample events of the demo (events.demo.ts, seeded over certified
 * products of Thanh Hóa and Hà Nội): the public
 * calendar and event page (filters, months, exhibitors with booths and stars, the map link, short
 * shared caching, drafts not public), a stored-XSS attempt in every event text, and the back
 * office's forms as people use them (create with bad input in Vietnamese, register, approve, a
 * booth taken, cancel), the report page and its downloads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { asUser, json, testApp, type AuthedUser, type Session, type TestApp } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { fieldErrorsOf, formsOf, linksOf, textOf } from '../helpers/html-forms';
import { certifyProducts } from '../helpers/stamps-fixtures';
import { producerOf } from '../helpers/market-fixtures';
import { seedDemoEvents } from '../../src/modules/trade/events.demo';

let t: TestApp;
let officer: Session;
let producer: Session;
let admin: Session;
let hanoi: Session;
let officerUser: AuthedUser;
let fairId: string;
const now = new Date('2026-07-02T03:00:00Z');

const form = (s: Session, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  body.set('_csrf', s.csrf);
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
  return body.toString();
};
const post = (s: Session, url: string, fields: Record<string, string | string[]>) => t.app.inject({
  method: 'POST', url, payload: form(s, fields), headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
});
const get = (url: string, s?: Session) => t.app.inject({ url, headers: { accept: 'text/html', ...(s ? { cookie: s.cookie } : {}) } });

beforeAll(async () => {
  t = await testApp({ clock: () => now });
  const users: AuthedUser[] = await Promise.all([
    asUser(t.app, t.deps, { role: 'national_admin' }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi }),
  ]);
  const thanhHoa = await certifyProducts(t, users[1]!, [{ mean: 72 }, { mean: 81 }, { mean: 75 }, { mean: 77 }, { mean: 74 }, { mean: 79 }, { mean: 73 }]);
  await certifyProducts(t, users[2]!, [72, 81, 75, 77, 74].map((mean) => ({ mean, communeCode: AREAS.hoanKiem })), { provinceCode: AREAS.haNoi });
  // A producer with its own account: the demo leaves it to register itself.
  officerUser = users[1]!;
  const own = await asUser(t.app, t.deps, { role: 'producer', producerId: await producerOf(t, thanhHoa[0]!.productId) });
  expect(await seedDemoEvents(t.ctx)).toEqual({ events: 2, exhibitors: 5 + 5 });
  [admin, officer, hanoi, producer] = await Promise.all([...users, own].map((u, i) => u.login({ remoteAddress: `10.0.31.${i + 1}` }))) as [Session, Session, Session, Session];
  const list = json(await t.app.inject({ url: '/api/v1/trade/events?kind=fair' }));
  fairId = list.items[0].id;
}, 240_000);
afterAll(() => t?.close());

describe('the public pages', () => {
  it('lists coming and past sample events by month, filtered by province, kind and month', async () => {
    const res = await get('/su-kien');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toMatch(/^public, max-age=60/);
    const text = textOf(res.body);
    expect(text).toContain('Hội chợ OCOP và hàng nông sản Thanh Hóa (mẫu)');
    expect(text).toContain('Tuần hàng OCOP và sản phẩm làng nghề Hà Nội (mẫu)');
    expect(text).toMatch(/Đang và sắp diễn ra.*Tháng 7\/2026.*Hội chợ OCOP.*Đã diễn ra.*Tháng 5\/2026.*Tuần hàng OCOP/s);
    expect(text).toContain('Dữ liệu mẫu');
    const filtered = textOf((await get('/su-kien?province=01&kind=')).body);
    expect(filtered).not.toContain('Hội chợ OCOP và hàng nông sản Thanh Hóa');
    expect(filtered).toContain('Tuần hàng OCOP và sản phẩm làng nghề Hà Nội');
    expect(textOf((await get('/su-kien?kind=product_week&month=2026-07')).body)).not.toContain('(mẫu)');
    expect(textOf((await get('/su-kien?month=2026-07')).body)).toContain('Hội chợ OCOP và hàng nông sản Thanh Hóa');
    // Unknown filter values are ignored, never an error.
    expect((await get('/su-kien?province=xx&month=2026-13&page=-1')).statusCode).toBe(200);
  });

  it('shows an event: dates, venue and map link, fee, exhibitors with booths and catalogue links', async () => {
    const res = await get(`/su-kien/${fairId}`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toMatch(/22\/07\/2026 – 26\/07\/2026/);
    expect(text).toContain('Quảng trường Lam Sơn');
    expect(text).toContain('1.500.000 ₫');
    expect(text).toMatch(/Gian hàng A 01/);
    expect(linksOf(res.body)).toContain('https://www.openstreetmap.org/?mlat=19.8077&amp;mlon=105.7766#map=16/19.8077/105.7766'.replace(/&amp;/g, '&'));
    expect(linksOf(res.body).some((h) => /^\/san-pham\/.+-[0-9a-f-]{36}$/.test(h))).toBe(true);
    expect(res.body).toContain('<script type="application/ld+json">');
    expect(res.body).toContain('property="og:title"');
    // Only published events are public.
    const draft = await post(officer, '/admin/su-kien', {
      kind: 'exhibition', title: 'Triển lãm chưa công bố', startsOn: '2026-08-01', endsOn: '2026-08-02', venueAddress: 'Số 1', venueCommuneCode: '14797', organiser: 'Sở', boothFee: '0',
    });
    expect(draft.statusCode, draft.body).toBe(303);
    const draftId = draft.headers.location!.split('/')[3]!.split('?')[0]!;
    expect((await get(`/su-kien/${draftId}`)).statusCode).toBe(404);
    const preview = await get(`/su-kien/${draftId}`, officer);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['cache-control']).toBe('private, no-cache');
    expect(textOf(preview.body)).toContain('Bản nháp');
  });

  it('renders event texts escaped or sanitised: no stored script reaches the public page', async () => {
    const res = await post(officer, '/admin/su-kien', {
      kind: 'fair', title: '<script>alert("t")</script>Hội chợ thử', summary: '<img src=x onerror=alert("s")>', organiser: '<b onmouseover=alert(1)>Sở</b>',
      body: '<p>An toàn</p><script>alert("b")</script><img src="https://ocop.gov.vn/a.png" onerror="alert(2)"><a href="javascript:alert(3)">x</a><iframe src="https://evil.example"></iframe>',
      support: '"><svg onload=alert(4)>', startsOn: '2026-08-10', endsOn: '2026-08-11', venueName: '<i>Sân</i>', venueAddress: 'Số 2', venueCommuneCode: '14797', boothFee: '0',
    });
    expect(res.statusCode, res.body).toBe(303);
    const id = res.headers.location!.split('/')[3]!.split('?')[0]!;
    expect((await post(officer, `/admin/su-kien/${id}/publish`, {})).statusCode).toBe(303);
    for (const url of [`/su-kien/${id}`, '/su-kien', `/admin/su-kien/${id}`]) {
      const page = await get(url, url.startsWith('/admin') ? officer : undefined);
      expect(page.statusCode, url).toBe(200);
      // Tags with their quoted attribute values blanked: text in a value (escaped) is not markup.
      const tags = (page.body.match(/<[a-z](?:[^>"]|"[^"]*")*>/gi) ?? []).map((tag) => tag.replace(/="[^"]*"/g, '=""'));
      // No element carries an event handler or a javascript: address; scripts are ours (src) or data (JSON-LD, "<" escaped).
      expect(tags.filter((tag) => /\son\w+\s*=|javascript:/i.test(tag)), url).toEqual([]);
      expect(page.body, url).not.toMatch(/href="javascript:|<iframe/i);
      expect(tags.filter((tag) => /^<(script|iframe)\b/i.test(tag) && !/\bsrc=""|type=""/.test(tag)), url).toEqual([]);
      expect(page.body, url).toContain('&lt;script>alert');
    }
    const body = (await get(`/su-kien/${id}`)).body;
    expect(body).toContain('<p>An toàn</p>');
    expect(body).toContain('<img src="https://ocop.gov.vn/a.png" />');
  });
});

describe('the back office', () => {
  it('says every problem of a bad event form in Vietnamese (whole đồng, quota, dates)', async () => {
    const res = await post(officer, '/admin/su-kien', {
      kind: '', title: '', startsOn: '2026-07-30', endsOn: '2026-07-20', venueAddress: 'Số 3', venueCommuneCode: '14797', organiser: 'Sở',
      boothFee: '1500,5', boothQuota: '-2', latitude: '19.8', longitude: '',
    });
    expect(res.statusCode).toBe(400);
    const errors = Object.fromEntries(fieldErrorsOf(res.body).map((e) => [e.id, e.text]));
    expect(errors).toMatchObject({
      'field-boothFee-error': 'Nhập số đồng nguyên, không có phần lẻ.',
      'field-boothQuota-error': 'Số gian hàng phải từ 1 trở lên (để trống nếu không giới hạn).',
      'field-endsOn-error': 'Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.',
      'field-longitude-error': 'Nhập cả vĩ độ và kinh độ, hoặc để trống cả hai.',
      'field-title-error': 'Bắt buộc: hãy nhập hoặc chọn giá trị.',
    });
    expect(errors['field-kind-error']).toBeDefined();
    // "1.500.000" is read as whole đồng.
    const ok = await post(officer, '/admin/su-kien', { kind: 'trade_conference', title: 'Hội nghị kết nối', startsOn: '2026-08-05', endsOn: '2026-08-05', venueAddress: 'Số 4', venueCommuneCode: '14797', organiser: 'Sở', boothFee: '1.500.000' });
    expect(ok.statusCode, ok.body).toBe(303);
    expect(textOf((await get(ok.headers.location!, officer)).body)).toContain('1.500.000 ₫');
  });

  it('lets a producer register with its products and an officer approve, allocate a booth (a taken one is said) and report', async () => {
    const page = await get(`/admin/su-kien/${fairId}`, producer);
    expect(page.statusCode).toBe(200);
    const reg = formsOf(page.body).find((f) => f.action.endsWith('/dang-ky'));
    expect(reg, 'the producer is offered the registration form').toBeDefined();
    const productIds = reg!.fields.filter((f) => f.name === 'productIds').map((f) => f.value);
    const empty = await post(producer, `/admin/su-kien/${fairId}/dang-ky`, { note: 'x' });
    expect(empty.statusCode).toBe(400);
    expect(fieldErrorsOf(empty.body).map((e) => e.id)).toContain('field-productIds-error');
    const done = await post(producer, `/admin/su-kien/${fairId}/dang-ky`, { productIds, note: 'Cần 2 bàn' });
    expect(done.statusCode, done.body).toBe(303);
    const regUrl = done.headers.location!.split('?')[0]!;
    expect(textOf((await get(regUrl, producer)).body)).toContain('Chờ duyệt');
    // The officer approves, then tries a booth another exhibitor holds.
    expect((await post(officer, `${regUrl}/approve`, {})).statusCode).toBe(303);
    const taken = await post(officer, `${regUrl}/booth`, { booth: 'a 01' });
    expect(taken.statusCode).toBe(409);
    expect(fieldErrorsOf(taken.body)).toEqual([{ id: 'field-booth-error', text: 'Gian hàng này đã xếp cho chủ thể khác của sự kiện.' }]);
    expect((await post(officer, `${regUrl}/booth`, { booth: 'b 09' })).statusCode).toBe(303);
    expect(textOf((await get(`/su-kien/${fairId}`)).body)).toContain('Gian hàng B 09');
    // Another province's officer does not reach it.
    expect((await get(regUrl, hanoi)).statusCode).toBe(404);
    expect((await post(hanoi, `${regUrl}/booth`, { booth: 'Z 1' })).statusCode).toBe(404);
    expect((await get(`/admin/su-kien/${fairId}/bao-cao`, hanoi)).statusCode).toBe(404);
  });

  it('shows the past week\'s report with its totals and downloads, and cancels an event', async () => {
    const week = json(await t.app.inject({ url: '/api/v1/trade/events?kind=product_week' })).items[0];
    const report = await get(`/admin/su-kien/${week.id}/bao-cao`, admin);
    expect(report.statusCode).toBe(200);
    const text = textOf(report.body);
    expect(text).toContain('Tổng cộng');
    expect(text).toContain('97.550.000');
    expect(text).toContain('Chưa báo cáo');
    expect(linksOf(report.body)).toEqual(expect.arrayContaining([`/admin/su-kien/${week.id}/bao-cao.xlsx`, `/admin/su-kien/${week.id}/bao-cao.pdf`]));
    const c = await post(admin, `/admin/su-kien/${week.id}/cancel`, { reason: 'Thử hủy' });
    expect(c.statusCode).toBe(303);
    expect((await get(`/su-kien/${week.id}`)).statusCode).toBe(404);
    expect((await get('/admin/su-kien/moi', producer)).statusCode).toBe(403);
  });

  it('registers on a producer\'s behalf and says bad input of the decision forms in Vietnamese', async () => {
    const made = await post(officer, '/admin/su-kien', { kind: 'ocop_corner', title: 'Góc OCOP siêu thị', startsOn: '2026-09-01', endsOn: '2026-12-31', venueAddress: 'Số 5', venueCommuneCode: '14797', organiser: 'Sở', boothFee: '0' });
    const base = made.headers.location!.split('?')[0]!;
    expect((await post(officer, `${base}/publish`, {})).statusCode).toBe(303);
    const tooLong = await post(officer, `${base}/cancel`, { reason: 'x'.repeat(501) });
    expect(tooLong.statusCode).toBe(400);
    expect(fieldErrorsOf(tooLong.body)).toEqual([{ id: 'field-reason-error', text: 'Quá dài (tối đa 500 ký tự).' }]);
    // The picker: search, choose a producer, then its products.
    const search = await get(`${base}?pq=${encodeURIComponent('Hợp tác xã')}`, officer);
    const pick = linksOf(search.body).find((h) => h.startsWith(`${base}?producer=`));
    expect(pick, 'a producer to register').toBeDefined();
    const page = await get(pick!, officer);
    const reg = formsOf(page.body).find((f) => f.action.endsWith('/dang-ky'))!;
    const fields = Object.fromEntries(reg.fields.filter((f) => f.kind === 'hidden' && f.name !== '_csrf').map((f) => [f.name, f.value]));
    const done = await post(officer, `${base}/dang-ky`, { ...fields, productIds: reg.fields.filter((f) => f.name === 'productIds').map((f) => f.value) });
    expect(done.statusCode, done.body).toBe(303);
    const regUrl = done.headers.location!.split('?')[0]!;
    const reject = await post(officer, `${regUrl}/reject`, { reason: '' });
    expect(fieldErrorsOf(reject.body)).toEqual([{ id: 'field-reason-error', text: 'Bắt buộc: hãy nhập hoặc chọn giá trị.' }]);
    expect((await post(officer, `${regUrl}/approve`, {})).statusCode).toBe(303);
    const booth = await post(officer, `${regUrl}/booth`, { booth: 'x'.repeat(41) });
    expect(fieldErrorsOf(booth.body)).toEqual([{ id: 'field-booth-error', text: 'Quá dài (tối đa 40 ký tự).' }]);
    now.setTime(Date.parse('2026-09-02T03:00:00Z'));
    try {
      // Two months on, the session has expired: sign in again.
      officer = await officerUser.login({ remoteAddress: '10.0.31.9' });
      const result = await post(officer, `${regUrl}/result`, { salesValue: 'abc', visitors: '1,5', note: '' });
      expect(Object.fromEntries(fieldErrorsOf(result.body).map((e) => [e.id, e.text]))).toEqual({
        'field-salesValue-error': 'Hãy nhập một số.', 'field-visitors-error': 'Lượt khách là số nguyên không âm.',
      });
      expect((await post(officer, `${regUrl}/result`, { salesValue: '2.500.000', visitors: '40' })).statusCode).toBe(303);
      expect(textOf((await get(regUrl, officer)).body)).toContain('2.500.000 ₫');
      // An agreement signed at the event: bad input said per field, then recorded and counted in the report.
      const page = await get(regUrl, officer);
      const agreementForm = formsOf(page.body).find((f) => f.action.endsWith('/agreement'))!;
      const productId = agreementForm.fields.find((f) => f.name === 'productId')!.value;
      const bad = await post(officer, `${regUrl}/agreement`, { buyerName: '', productId, quantity: '1,5', unit: 'hộp', unitPrice: '-3', signedOn: '2026-12-01' });
      expect(bad.statusCode).toBe(400);
      expect(fieldErrorsOf(bad.body).map((e) => e.id).sort()).toEqual(['field-buyerName-error', 'field-quantity-error', 'field-unitPrice-error']);
      const ok = await post(officer, `${regUrl}/agreement`, { buyerName: 'Siêu thị Xứ Thanh', productId, quantity: '200', unit: 'hộp', unitPrice: '85.000', signedOn: '2026-09-01' });
      expect(ok.statusCode, ok.body).toBe(303);
      const after = textOf((await get(ok.headers.location!, officer)).body);
      expect(after).toContain('Đã ghi hợp đồng ký tại sự kiện.');
      expect(after).toContain('Siêu thị Xứ Thanh');
      expect(after).toContain('17.000.000 ₫');
      const report = json(await t.app.inject({ url: `/api/v1/trade/events/${base.split('/')[3]}/report`, headers: officerUser.headers() }));
      expect(report.totals.agreements).toEqual({ count: 1, value: 17_000_000 });
    } finally {
      now.setTime(Date.parse('2026-07-02T03:00:00Z'));
    }
  });

  it('takes a booth plan from the event page\'s upload form, and says a missing file in Vietnamese', async () => {
    const multipart = (s: Session, file: Buffer | null) => {
      const b = '----ocopPlan';
      const parts = [`--${b}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${s.csrf}\r\n`];
      const head = file ? `--${b}\r\nContent-Disposition: form-data; name="file"; filename="so-do.png"\r\nContent-Type: image/png\r\n\r\n` : '';
      const payload = Buffer.concat([Buffer.from(parts.join('') + head), file ?? Buffer.alloc(0), Buffer.from(`${file ? '\r\n' : ''}--${b}--\r\n`)]);
      return t.app.inject({ method: 'POST', url: `/admin/su-kien/${fairId}/so-do`, payload, headers: { cookie: s.cookie, accept: 'text/html', 'content-type': `multipart/form-data; boundary=${b}` } });
    };
    const none = await multipart(officer, null);
    expect(none.statusCode).toBe(400);
    expect(fieldErrorsOf(none.body)).toEqual([{ id: 'field-file-error', text: 'Hãy chọn ảnh sơ đồ gian hàng (JPEG, PNG hoặc WebP).' }]);
    const png = await sharp({ create: { width: 80, height: 40, channels: 3, background: '#fff' } }).png().toBuffer();
    expect((await multipart(officer, png)).statusCode).toBe(303);
    const page = await get(`/su-kien/${fairId}`);
    expect(page.body).toContain(`src="/anh/su-kien/${fairId}/so-do"`);
    expect((await multipart(producer, png)).statusCode).toBe(403);
  });
});
