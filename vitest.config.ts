import { defineConfig } from 'vitest/config';

/**
 * Test tiers (docs: engineering.md §9–10):
 * - unit: pure, colocated `src/**\/*.test.ts(x)`; no database.
 * - integration: db/service and http tests under `test/`; each file gets its own fresh database
 *   copied from one migrated snapshot (PGlite) or template (PostgreSQL, when DATABASE_URL is set),
 *   built once by test/setup/global-db.ts.
 * - e2e: Playwright + Debian Chromium under `test/e2e/`; one file at a time, long timeouts.
 *
 * `npm test` (vitest run) runs all three; `--project <name>` runs one.
 */

// Vite 8 transforms TS/JSX with oxc (the `esbuild` option is deprecated there).
const oxc = { jsx: { runtime: 'automatic' as const, importSource: 'preact' } };

const common = {
  environment: 'node' as const,
  // Every file gets a fresh module graph (and so its own database handle). Forks rather than
  // threads: the native modules (argon2, sharp) and PGlite's WASM heap are safest per process.
  pool: 'forks' as const,
  isolate: true,
  restoreMocks: true,
  unstubEnvs: true,
  // Every module's messages, as the composition root registers them at start.
  setupFiles: ['./src/modules/messages.ts'],
};

export default defineConfig({
  oxc,
  test: {
    // Two cores on CI: two workers. Override locally with VITEST_MAX_WORKERS.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS) || 2,
    projects: [
      {
        oxc,
        test: {
          ...common,
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}'],
          testTimeout: 10_000,
        },
      },
      {
        oxc,
        test: {
          ...common,
          name: 'integration',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/e2e/**', '**/node_modules/**'],
          globalSetup: ['test/setup/global-db.ts'],
          // A fresh database per file costs ~0.5 s (PGlite) on top of argon2 hashing.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        oxc,
        test: {
          ...common,
          name: 'e2e',
          include: ['test/e2e/**/*.test.{ts,tsx}'],
          // Every page of every test is checked for errors after it (test/setup/e2e-guards.ts).
          setupFiles: [...common.setupFiles, './test/setup/e2e-guards.ts'],
          globalSetup: ['test/setup/global-db.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
