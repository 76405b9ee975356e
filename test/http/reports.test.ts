/**
 * "Report a suspected fake": the form on the verification page (anonymous, CSRF double-submit
 * cookie, optional photo checked by its bytes and size), spam defences (honeypot, minimum length,
 * links, per-address limit), the JSON twin, and the officers' queue (API and page): scope by the
 * province of the code (unknown codes: national), 404 outside, status new → reviewing → closed
 * with a resolution, audit rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { eq, sql } from 'drizzle-orm';
import { testApp, asUser, json, expectError, type TestApp, type AuthedUser, type InjectResponse } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { multipart } from '../imports/fixtures/encode';
import { certify, type Certified } from '../helpers/verify-fixtures';
import { fakeReports } from '../../src/modules/portal/portal.tables';
import { auditLog } from '../../src/modules/audit/audit.tables';
import { REPORT_LIMITS } from '../../src/modules/verify/reports.schema';

let t: TestApp;
let officer: AuthedUser;
let haNoi: AuthedUser;
let inspector: AuthedUser;
let admin: AuthedUser;
let producer: AuthedUser;
let cert: Certified;

beforeAll(async () => {
  t = await testApp({ clock: () => new Date('2026-07-02T03:00:00Z') });
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, login: true });
  haNoi = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.haNoi });
  inspector = await asUser(t.app, t.deps, { role: 'inspector', areaCode: AREAS.thanhHoa });
  admin = await asUser(t.app, t.deps, { role: 'national_admin' });
  producer = await asUser(t.app, t.deps, { role: 'producer' });
  [cert] = (await certify(t, officer, [{ mean: 74 }])) as [Certified];
});
afterAll(() => t?.close());

const GOOD = { message: 'Tem in mờ, nắp hũ không có niêm phong, giá chỉ bằng nửa.', placeSeen: 'Chợ Vườn Hoa, Thanh Hóa', contact: '0912 000 111' };

interface FormSession { cookie: string; token: string; ip: string }

/** Open the verification page as an anonymous browser: the form token and its cookie. */
async function open(code: string, ip: string): Promise<FormSession> {
  const res = await t.app.inject({ url: `/v/${encodeURIComponent(code)}`, remoteAddress: ip });
  const c = res.cookies.find((x) => x.name === 'ocop_pre');
  const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
  if (!c || !token) throw new Error('no form token on the page');
  expect(token).toBe(c.value);
  return { cookie: `ocop_pre=${c.value}`, token, ip };
}

function send(s: FormSession, fields: Record<string, string>, file?: { name: string; data: Buffer; type?: string }): Promise<InjectResponse> {
  const body = multipart({ _csrf: s.token, ...fields }, file);
  return t.app.inject({
    method: 'POST', url: '/v/report', remoteAddress: s.ip, payload: body.payload,
    headers: { ...body.headers, cookie: s.cookie, accept: 'text/html' },
  });
}

const count = async () => (await t.deps.database.db.select({ n: sql<number>`count(*)::int` }).from(fakeReports))[0]!.n;
const png = () => sharp({ create: { width: 40, height: 30, channels: 3, background: '#c93' } }).png().toBuffer();

