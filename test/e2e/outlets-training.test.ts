/**
 * Points of sale and training in a real browser on a phone (skipped without Chromium): a
 * province officer registers an outlet (after a validation error), adds a certified product to
 * it, and the public product page then lists the outlet under "where to buy"; then creates a
 * course, adds a session and a participant and marks attendance in the grid (plain form posts).
 * An edit form saved after someone else saved the same record shows the conflict message and
 * saves nothing (versions). No serious axe violations, no page errors. With SCREENSHOTS=1 the pages are saved under
 * docs/screenshots/outlets-*.png and training-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectAccessible, hasChromium, launchChromium, openPageAs, PHONE, screenshots, serveTestApp, submitRefused, type ServedApp } from '../helpers/e2e';
import { asUser, json } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { certifyProducts } from '../helpers/stamps-fixtures';
import { makeCtx } from '../../src/context';
import { getPublicProduct } from '../../src/modules/portal/catalogue.service';

describe.skipIf(!hasChromium())('points of sale and training pages', () => {
  let s: ServedApp;
  let browser: Browser;
  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp({ clock: () => new Date('2026-07-02T03:00:00Z') }), launchChromium()]);
  });
  afterAll(async () => { await browser?.close(); await s?.close(); });

  it('register an outlet → add a certified product → where to buy; a course with a session, a participant and attendance', async () => {
    const officer = await asUser(s.app, s.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, displayName: 'Cán bộ tỉnh Thanh Hóa' });
    const [certified] = await certifyProducts(s, officer, [{ mean: 72.5 }]);
    const product = await getPublicProduct(makeCtx(s.deps), certified!.productId);
    const { page, errors } = await openPageAs(browser, s, officer);
    await page.setViewportSize(PHONE);

    // ---- points of sale ----
    await page.goto('/admin/outlets');
    await expectAccessible(page, 'outlets list (phone)');
    await screenshots(page, 'outlets-1-list');
    await page.getByRole('link', { name: 'Thêm điểm bán' }).click();
    await page.waitForURL(/\/admin\/outlets\/new$/);
    await page.fill('#field-website', 'ocop-thanhhoa.vn');
    await submitRefused(page, page.getByRole('button', { name: 'Thêm điểm bán' }));
    const summary = await page.locator('.error-summary').textContent();
    expect(summary).toContain('Tên điểm bán');
    expect(summary).toContain('Trang web phải bắt đầu bằng http:// hoặc https://');
    await expectAccessible(page, 'outlet form with errors');
    await screenshots(page, 'outlets-2-form-errors');
    await page.fill('#field-name', 'Trung tâm OCOP Hàm Rồng');
    await page.selectOption('#field-kind', 'ocop_centre');
    await page.selectOption('#field-communeCode', AREAS.hamRong);
    await page.fill('#field-address', '25 Nguyễn Trãi');
    await page.fill('#field-openedOn', '2026-06-15');
    await page.fill('#field-website', 'https://ocop-thanhhoa.example.vn');
    await page.fill('#field-phone', '0237 3852 123');
    await page.getByRole('button', { name: 'Thêm điểm bán' }).click();
    await page.waitForURL(/\/admin\/outlets\/[0-9a-f-]+\?done=created/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Trung tâm OCOP Hàm Rồng');
    await page.getByRole('button', { name: `Thêm vào điểm bán ${product.name}` }).click();
    await page.waitForURL(/done=added/);
    await expect(page.locator('#products-h').textContent()).resolves.toContain('(1)');
    await expectAccessible(page, 'outlet with a product (phone)');
    await screenshots(page, 'outlets-3-detail');
    const outletUrl = new URL(page.url()).pathname;

    // The public product page lists it under "where to buy".
    await page.goto(product.url);
    const where = page.locator('.outlet-list');
    await expect(where.textContent()).resolves.toContain('Trung tâm OCOP Hàm Rồng');
    await expect(where.textContent()).resolves.toContain('25 Nguyễn Trãi');

    // Someone else saves the outlet while this officer has its edit form open: the stale save is refused.
    const outletApi = `/api/v1/outlets/${outletUrl.split('/').pop()}`;
    const api = (method: 'GET' | 'PATCH', url: string, payload?: object) => s.app.inject({ method, url, headers: officer.headers(), ...(payload ? { payload } : {}) });
    await page.goto(`${outletUrl}/edit`);
    const seen = json(await api('GET', outletApi));
    expect((await api('PATCH', outletApi, { address: '27 Nguyễn Trãi', version: seen.version })).statusCode).toBe(200);
    await page.fill('#field-name', 'Trung tâm OCOP Hàm Rồng (sửa)');
    await submitRefused(page, page.getByRole('button', { name: 'Lưu điểm bán' }));
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Điểm bán vừa được người khác sửa');
    await expectAccessible(page, 'outlet form with a conflict');
    expect(json(await api('GET', outletApi))).toMatchObject({ name: 'Trung tâm OCOP Hàm Rồng', address: '27 Nguyễn Trãi' });

    // ---- training ----
    await page.goto('/admin/training');
    await expectAccessible(page, 'training list (phone)');
    await page.getByRole('link', { name: 'Tạo lớp tập huấn' }).click();
    await page.waitForURL(/\/admin\/training\/new$/);
    await page.fill('#field-title', 'Xây dựng câu chuyện sản phẩm OCOP');
    await page.fill('#field-framework', 'Chương trình OCOP tỉnh Thanh Hóa 2026–2030');
    await page.fill('#field-startsOn', '2026-07-01');
    await page.fill('#field-endsOn', '2026-07-03');
    await page.fill('#field-trainer', 'ThS. Lê Thị Hoa');
    await page.fill('#field-venue', 'Hội trường phường Hàm Rồng');
    await page.getByRole('button', { name: 'Tạo lớp tập huấn' }).click();
    await page.waitForURL(/\/admin\/training\/[0-9a-f-]+\?done=created/);

    // A session outside the course is refused, then one inside.
    await page.fill('#field-heldOn', '2026-07-05');
    await page.fill('#field-topic', 'Câu chuyện sản phẩm');
    await submitRefused(page, page.getByRole('button', { name: 'Thêm buổi học' }));
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Ngày học phải nằm trong thời gian của lớp');
    await page.fill('#field-heldOn', '2026-07-01');
    await page.fill('#field-hours', '4');
    await page.getByRole('button', { name: 'Thêm buổi học' }).click();
    await page.waitForURL(/done=session/);

    // A participant from a producer of the province (the name defaults to its representative).
    const producerOption = await page.locator('#field-producerId option').nth(1).getAttribute('value');
    await page.selectOption('#field-producerId', producerOption!);
    await page.fill('#field-fullName', 'Lê Văn Mật');
    await page.fill('#field-position', 'Giám đốc hợp tác xã');
    await page.getByRole('button', { name: 'Thêm học viên' }).click();
    await page.waitForURL(/done=participant/);

    // Attendance in the grid.
    await page.getByLabel('Lê Văn Mật có mặt buổi 01/07/2026').check();
    await page.getByRole('button', { name: 'Lưu điểm danh' }).click();
    await page.waitForURL(/done=attendance/);
    expect(await page.getByLabel('Lê Văn Mật có mặt buổi 01/07/2026').isChecked()).toBe(true);
    const stats = await page.locator('.stat-grid').textContent();
    expect(stats).toContain('100');
    expect(stats).toContain('1/1');
    await expectAccessible(page, 'course with attendance (phone)');
    await screenshots(page, 'training-1-course');

    // A stale course form is refused the same way; after a reload the edit saves.
    const courseUrl = new URL(page.url()).pathname;
    await page.goto(`${courseUrl}/edit`);
    const course = json(await api('GET', `/api/v1/training/courses/${courseUrl.split('/').pop()}`));
    expect((await api('PATCH', `/api/v1/training/courses/${course.id}`, { venue: 'Nhà văn hóa phường', version: course.version })).statusCode).toBe(200);
    await page.fill('#field-trainer', 'TS. Nguyễn Văn Hùng');
    await submitRefused(page, page.getByRole('button', { name: 'Lưu lớp tập huấn' }));
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Lớp tập huấn vừa được người khác sửa');
    await page.goto(`${courseUrl}/edit`);
    await page.fill('#field-trainer', 'TS. Nguyễn Văn Hùng');
    await page.getByRole('button', { name: 'Lưu lớp tập huấn' }).click();
    await page.waitForURL(/done=saved/);
    expect(json(await api('GET', `/api/v1/training/courses/${course.id}`))).toMatchObject({ trainer: 'TS. Nguyễn Văn Hùng', venue: 'Nhà văn hóa phường' });
    await page.goto('/admin/training');
    await screenshots(page, 'training-2-list');
    expect(errors).toEqual([]);
  }, 90_000);
});
