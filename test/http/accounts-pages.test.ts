/**
 * The account pages (issue 18, item 8): "Tài khoản của tôi" for every back-office role and a
 * buyer's "Bảo mật tài khoản" (password, API tokens, sessions); "Người dùng" for the account
 * officers (list, one user: disable / enable, role, temporary password, token revocation), each
 * within the officer's area. Forms post with the CSRF field, redirect after success and answer
 * 400 with the Vietnamese message at the field on bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestUser, login, loginRequest, testApp, type Session, type TestApp, type TestUser } from '../helpers/app';
import { AREAS, buildProducer } from '../helpers/builders';
import { fieldErrorsOf, formsOf, linksOf, textOf } from '../helpers/html-forms';
import type { Role } from '../../src/core/roles';
import { apiTokens, users } from '../../src/modules/identity/identity.tables';
import { auditLog } from '../../src/modules/audit/audit.tables';
import { createApiToken } from '../../src/modules/identity/identity.service';
import { PASSWORD_MIN_LENGTH } from '../../src/modules/identity/password';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(() => t?.close());

let ipSeq = 0;
const freshIp = () => `10.18.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;
const FORM = 'application/x-www-form-urlencoded';
const mainText = (html: string) => textOf(/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html);

const signIn = (u: TestUser) => login(t.app, u.username, u.password, { remoteAddress: freshIp() });
const get = (s: Session, url: string) => t.app.inject({ url, headers: { cookie: s.cookie, accept: 'text/html' } });
const post = (s: Session, url: string, fields: Record<string, string> = {}, csrf: string | null = s.csrf) => t.app.inject({
  method: 'POST', url, headers: { cookie: s.cookie, accept: 'text/html', 'content-type': FORM },
  payload: new URLSearchParams({ ...fields, ...(csrf === null ? {} : { _csrf: csrf }) }).toString(),
});
const me = (cookie: string) => t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } });
const bearer = (token: string) => t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
/** The field error shown at `name` (the form components' `field-<name>-error`). */
const errorAt = (html: string, name: string) => fieldErrorsOf(html).find((e) => e.id === `field-${name}-error`)?.text;
const userRow = async (id: string) => (await t.deps.database.db.select().from(users).where(eq(users.id, id)))[0]!;
const user = (role: Role, spec: { areaCode?: string; producerId?: string; displayName?: string } = {}) => createTestUser(t.deps, { role, ...spec });

describe('who sees which page', () => {
  it('"Tài khoản của tôi" for every back-office role, "Bảo mật tài khoản" for buyers, each marked by the header name', async () => {
    for (const role of ['national_admin', 'province_officer', 'commune_officer', 'council_member', 'inspector', 'producer'] as const) {
      const u = await user(role, { displayName: `Người ${role}` });
      const s = await signIn(u);
      const page = await get(s, '/admin/tai-khoan');
      expect(page.statusCode, role).toBe(200);
      const text = mainText(page.body);
      for (const words of ['Tài khoản của tôi', 'Đổi mật khẩu', 'Mật khẩu hiện tại', `Ít nhất ${PASSWORD_MIN_LENGTH} ký tự`, 'được dùng dấu cách và chữ có dấu',
        'Khóa API', 'Tạo khóa API', 'Phiên đăng nhập', 'Phiên này', u.username]) expect(text, `${role}: ${words}`).toContain(words);
      expect(page.headers['cache-control']).toBe('no-store');
      // The name in the header leads here.
      expect(page.body).toMatch(/<a class="who" href="\/admin\/tai-khoan"><span class="who-name">Người /);
      expect((await get(s, '/tai-khoan/bao-mat')).statusCode, role).toBe(403);
      const officer = role === 'national_admin' || role === 'province_officer' || role === 'commune_officer';
      expect((await get(s, '/admin/nguoi-dung')).statusCode, role).toBe(officer ? 200 : 403);
      expect(linksOf((await get(s, '/admin')).body).includes('/admin/nguoi-dung'), role).toBe(officer);
    }
  });

  it('reads in English too', async () => {
    const s = await signIn(await user('province_officer', { areaCode: AREAS.thanhHoa }));
    const mine = mainText((await get(s, '/admin/tai-khoan?lang=en')).body);
    for (const words of ['My account', 'Change password', `At least ${PASSWORD_MIN_LENGTH} characters`, 'API tokens', 'This session']) expect(mine).toContain(words);
    const list = mainText((await get(s, '/admin/nguoi-dung?lang=en')).body);
    for (const words of ['Users', 'Find users', 'Area or producer', 'Last signed in']) expect(list).toContain(words);
  });

  it('a buyer: password and sessions, no API tokens, inside their account; not the back office\'s page', async () => {
    const buyer = await user('buyer', { displayName: 'Người Mua Hàng' });
    const s = await signIn(buyer);
    const page = await get(s, '/tai-khoan/bao-mat');
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toContain('Bảo mật tài khoản');
    expect(text).toContain('Đổi mật khẩu');
    expect(text).toContain('Phiên này');
    expect(text).not.toContain('Khóa API');
    expect(page.body).toContain('<a class="who" href="/tai-khoan/bao-mat">');
    expect(formsOf(page.body).map((f) => f.action)).toEqual(expect.arrayContaining(['/tai-khoan/bao-mat/mat-khau']));
    expect((await get(s, '/admin/tai-khoan')).statusCode).toBe(403);
    // The buyer's account pages link it.
    expect(linksOf((await get(s, '/tai-khoan')).body)).toContain('/tai-khoan/bao-mat');
  });
});

