/**
 * The hostile-input suite (docs/decisions/044-hostile-input-suite.md): the HTML form routes, which
 * the OpenAPI document does not list. Their fields are read from the forms the pages render; each
 * route is posted url-encoded (and now and then multipart) as anonymous and as each role, with the
 * session cookie and the form's token (sometimes a wrong or missing one), with malformed values.
 * The pages themselves (GET) get hostile path parameters, filters, paging and search. Never a 5xx;
 * a redirect stays on this site; no refusal changes the database.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { discoverForms } from '../helpers/hostile-forms';
import { formOperations, pageOperations } from '../helpers/hostile-openapi';
import { HostileRun } from '../helpers/hostile-runner';
import { hostileWorld, type HostileWorld } from '../helpers/hostile-seed';

let world: HostileWorld;
beforeAll(async () => { world = await hostileWorld(); }, 120_000);
afterAll(() => world?.close());

it('HTML form routes, with the fields their pages show, and the pages', async () => {
  const ops = formOperations(world.app);
  expect(ops.length).toBeGreaterThan(100);
  const fields = await discoverForms(world, ops);
  // Most form routes are found on a page (the others get a dozen names of the fields seen anywhere).
  expect(fields.matched).toBeGreaterThan(ops.length / 2);
  // Fewer requests per route than the API's: the services behind the forms are the API's, fuzzed there.
  const run = new HostileRun(world, 'test/hostile/forms.test.ts', { admitted: 3, denied: 1 });
  await run.fuzz(ops, { fieldsOf: fields.of });
  // And the pages themselves (GET): hostile path parameters, filters, paging and search.
  const pages = pageOperations(world.app);
  expect(pages.length).toBeGreaterThan(100);
  await run.fuzz(pages, { runs: { admitted: 1, denied: 1 } });
  console.log(`${run.summary()}; forms read from ${fields.pages} pages, ${fields.matched} of ${ops.length} routes matched`);
  expect(run.report()).toBe('');
}, 300_000);