describe('the form on /v/:code', () => {
  it('files a report (anonymous) and lands in the province of the code', async () => {
    const s = await open(cert.number, '198.51.100.1');
    const res = await send(s, { code: cert.number, ...GOOD });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^/v/${encodeURIComponent(cert.number)}\\?sent=BC-2026-\\d{6}$`));
    const thanks = await t.app.inject({ url: res.headers.location as string, remoteAddress: s.ip });
    expect(thanks.body).toContain('Cảm ơn bạn!');
    const [row] = await t.deps.database.db.select().from(fakeReports).where(eq(fakeReports.placeSeen, GOOD.placeSeen));
    expect(row).toMatchObject({ code: cert.number, verifiedStatus: 'valid', provinceCode: '38', status: 'new', contact: '0912000111', photoKey: null });
    expect(row!.reporterHash).not.toContain('198.51.100.1');
    const audit = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, row!.id));
    expect(audit.map((a) => a.action)).toEqual(['fake_report.create']);
    expect(audit[0]!.actorLabel).toBe('anonymous');
  });

  it('keeps a photo (re-encoded as JPEG under reports/) that officers in scope can open', async () => {
    const s = await open(cert.number, '198.51.100.2');
    const res = await send(s, { code: cert.number, ...GOOD, placeSeen: 'Siêu thị ABC (ảnh)' }, { name: 'anh.png', data: await png(), type: 'image/png' });
    expect(res.statusCode).toBe(303);
    const [row] = await t.deps.database.db.select().from(fakeReports).where(eq(fakeReports.placeSeen, 'Siêu thị ABC (ảnh)'));
    expect(row!.photoKey).toMatch(/^reports\/2026-07\/[0-9a-f-]+\.jpg$/);
    const photo = await t.app.inject({ url: `/api/v1/fake-reports/${row!.id}/photo`, headers: officer.headers() });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect([...photo.rawPayload.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect((await t.app.inject({ url: `/api/v1/fake-reports/${row!.id}/photo`, headers: haNoi.headers() })).statusCode).toBe(404);
  });

  it('refuses a photo that is not JPEG/PNG/WebP by its bytes (415) or larger than 5 MB (413), keeping the form', async () => {
    const s = await open(cert.number, '198.51.100.3');
    const before = await count();
    const fake = await send(s, { code: cert.number, ...GOOD }, { name: 'anh.jpg', data: Buffer.from('%PDF-1.7 not an image at all'), type: 'image/jpeg' });
    expect(fake.statusCode).toBe(415);
    expect(fake.body).toContain('JPEG, PNG hoặc WebP');
    expect(fake.body).toContain(GOOD.placeSeen);
    const big = Buffer.concat([await png(), Buffer.alloc(5 * 1024 * 1024 + 10)]);
    const large = await send(s, { code: cert.number, ...GOOD }, { name: 'anh.png', data: big, type: 'image/png' });
    expect(large.statusCode).toBe(413);
    expect(large.body).toContain('lớn hơn 5 MB');
    expect(await count()).toBe(before);
  });

  it('needs the form token with its cookie', async () => {
    const s = await open(cert.number, '198.51.100.4');
    expect((await send({ ...s, token: 'forged-token-value' }, { code: cert.number, ...GOOD })).statusCode).toBe(403);
    expect((await send({ ...s, cookie: 'ocop_pre=other' }, { code: cert.number, ...GOOD })).statusCode).toBe(403);
  });

  it('refuses spam: the honeypot, too short a message, a pile of links', async () => {
    const s = await open(cert.number, '198.51.100.5');
    const before = await count();
    const bot = await send(s, { code: cert.number, ...GOOD, website: 'http://spam.example' });
    expect(bot.statusCode).toBe(400);
    expect(bot.body).toContain('giống thư rác');
    const short = await send(s, { code: cert.number, ...GOOD, message: 'giả' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('ít nhất 10 ký tự');
    expect(short.body).toContain('aria-invalid="true"');
    const links = await send(s, { code: cert.number, ...GOOD, message: 'mua ngay http://a.example http://b.example www.c.example' });
    expect(links.statusCode).toBe(400);
    const noPlace = await send(s, { code: cert.number, ...GOOD, placeSeen: '' });
    expect(noPlace.statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it(`takes at most ${REPORT_LIMITS.perHour} reports an hour from one address; another address still can`, async () => {
    const s = await open(cert.number, '198.51.100.6');
    for (let i = 0; i < REPORT_LIMITS.perHour; i++) {
      expect((await send(s, { code: cert.number, ...GOOD, placeSeen: `Cửa hàng số ${i + 1}` })).statusCode).toBe(303);
    }
    const limited = await send(s, { code: cert.number, ...GOOD });
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('nhiều phản ánh trong một giờ');
    const other = await open(cert.number, '198.51.100.7');
    expect((await send(other, { code: cert.number, ...GOOD })).statusCode).toBe(303);
  });

  it('works from /v too, with the code typed in (unknown codes go to the national queue)', async () => {
    const res = await t.app.inject({ url: '/v', remoteAddress: '198.51.100.8' });
    expect(res.body).toContain('name="code"');
    const s = await open('KHONG-CO-SO-NAY', '198.51.100.8');
    const sent = await send(s, { code: 'OCOP-99-2020-12345', ...GOOD, placeSeen: 'Chợ mạng' });
    expect(sent.statusCode).toBe(303);
    const [row] = await t.deps.database.db.select().from(fakeReports).where(eq(fakeReports.placeSeen, 'Chợ mạng'));
    expect(row).toMatchObject({ verifiedStatus: 'unknown', provinceCode: null });
  });
});

describe('POST /api/v1/fake-reports (public JSON)', () => {
  const post = (payload: object, ip = '203.0.113.9') => t.app.inject({ method: 'POST', url: '/api/v1/fake-reports', payload, remoteAddress: ip });

  it('files a report; spam and bad input are 400', async () => {
    const res = await post({ code: cert.number, ...GOOD, placeSeen: 'Qua ứng dụng' });
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res)).toMatchObject({ status: 'new' });
    expectError(await post({ code: cert.number, ...GOOD, website: 'x' }), 400, 'validation_failed');
    const e = expectError(await post({ code: cert.number, message: 'ngắn', placeSeen: '' }), 400, 'validation_failed');
    expect(Object.keys(e.fields ?? {}).sort()).toEqual(['message', 'placeSeen']);
    expectError(await post({ code: 5 }), 400, 'validation_failed');
  });

  it('is in the OpenAPI document, with the queue', async () => {
    const doc = json(await t.app.inject({ url: '/api/openapi.json' }));
    expect(doc.paths['/api/v1/fake-reports']?.post).toBeDefined();
    expect(doc.paths['/api/v1/fake-reports']?.get).toBeDefined();
    expect(doc.paths['/api/v1/fake-reports/{id}']?.patch).toBeDefined();
  });
});

describe('the officers\' queue', () => {
  const list = async (u: AuthedUser, q = '') => json(await t.app.inject({ url: `/api/v1/fake-reports${q}`, headers: u.headers() }));

  it('each sees the reports of their province; unknown codes only nationally; others 403/401', async () => {
    const mine = await list(officer);
    expect(mine.total).toBeGreaterThan(5);
    expect(mine.items.every((r: { provinceCode: string }) => r.provinceCode === '38')).toBe(true);
    expect(mine.items[0]).not.toHaveProperty('reporterHash');
    expect((await list(inspector)).total).toBe(mine.total);
    expect((await list(haNoi)).total).toBe(0);
    const all = await list(admin, '?pageSize=100');
    expect(all.total).toBe(mine.total + 1);
    expect(all.items.some((r: { provinceCode: string | null; provinceName: string | null }) => r.provinceCode === null && r.provinceName === null)).toBe(true);
    expect((await list(officer, '?status=closed')).total).toBe(0);
    expectError(await t.app.inject({ url: '/api/v1/fake-reports', headers: producer.headers() }), 403, 'forbidden');
    expectError(await t.app.inject({ url: '/api/v1/fake-reports' }), 401, 'unauthenticated');
    expectError(await t.app.inject({ url: '/api/v1/fake-reports?pageSize=500', headers: admin.headers() }), 400, 'validation_failed');
  });

  it('new → reviewing → closed with a resolution; out of scope 404; wrong moves 409; audited', async () => {
    const id = (await list(officer)).items[0].id as string;
    const patch = (u: AuthedUser, payload: object) => t.app.inject({ method: 'PATCH', url: `/api/v1/fake-reports/${id}`, headers: u.headers(), payload });
    expectError(await patch(haNoi, { status: 'reviewing' }), 404, 'not_found');
    expectError(await t.app.inject({ url: `/api/v1/fake-reports/${id}`, headers: haNoi.headers() }), 404, 'not_found');
    expectError(await t.app.inject({ url: '/api/v1/fake-reports/not-a-uuid', headers: officer.headers() }), 404, 'not_found');
    const reviewing = await patch(officer, { status: 'reviewing' });
    expect(reviewing.statusCode, reviewing.body).toBe(200);
    expect(json(reviewing)).toMatchObject({ status: 'reviewing', handledBy: expect.any(String) });
    expectError(await patch(officer, { status: 'closed' }), 400, 'validation_failed');
    const closed = await patch(inspector, { status: 'closed', resolution: 'Đã kiểm tra cửa hàng, thu giữ 12 hũ giả, chuyển QLTT.' });
    expect(json(closed)).toMatchObject({ status: 'closed', resolution: expect.stringContaining('QLTT') });
    expectError(await patch(officer, { status: 'new' }), 409, 'invalid_transition');
    expectError(await patch(officer, { status: 'bogus' }), 400, 'validation_failed');
    const audit = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit.map((a) => a.action)).toEqual(['fake_report.create', 'fake_report.update', 'fake_report.update']);
  });

  it('the page /admin/reports lists the queue and moves a report through a form', async () => {
    const page = await t.app.inject({ url: '/admin/reports?status=new', headers: { cookie: officer.cookie! } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Phản ánh hàng giả');
    const id = /id="report-([0-9a-f-]{36})"/.exec(page.body)?.[1];
    expect(id).toBeDefined();
    const res = await t.app.inject({
      method: 'POST', url: `/admin/reports/${id}`, headers: { cookie: officer.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(officer.csrf!)}&status=reviewing&resolution=`,
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    expect(json(await t.app.inject({ url: `/api/v1/fake-reports/${id}`, headers: officer.headers() })).status).toBe('reviewing');
    const bad = await t.app.inject({
      method: 'POST', url: `/admin/reports/${id}`, headers: { cookie: officer.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(officer.csrf!)}&status=closed&resolution=`,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(`id="resolution-${id}" name="resolution" rows="2" maxlength="2000" aria-describedby="resolution-${id}-hint" aria-invalid="true"`);
    expect((await t.app.inject({ url: '/admin/reports', headers: { cookie: officer.cookie! }, method: 'GET' })).statusCode).toBe(200);
  });
});
