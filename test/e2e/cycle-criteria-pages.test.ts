/**
 * The rulebook and idea/plan pages in a real browser: they render without script or resource
 * errors and axe finds no serious violations, for a national administrator and a producer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  expectAccessible, hasChromium, launchChromium, openPageAs, serveTestApp, submitRefused, type ServedApp,
} from '../helpers/e2e';
import { createTestUser } from '../helpers/users';
import { buildProducer } from '../helpers/builders';

describe.skipIf(!hasChromium())('rulebook and idea pages', () => {
  let s: ServedApp;
  let browser: Browser;
  beforeAll(async () => { [s, browser] = await Promise.all([serveTestApp(), launchChromium()]); });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('a national administrator reads the 2019 sheets', async () => {
    const { context, page, errors } = await openPageAs(browser, s, await createTestUser(s.deps, { role: 'national_admin' }));
    await page.goto('/admin/criteria');
    await expectAccessible(page, 'criteria versions');
    await page.goto('/admin/criteria/1048-2019');
    await expectAccessible(page, 'criteria sets');
    await page.goto('/admin/criteria/1048-2019/sets/1');
    expect(await page.locator('main').innerText()).toMatch(/Nguồn nguyên liệu/);
    await expectAccessible(page, 'scoring sheet');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a producer registers an idea through the form', async () => {
    const producer = await buildProducer(s.ctx);
    const { context, page, errors } = await openPageAs(browser, s, await createTestUser(s.deps, { role: 'producer', producerId: producer.id }));
    await page.goto('/admin/ideas/new');
    await expectAccessible(page, 'new idea form');
    await submitRefused(page, page.locator('form button[type=submit]').last());
    expect(await page.locator('.error-summary').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'new idea form with errors');
    await page.goto('/admin/ideas');
    await expectAccessible(page, 'ideas list');
    expect(errors).toEqual([]);
    await context.close();
  });
});