describe('the user list', () => {
  let thOfficer: Session;
  let hnCommune: TestUser, thCommune: TestUser, thInspector: TestUser;
  beforeAll(async () => {
    thOfficer = await signIn(await user('province_officer', { areaCode: AREAS.thanhHoa }));
    thCommune = await user('commune_officer', { areaCode: AREAS.hamRong, displayName: 'Trần Văn Xã Hàm Rồng' });
    hnCommune = await user('commune_officer', { areaCode: AREAS.hoanKiem, displayName: 'Nguyễn Văn Xã Hoàn Kiếm' });
    thInspector = await user('inspector', { areaCode: AREAS.thanhHoa, displayName: 'Đỗ Thanh Tra' });
  });

  it('a province officer sees the accounts of their province, searched and filtered', async () => {
    const text = mainText((await get(thOfficer, '/admin/nguoi-dung')).body);
    expect(text).toContain(thCommune.username);
    expect(text).toContain(thInspector.username);
    expect(text).not.toContain(hnCommune.username);
    const found = mainText((await get(thOfficer, `/admin/nguoi-dung?q=${encodeURIComponent('Thanh Tra')}`)).body);
    expect(found).toContain(thInspector.username);
    expect(found).not.toContain(thCommune.username);
    const byRole = mainText((await get(thOfficer, '/admin/nguoi-dung?role=commune_officer')).body);
    expect(byRole).toContain(thCommune.username);
    expect(byRole).not.toContain(thInspector.username);
    // A value the filter does not offer is ignored, not a failure.
    expect((await get(thOfficer, '/admin/nguoi-dung?role=pirate&status=x&page=abc')).statusCode).toBe(200);
  });

  it('marks sample accounts and disabled ones (with the reason), and pages by 50', async () => {
    const { passwordHash } = await userRow(thInspector.user.id);
    const rows = Array.from({ length: 53 }, (_, i) => ({
      username: `mau-trang-${String(i).padStart(2, '0')}`, displayName: `Tài khoản mẫu ${i}`, passwordHash, role: 'council_member' as const,
      areaCode: AREAS.thanhHoa, isSample: true, disabled: i === 0, disabledReason: i === 0 ? 'Đã nghỉ hưu' : null,
    }));
    await t.deps.database.db.insert(users).values(rows);
    const first = await get(thOfficer, '/admin/nguoi-dung?q=mau-trang');
    const text = mainText(first.body);
    expect(text).toContain('mau-trang-00');
    expect(text).toContain('Đã khóa Đã nghỉ hưu');
    expect(text).toContain('Mẫu');
    expect(text).toContain('Đang hoạt động');
    expect(text).toContain('Trang 1');
    expect(text).not.toContain('mau-trang-50');
    expect(linksOf(first.body)).toContain('/admin/nguoi-dung?q=mau-trang&page=2');
    const second = mainText((await get(thOfficer, '/admin/nguoi-dung?q=mau-trang&page=2')).body);
    expect(second).toContain('mau-trang-52');
    expect(second).not.toContain('mau-trang-49');
    expect(second).toContain('Trang trước');
    expect(second).not.toContain('Trang sau');
    const disabledOnly = mainText((await get(thOfficer, '/admin/nguoi-dung?q=mau-trang&status=disabled')).body);
    expect(disabledOnly).toContain('mau-trang-00');
    expect(disabledOnly).not.toContain('mau-trang-01');
  });

  it('a commune officer sees only the producer accounts of their commune', async () => {
    const officer = await signIn(thCommune);
    const producer = await user('producer'); // in Hàm Rồng
    const elsewhere = await user('producer', { producerId: (await buildProducer(t.ctx, { communeCode: AREAS.hacThanh })).id });
    const text = mainText((await get(officer, '/admin/nguoi-dung')).body);
    expect(text).toContain(producer.username);
    expect(text).not.toContain(elsewhere.username);
    expect(text).not.toContain(thInspector.username);
  });

  it('the national admin\'s own row leads to "Tài khoản của tôi"; their own user page redirects there', async () => {
    const admin = await user('national_admin');
    const s = await signIn(admin);
    const list = await get(s, `/admin/nguoi-dung?q=${admin.username}`);
    expect(mainText(list.body)).toContain('Bạn');
    expect(linksOf(list.body)).toContain('/admin/tai-khoan');
    const own = await get(s, `/admin/nguoi-dung/${admin.user.id}`);
    expect(own.statusCode).toBe(303);
    expect(own.headers.location).toBe('/admin/tai-khoan');
  });
});

