/**
 * The layering rules of .dependency-cruiser.cjs each fail on a deliberate violation.
 *
 * Every folder under test/lint/fixtures/ is a tiny project with its own `src/` tree; dependency-
 * cruiser runs on it through its JS API with the repository's rule set and options, from the
 * fixture's root (so the rules' `^src/…` paths match), exactly as `depcruise src` runs on the real
 * tree. `clean` uses every allowed direction and must yield nothing; every other fixture must yield
 * exactly the violations listed here (rule, from, to).
 *
 * The fixtures are valid TypeScript (tsc and eslint check them like any test file); they are never
 * imported at run time.
 */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { cruise, type ICruiseOptions, type ICruiseResult, type IFlattenedRuleSet } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs') as { forbidden: IFlattenedRuleSet['forbidden']; options: ICruiseOptions };
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

type Violation = [rule: string, from: string, to: string];

/** The violations of one fixture, sorted; npm targets shortened to `node_modules/<path in package>`. */
async function violationsOf(fixture: string): Promise<Violation[]> {
  // The config's tsConfig names the repository's tsconfig.json; the fixtures need no path mapping.
  const { tsConfig: _tsConfig, ...options } = config.options;
  const result = await cruise(['src'], {
    ...options,
    baseDir: path.join(FIXTURES, fixture),
    validate: true,
    ruleSet: { forbidden: config.forbidden },
  });
  const output = result.output as ICruiseResult;
  return output.summary.violations
    .map((v): Violation => [v.rule.name, v.from, v.to.replace(/^.*node_modules\//, 'node_modules/')])
    .sort((a, b) => a.join(' ').localeCompare(b.join(' ')));
}

describe('the layering rules (.dependency-cruiser.cjs)', () => {
  it('declare every rule this test breaks', () => {
    const names = config.forbidden!.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining([
      'unknown-module', 'module-registry', 'no-circular', 'domain-is-pure', 'core-is-low', 'web-imports-no-module',
      'schema-index-reads-tables-only', 'drizzle-only-in-data-layer', 'pages-and-routes-call-services', 'composition-root-only',
    ]));
  });

  it('pass a tree that uses every allowed direction (incl. tables across modules, a type-only cycle, node built-ins in domain, drizzle in tables/repositories/db)', async () => {
    expect(await violationsOf('clean')).toEqual([]);
  });

  it('allow importing another module\'s *.tables.ts (the shared schema)', async () => {
    expect(await violationsOf('tables-exempt')).toEqual([]);
  });

  it('module-<name>: a module imports only the modules the map lists', async () => {
    expect(await violationsOf('module-dag')).toEqual([
      ['module-registry', 'src/modules/registry/registry.service.ts', 'src/modules/identity/identity.service.ts'],
    ]);
  });

  it('unknown-module: every folder under src/modules is declared', async () => {
    expect(await violationsOf('unknown-module')).toEqual([
      ['unknown-module', 'src/app.ts', 'src/modules/widgets/widgets.service.ts'],
    ]);
  });

  it('no-circular: no file imports itself through others', async () => {
    expect(await violationsOf('no-circular')).toEqual([
      ['no-circular', 'src/modules/audit/audit.format.ts', 'src/modules/audit/audit.service.ts'],
    ]);
  });

  it('domain-is-pure: src/domain imports nothing outside itself, npm packages included', async () => {
    expect(await violationsOf('domain-is-pure')).toEqual([
      ['domain-is-pure', 'src/domain/eligibility.ts', 'src/core/roles.ts'],
      ['domain-is-pure', 'src/domain/stars.ts', expect.stringMatching(/^node_modules\/zod\//)],
    ]);
  });

  it('core-is-low: src/core and src/errors.ts import no web, files or module code', async () => {
    expect(await violationsOf('core-is-low')).toEqual([
      ['core-is-low', 'src/core/i18n.ts', 'src/web/layout.tsx'],
      ['core-is-low', 'src/errors.ts', 'src/modules/audit/audit.service.ts'],
    ]);
  });

  it('web-imports-no-module: src/web and src/files import no feature module', async () => {
    expect(await violationsOf('web-imports-no-module')).toEqual([
      ['web-imports-no-module', 'src/files/store.ts', 'src/modules/registry/registry.service.ts'],
      ['web-imports-no-module', 'src/web/nav.tsx', 'src/modules/registry/registry.service.ts'],
    ]);
  });

  it('drizzle-only-in-data-layer: no drizzle-orm in services or web', async () => {
    expect(await violationsOf('drizzle')).toEqual([
      ['drizzle-only-in-data-layer', 'src/modules/registry/registry.service.ts', expect.stringMatching(/^node_modules\/drizzle-orm\//)],
      ['drizzle-only-in-data-layer', 'src/web/stats.tsx', expect.stringMatching(/^node_modules\/drizzle-orm\//)],
    ]);
  });

  it('pages-and-routes-call-services: routes and views import no repository or tables', async () => {
    expect(await violationsOf('pages-and-routes')).toEqual([
      ['pages-and-routes-call-services', 'src/modules/registry/registry.routes.ts', 'src/modules/registry/registry.repository.ts'],
      ['pages-and-routes-call-services', 'src/modules/registry/registry.view.tsx', 'src/modules/registry/registry.tables.ts'],
    ]);
  });

  it('composition-root-only: only the composition root imports src/modules/index.ts', async () => {
    expect(await violationsOf('composition-root')).toEqual([
      ['composition-root-only', 'src/modules/registry/registry.service.ts', 'src/modules/index.ts'],
    ]);
  });

  it('schema-index-reads-tables-only: src/db/schema.ts gathers tables and nothing else', async () => {
    expect(await violationsOf('schema-index')).toEqual([
      ['schema-index-reads-tables-only', 'src/db/schema.ts', 'src/modules/registry/registry.service.ts'],
    ]);
  });
});
