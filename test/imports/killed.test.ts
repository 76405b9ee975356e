/**
 * A killed import leaves nothing: a child process imports 20,000 certified products into a
 * file-based PGlite data dir and is SIGKILLed in the middle of the write transaction; the data
 * dir, reopened, holds no producer, product, decision or certificate of that import.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { prepare } from '../../src/bootstrap';
import { readEnv } from '../../src/config/env';
import { makeCtx, systemActor, type Deps } from '../../src/context';
import { failInterruptedJobs } from '../../src/modules/imports/import.service';
import { counts, query } from './fixtures/db';
import { sql } from 'drizzle-orm';
import { ROOT } from '../../src/paths';

let dir: string | null = null;
let deps: Deps | null = null;
afterAll(async () => {
  await deps?.database.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('SIGKILL during the write transaction leaves no half state', async () => {
  dir = await mkdtemp(join(tmpdir(), 'ocop-kill-'));
  // `node --import tsx` runs the script in this one process (the tsx CLI would fork a grandchild
  // that a SIGKILL of the CLI does not reach).
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/imports/fixtures/kill-child.ts'), dir, '20000'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '' },
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  const seen: string[] = [];
  const killedAt = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (c: Buffer) => {
      buffer += c.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        seen.push(line);
        const m = /^WRITING (\d+)\/(\d+)$/.exec(line);
        // Kill deep into the write (producers and products written, certificates under way).
        if (m && Number(m[1]) >= 0.7 * Number(m[2])) {
          child.kill('SIGKILL');
          resolve(line);
        }
        if (line.startsWith('DONE')) reject(new Error('the import finished before it could be killed'));
      }
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited (${code}) before the kill: ${seen.join(' | ')} ${stderr}`));
    });
  });
  await new Promise((r) => (child.exitCode !== null || child.signalCode ? r(null) : child.once('exit', r)));
  expect(killedAt).toMatch(/^WRITING \d+\/20000$/);
  expect(child.signalCode).toBe('SIGKILL');

  const env = readEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', OCOP_DATA_DIR: dir });
  deps = await prepare({ env: { ...env, DATABASE_URL: undefined }, database: { dataDir: dir } });
  const c = await counts(deps);
  expect({ producers: c.producers, products: c.products, decisions: c.decisions, certificates: c.certificates, importAudit: c.importAudit })
    .toEqual({ producers: 0, products: 0, decisions: 0, certificates: 0, importAudit: 0 });
  const jobs = () => query<{ status: string; processed_rows: number; errors: { field: string; message: string }[] }>(
    deps!, sql`select status, processed_rows, errors from import_jobs`);
  // The job row was written before the transaction: it is left "importing"…
  expect(await jobs()).toEqual([{ status: 'importing', processed_rows: 0, errors: [] }]);
  // …until the next start marks it failed, saying nothing was written.
  expect(await failInterruptedJobs(makeCtx(deps, { actor: systemActor('test'), locale: 'en' }))).toBe(1);
  expect(await jobs()).toEqual([{ status: 'failed', processed_rows: 0, errors: [expect.objectContaining({ field: 'file', message: expect.stringMatching(/nothing was written/) })] }]);
}, 180_000);
