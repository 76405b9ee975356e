import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile, open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_EXTENSIONS } from '../../db/client';
import type { Deps } from '../../context';
import type { Env } from '../../config/env';
import { AppError } from '../../errors';

const run = promisify(execFile);

/**
 * Whole-database backup. PGlite: a gzipped tarball of the data directory (PGlite's own dump
 * format). PostgreSQL: a pg_dump custom-format archive (needs pg_dump on the PATH).
 */
export async function backupDatabase(deps: Deps, file: string): Promise<string> {
  const target = resolve(file);
  const { database } = deps;
  if (database.pglite) {
    const dump = await database.pglite.dumpDataDir('gzip');
    await writeFile(target, Buffer.from(await dump.arrayBuffer()));
    return target;
  }
  await pgTool('pg_dump', ['--format=custom', '--no-owner', `--file=${target}`, `--dbname=${database.url}`]);
  return target;
}

async function head(file: string, n: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    await fh.read(buf, 0, n, 0);
    return buf;
  } finally {
    await fh.close();
  }
}

/** Restore replaces the whole database. The PGlite data dir being replaced is kept aside. */
export async function restoreDatabase(env: Env, file: string): Promise<void> {
  const source = resolve(file);
  if (!existsSync(source)) throw new AppError('not_found', `no backup file at ${source}`);
  const magic = await head(source, 5);
  const isPgDump = magic.toString('latin1') === 'PGDMP';
  const isGzip = magic[0] === 0x1f && magic[1] === 0x8b;
  if (env.DATABASE_URL) {
    if (!isPgDump) throw new AppError('unsupported_media_type', 'PostgreSQL restores take a pg_dump custom-format archive made by `ocop backup`');
    await pgTool('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${env.DATABASE_URL}`, source]);
    return;
  }
  if (!isGzip) throw new AppError('unsupported_media_type', 'PGlite restores take a .tar.gz made by `ocop backup`');
  const dataDir = resolve(env.OCOP_DATA_DIR, 'pgdata');
  if (existsSync(dataDir)) await rename(dataDir, `${dataDir}.before-restore-${Date.now()}`);
  const blob = new Blob([await readFile(source)]);
  const db = await PGlite.create({ dataDir, loadDataDir: blob, extensions: PGLITE_EXTENSIONS });
  await db.query('select 1');
  await db.close();
}

async function pgTool(tool: string, args: string[]) {
  try {
    await run(tool, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new AppError('service_unavailable', `${tool} is not installed (apt-get install postgresql-client)`);
    throw new AppError('internal_error', `${tool} failed: ${err.stderr ?? err.message}`);
  }
}
