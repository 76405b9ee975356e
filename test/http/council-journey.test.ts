/**
 * The organiser's round journey (issue 12, defects 3 and 4): a refused action on the round and
 * criteria pages says why in Vietnamese with what to do; a new round's cut-off follows the
 * regime's next cut-off day after today; an empty eligible list explains each dossier.
 * The clock is 06/12/2026, the day the defect was seen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { publishTestSheet } from '../helpers/sheets';
import { buildDossier, createRound, formCouncil } from '../helpers/council-fixtures';
import { textOf } from '../helpers/html-forms';

let t: TestApp;
let officer: AuthedUser;
let admin: AuthedUser;
let sheetId: string;

const NOW = new Date('2026-12-06T03:00:00Z');

const postForm = (who: AuthedUser, url: string, fields: Record<string, string> = {}) => t.app.inject({
  method: 'POST', url, payload: new URLSearchParams({ _csrf: who.csrf!, ...fields }).toString(),
  headers: who.sessionHeaders({ 'content-type': 'application/x-www-form-urlencoded' }),
});
const page = async (who: AuthedUser, url: string) => (await t.app.inject({ url, headers: who.sessionHeaders() })).body;

beforeAll(async () => {
  t = await testApp({ clock: () => NOW });
  sheetId = await publishTestSheet(t.ctx);
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, login: true });
  admin = await asUser(t.app, t.deps, { role: 'national_admin', login: true });
});
afterAll(() => t?.close());

describe('a refused round action says why and what to do', () => {
  it('"Mở phiên chấm" without a secretary names the missing secretary and where to add one', async () => {
    const round = await createRound(t, officer, { sessionDate: '2027-01-15' });
    await buildDossier(t.ctx, { sheetId });
    await formCouncil(t, officer, round.id, ['chair', 'member']);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/rounds/${round.id}/assignments`, headers: officer.headers(), payload: {} })).statusCode).toBe(200);
    const res = await postForm(officer, `/admin/rounds/${round.id}/open`);
    expect(res.statusCode).toBe(409);
    const text = textOf(res.body);
    expect(text).toContain('Chưa mở được phiên chấm.');
    expect(text).toContain('Hội đồng chưa có thư ký: thêm thư ký trong mục «Thành phần hội đồng» bên dưới rồi bấm «Mở phiên chấm» lại.');
    expect(text).not.toContain('Hội đồng cần đúng một chủ tịch');
    expect(text).not.toContain('Trạng thái hiện tại của hồ sơ');
  });

  it('closing a round that is not open says its state', async () => {
    const round = await createRound(t, officer, { sessionDate: '2027-01-15' });
    const res = await postForm(officer, `/admin/rounds/${round.id}/close`);
    expect(res.statusCode).toBe(409);
    expect(textOf(res.body)).toContain('Đợt đánh giá đang ở trạng thái «Đang chuẩn bị» nên thao tác này không thực hiện được.');
  });

  it('a second draft of a criteria sheet is refused on the page, not an error page', async () => {
    const versions = json(await t.app.inject({ url: '/api/v1/criteria', headers: admin.headers() }));
    const version = (versions.items as { code: string; sheetsFrom: string }[]).find((v) => v.code === '26-2026')!;
    const url = `/admin/criteria/${version.sheetsFrom}/sets/${'1'}/drafts`;
    const first = await postForm(admin, url);
    expect([303, 409]).toContain(first.statusCode);
    const second = await postForm(admin, url);
    expect(second.statusCode).toBe(409);
    expect(textOf(second.body)).toContain('Bộ sản phẩm này đã có một bản nháp.');
    expect(second.body).toContain('notice--danger');
  });
});

describe('a new round\'s cut-off and its eligible dossiers', () => {
  it('the form proposes the next cut-off day after today (30/12/2026 on 06/12/2026), never a past one', async () => {
    const html = await page(officer, '/admin/rounds/new');
    expect(html).toMatch(/name="cutoffDate"[^>]*value="2026-12-30"|value="2026-12-30"[^>]*name="cutoffDate"/);
    expect(textOf(html)).toContain('cấp tỉnh: 30/6, 30/12');
  });

  it('a round created without a cut-off takes the next one, not 30/06/2026', async () => {
    const round = await createRound(t, officer, { sessionDate: '2027-01-15' });
    expect(round.cutoffDate).toBe('2026-12-30');
    // A session before the next cut-off takes what arrived by its own date (was 30/06/2026).
    const soon = await createRound(t, officer, { sessionDate: '2026-12-20' });
    expect(soon.cutoffDate).toBe('2026-12-20');
  });

  it('an empty eligible list says which dossiers exist and why each cannot join', async () => {
    const round = await createRound(t, officer, { sessionDate: '2026-12-20', cutoffDate: '2026-06-30' });
    const late = await buildDossier(t.ctx, { sheetId, submittedAt: new Date('2026-11-20T03:00:00Z') });
    const waiting = await buildDossier(t.ctx, { sheetId, status: 'submitted' });
    const text = textOf(await page(officer, `/admin/rounds/${round.id}`));
    expect(text).toContain('Không có hồ sơ nào đủ điều kiện.');
    expect(text).toContain(`${late.number}`);
    expect(text).toContain('nộp ngày 20/11/2026, sau hạn tiếp nhận 30/06/2026 của đợt');
    expect(text).toContain(`${waiting.number}`);
    expect(text).toMatch(/đang ở trạng thái «[^»]+»; đợt chỉ nhận hồ sơ tỉnh đã tiếp nhận/);
  });
});

describe('the Vietnamese criteria pages are all in Vietnamese', () => {
  it('a version "to verify" explains itself in Vietnamese, not in English', async () => {
    const text = textOf(await page(admin, '/admin/criteria/26-2026'));
    expect(text).toContain('cần đối chiếu với văn bản chính thức trước khi áp dụng');
    expect(text).not.toMatch(/Reported only|to verify against|\bthe\b|\bnot modelled\b/);
  });
});

describe('the criteria sheet page reads like the printed sheet', () => {
  it('no repeated labels ("A. Phần A:"), and a bonus section says what it adds', async () => {
    const text = textOf(await page(admin, '/admin/criteria/26-2026/sets/4'));
    expect(text).toContain('Phần A. Sản phẩm và sức mạnh cộng đồng');
    expect(text).not.toMatch(/A\. Phần A|Phần A\. Phần A/);
    expect(text).toContain('điểm cộng, tối đa 3 điểm');
    expect(text).not.toContain('tối đa 0 điểm');
  });
});

