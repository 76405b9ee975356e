/**
 * A large certified-products file crosses many 500-row statement batches in one transaction and
 * exports back whole. Timing is measured by `npm run bench`, not here.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshDeps, type TestDeps } from '../helpers/db';
import { systemCtx } from '../helpers/users';
import { runImport, formatOutcome } from '../../src/modules/imports/import.service';
import { exportData } from '../../src/modules/imports/export.service';
import { counts } from './fixtures/db';
import { certifiedCsv } from './fixtures/generate';

let deps: TestDeps;
beforeAll(async () => { deps = await freshDeps(); });
afterAll(() => deps.cleanup());

it('imports 3,000 certified-products rows across batches and exports them back', async () => {
  const data = certifiedCsv(3_000);
  const progress: number[] = [];
  const o = await runImport(systemCtx(deps), 'certified-products', { name: 'national.csv', data }, {
    onProgress: (done) => progress.push(done),
  });
  if (!o.ok) throw new Error(formatOutcome(o).slice(0, 2000));
  expect(o.summary).toMatchObject({ producersCreated: 1_500, productsCreated: 3_000, certificatesCreated: 3_000 });
  expect(progress[0]).toBe(0);
  expect(progress.at(-1)).toBe(3_000);
  expect(progress.every((d, i) => i === 0 || d >= progress[i - 1]!)).toBe(true);
  expect(await counts(deps)).toMatchObject({ producers: 1_500, products: 3_000, certificates: 3_000 });

  for (const format of ['csv', 'xlsx'] as const) {
    const out = await exportData(systemCtx(deps), 'certified-products', format);
    expect(out.body.length).toBeGreaterThan(3_000 * 40);
  }
}, 180_000);
