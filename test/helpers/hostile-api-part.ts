/**
 * One part of the OpenAPI document's operations, fuzzed (docs/decisions/044-hostile-input-suite.md):
 * the operations are dealt into API_PARTS parts, one test file each, so vitest's workers run them
 * side by side. Each operation is fuzzed as anonymous and as each role with malformed values per
 * parameter type (path, query, headers, JSON and multipart bodies); never a 5xx, refusals in the
 * error vocabulary, and no refusal changes the database. A failure names its seed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiOperations, shard } from './hostile-openapi';
import { HostileRun } from './hostile-runner';
import { hostileWorld, type HostileWorld } from './hostile-seed';

export const API_PARTS = 3;

/** Registers the test of part `part` (1-based) in the calling file. */
export function fuzzApiPart(part: number, file: string): void {
  let world: HostileWorld;
  beforeAll(async () => { world = await hostileWorld(); }, 120_000);
  afterAll(() => world?.close());

  it(`operations of the OpenAPI document, part ${part} of ${API_PARTS}`, async () => {
    const run = new HostileRun(world, file);
    const ops = apiOperations(world.app);
    expect(ops.length).toBeGreaterThan(250);
    await run.fuzz(shard(ops, part - 1, API_PARTS));
    console.log(run.summary());
    expect(run.report()).toBe('');
  }, 300_000);
}
