/**
 * The whole OCOP cycle in a real browser (evaluation issue, "done when"): a producer registers an
 * idea, files a business plan, self-assesses and submits a dossier; the commune forwards it; the
 * province receives it, opens a round and forms a council; three members score on tablets (one
 * re-scores after a spread flag); the secretary closes; a decision is approved; the certificate
 * PDF downloads and its QR leads to a "valid" verification page; the certificate is revoked and the
 * page says so. Steps run in order and share state; axe checks every page; SCREENSHOTS=1 keeps
 * a picture of each step in docs/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  clickAndWait, expectAccessible, hasChromium, launchChromium, openPageAs, openPublicPage, screenshots, serveTestApp, PHONE, type ServedApp, type SignedInPage,
} from '../helpers/e2e';
import { createTestUser, type TestUser } from '../helpers/users';
import { AREAS, buildProducer, buildProduct } from '../helpers/builders';
import { publishTestSheet, BEST_ANSWERS } from '../helpers/sheets';
import { PDF } from '../helpers/dossier-fixtures';

const TABLET = { width: 820, height: 1180 } as const;

describe.skipIf(!hasChromium())('the OCOP cycle from idea to certificate', () => {
  let s: ServedApp;
  let browser: Browser;
  const users: Record<string, TestUser> = {};
  const pages: Record<string, SignedInPage> = {};
  let productId = '';
  let dossierId = '';
  let roundUrl = '';
  let certificate = '';
  let verifyPage: Page | null = null;
  /** Session and cut-off a day ahead, so the dossier submitted today is in time. */
  const sessionDate = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

  /** A council member scores the dossier on a tablet: the best answers except these replacements, then submits. */
  async function score(who: string, replace: Record<string, string>, shot?: string) {
    const page = await as(who, TABLET);
    await page.goto(`${roundUrl}/dossiers/${dossierId}/score`);
    for (const code of BEST_ANSWERS) await page.locator(`input[value="${replace[code.replace(/\.o\d+$/, '')] ?? code}"]`).check();
    if (shot) {
      await expectAccessible(page, 'scoring on a tablet');
      await screenshots(page, shot);
    }
    // "Nộp phiếu" asks in a dialog first (issue 12).
    await page.getByRole('button', { name: 'Nộp phiếu', exact: true }).click();
    await clickAndWait(page, page.getByRole('button', { name: 'Xác nhận nộp phiếu' }));
    expect(await text(page), await page.locator('.error-summary, .notice').allInnerTexts().then((x) => x.join(' | '))).toMatch(/đã khóa/);
  }

  /** A signed-in page per user, kept across steps (phone-sized for the producer). */
  async function as(name: string, viewport: { width: number; height: number } = { width: 1280, height: 800 }): Promise<Page> {
    if (!pages[name]) {
      pages[name] = await openPageAs(browser, s, users[name]!);
      await pages[name].page.setViewportSize(viewport);
    }
    return pages[name].page;
  }
  /** Choose the option of a <select> whose text contains `label`. */
  async function choose(page: Page, select: string, label: string) {
    const value = await page.locator(select).locator('option', { hasText: label }).first().getAttribute('value');
    await page.locator(select).selectOption(value!);
  }
  const text = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

  beforeAll(async () => {
    [s, browser] = await Promise.all([serveTestApp(), launchChromium()]);
    await publishTestSheet(s.ctx);
    const producer = await buildProducer(s.ctx, { name: 'Hợp tác xã Ong mật Hàm Rồng', communeCode: AREAS.hamRong });
    productId = (await buildProduct(s.ctx, { producerId: producer.id, name: 'Mật ong hoa rừng Hàm Rồng' })).id;
    users.producer = await createTestUser(s.deps, { role: 'producer', producerId: producer.id, displayName: 'HTX Ong mật Hàm Rồng' });
    users.commune = await createTestUser(s.deps, { role: 'commune_officer', areaCode: AREAS.hamRong, displayName: 'Cán bộ phường Hàm Rồng' });
    users.province = await createTestUser(s.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, displayName: 'Cán bộ OCOP tỉnh Thanh Hóa' });
    for (const [key, name] of [['chair', 'Lê Văn Chủ Tịch'], ['member', 'Trần Thị Ủy Viên'], ['secretary', 'Phạm Văn Thư Ký']] as const) {
      users[key] = await createTestUser(s.deps, { role: 'council_member', areaCode: AREAS.thanhHoa, displayName: name });
    }
  }, 120_000);

  afterAll(async () => {
    for (const p of Object.values(pages)) await p.context.close();
    await browser?.close();
    await s?.close();
  });

  it('1. the producer registers a product idea and files a business plan; the commune accepts both', async () => {
    const page = await as('producer', PHONE);
    await page.goto('/admin/ideas/new');
    await page.getByLabel('Tên', { exact: false }).first().fill('Mật ong hoa rừng Hàm Rồng đóng chai 500 ml');
    await page.locator('#field-productSetCode').selectOption('4');
    await page.locator('#field-description').fill('Mật ong hoa rừng thu hoạch tại các trại ong của hợp tác xã.');
    await page.locator('#field-rawMaterials').fill('Mật ong từ 120 đàn ong của 14 hộ thành viên trong phường.');
    await page.locator('#field-expectedMarket').fill('Cửa hàng OCOP trong tỉnh, khách du lịch, sàn thương mại điện tử.');
    await page.locator('form button[type=submit]').last().click();
    await page.waitForURL(/\/admin\/ideas\/[0-9a-f-]{36}/);
    const ideaUrl = page.url();
    await clickAndWait(page, page.getByRole('button', { name: /Nộp/ }).first());
    expect(await text(page)).toMatch(/Đã nộp|Chờ xét/);

    const commune = await as('commune');
    await commune.goto(ideaUrl);
    await clickAndWait(commune, commune.getByRole('button', { name: 'Chấp nhận' }));
    expect(await text(commune)).toMatch(/Đã chấp nhận/);

    await page.goto(ideaUrl);
    await page.getByRole('link', { name: 'Nộp phương án sản xuất kinh doanh' }).click();
    for (const area of await page.locator('form textarea').all()) await area.fill('Nội dung phương án sản xuất kinh doanh của hợp tác xã (đủ chi tiết để xét duyệt).');
    await clickAndWait(page, page.getByRole('button', { name: /Lưu và nộp/ }));
    await commune.goto(ideaUrl);
    await clickAndWait(commune, commune.getByRole('button', { name: 'Chấp nhận' }).last());
    await page.goto(ideaUrl);
    await expectAccessible(page, 'idea with accepted plan');
    await screenshots(page, 'cycle-1-idea-plan');
  });

  it('2. the producer self-assesses on the sheet in force and sees what would raise the stars', async () => {
    const page = await as('producer', PHONE);
    await page.goto(`/admin/products/${productId}/self-assessment`);
    // Everything but the market criterion at its best: 75 points → 4★, and the market is the top suggestion.
    for (const code of BEST_ANSWERS.filter((c) => !c.startsWith('B.'))) await page.locator(`input[value="${code}"]`).check();
    await page.locator('input[value="B.1.1.o1"]').check();
    await clickAndWait(page, page.getByRole('button', { name: /Lưu/ }).first());
    const body = await text(page);
    expect(body).toMatch(/75/);
    expect(body).toMatch(/4 sao|4★/);
    expect(body).toMatch(/B\.1\.1|Thị trường tiêu thụ/);
    await expectAccessible(page, 'self-assessment');
    await screenshots(page, 'cycle-2-self-assessment');
  });

  it('3. the producer files a dossier, uploads the documents and submits it', async () => {
    const page = await as('producer', PHONE);
    await page.goto('/admin/dossiers/new');
    await page.locator('#field-productId').selectOption(productId);
    await page.locator('form button[type=submit]').last().click();
    await page.waitForURL(/\/admin\/dossiers\/[0-9a-f-]{36}/);
    dossierId = page.url().split('/').pop()!.split('?')[0]!;
    for (const form of await page.locator('form[enctype="multipart/form-data"]').all()) {
      const docType = await form.locator('input[name=docType]').getAttribute('value');
      if (!['registration_form', 'business_registration'].includes(docType ?? '')) continue;
      // Choosing the file sends it (one tap); the button is only for pages without script.
      await Promise.all([
        page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30_000 }),
        form.locator('input[type=file]').setInputFiles({ name: `${docType}.pdf`, mimeType: 'application/pdf', buffer: PDF }),
      ]);
      await page.waitForLoadState();
    }
    await page.goto(`/admin/dossiers/${dossierId}`);
    await clickAndWait(page, page.getByRole('button', { name: /^Nộp/ }));
    expect(await text(page)).toMatch(/Đã nộp/);
    await expectAccessible(page, 'submitted dossier');
    await screenshots(page, 'cycle-3-dossier-submitted');
  });

  it('4. the commune assesses and forwards the dossier; the province receives it', async () => {
    const commune = await as('commune');
    await commune.goto(`/admin/dossiers/${dossierId}`);
    for (const name of ['localOrigin', 'localLabour', 'localIdea', 'localIdentity']) {
      const control = commune.locator(`[name=${name}]`);
      if (await control.evaluate((el) => el.tagName) === 'SELECT') await control.selectOption({ index: 1 });
      else await control.check();
    }
    await commune.locator('[name=report]').fill('Nguyên liệu và lao động tại địa phương; ý tưởng của hợp tác xã; gắn với làng nghề nuôi ong.');
    await commune.locator('[name=samplesReceived]').check();
    await expectAccessible(commune, 'commune review');
    await screenshots(commune, 'cycle-4-commune-review');
    await clickAndWait(commune, commune.getByRole('button', { name: /Chuyển/ }));
    expect(await text(commune)).toMatch(/Xã đã chuyển lên tỉnh/);

    const province = await as('province');
    await province.goto(`/admin/dossiers/${dossierId}`);
    await clickAndWait(province, province.getByRole('button', { name: /Tiếp nhận/ }));
    expect(await text(province)).toMatch(/đã tiếp nhận/i);
    await expectAccessible(province, 'received dossier');
  });

  it('5. the province opens a round, forms a council of three and assigns the dossier', async () => {
    const province = await as('province');
    await province.goto('/admin/rounds/new');
    await province.locator('#field-name').fill('Đợt đánh giá OCOP tỉnh Thanh Hóa lần 2 năm 2026');
    await province.locator('#field-sessionDate').fill(sessionDate);
    await province.locator('#field-cutoffDate').fill(sessionDate);
    await province.getByRole('button', { name: 'Tạo đợt đánh giá' }).click();
    await province.waitForURL(/\/admin\/rounds\/[0-9a-f-]{36}/);
    roundUrl = new URL(province.url()).pathname;
    for (const [key, seat] of [['chair', 'chair'], ['member', 'member'], ['secretary', 'secretary']] as const) {
      await choose(province, '#field-userId', users[key]!.user.displayName!);
      await province.locator('#field-councilRole').selectOption(seat);
      await clickAndWait(province, province.getByRole('button', { name: 'Thêm thành viên' }));
    }
    await clickAndWait(province, province.getByRole('button', { name: 'Đưa các hồ sơ đã chọn vào đợt' }));
    await clickAndWait(province, province.getByRole('button', { name: 'Mở phiên chấm' }));
    const body = await text(province);
    for (const name of ['Lê Văn Chủ Tịch', 'Trần Thị Ủy Viên', 'Phạm Văn Thư Ký', 'Mật ong hoa rừng Hàm Rồng']) expect(body).toContain(name);
    await expectAccessible(province, 'round with council');
    await screenshots(province, 'cycle-5-round-council');
  });

  it('6. three members score on tablets; a spread over 10 points sends one back to re-score with a reason', async () => {
    await score('chair', { 'B.1.1': 'B.1.1.o2' }, 'cycle-6-scoring-tablet');   // 85
    await score('member', { 'B.1.1': 'B.1.1.o2' });                           // 85
    await score('secretary', { 'B.1.1': 'B.1.1.o1', 'A.1.2': 'A.1.2.o2' });   // 70: spread 15

    const chair = await as('chair');
    await chair.goto(roundUrl);
    expect(await text(chair)).toMatch(/3\/3/);
    const flagged = chair.locator('.council-rescore');
    await choose(chair, '.council-rescore [name=sheet]', 'Phạm Văn Thư Ký');
    await flagged.locator('[name=reason]').fill('Chênh lệch 15 điểm: thảo luận lại tiêu chí thị trường và tổ chức sản xuất.');
    await clickAndWait(chair, flagged.getByRole('button', { name: 'Yêu cầu chấm lại' }));
    expect(await text(chair)).toMatch(/2\/3/);

    await score('secretary', { 'B.1.1': 'B.1.1.o2' });                        // 85 after discussion
    await chair.goto(roundUrl);
    expect(await text(chair)).toMatch(/3\/3/);
    await expectAccessible(chair, 'secretary board');
  });

  it('7. the secretary closes the session: mean 85 → recognised 4★ at the province', async () => {
    const secretary = await as('secretary');
    await secretary.goto(roundUrl);
    await clickAndWait(secretary, secretary.getByRole('button', { name: 'Kết thúc phiên và tổng hợp kết quả' }));
    const body = await text(secretary);
    expect(body).toMatch(/85/);
    expect(body).toMatch(/4 sao|4★/);
    await expectAccessible(secretary, 'round results');
    await screenshots(secretary, 'cycle-7-round-closed');
  });

  it('8. the province drafts the recognition decision, approves it and publishes the results', async () => {
    const province = await as('province');
    await province.goto('/admin/decisions');
    await province.getByRole('link', { name: 'Dự thảo quyết định' }).first().click();
    await province.getByRole('link', { name: 'Đợt đánh giá OCOP tỉnh Thanh Hóa lần 2 năm 2026' }).click();
    await province.locator('#field-number').fill('1024/QĐ-UBND');
    await province.locator('#field-signerName').fill('Nguyễn Văn Ký');
    await province.locator('#field-signerTitle').fill('Phó Chủ tịch Ủy ban nhân dân tỉnh');
    await province.getByRole('button', { name: 'Tạo dự thảo' }).click();
    await province.waitForURL(/done=draft/);
    expect(await text(province)).toContain('Mật ong hoa rừng Hàm Rồng');
    await province.getByRole('button', { name: 'Phê duyệt và cấp giấy chứng nhận' }).first().click();
    await province.waitForURL(/done=approve/);
    await province.getByRole('button', { name: 'Công bố kết quả' }).click();
    await province.waitForURL(/done=publish/);
    certificate = (await province.locator('a', { hasText: /^OCOP-38-\d{4}-\d{5}$/ }).first().innerText()).trim();
    await expectAccessible(province, 'approved decision');
    await screenshots(province, 'cycle-8-decision-approved');

    // The producer now sees the result of the dossier, on its page and through the API.
    const producer = await as('producer', PHONE);
    const result = await producer.request.get(`/api/v1/dossiers/${dossierId}/result`);
    expect(result.status()).toBe(200);
    expect(await result.json()).toMatchObject({ recognisedStars: 4, certificateNumber: certificate });
    await producer.goto(`/admin/dossiers/${dossierId}`);
    const page = await text(producer);
    expect(page).toContain('Kết quả đánh giá, phân hạng');
    expect(page).toContain(certificate);
    await expectAccessible(producer, 'dossier with its result');
    await screenshots(producer, 'cycle-8-dossier-result');
  });

  it('9. the certificate PDF downloads; its QR address opens a "valid" verification page', async () => {
    const producer = await as('producer', PHONE);
    const pdf = await producer.request.get(`/api/v1/certificates/${certificate}/pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const bytes = (await pdf.body()).toString('latin1');
    expect(bytes.startsWith('%PDF-')).toBe(true);
    const qrTarget = `${s.baseUrl}/v/${certificate}`;
    expect(bytes).toContain(`/v/${certificate}`);

    const { page: scan } = await openPublicPage(browser, s, { viewport: PHONE });
    await scan.goto(qrTarget);
    expect(await scan.locator('[data-status]').getAttribute('data-status')).toBe('valid');
    expect(await scan.locator('main').innerText()).toContain('Mật ong hoa rừng Hàm Rồng');
    await expectAccessible(scan, 'verify valid');
    await screenshots(scan, 'cycle-9-verify-valid');
    verifyPage = scan;
  });

  it('10. the certificate is revoked with a reason and legal basis; the same page now says so', async () => {
    const province = await as('province');
    await province.goto(`/admin/certificates/${certificate}`);
    await province.locator('#field-reason').fill('Hậu kiểm: sản phẩm không duy trì chất lượng như hồ sơ đánh giá.');
    await province.locator('#field-legalBasis').fill('Điều 8 Quyết định 26/2026/QĐ-TTg');
    await province.getByRole('button', { name: 'Thu hồi giấy chứng nhận' }).click();
    await province.waitForURL(/done=revoked/);
    await verifyPage!.reload();
    expect(await verifyPage!.locator('[data-status]').getAttribute('data-status')).toBe('revoked');
    expect(await verifyPage!.locator('main').innerText()).toMatch(/thu hồi/i);
    await expectAccessible(verifyPage!, 'verify revoked');
    await screenshots(verifyPage!, 'cycle-10-verify-revoked');
    const api = await verifyPage!.request.get(`/api/v1/verify/${certificate}`);
    expect(await api.json()).toMatchObject({ status: 'revoked', certificate: { number: certificate } });
    await verifyPage!.context().close();
  });
});
