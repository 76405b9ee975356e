/** The sheet scorers see (criteria.service scoringSheet): the published tree, with its rulebook's star bands. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, json, type TestApp } from '../helpers/app';
import { makeCtx } from '../../src/context';
import * as repo from '../../src/modules/criteria/criteria.repository';
import { scoringSheet } from '../../src/modules/criteria/criteria.service';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(() => t.close());

describe('scoringSheet', () => {
  it('is the revision\'s tree as the public sheet shows it, with the star bands', async () => {
    const ctx = makeCtx(t.deps);
    const published = json(await t.app.inject({ url: '/api/v1/criteria/1048-2019/sets/1' }));
    const tree = await repo.loadTree(ctx, published.id);
    const { sheet, bands, minStars } = await scoringSheet(ctx, published.id, tree);
    expect(sheet).toMatchObject({ id: published.id, version: '1048-2019', revision: published.revision, totalPoints: published.totalPoints, productSet: { code: '1', name: '' } });
    expect(sheet.parts).toEqual(published.parts);
    expect(bands.length).toBeGreaterThan(0);
    expect(minStars).toBe(3);
  });
});
