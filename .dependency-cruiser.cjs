/**
 * The layering of src/ (docs/ARCHITECTURE.md "Module map"), enforced by `npm run lint`.
 * test/lint/layering.test.ts runs these rules on fixtures that break each one.
 *
 * Layers, bottom up: src/domain (pure rules) → src/core (roles, actor, i18n mechanism, row scopes;
 * with src/context.ts and src/errors.ts) → src/db, src/files, src/web → feature modules → the
 * composition root (src/app.ts, src/cli.ts, src/bootstrap.ts, src/modules/index.ts,
 * src/modules/messages.ts), which alone may import any module.
 *
 * Feature modules form a DAG declared below: a module imports only the modules it lists. A module's
 * `*.tables.ts` are the schema (one graph by nature: foreign keys point every way), so reading
 * another module's tables in a repository does not count as a dependency on that module.
 */
const MODULES = {
  audit: [],
  mail: [],
  registry: ['audit'],
  identity: ['audit', 'registry', 'mail'],
  criteria: ['audit', 'identity', 'registry'],
  cycle: ['audit', 'identity', 'registry'],
  dossier: ['audit', 'identity', 'registry', 'criteria'],
  council: ['audit', 'identity', 'registry', 'criteria', 'dossier'],
  certification: ['audit', 'identity', 'registry', 'criteria', 'dossier', 'council', 'mail'],
  stamps: ['audit', 'identity', 'registry', 'certification'],
  imports: ['audit', 'identity', 'registry', 'criteria', 'certification'],
  reports: ['audit', 'identity', 'registry'],
  targets: ['audit', 'identity', 'registry', 'reports'],
  outlets: ['audit', 'identity', 'registry', 'reports'],
  training: ['audit', 'identity', 'registry', 'outlets'],
  support: ['audit', 'identity', 'registry', 'reports'],
  inspections: ['audit', 'identity', 'registry', 'reports', 'certification'],
  portal: ['audit', 'registry', 'certification', 'outlets', 'imports', 'promo'],
  promo: ['audit', 'identity', 'registry'],
  trade: ['audit', 'identity', 'registry', 'mail', 'portal', 'promo'],
  verify: ['audit', 'identity', 'registry', 'certification', 'stamps', 'portal'],
  dashboard: ['audit', 'identity', 'registry', 'reports', 'certification', 'targets', 'dossier'],
  notices: ['audit', 'identity', 'registry', 'certification', 'mail'],
  market: ['audit', 'identity', 'registry', 'mail', 'portal'],
  trace: ['audit', 'identity', 'registry', 'mail', 'certification', 'portal', 'stamps'],
  ops: ['audit', 'identity', 'registry', 'criteria', 'imports', 'inspections', 'outlets', 'support', 'targets', 'training', 'verify', 'portal', 'certification', 'stamps', 'cycle', 'dossier', 'council', 'market', 'trade', 'promo', 'trace'],
};

// The declared map must itself be acyclic (so "no cycles between modules" holds by construction).
(function assertAcyclic() {
  const state = {};
  const visit = (m, path) => {
    if (!(m in MODULES)) throw new Error(`module map: unknown module "${m}" (from ${path.join(' → ')})`);
    if (state[m] === 'done') return;
    if (state[m] === 'open') throw new Error(`module map has a cycle: ${[...path, m].join(' → ')}`);
    state[m] = 'open';
    for (const d of MODULES[m]) visit(d, [...path, m]);
    state[m] = 'done';
  };
  for (const m of Object.keys(MODULES)) visit(m, []);
})();

const TABLES = '\\.tables\\.ts$';
const COMPOSITION = '^src/(app|cli|bootstrap)\\.ts$|^src/modules/(index|messages)\\.ts$';

const moduleRules = Object.entries(MODULES).map(([name, deps]) => ({
  name: `module-${name}`,
  comment: `${name} may import only: ${deps.join(', ') || 'no other module'} (tables aside)`,
  severity: 'error',
  from: { path: `^src/modules/${name}/` },
  to: { path: '^src/modules/[^/]+/', pathNot: [`^src/modules/(${[name, ...deps].join('|')})/`, TABLES] },
}));

module.exports = {

  forbidden: [
    {
      name: 'unknown-module',
      comment: 'every folder under src/modules is declared in the module map',
      severity: 'error',
      from: {},
      to: { path: `^src/modules/(?!(${Object.keys(MODULES).join('|')})/)[^/]+/` },
    },
    ...moduleRules,
    {
      name: 'no-circular',
      comment: 'no file imports itself through others',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'domain-is-pure',
      comment: 'src/domain imports nothing outside itself (npm packages included)',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'core-is-low',
      comment: 'src/core, src/context.ts and src/errors.ts import only domain, db types and core',
      severity: 'error',
      from: { path: '^src/core/|^src/(context|errors)\\.ts$' },
      to: { path: '^src/(modules|web|files)/' },
    },
    {
      name: 'web-imports-no-module',
      comment: 'src/web is the toolkit of pages and HTTP; modules build on it, never the reverse',
      severity: 'error',
      from: { path: '^src/(web|files|db)/', pathNot: '^src/db/schema\\.ts$' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'schema-index-reads-tables-only',
      comment: 'the schema index gathers the tables and nothing else of the modules',
      severity: 'error',
      from: { path: '^src/db/schema\\.ts$' },
      to: { path: '^src/modules/', pathNot: TABLES },
    },
    {
      name: 'drizzle-only-in-data-layer',
      comment: 'queries are built only in repositories, tables and src/db',
      severity: 'error',
      from: { path: '^src/', pathNot: ['\\.(repository|tables)\\.ts$', '^src/db/', '\\.test\\.tsx?$'] },
      to: { path: 'node_modules/drizzle-orm/' },
    },
    {
      name: 'pages-and-routes-call-services',
      comment: 'routes and pages never import repositories (or tables): they call services',
      severity: 'error',
      from: { path: '\\.(routes|pages|page|view)\\.tsx?$' },
      to: { path: '\\.(repository|tables)\\.ts$' },
    },
    {
      name: 'composition-root-only',
      comment: 'only the composition root imports the module registry and the messages registration',
      severity: 'error',
      from: { pathNot: COMPOSITION },
      to: { path: '^src/modules/(index|messages)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.tsx?$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
    moduleSystems: ['es6'],
  },
};
