/**
 * A council member scores in Chromium (issue 12, defects 3, 5 and 7): choosing a knock-out answer
 * ends the sheet in the live summary by itself (no stars, "Bị loại"); "Nộp phiếu" asks in a
 * dialog before submitting; on a phone the sticky summary is one line that opens on a tap; an
 * organiser's refused "Mở phiên chấm" says what is missing. Screenshots j12-scoring-*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { asUser, json, type AuthedUser } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { publishTestSheet } from '../helpers/sheets';
import { buildDossier, createRound, formCouncil, type BuiltDossier, type Seated } from '../helpers/council-fixtures';
import { clickAndWait, hasChromium, launchChromium, openPageAs, PHONE, screenshots, serveTestApp, type ServedApp } from '../helpers/e2e';

describe.skipIf(!hasChromium())('the scoring journey in the browser', () => {
  let served: ServedApp;
  let browser: Browser;
  let officer: AuthedUser;
  let member: Seated;
  let round: { id: string };
  let d1: BuiltDossier, d2: BuiltDossier;
  let refusedRound: { id: string };

  beforeAll(async () => {
    [served, browser] = await Promise.all([serveTestApp(), launchChromium()]);
    const sheetId = await publishTestSheet(served.ctx);
    officer = await asUser(served.app, served.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
    round = await createRound(served, officer, { name: 'Đợt đánh giá tháng 12 (mẫu)' });
    d1 = await buildDossier(served.ctx, { sheetId });
    d2 = await buildDossier(served.ctx, { sheetId });
    member = (await formCouncil(served, officer, round.id, ['chair', 'member', 'secretary']))[1]!;
    const inject = (method: 'POST', url: string, payload: object = {}) => served.app.inject({ method, url, headers: officer.headers(), payload });
    expect((await inject('POST', `/api/v1/rounds/${round.id}/assignments`)).statusCode).toBe(200);
    expect((await inject('POST', `/api/v1/rounds/${round.id}/open`)).statusCode).toBe(200);
    // A round whose council has no secretary yet, with a dossier: opening it is refused.
    refusedRound = await createRound(served, officer, { name: 'Đợt chưa có thư ký (mẫu)' });
    await buildDossier(served.ctx, { sheetId });
    await formCouncil(served, officer, refusedRound.id, ['chair']);
    expect(json(await inject('POST', `/api/v1/rounds/${refusedRound.id}/assignments`)).assigned).toBeGreaterThan(0);
  });
  afterAll(async () => { await browser?.close(); await served?.close(); });

  const scoreUrl = (d: BuiltDossier) => `/admin/rounds/${round.id}/dossiers/${d.id}/score`;

  it('a knock-out answer eliminates in the live summary by itself, with no box ticked', async () => {
    const { context, page, errors } = await openPageAs(browser, served, member.user);
    await page.goto(scoreUrl(d1));
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-module~="sheet-form"]')?.dataset.sheetFormInit === '1');
    for (const code of ['A.1.1.o3', 'A.1.2.o3', 'A.2.1.o2', 'B.1.1.o3', 'C.1.1.o2', 'C.1.2.o2']) await page.check(`input[value="${code}"]`);
    const summary = page.locator('.sheet-summary');
    await expect.poll(() => summary.locator('[data-stars]').textContent()).toBe('5 sao');
    await page.check('input[value="A.1.1.o1"]');
    expect(await page.locator('input[name="knockOut"][value="A.1.1"]').isChecked()).toBe(false);
    await expect.poll(() => summary.locator('[data-outcome]').textContent()).toBe('Sản phẩm bị loại theo tiêu chí A.1.1.');
    expect(await summary.locator('[data-stars]').textContent()).toBe('—');
    expect(await summary.locator('[data-certifiable]').textContent()).toBe('Có tiêu chí loại: sản phẩm không được xếp hạng sao theo phiếu này.');
    expect(await summary.locator('[data-line-status]').textContent()).toBe('Bị loại');
    // "90 / 100" on one line: the figure and its maximum share one line box.
    const total = summary.locator('.sheet-summary-total dd');
    const box = await total.boundingBox();
    expect(box!.height, "the total wraps").toBeLessThan(60);
    expect(await total.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe("nowrap");
    await screenshots(page, 'j12-scoring-knockout');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('"Nộp phiếu" asks in a dialog; cancelling keeps the draft, confirming submits', async () => {
    const { context, page, errors } = await openPageAs(browser, served, member.user);
    await page.goto(scoreUrl(d2));
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-module~="sheet-form"]')?.dataset.sheetFormInit === '1');
    await page.check('input[value="A.1.1.o2"]');
    await page.getByRole('button', { name: 'Nộp phiếu', exact: true }).click();
    const dialog = page.locator('dialog[data-confirm-dialog]');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('Sau khi nộp, phiếu bị khóa');
    await screenshots(page, 'j12-scoring-confirm');
    await dialog.getByRole('button', { name: 'Quay lại sửa phiếu' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(page.url()).toContain(scoreUrl(d2));
    await page.getByRole('button', { name: 'Nộp phiếu', exact: true }).click();
    await clickAndWait(page, dialog.getByRole('button', { name: 'Xác nhận nộp phiếu' }));
    expect(page.url()).toContain('done=submitted');
    expect(await page.locator('.notice').first().textContent()).toContain('Đã nộp phiếu.');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on a phone the sticky summary is one line (total, stars, status) that opens on a tap', async () => {
    const { context, page, errors } = await openPageAs(browser, served, member.user);
    await page.setViewportSize(PHONE);
    await page.goto(scoreUrl(d1));
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-module~="sheet-form"]')?.dataset.sheetFormInit === '1');
    await page.mouse.wheel(0, 1500);
    const summary = page.locator('.sheet-summary');
    const box = await summary.boundingBox();
    // One line plus the two buttons: well under a third of the screen (it was a third).
    expect(box!.height).toBeLessThan(PHONE.height * 0.2);
    const line = summary.locator('.sheet-summary-compact');
    expect(await line.isVisible()).toBe(true);
    expect(await line.textContent()).toMatch(/^[\d,.]+\u00a0\/\u00a0100 · (—|\d sao) · \S/);
    expect(await summary.locator('.sheet-summary-figures').isVisible()).toBe(false);
    await summary.locator('summary').click();
    expect(await summary.locator('.sheet-summary-figures').isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a refused "Mở phiên chấm" says the council has no secretary and where to add one', async () => {
    const { context, page, errors } = await openPageAs(browser, served, officer);
    await page.goto(`/admin/rounds/${refusedRound.id}`);
    await clickAndWait(page, page.getByRole('button', { name: 'Mở phiên chấm' }));
    const notice = page.locator('.notice--danger');
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toContain('Hội đồng chưa có thư ký: thêm thư ký trong mục «Thành phần hội đồng» bên dưới');
    await screenshots(page, 'j12-scoring-round-refused');
    expect(errors).toEqual([]);
    await context.close();
  });
});
