/**
 * The hostile-input suite (docs/decisions/044-hostile-input-suite.md), part 3 of 3 of the OpenAPI
 * document's operations: each fuzzed as anonymous and as each role with malformed values per
 * parameter type (path, query, headers, JSON and multipart bodies); never a 5xx, refusals in the
 * error vocabulary, and no refusal changes the database. A failure names its seed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiOperations, shard } from '../helpers/hostile-openapi';
import { HostileRun } from '../helpers/hostile-runner';
import { hostileWorld, type HostileWorld } from '../helpers/hostile-seed';

let world: HostileWorld;
beforeAll(async () => { world = await hostileWorld(); }, 120_000);
afterAll(() => world?.close());

it('operations of the OpenAPI document, part 3 of 3', async () => {
  const run = new HostileRun(world, 'test/hostile/api-3.test.ts');
  const ops = apiOperations(world.app);
  expect(ops.length).toBeGreaterThan(250);
  await run.fuzz(shard(ops, 2, 3));
  console.log(run.summary());
  expect(run.report()).toBe('');
}, 300_000);