describe('one user', () => {
  let officerUser: TestUser;
  let officer: Session;
  beforeAll(async () => {
    officerUser = await user('province_officer', { areaCode: AREAS.thanhHoa });
    officer = await signIn(officerUser);
  });

  it('a province officer cannot open, disable or revoke for a user of another province (404)', async () => {
    const hn = await user('commune_officer', { areaCode: AREAS.hoanKiem });
    const token = await createApiToken(t.ctx, hn.username, 'kế toán');
    const [row] = await t.deps.database.db.select().from(apiTokens).where(eq(apiTokens.userId, hn.user.id));
    expect((await get(officer, `/admin/nguoi-dung/${hn.user.id}`)).statusCode).toBe(404);
    expect((await get(officer, `/admin/nguoi-dung/${hn.username}`)).statusCode).toBe(404);
    expect((await post(officer, `/admin/nguoi-dung/${hn.user.id}/khoa`, { reason: 'Thử' })).statusCode).toBe(404);
    expect((await post(officer, `/admin/nguoi-dung/${hn.user.id}/khoa`, { reason: '' })).statusCode).toBe(404);
    expect((await post(officer, `/admin/nguoi-dung/${hn.user.id}/khoa-api/${row!.id}/thu-hoi`)).statusCode).toBe(404);
    expect((await userRow(hn.user.id)).disabled).toBe(false);
    expect((await bearer(token)).statusCode).toBe(200);
  });

  it('disable: a reason is required (400 at the field), then sessions end and sign-in is refused; enable lets them in again', async () => {
    const target = await user('commune_officer', { areaCode: AREAS.hamRong, displayName: 'Lê Văn Khóa' });
    const theirs = await signIn(target);
    const page = await get(officer, `/admin/nguoi-dung/${target.user.id}`);
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    for (const words of ['Lê Văn Khóa', 'Đang hoạt động', 'Khóa tài khoản', 'Đổi vai trò', 'Cấp mật khẩu tạm thời', 'Khóa API', 'Phường Hàm Rồng']) expect(text).toContain(words);
    expect(page.body).toMatch(/<dt>Phiên đang mở<\/dt><dd>1<\/dd>/);

    const empty = await post(officer, `/admin/nguoi-dung/${target.user.id}/khoa`, { reason: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(errorAt(empty.body, 'reason')).toBe('Hãy ghi lý do khóa tài khoản.');
    expect(mainText(empty.body)).toContain('Có lỗi cần sửa');

    const done = await post(officer, `/admin/nguoi-dung/${target.user.id}/khoa`, { reason: 'Đã chuyển công tác' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/admin/nguoi-dung/${target.user.id}?done=disabled`);
    expect(await userRow(target.user.id)).toMatchObject({ disabled: true, disabledReason: 'Đã chuyển công tác' });
    expect((await me(theirs.cookie)).statusCode).toBe(401);
    expect((await loginRequest(t.app, target.username, target.password, { remoteAddress: freshIp() })).statusCode).toBe(401);
    const afterPage = await get(officer, done.headers.location as string);
    const after = mainText(afterPage.body);
    expect(after).toContain('Đã khóa tài khoản. Mọi phiên đăng nhập của người dùng đã kết thúc.');
    expect(afterPage.body).toMatch(/<dt>Lý do khóa<\/dt><dd>Đã chuyển công tác<\/dd>/);
    expect(after).toContain('Mở khóa tài khoản');

    const enabled = await post(officer, `/admin/nguoi-dung/${target.user.id}/mo-khoa`);
    expect(enabled.statusCode).toBe(303);
    expect(enabled.headers.location).toBe(`/admin/nguoi-dung/${target.user.id}?done=enabled`);
    expect((await userRow(target.user.id)).disabled).toBe(false);
    expect((await loginRequest(t.app, target.username, target.password, { remoteAddress: freshIp() })).statusCode).toBe(200);
    const audits = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, target.user.id));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['user.disable', 'user.enable']));
  });

  it('role change: refusals at the fields in Vietnamese; a good change ends the user\'s sessions', async () => {
    const target = await user('inspector', { areaCode: AREAS.thanhHoa });
    const theirs = await signIn(target);
    const url = `/admin/nguoi-dung/${target.user.id}/vai-tro`;
    const page = await get(officer, `/admin/nguoi-dung/${target.user.id}`);
    const roleForm = formsOf(page.body).find((f) => f.action === url)!;
    expect(roleForm.fields.find((f) => f.name === 'role')!.options).toEqual(['', 'commune_officer', 'council_member', 'inspector']);
    const areas = roleForm.fields.find((f) => f.name === 'areaCode')!.options!;
    expect(areas[0]).toBe(AREAS.thanhHoa);
    expect(areas).toContain(AREAS.hamRong);
    expect(areas).not.toContain(AREAS.hoanKiem);

    const notAssignable = await post(officer, url, { role: 'province_officer', areaCode: AREAS.thanhHoa });
    expect(notAssignable.statusCode).toBe(400);
    expect(errorAt(notAssignable.body, 'role')).toBe('Bạn không được giao vai trò này.');
    const outside = await post(officer, url, { role: 'commune_officer', areaCode: AREAS.hoanKiem });
    expect(outside.statusCode).toBe(400);
    expect(errorAt(outside.body, 'areaCode')).toBe('Địa bàn này nằm ngoài địa bàn bạn quản lý.');
    const unknown = await post(officer, url, { role: '__not_a_role__', areaCode: AREAS.thanhHoa });
    expect(unknown.statusCode).toBe(400);
    expect(errorAt(unknown.body, 'role')).toBe('Hãy chọn một vai trò trong danh sách.');
    const notCommune = await post(officer, url, { role: 'commune_officer', areaCode: AREAS.thanhHoa });
    expect(notCommune.statusCode).toBe(400);
    expect(errorAt(notCommune.body, 'areaCode')).toBe('Hãy nhập mã xã, phường.');
    // What was chosen stays chosen.
    expect(formsOf(notCommune.body).find((f) => f.action === url)!.fields.find((f) => f.name === 'role')!.value).toBe('commune_officer');
    expect((await me(theirs.cookie)).statusCode).toBe(200);

    const done = await post(officer, url, { role: 'commune_officer', areaCode: AREAS.hamRong });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/admin/nguoi-dung/${target.user.id}?done=role`);
    expect(await userRow(target.user.id)).toMatchObject({ role: 'commune_officer', areaCode: AREAS.hamRong });
    expect((await me(theirs.cookie)).statusCode).toBe(401);
    expect(mainText((await get(officer, done.headers.location as string)).body)).toContain('Đã đổi vai trò.');
  });

  it('a commune officer administers producers: disable and enable, no role change', async () => {
    const communeOfficer = await signIn(await user('commune_officer', { areaCode: AREAS.hamRong }));
    const producer = await user('producer');
    const page = await get(communeOfficer, `/admin/nguoi-dung/${producer.user.id}`);
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).not.toContain('Đổi vai trò');
    expect((await post(communeOfficer, `/admin/nguoi-dung/${producer.user.id}/vai-tro`, { role: 'inspector' })).statusCode).toBe(403);
    expect((await post(communeOfficer, `/admin/nguoi-dung/${producer.user.id}/khoa`, { reason: 'Ngừng sản xuất' })).statusCode).toBe(303);
    expect((await userRow(producer.user.id)).disabled).toBe(true);
  });

  it('the national admin types the area code; a role without an area keeps none', async () => {
    const admin = await signIn(await user('national_admin'));
    const target = await user('council_member', { areaCode: AREAS.thanhHoa });
    const url = `/admin/nguoi-dung/${target.user.id}/vai-tro`;
    const unknownArea = await post(admin, url, { role: 'commune_officer', areaCode: '99999' });
    expect(unknownArea.statusCode).toBe(400);
    expect(errorAt(unknownArea.body, 'areaCode')).toBe('Không có mã đơn vị hành chính này.');
    const badProducer = await post(admin, url, { role: 'producer', areaCode: AREAS.thanhHoa, producerId: 'not-a-uuid' });
    expect(badProducer.statusCode).toBe(400);
    expect(errorAt(badProducer.body, 'producerId')).toBe('Không tìm thấy chủ thể.');
    const producerId = (await buildProducer(t.ctx, { communeCode: AREAS.hoanKiem })).id;
    expect((await post(admin, url, { role: 'producer', areaCode: AREAS.thanhHoa, producerId })).statusCode).toBe(303);
    expect(await userRow(target.user.id)).toMatchObject({ role: 'producer', producerId, areaCode: null });
  });

  it('revokes a user\'s API token from the user page (only that user\'s), and links the temporary password', async () => {
    const target = await user('inspector', { areaCode: AREAS.thanhHoa });
    const other = await user('inspector', { areaCode: AREAS.thanhHoa });
    const token = await createApiToken(t.ctx, target.username, 'Phần mềm kiểm tra');
    await createApiToken(t.ctx, other.username, 'Khác');
    const [theirs] = await t.deps.database.db.select().from(apiTokens).where(eq(apiTokens.userId, target.user.id));
    const [notTheirs] = await t.deps.database.db.select().from(apiTokens).where(eq(apiTokens.userId, other.user.id));
    const page = await get(officer, `/admin/nguoi-dung/${target.user.id}`);
    expect(mainText(page.body)).toContain('Phần mềm kiểm tra');
    expect(mainText(page.body)).toContain(`ocop_${theirs!.prefix}_…`);
    const tempLink = `/admin/accounts/password?username=${target.username}`;
    expect(linksOf(page.body)).toContain(tempLink);
    expect(mainText((await get(officer, tempLink)).body)).toContain('Xác nhận cấp mật khẩu tạm thời');

    expect((await post(officer, `/admin/nguoi-dung/${target.user.id}/khoa-api/${notTheirs!.id}/thu-hoi`)).statusCode).toBe(404);
    const done = await post(officer, `/admin/nguoi-dung/${target.user.id}/khoa-api/${theirs!.id}/thu-hoi`);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/admin/nguoi-dung/${target.user.id}?done=revoked`);
    expect((await bearer(token)).statusCode).toBe(401);
    const after = mainText((await get(officer, done.headers.location as string)).body);
    expect(after).toContain('Đã thu hồi khóa API.');
    expect(after).toContain('Đã thu hồi');
  });

  it('refuses a form without its CSRF field', async () => {
    const target = await user('inspector', { areaCode: AREAS.thanhHoa });
    const res = await post(officer, `/admin/nguoi-dung/${target.user.id}/khoa`, { reason: 'Không có mã chống giả mạo' }, null);
    expect(res.statusCode).toBe(403);
    expect((await userRow(target.user.id)).disabled).toBe(false);
    const wrong = await post(officer, `/admin/nguoi-dung/${target.user.id}/khoa`, { reason: 'Sai mã' }, 'x'.repeat(32));
    expect(wrong.statusCode).toBe(403);
  });
});

describe('my own account', () => {
  it('password change: the current one asked again (400 when wrong), the rules at the field, then every other session ends', async () => {
    const u = await user('producer');
    const here = await signIn(u);
    const elsewhere = await signIn(u);
    const wrong = await post(here, '/admin/tai-khoan/mat-khau', { currentPassword: 'not-my-password', newPassword: 'Một câu rất dài về đồi chè', confirm: 'Một câu rất dài về đồi chè' });
    expect(wrong.statusCode).toBe(400);
    expect(errorAt(wrong.body, 'currentPassword')).toBe('Mật khẩu hiện tại không đúng.');
    // "mật khẩu" with digits and symbols around it: on the list of words a password must not simply be.
    const common = await post(here, '/admin/tai-khoan/mat-khau', { currentPassword: u.password, newPassword: 'matkhau2026!!', confirm: 'matkhau2026!!' });
    expect(common.statusCode).toBe(400);
    expect(errorAt(common.body, 'newPassword')).toContain('Mật khẩu này quá phổ biến');
    const short = await post(here, '/admin/tai-khoan/mat-khau', { currentPassword: u.password, newPassword: 'ngắn quá', confirm: 'ngắn quá' });
    expect(errorAt(short.body, 'newPassword')).toBe(`Mật khẩu cần ít nhất ${PASSWORD_MIN_LENGTH} ký tự.`);
    const mismatch = await post(here, '/admin/tai-khoan/mat-khau', { currentPassword: u.password, newPassword: 'Mùa xuân trên đồi chè', confirm: 'Mùa thu trên đồi chè' });
    expect(errorAt(mismatch.body, 'confirm')).toBe('Hai lần nhập mật khẩu không khớp. Hãy nhập lại.');
    expect(mismatch.body).not.toContain(u.password); // passwords are never echoed back
    expect((await me(elsewhere.cookie)).statusCode).toBe(200);

    const done = await post(here, '/admin/tai-khoan/mat-khau', { currentPassword: u.password, newPassword: 'Mùa xuân trên đồi chè', confirm: 'Mùa xuân trên đồi chè' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/admin/tai-khoan?done=password&ended=1');
    expect((await me(elsewhere.cookie)).statusCode).toBe(401);
    expect((await me(here.cookie)).statusCode).toBe(200);
    const text = mainText((await get(here, done.headers.location as string)).body);
    expect(text).toContain('Đã đổi mật khẩu.');
    expect(text).toContain('Đã đăng xuất 1 phiên đăng nhập khác.');
    expect((await loginRequest(t.app, u.username, 'Mùa xuân trên đồi chè', { remoteAddress: freshIp() })).statusCode).toBe(200);
  });

  it('API tokens: a name is required; the new token is shown once (not cached) and works; revoking stops it', async () => {
    const u = await user('inspector', { areaCode: AREAS.thanhHoa });
    const s = await signIn(u);
    const unnamed = await post(s, '/admin/tai-khoan/khoa-api', { name: ' ' });
    expect(unnamed.statusCode).toBe(400);
    expect(errorAt(unnamed.body, 'name')).toBe('Hãy đặt tên cho khóa API (ví dụ: phần mềm kế toán).');
    const tooLong = await post(s, '/admin/tai-khoan/khoa-api', { name: 'x'.repeat(101) });
    expect(tooLong.statusCode).toBe(400);
    expect(errorAt(tooLong.body, 'name')).toBe('Quá dài (tối đa 100 ký tự).');

    const created = await post(s, '/admin/tai-khoan/khoa-api', { name: 'Phần mềm kế toán' });
    expect(created.statusCode).toBe(200);
    expect(created.headers['cache-control']).toBe('no-store');
    const token = /value="(ocop_[A-Za-z0-9_-]+)"/.exec(created.body)![1]!;
    expect(mainText(created.body)).toContain('Khóa chỉ hiện một lần');
    expect((await bearer(token)).statusCode).toBe(200);
    const [row] = await t.deps.database.db.select().from(apiTokens).where(and(eq(apiTokens.userId, u.user.id), eq(apiTokens.name, 'Phần mềm kế toán')));
    expect(token.startsWith(`ocop_${row!.prefix}_`)).toBe(true);

    const page = await get(s, '/admin/tai-khoan');
    expect(page.body).not.toContain(token); // never shown again
    expect(mainText(page.body)).toContain('Phần mềm kế toán');
    expect(formsOf(page.body).map((f) => f.action)).toContain(`/admin/tai-khoan/khoa-api/${row!.id}/thu-hoi`);

    // Someone else's token is not revoked through my page.
    const other = await user('inspector', { areaCode: AREAS.thanhHoa });
    const otherToken = await createApiToken(t.ctx, other.username, 'khác');
    const [otherRow] = await t.deps.database.db.select().from(apiTokens).where(eq(apiTokens.userId, other.user.id));
    expect((await post(s, `/admin/tai-khoan/khoa-api/${otherRow!.id}/thu-hoi`)).statusCode).toBe(404);
    expect((await bearer(otherToken)).statusCode).toBe(200);

    const revoked = await post(s, `/admin/tai-khoan/khoa-api/${row!.id}/thu-hoi`);
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe('/admin/tai-khoan?done=revoked');
    expect((await bearer(token)).statusCode).toBe(401);
    expect(mainText((await get(s, '/admin/tai-khoan?done=revoked')).body)).toContain('Đã thu hồi khóa API.');
  });

  it('API tokens: the lifetime is chosen from the list; a reload of the new token\'s answer makes no second token', async () => {
    const u = await user('inspector', { areaCode: AREAS.thanhHoa });
    const s = await signIn(u);
    const form = formsOf((await get(s, '/admin/tai-khoan')).body).find((f) => f.action === '/admin/tai-khoan/khoa-api')!;
    const field = (name: string) => form.fields.find((f) => f.name === name)!;
    expect([field('days').value, field('days').options]).toEqual(['90', ['30', '90', '180', '365']]);
    const formKey = field('formKey').value;
    expect(formKey).toMatch(/^[0-9a-f-]{36}$/);

    const odd = await post(s, '/admin/tai-khoan/khoa-api', { name: 'Lạ', days: '7', formKey });
    expect([odd.statusCode, errorAt(odd.body, 'days')]).toEqual([400, 'Hãy chọn thời hạn của khóa: 30, 90, 180, 365 ngày.']);
    const first = await post(s, '/admin/tai-khoan/khoa-api', { name: 'Cân điện tử', days: '30', formKey });
    expect(first.statusCode).toBe(200);
    const again = await post(s, '/admin/tai-khoan/khoa-api', { name: 'Cân điện tử', days: '30', formKey });
    expect(again.statusCode).toBe(400);
    expect(errorAt(again.body, 'name')).toContain('Biểu mẫu này đã tạo khóa API');
    const rows = await t.deps.database.db.select().from(apiTokens).where(eq(apiTokens.userId, u.user.id));
    expect(rows.map((r) => r.name)).toEqual(['Cân điện tử']);
    expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBe(30 * 86_400_000);
    // A fresh form (the page shown again) has a new key.
    expect(formsOf((await get(s, '/admin/tai-khoan')).body).find((f) => f.action === '/admin/tai-khoan/khoa-api')!.fields.find((f) => f.name === 'formKey')!.value).not.toBe(formKey);
  });

  it('"Đăng xuất mọi phiên khác" ends the others and keeps this one', async () => {
    const u = await user('council_member', { areaCode: AREAS.thanhHoa });
    const here = await signIn(u);
    const a = await signIn(u);
    const b = await signIn(u);
    const page = await get(here, '/admin/tai-khoan');
    expect(mainText(page.body).match(/Phiên này/g)).toHaveLength(1);
    const done = await post(here, '/admin/tai-khoan/dang-xuat-khac');
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/admin/tai-khoan?done=sessions&ended=2');
    expect((await me(a.cookie)).statusCode).toBe(401);
    expect((await me(b.cookie)).statusCode).toBe(401);
    expect((await me(here.cookie)).statusCode).toBe(200);
    expect(mainText((await get(here, done.headers.location as string)).body)).toContain('Đã đăng xuất 2 phiên đăng nhập khác.');
  });

  it('a buyer changes their password on /tai-khoan/bao-mat (400 when the current one is wrong)', async () => {
    const u = await user('buyer');
    const here = await signIn(u);
    const elsewhere = await signIn(u);
    const wrong = await post(here, '/tai-khoan/bao-mat/mat-khau', { currentPassword: 'sai-mat-khau-roi', newPassword: 'Giao hàng tận nhà nhé', confirm: 'Giao hàng tận nhà nhé' });
    expect(wrong.statusCode).toBe(400);
    expect(errorAt(wrong.body, 'currentPassword')).toBe('Mật khẩu hiện tại không đúng.');
    expect(wrong.body).toContain('<html lang="vi"');
    const done = await post(here, '/tai-khoan/bao-mat/mat-khau', { currentPassword: u.password, newPassword: 'Giao hàng tận nhà nhé', confirm: 'Giao hàng tận nhà nhé' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/tai-khoan/bao-mat?done=password&ended=1');
    expect((await me(elsewhere.cookie)).statusCode).toBe(401);
    expect((await post(here, '/tai-khoan/bao-mat/mat-khau', { currentPassword: 'x' }, null)).statusCode).toBe(403);
  });
});
