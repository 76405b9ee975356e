/**
 * Scoring that survives a bad connection (issue 13, item 6; docs/decisions/027-offline-scoring.md):
 * a member answers with the network cut, reloads while saves still fail, and the answers come
 * back from the browser's draft; once saves go through, submitting keeps every answer. A draft
 * based on an older row version is never saved over a newer one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { asUser, json, type AuthedUser } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { publishTestSheet } from '../helpers/sheets';
import { buildDossier, createRound, formCouncil, type BuiltDossier, type Seated } from '../helpers/council-fixtures';
import { clickAndWait, expectFailure, hasChromium, launchChromium, openPageAs, screenshots, serveTestApp, type ServedApp } from '../helpers/e2e';

describe.skipIf(!hasChromium())('offline scoring in the browser', () => {
  let served: ServedApp;
  let browser: Browser;
  let officer: AuthedUser;
  let member: Seated;
  let round: { id: string };
  let d1: BuiltDossier, d2: BuiltDossier;

  beforeAll(async () => {
    [served, browser] = await Promise.all([serveTestApp(), launchChromium()]);
    const sheetId = await publishTestSheet(served.ctx);
    officer = await asUser(served.app, served.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa });
    round = await createRound(served, officer, { name: 'Đợt chấm mất mạng (mẫu)' });
    d1 = await buildDossier(served.ctx, { sheetId });
    d2 = await buildDossier(served.ctx, { sheetId });
    member = (await formCouncil(served, officer, round.id, ['chair', 'member', 'secretary']))[1]!;
    const inject = (url: string) => served.app.inject({ method: 'POST', url, headers: officer.headers(), payload: {} });
    expect((await inject(`/api/v1/rounds/${round.id}/assignments`)).statusCode).toBe(200);
    expect((await inject(`/api/v1/rounds/${round.id}/open`)).statusCode).toBe(200);
  });
  afterAll(async () => { await browser?.close(); await served?.close(); });

  const scoreUrl = (d: BuiltDossier) => `/admin/rounds/${round.id}/dossiers/${d.id}/score`;
  const autosave = (d: BuiltDossier) => `**${scoreUrl(d)}/autosave`;
  const serverSheet = async (d: BuiltDossier) =>
    json(await served.app.inject({ method: 'GET', url: `/api/v1/rounds/${round.id}/dossiers/${d.id}/sheet`, headers: member.user.headers() })) as
      { status: string; rowVersion: number; answers: { options: string[]; knockOuts: string[] } };
  const ready = (page: Page) => page.waitForFunction(() => document.querySelector<HTMLElement>('[data-module~="sheet-form"]')?.dataset.sheetFormInit === '1');
  const statusText = (page: Page) => page.locator('[data-save-status]').textContent();

  it('answers made offline survive a reload and are submitted with the rest', async () => {
    const { context, page, errors } = await openPageAs(browser, served, member.user);
    await page.goto(scoreUrl(d1));
    await ready(page);
    for (const code of ['A.1.1.o3', 'A.1.2.o3']) await page.check(`input[value="${code}"]`);
    await expect.poll(() => statusText(page), { timeout: 10_000 }).toContain('Đã lưu');
    expect((await serverSheet(d1)).answers.options).toEqual(expect.arrayContaining(['A.1.1.o3', 'A.1.2.o3']));

    // The network goes: the answers stay on the tablet and the status says how many wait.
    // The saves that fail on purpose (no network, then aborted): the browser logs each one.
    expectFailure(errors, /autosave|Failed to load resource: net::ERR_/);
    await context.setOffline(true);
    for (const code of ['A.2.1.o2', 'B.1.1.o3', 'C.1.1.o2']) await page.check(`input[value="${code}"]`);
    await expect.poll(() => statusText(page), { timeout: 10_000 }).toContain('Mất kết nối — 3 thay đổi đang chờ lưu');
    expect(await page.locator('[data-save-status]').getAttribute('aria-live')).toBe('polite');
    expect((await serverSheet(d1)).answers.options).not.toContain('B.1.1.o3');
    await screenshots(page, 'offline-scoring-1-waiting');

    // Back online but saves still fail; the page is reloaded: the offline answers come back.
    await page.route(autosave(d1), (route) => route.abort());
    await context.setOffline(false);
    await page.reload();
    await ready(page);
    for (const code of ['A.1.1.o3', 'A.1.2.o3', 'A.2.1.o2', 'B.1.1.o3', 'C.1.1.o2']) {
      expect(await page.locator(`input[value="${code}"]`).isChecked(), code).toBe(true);
    }
    await expect.poll(() => statusText(page), { timeout: 10_000 }).toContain('thay đổi đang chờ lưu');
    expect(await statusText(page)).toContain('Đã khôi phục');
    await screenshots(page, 'offline-scoring-2-restored');

    // Saves go through again: the retry saves the restored answers.
    await page.unroute(autosave(d1));
    await expect.poll(() => statusText(page), { timeout: 20_000 }).toContain('Đã lưu');
    expect((await serverSheet(d1)).answers.options).toEqual(expect.arrayContaining(['A.2.1.o2', 'B.1.1.o3', 'C.1.1.o2']));
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ocop:sheet-draft:')))).toEqual([]);

    await page.getByRole('button', { name: 'Nộp phiếu', exact: true }).click();
    await clickAndWait(page, page.locator('dialog[data-confirm-dialog]').getByRole('button', { name: 'Xác nhận nộp phiếu' }));
    expect(page.url()).toContain('done=submitted');
    const sheet = await serverSheet(d1);
    expect(sheet.status).toBe('submitted');
    expect([...sheet.answers.options].sort()).toEqual(['A.1.1.o3', 'A.1.2.o3', 'A.2.1.o2', 'B.1.1.o3', 'C.1.1.o2'].sort());
    await context.close();
  });

  it('a draft based on an older row version is dropped, never saved over the newer sheet', async () => {
    const { context, page, errors } = await openPageAs(browser, served, member.user);
    await page.goto(scoreUrl(d2));
    await ready(page);
    expectFailure(errors, /autosave|Failed to load resource: net::ERR_/);
    await page.route(autosave(d2), (route) => route.abort());
    await page.check('input[value="A.1.1.o3"]');
    await expect.poll(() => statusText(page), { timeout: 10_000 }).toContain('Mất kết nối — 1 thay đổi');
    // Meanwhile the sheet is saved elsewhere (another device): the server's row version moves on.
    const before = await serverSheet(d2);
    const put = await served.app.inject({ method: 'PUT', url: `/api/v1/rounds/${round.id}/dossiers/${d2.id}/sheet`, headers: member.user.headers(),
      payload: { answers: { options: ['A.1.1.o2'], knockOuts: [] }, rowVersion: before.rowVersion } });
    expect(put.statusCode, put.body).toBe(200);
    await page.unroute(autosave(d2));
    // The retry carries the old row version: refused, and the page says to reload.
    expectFailure(errors, /409/);
    await expect.poll(() => statusText(page), { timeout: 20_000 }).toContain('tải lại trang');
    expect(await page.locator('[data-save-status]').getAttribute('role')).toBe('alert');
    expect((await serverSheet(d2)).answers.options).toEqual(['A.1.1.o2']);
    // After a reload the newer server sheet wins and the old draft is dropped.
    await page.reload();
    await ready(page);
    expect(await page.locator('input[value="A.1.1.o2"]').isChecked()).toBe(true);
    expect(await statusText(page)).toContain('bản phiếu mới hơn');
    expect((await serverSheet(d2)).answers.options).toEqual(['A.1.1.o2']);
    await context.close();
  });
});
