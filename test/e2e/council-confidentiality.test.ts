/**
 * Council confidentiality in Chromium (issue 13, item 5; docs/decisions/030-council-confidentiality.md):
 * three of four members have scored, the fourth cannot finish. A member sees their own sheet and
 * how many sheets are in, nothing of the others'; the secretary sees who has submitted but no
 * totals, and closing waits; the chair ends the scoring ("Kết thúc chấm điểm"), after which the
 * council sees the tally and the secretary closes the round. Screenshots council-confidentiality-*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { asUser, json, type AuthedUser } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { publishTestSheet } from '../helpers/sheets';
import { answersFor, buildDossier, createRound, type BuiltDossier } from '../helpers/council-fixtures';
import { clickAndWait, expectAccessible, hasChromium, launchChromium, openPageAs, screenshots, serveTestApp, type ServedApp } from '../helpers/e2e';

type Name = 'chair' | 'memberA' | 'memberB' | 'secretary';
const SEATS: [Name, 'chair' | 'member' | 'secretary', string][] = [
  ['chair', 'chair', 'Lê Văn Chủ Tịch'], ['memberA', 'member', 'Trần Thị Ủy Viên'], ['memberB', 'member', 'Đỗ Văn Vắng Mặt'], ['secretary', 'secretary', 'Phạm Thị Thư Ký'],
];

describe.skipIf(!hasChromium())('council confidentiality in the browser', () => {
  let served: ServedApp;
  let browser: Browser;
  let officer: AuthedUser;
  const people = {} as Record<Name, AuthedUser>;
  let round: { id: string };
  let d1: BuiltDossier, d2: BuiltDossier;

  const submit = async (who: Name, d: BuiltDossier, total: number) => {
    const url = `/api/v1/rounds/${round.id}/dossiers/${d.id}/sheet`;
    const s = json(await served.app.inject({ url, headers: people[who].headers() }));
    const res = await served.app.inject({ method: 'POST', url: `${url}/submit`, headers: people[who].headers(), payload: { answers: answersFor(total), rowVersion: s.rowVersion } });
    expect(res.statusCode, res.body).toBe(200);
  };
  const text = (page: Page) => page.locator('main').innerText();

  beforeAll(async () => {
    [served, browser] = await Promise.all([serveTestApp(), launchChromium()]);
    const sheetId = await publishTestSheet(served.ctx);
    officer = await asUser(served.app, served.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
    round = await createRound(served, officer, { name: 'Đợt đánh giá OCOP tháng 7 (giữ kín điểm)' });
    d1 = await buildDossier(served.ctx, { sheetId });
    d2 = await buildDossier(served.ctx, { sheetId });
    const inject = (url: string, payload: object = {}) => served.app.inject({ method: 'POST', url, headers: officer.headers(), payload });
    for (const [name, seat, displayName] of SEATS) {
      people[name] = await asUser(served.app, served.deps, { role: 'council_member', displayName });
      expect((await inject(`/api/v1/rounds/${round.id}/members`, { userId: people[name].user.id, councilRole: seat, organisation: 'Sở Nông nghiệp và Môi trường' })).statusCode).toBe(201);
    }
    expect((await inject(`/api/v1/rounds/${round.id}/assignments`)).statusCode).toBe(200);
    expect((await inject(`/api/v1/rounds/${round.id}/open`)).statusCode).toBe(200);
    // Three of four members score both dossiers; Đỗ Văn Vắng Mặt cannot finish.
    for (const [who, a, b] of [['chair', 85, 70], ['memberA', 80, 75], ['secretary', 80, 70]] as const) {
      await submit(who, d1, a);
      await submit(who, d2, b);
    }
  });
  afterAll(async () => { await browser?.close(); await served?.close(); });

  const roundUrl = () => `/admin/rounds/${round.id}`;

  it('a member sees their own sheet and "3/4" — no board, no totals, no mean, no spread', async () => {
    const { context, page } = await openPageAs(browser, served, people.memberA);
    await page.goto(roundUrl());
    const body = await text(page);
    expect(body).toContain('3/4');
    expect(body).toContain('Giữ kín đến khi đủ phiếu');
    expect(body).toContain('Điểm của từng thành viên được giữ kín');
    expect(body).not.toContain('Bảng theo dõi của thư ký');
    expect(body).not.toMatch(/Trung bình \d|chênh lệch \d|Điểm trung bình/);
    expect(await page.locator('.council-tally').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Kết thúc chấm điểm' }).count()).toBe(0);
    await expectAccessible(page, 'round as a member');
    await screenshots(page, 'council-confidentiality-member');
    // Their own sheet: their own total only.
    await page.goto(`${roundUrl()}/dossiers/${d1.id}/score`);
    expect(await text(page)).toMatch(/Phiếu đã nộp lúc/);
    await context.close();
  });

  it('the secretary sees who has not submitted, no totals, and closing waits with a reason', async () => {
    const { context, page } = await openPageAs(browser, served, people.secretary);
    await page.goto(roundUrl());
    const board = page.locator('.card', { hasText: 'Bảng theo dõi của thư ký' });
    const boardText = await board.innerText();
    expect(boardText).toContain('Đỗ Văn Vắng Mặt');
    expect(boardText).toContain('3/4');
    expect(await board.locator('td[data-label="Chênh lệch"]').allInnerTexts()).toEqual(['—', '—']);
    expect(await page.locator('.council-tally').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Kết thúc chấm điểm' }).count()).toBe(0);
    await clickAndWait(page, page.getByRole('button', { name: 'Kết thúc phiên và tổng hợp kết quả' }));
    const notice = page.locator('.notice--danger');
    expect(await notice.innerText()).toContain('còn thành viên chưa nộp phiếu. Chờ các thành viên nộp, hoặc chủ tịch hội đồng bấm «Kết thúc chấm điểm»');
    expect(await text(page)).not.toMatch(/Trung bình \d|chênh lệch \d/);
    await expectAccessible(page, 'board as the secretary');
    await screenshots(page, 'council-confidentiality-secretary');
    await context.close();
  });

  it('the chair ends the scoring after confirming; the council then sees each total, the mean and the spread', async () => {
    const { context, page } = await openPageAs(browser, served, people.chair);
    await page.goto(roundUrl());
    expect(await page.locator('.council-tally').count()).toBe(0);
    const end = page.getByRole('button', { name: 'Kết thúc chấm điểm' });
    // Cancelling the confirmation posts nothing.
    page.once('dialog', (d) => { void d.dismiss(); });
    await end.click();
    expect(await text(page)).not.toContain('Đã kết thúc chấm điểm');
    let asked = '';
    page.once('dialog', (d) => { asked = d.message(); void d.accept(); });
    await clickAndWait(page, end);
    expect(asked).toContain('Phiếu chưa nộp sẽ không được nhận nữa');
    expect(page.url()).toContain('done=ended');
    const body = await text(page);
    expect(body).toContain('Đã kết thúc chấm điểm');
    expect(body).toMatch(/Kết thúc chấm điểm\s+\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} — Lê Văn Chủ Tịch/);
    const tallies = page.locator('.council-tally');
    expect(await tallies.count()).toBe(2);
    const first = await tallies.first().innerText();
    expect(first).toMatch(/Trung bình 81,67/);
    expect(first).toMatch(/chênh lệch 5/);
    expect(first).toContain('Đỗ Văn Vắng Mặt: không nộp');
    expect(await page.getByRole('button', { name: 'Kết thúc chấm điểm' }).count()).toBe(0);
    await expectAccessible(page, 'round after the chair ended the scoring');
    await screenshots(page, 'council-confidentiality-chair-ended');
    // Coming back later, the page still says who ended the scoring and when.
    await page.goto(roundUrl());
    expect(await text(page)).toMatch(/Chủ tịch hội đồng Lê Văn Chủ Tịch đã kết thúc chấm điểm lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\./);
    await context.close();
  });

  it('the absent member now sees the tally and can no longer submit; the secretary closes the round', async () => {
    const absent = await openPageAs(browser, served, people.memberB);
    await absent.page.goto(roundUrl());
    expect(await absent.page.locator('.council-tally').count()).toBe(2);
    await absent.page.goto(`${roundUrl()}/dossiers/${d1.id}/score`);
    expect(await text(absent.page)).toContain('Chủ tịch hội đồng đã kết thúc chấm điểm: phiếu chưa nộp không còn được nhận.');
    expect(await absent.page.getByRole('button', { name: 'Nộp phiếu', exact: true }).count()).toBe(0);
    await screenshots(absent.page, 'council-confidentiality-member-ended');
    await absent.context.close();

    const { context, page } = await openPageAs(browser, served, people.secretary);
    await page.goto(roundUrl());
    await clickAndWait(page, page.getByRole('button', { name: 'Kết thúc phiên và tổng hợp kết quả' }));
    const body = await text(page);
    expect(body).toContain('Đã kết thúc phiên; kết quả đã được tổng hợp.');
    expect(body).toMatch(/81[.,]67/);
    await context.close();
  });
});
