/**
 * The shopper's verification journey (issue 12, defect 9): the code box first on /v; the code
 * entered shown back (escaped) with a way to edit it; "not found" as an alert with what to do;
 * the QR photo fallback decoded on the server (/v/scan); a report's contact checked as a phone
 * number or e-mail; a reference number to follow a report (/v/theo-doi); a report about a
 * province's certificate routed to that province even when the number is written inside text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser, type InjectResponse } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { multipart } from '../imports/fixtures/encode';
import { certify, type Certified } from '../helpers/verify-fixtures';
import { fakeReports } from '../../src/modules/portal/portal.tables';

let t: TestApp;
let officer: AuthedUser;
let haNoi: AuthedUser;
let cert: Certified;

beforeAll(async () => {
  t = await testApp({ clock: () => new Date('2026-07-02T03:00:00Z') });
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, login: true });
  haNoi = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi });
  [cert] = (await certify(t, officer, [{ mean: 74 }])) as [Certified];
});
afterAll(() => t?.close());

interface FormSession { cookie: string; token: string; ip: string }

async function open(url: string, ip: string): Promise<FormSession> {
  const res = await t.app.inject({ url, remoteAddress: ip });
  const c = res.cookies.find((x) => x.name === 'ocop_pre');
  const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
  if (!c || !token) throw new Error('no form token on the page');
  return { cookie: `ocop_pre=${c.value}`, token, ip };
}

function postMultipart(s: FormSession, url: string, fields: Record<string, string>, file?: { name: string; data: Buffer; type?: string }, host?: string): Promise<InjectResponse> {
  const body = multipart({ _csrf: s.token, ...fields }, file);
  return t.app.inject({
    method: 'POST', url, remoteAddress: s.ip, payload: body.payload,
    headers: { ...body.headers, cookie: s.cookie, accept: 'text/html', ...(host ? { host } : {}) },
  });
}

const REPORT = { message: 'Tem in mờ, nắp hũ không có niêm phong, giá chỉ bằng nửa.', placeSeen: 'Chợ Vườn Hoa, Thanh Hóa' };

describe('/v: the code box first', () => {
  it('puts the code entry above the explanations and the report form, with a large box and the scan controls', async () => {
    const res = await t.app.inject({ url: '/v' });
    const body = res.body;
    const box = body.indexOf('id="verify-code"');
    expect(box).toBeGreaterThan(0);
    expect(box).toBeLessThan(body.indexOf('id="verify-stars-title"'));
    expect(box).toBeLessThan(body.indexOf('id="report"'));
    expect(body).toMatch(/<input[^>]*id="verify-code"[^>]*class="input verify-code-input"/);
    // The camera button waits for the script (hidden); the photo fallback works without it.
    expect(body).toMatch(/<button[^>]*data-scan-camera[^>]*hidden/);
    expect(body).toMatch(/<input[^>]*type="file"[^>]*accept="image\/\*"[^>]*capture="environment"/);
    expect(body).toContain('action="/v/scan"');
  });
});

describe('the result page shows the code entered', () => {
  it('shows "Mã bạn đã nhập" with the code escaped, a link to edit it and the box filled with it', async () => {
    const typed = '<b>OCOP-38"x</b>';
    const res = await t.app.inject({ url: `/v/${encodeURIComponent(typed)}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Mã bạn đã nhập:');
    expect(res.body).toContain('&lt;b>OCOP-38&quot;x&lt;/b>');
    expect(res.body).not.toContain('<b>OCOP-38');
    expect(res.body).toContain('href="#verify-code"');
    expect(res.body).toMatch(/id="verify-code"[^>]*value="&lt;b>OCOP-38&quot;x&lt;\/b>"/);
  });

  it('shows it for a found certificate too, every form of the (memoised) page carrying the browser\'s token', async () => {
    await t.app.inject({ url: `/v/${encodeURIComponent(cert.number)}` });
    const res = await t.app.inject({ url: `/v/${encodeURIComponent(cert.number)}` });
    const tokens = [...res.body.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]);
    expect(tokens.length).toBe(2);
    expect(new Set(tokens)).toEqual(new Set([res.cookies.find((c) => c.name === 'ocop_pre')?.value]));
    expect(res.body).toContain('data-status="valid"');
    expect(res.body).toMatch(new RegExp(`Mã bạn đã nhập:.*<code class="verify-entered-code">${cert.number}</code>`));
  });
});

describe('not found is a warning', () => {
  it('is an alert with what to do: check the code, report a suspected counterfeit (form open)', async () => {
    const res = await t.app.inject({ url: '/v/OCOP-38-2019-99999' });
    expect(res.body).toMatch(/class="verify-verdict verify-verdict--unknown" role="alert" data-status="unknown"/);
    expect(res.body).toContain('Bạn nên làm gì?');
    expect(res.body).toContain('Kiểm tra lại từng ký tự của mã');
    expect(res.body).toContain('href="#report"');
    expect(res.body).toMatch(/<details class="verify-report" id="report" open/);
  });
});

describe('POST /v/scan: a photo of a QR code', () => {
  const qrPhoto = async (text: string) => {
    const qr = await QRCode.toBuffer(text, { type: 'png', width: 300, margin: 4 });
    // A photo-like picture: the code in the middle of a larger grey background.
    return sharp({ create: { width: 900, height: 700, channels: 3, background: '#b8b0a0' } })
      .composite([{ input: qr, left: 300, top: 200 }]).jpeg({ quality: 85 }).toBuffer();
  };

  it('opens the verification page of the code in it', async () => {
    const s = await open('/v', '198.51.100.41');
    const res = await postMultipart(s, '/v/scan', {}, { name: 'qr.jpg', data: await qrPhoto(cert.number), type: 'image/jpeg' });
    expect(res.statusCode, res.body.slice(0, 400)).toBe(303);
    expect(res.headers.location).toBe(`/v/${encodeURIComponent(cert.number)}`);
  });

  it('opens our own address by its path, never another site', async () => {
    const s = await open('/v', '198.51.100.42');
    const own = await postMultipart(s, '/v/scan', {}, { name: 'qr.jpg', data: await qrPhoto(`https://ocop.example.vn/v/${cert.number}`) }, 'ocop.example.vn');
    expect(own.statusCode).toBe(303);
    expect(own.headers.location).toBe(`/v/${cert.number}`);
    const foreign = await postMultipart(s, '/v/scan', {}, { name: 'qr.jpg', data: await qrPhoto('https://ocop-that.example.com/v/OCOP-38-2024-00001') }, 'ocop.example.vn');
    expect(foreign.statusCode).toBe(200);
    expect(foreign.headers.location).toBeUndefined();
    expect(foreign.body).toMatch(/role="alert"[\s\S]*không phải trang xác minh OCOP/);
    expect(foreign.body).toContain('https://ocop-that.example.com/v/OCOP-38-2024-00001');
  });

  it('says what to do when the photo has no QR code, or is not a photo', async () => {
    const s = await open('/v', '198.51.100.43');
    const plain = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#eee' } }).png().toBuffer();
    const none = await postMultipart(s, '/v/scan', {}, { name: 'x.png', data: plain, type: 'image/png' });
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('Không tìm thấy mã QR trong ảnh');
    const bad = await postMultipart(s, '/v/scan', {}, { name: 'x.jpg', data: Buffer.from('not an image at all') });
    expect(bad.statusCode).toBe(415);
    expect(bad.body).toContain('Không đọc được ảnh này');
    const missing = await postMultipart(s, '/v/scan', {});
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Hãy chọn hoặc chụp một ảnh có mã QR');
  });
});

describe('a report: contact checked, a reference to follow it', () => {
  it('refuses a contact that is neither a Vietnamese phone number nor an e-mail, with a field error', async () => {
    const s = await open(`/v/${encodeURIComponent(cert.number)}`, '198.51.100.51');
    const before = (await t.deps.database.db.select().from(fakeReports)).length;
    const res = await postMultipart(s, '/v/report', { code: cert.number, ...REPORT, contact: 'abc' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Hãy nhập số điện thoại Việt Nam');
    expect(res.body).toMatch(/id="field-contact"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="field-contact"/);
    expect((await t.deps.database.db.select().from(fakeReports)).length).toBe(before);
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/fake-reports', remoteAddress: '198.51.100.52', payload: { code: cert.number, ...REPORT, contact: 'abc' } });
    expectError(api, 400, 'validation_failed');
    expect(json(api).error.fieldCodes).toMatchObject({ contact: 'report.contact_invalid' });
  });

  it('gives a reference after sending, and the reporter follows the report by it and the contact', async () => {
    const s = await open(`/v/${encodeURIComponent(cert.number)}`, '198.51.100.53');
    const res = await postMultipart(s, '/v/report', { code: cert.number, ...REPORT, placeSeen: 'Chợ Tết (theo dõi)', contact: 'Lan.Nguyen@Example.vn' });
    expect(res.statusCode).toBe(303);
    const reference = /sent=(BC-2026-\d{6})$/.exec(res.headers.location as string)?.[1];
    expect(reference).toBeDefined();
    const thanks = await t.app.inject({ url: res.headers.location as string, remoteAddress: s.ip });
    expect(thanks.body).toContain('Mã phản ánh của bạn:');
    expect(thanks.body).toContain(`data-reference="true">${reference}</strong>`);
    expect(thanks.body).toContain(`href="/v/theo-doi?ref=${reference}"`);
    const [row] = await t.deps.database.db.select().from(fakeReports).where(eq(fakeReports.reference, reference!));
    expect(row).toMatchObject({ placeSeen: 'Chợ Tết (theo dõi)', contact: 'Lan.Nguyen@example.vn' });

    const follow = await open(`/v/theo-doi?ref=${reference}`, '198.51.100.54');
    const found = await t.app.inject({
      method: 'POST', url: '/v/theo-doi', remoteAddress: follow.ip,
      headers: { cookie: follow.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: follow.token, reference: reference!.toLowerCase(), contact: 'lan.nguyen@EXAMPLE.VN' }).toString(),
    });
    expect(found.statusCode, found.body.slice(0, 300)).toBe(200);
    expect(found.body).toContain('Đã nhận, đang chờ cán bộ xem xét.');
    expect(found.body).toContain('Tỉnh Thanh Hóa');
    expect(found.body).not.toContain(REPORT.message);
    const wrong = await t.app.inject({
      method: 'POST', url: '/v/theo-doi', remoteAddress: follow.ip,
      headers: { cookie: follow.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: follow.token, reference: reference!, contact: '0912000111' }).toString(),
    });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.body).toMatch(/role="alert"[\s\S]*Không tìm thấy phản ánh với mã và thông tin liên hệ này/);
  });

  it('numbers references one by one within the year; the JSON API answers the reference too', async () => {
    const post = (ip: string) => t.app.inject({ method: 'POST', url: '/api/v1/fake-reports', remoteAddress: ip, payload: { code: cert.number, ...REPORT, contact: '0912 345 678' } });
    const a = json(await post('198.51.100.61'));
    const b = json(await post('198.51.100.62'));
    expect(a.reference).toMatch(/^BC-2026-\d{6}$/);
    expect(Number(b.reference.slice(8))).toBe(Number(a.reference.slice(8)) + 1);
    const listed = json(await t.app.inject({ url: '/api/v1/fake-reports?pageSize=100', headers: officer.headers() }));
    expect(listed.items.find((r: { id: string }) => r.id === a.id)?.reference).toBe(a.reference);
  });
});

describe('a report goes to the province that issued the certificate', () => {
  const queue = async (u: AuthedUser) => json(await t.app.inject({ url: '/api/v1/fake-reports?pageSize=100', headers: u.headers() }));

  it('finds the certificate written inside the code box or the message (from /v, no code in the address)', async () => {
    const s = await open('/v', '198.51.100.71');
    const spaced = cert.number.replace(/-/g, ' ');
    const inCode = await postMultipart(s, '/v/report', { code: `Số GCN: ${cert.number}`, ...REPORT, placeSeen: 'Chợ A (mã trong ô)' });
    expect(inCode.statusCode, inCode.body.slice(0, 300)).toBe(303);
    // Back to the page of the certificate found, with the reference.
    expect(inCode.headers.location).toMatch(new RegExp(`^/v/${cert.number}\\?sent=BC-2026-\\d{6}$`));
    const inMessage = await postMultipart(s, '/v/report', { code: '', message: `Hộp ghi số chứng nhận ${spaced} nhưng tem in mờ.`, placeSeen: 'Chợ B (mã trong lời nhắn)' });
    expect(inMessage.statusCode, inMessage.body.slice(0, 300)).toBe(303);

    const mine = await queue(officer);
    const a = mine.items.find((r: { placeSeen: string }) => r.placeSeen === 'Chợ A (mã trong ô)');
    const b = mine.items.find((r: { placeSeen: string }) => r.placeSeen === 'Chợ B (mã trong lời nhắn)');
    expect(a).toMatchObject({ provinceCode: '38', code: cert.number, verifiedStatus: 'valid' });
    expect(b).toMatchObject({ provinceCode: '38', code: cert.number, verifiedStatus: 'valid' });
    expect((await queue(haNoi)).items.some((r: { placeSeen: string }) => r.placeSeen.startsWith('Chợ A'))).toBe(false);
    // The province officer's page lists it too.
    const page = await t.app.inject({ url: '/admin/reports', headers: officer.headers() });
    expect(page.body).toContain('Chợ A (mã trong ô)');
  });

  it('keeps the national queue for codes nobody knows', async () => {
    const s = await open('/v', '198.51.100.72');
    await postMultipart(s, '/v/report', { code: 'OCOP-38-2019-99999', ...REPORT, placeSeen: 'Chợ C (không rõ)' });
    const [row] = await t.deps.database.db.select().from(fakeReports).where(eq(fakeReports.placeSeen, 'Chợ C (không rõ)'));
    expect(row).toMatchObject({ provinceCode: null, verifiedStatus: 'unknown' });
  });
});
