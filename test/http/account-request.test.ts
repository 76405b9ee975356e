/**
 * Producer account requests (issue 12, defect 6): the public form, checked with the domain
 * validators; the officers of the commune (and above) see and decide them, nobody else; approving
 * creates the producer and its user in one go, and the requester hears of it by e-mail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { asUser, createTestUser, loginRequest, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { AREAS, buildProducer } from '../helpers/builders';
import { textOf } from '../helpers/html-forms';
import { makeTaxCode } from '../../src/domain/tax-code';
import { accountRequests, users } from '../../src/modules/identity/identity.tables';
import { producers } from '../../src/modules/registry/registry.tables';
import { auditLog } from '../../src/modules/audit/audit.tables';
import { startSmtpServer, type SmtpServer } from './accounts-smtp';

let t: TestApp;
let smtp: SmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await testApp({ env: { SMTP_URL: smtp.url, PUBLIC_BASE_URL: 'https://ocop.example.vn' } });
});
afterAll(async () => { await t?.close(); await smtp?.close(); });

let ipSeq = 0;
const freshIp = () => `10.14.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;
const mainText = (html: string) => textOf(/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html);
const form = 'application/x-www-form-urlencoded';

async function submit(fields: Record<string, string>) {
  const ip = freshIp();
  const page = await t.app.inject({ url: '/dang-ky-tai-khoan?province=38', remoteAddress: ip });
  const pre = page.cookies.find((c) => c.name === 'ocop_pre')!.value;
  return t.app.inject({
    method: 'POST', url: '/dang-ky-tai-khoan', remoteAddress: ip,
    headers: { cookie: `ocop_pre=${pre}`, 'content-type': form },
    payload: new URLSearchParams({ province: '38', ...fields, _csrf: pre }).toString(),
  });
}

let seq = 0;
function goodRequest(over: Record<string, string> = {}) {
  const n = ++seq;
  return {
    producerName: `Hợp tác xã Mật ong Hàm Rồng ${n}`, kind: 'cooperative', taxCode: makeTaxCode(55_000_000 + n),
    communeCode: AREAS.hamRong, address: `Thôn ${n}`, contactName: 'Lê Thị Hoa', phone: '0912 345 678',
    email: `htx${n}@example.vn`, username: `htx-hamrong-${n}`, password: `Mat-ong-${n}-2026x`, ...over,
  };
}

async function requestId(username: string) {
  const [row] = await t.deps.database.db.select().from(accountRequests).where(eq(accountRequests.username, username));
  return row!;
}

const post = (u: AuthedUser, url: string, fields: Record<string, string> = {}) => t.app.inject({
  method: 'POST', url, headers: { ...u.sessionHeaders(), 'content-type': form },
  payload: new URLSearchParams({ ...fields, _csrf: u.csrf! }).toString(),
});

describe('the public form', () => {
  it('lists the communes of the chosen province', async () => {
    const first = await t.app.inject({ url: '/dang-ky-tai-khoan' });
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('<option value="38"');
    expect(first.body).not.toContain(`<option value="${AREAS.hamRong}"`);
    const page = await t.app.inject({ url: '/dang-ky-tai-khoan?province=38' });
    expect(page.body).toContain(`<option value="${AREAS.hamRong}"`);
    expect(page.body).not.toContain(`<option value="${AREAS.hoanKiem}"`);
  });

  it('shows each problem at its field, in Vietnamese', async () => {
    const res = await submit(goodRequest({ taxCode: '0101234568', phone: 'abc', email: 'not-an-email', communeCode: '', username: 'A', password: 'short', producerName: '' }));
    expect(res.statusCode).toBe(400);
    const text = mainText(res.body);
    for (const m of ['Mã số thuế sai chữ số kiểm tra.', 'Số điện thoại không đúng định dạng Việt Nam.', 'Địa chỉ thư điện tử không hợp lệ.',
      'Hãy chọn tỉnh, rồi chọn xã, phường của chủ thể.', 'Từ 3 đến 64 ký tự', 'Mật khẩu cần ít nhất 12 ký tự.', 'Bắt buộc']) {
      expect(text).toContain(m);
    }
    expect(res.body).toContain('value="Lê Thị Hoa"'); // what was typed stays
  });

  it('says clearly when the tax code or the username is taken', async () => {
    const existing = await buildProducer(t.ctx, { communeCode: AREAS.hamRong });
    const user = await createTestUser(t.deps, { role: 'inspector' });
    const res = await submit(goodRequest({ taxCode: existing.taxCode!, username: user.username }));
    expect(res.statusCode).toBe(400);
    const text = mainText(res.body);
    expect(text).toContain('Mã số thuế này đã được đăng ký cho một chủ thể');
    expect(text).toContain('Tên đăng nhập này đã có người dùng.');
    const pending = goodRequest();
    expect((await submit(pending)).statusCode).toBe(303);
    const again = mainText((await submit(goodRequest({ taxCode: pending.taxCode, username: pending.username }))).body);
    expect(again).toContain('Đã có một yêu cầu với mã số thuế này đang chờ duyệt.');
    expect(again).toContain('Tên đăng nhập này đã có người dùng.');
  });

  it('stores a pending request (password hashed) and tells the requester by e-mail', async () => {
    const r = goodRequest();
    const res = await submit(r);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/dang-ky-tai-khoan/da-gui?mail=1');
    expect(mainText((await t.app.inject({ url: res.headers.location as string })).body)).toContain('Đã gửi yêu cầu');
    const row = await requestId(r.username);
    expect(row).toMatchObject({ status: 'pending', provinceCode: '38', communeCode: AREAS.hamRong, phone: '0912345678', taxCode: r.taxCode });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    const mail = await smtp.waitFor(r.email);
    expect(mail.subject).toBe('Đã nhận yêu cầu cấp tài khoản OCOP');
  });
});

describe('deciding requests', () => {
  let r: ReturnType<typeof goodRequest>;
  let id: string;
  beforeAll(async () => {
    r = goodRequest();
    expect((await submit(r)).statusCode).toBe(303);
    id = (await requestId(r.username)).id;
  });

  it('is hidden from officers of another commune or province, and from producers', async () => {
    for (const spec of [{ role: 'commune_officer' as const, areaCode: AREAS.hacThanh }, { role: 'province_officer' as const, areaCode: AREAS.haNoi }]) {
      const o = await asUser(t.app, t.deps, { ...spec, login: true });
      const list = await t.app.inject({ url: '/admin/account-requests', headers: o.sessionHeaders() });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(r.producerName);
      expect((await t.app.inject({ url: `/admin/account-requests/${id}`, headers: o.sessionHeaders() })).statusCode).toBe(404);
      expect((await post(o, `/admin/account-requests/${id}/approve`)).statusCode).toBe(404);
      expect((await post(o, `/admin/account-requests/${id}/reject`, { reason: 'Không thuộc địa bàn' })).statusCode).toBe(404);
    }
    const p = await asUser(t.app, t.deps, { role: 'producer', login: true });
    expect((await t.app.inject({ url: '/admin/account-requests', headers: p.sessionHeaders() })).statusCode).toBe(403);
    expect((await requestId(r.username)).status).toBe('pending');
  });

  it('shows in the list of the commune officer and the province officer above', async () => {
    for (const spec of [{ role: 'commune_officer' as const, areaCode: AREAS.hamRong }, { role: 'province_officer' as const, areaCode: AREAS.thanhHoa }, { role: 'national_admin' as const }]) {
      const o = await asUser(t.app, t.deps, { ...spec, login: true });
      const list = await t.app.inject({ url: '/admin/account-requests', headers: o.sessionHeaders() });
      expect(mainText(list.body)).toContain(r.producerName);
      expect(list.body).toContain('href="/admin/account-requests"'); // the menu entry
    }
  });

  it('approval creates the producer and its user, who can sign in and lands on /admin', async () => {
    const o = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong, login: true });
    const res = await post(o, `/admin/account-requests/${id}/approve`);
    expect(res.statusCode).toBe(303);
    const row = await requestId(r.username);
    expect(row).toMatchObject({ status: 'approved', decidedBy: o.user.id });
    const [producer] = await t.deps.database.db.select().from(producers).where(eq(producers.id, row.producerId!));
    expect(producer).toMatchObject({ name: r.producerName, taxCode: r.taxCode, communeCode: AREAS.hamRong, representative: 'Lê Thị Hoa' });
    const [user] = await t.deps.database.db.select().from(users).where(eq(users.id, row.userId!));
    expect(user).toMatchObject({ username: r.username, role: 'producer', producerId: producer!.id, email: r.email });

    expect((await loginRequest(t.app, r.username, r.password, { remoteAddress: freshIp() })).statusCode).toBe(200);
    const mail = await smtp.waitFor(r.email, (m) => m.subject.includes('phê duyệt'));
    expect(mail.text).toContain(r.username);
    expect(mail.text).toContain('https://ocop.example.vn/login');
    const audits = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audits.map((a) => a.action).sort()).toEqual(['account_request.approve', 'account_request.create']);

    const twice = await post(o, `/admin/account-requests/${id}/approve`);
    expect(twice.statusCode).toBe(409);
    expect(mainText(twice.body)).toContain('Yêu cầu này đã được quyết định trước đó');
  });

  it('rejection needs a reason, which is e-mailed to the requester', async () => {
    const other = goodRequest();
    expect((await submit(other)).statusCode).toBe(303);
    const otherId = (await requestId(other.username)).id;
    const o = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, login: true });
    const empty = await post(o, `/admin/account-requests/${otherId}/reject`, { reason: '' });
    expect(empty.statusCode).toBe(400);
    expect(mainText(empty.body)).toContain('Hãy ghi lý do từ chối');
    const res = await post(o, `/admin/account-requests/${otherId}/reject`, { reason: 'Thiếu giấy đăng ký hợp tác xã; hãy gửi kèm bản chụp.' });
    expect(res.statusCode).toBe(303);
    expect((await requestId(other.username))).toMatchObject({ status: 'rejected', userId: null, producerId: null });
    const mail = await smtp.waitFor(other.email, (m) => m.subject.includes('chưa được phê duyệt'));
    expect(mail.text).toContain('Thiếu giấy đăng ký hợp tác xã');
    expect((await loginRequest(t.app, other.username, other.password, { remoteAddress: freshIp() })).statusCode).toBe(401);
  });
});
