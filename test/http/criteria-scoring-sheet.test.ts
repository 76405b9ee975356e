/** The sheet scorers see (criteria.service sheetForScoring): the published tree, with its rulebook's star bands. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, json, type TestApp } from '../helpers/app';
import { makeCtx } from '../../src/context';
import { sheetForScoring } from '../../src/modules/criteria/criteria.service';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(() => t.close());

describe('sheetForScoring', () => {
  it('is the revision\'s tree as the public sheet shows it, with the star bands', async () => {
    const ctx = makeCtx(t.deps);
    const published = json(await t.app.inject({ url: '/api/v1/criteria/1048-2019/sets/1' }));
    const { sheet, starBands, minCertifiableStars } = await sheetForScoring(ctx, published.id);
    expect(sheet).toMatchObject({ id: published.id, version: '1048-2019', revision: published.revision, totalPoints: published.totalPoints, productSet: { code: '1' } });
    expect(sheet.parts).toEqual(published.parts);
    expect(starBands.length).toBeGreaterThan(0);
    expect(minCertifiableStars).toBe(3);
  });

  it('answers not_found for an unknown revision', async () => {
    await expect(sheetForScoring(makeCtx(t.deps), '00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
  });
});
