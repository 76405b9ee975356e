/**
 * `ocop backup FILE` / `ocop restore FILE`: the whole database and the uploaded files together.
 *
 * File layout: "OCOPBAK1", a 4-byte big-endian header length, a JSON header (engine, database
 * format and size, every upload's key and size), then the database dump and the uploads' bytes in
 * header order. The database part is PGlite's gzipped data-dir tarball or a pg_dump custom-format
 * archive. Restore checks the whole file before it touches anything; a bare PGlite tarball or
 * pg_dump archive (database only) is accepted too.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_EXTENSIONS } from '../../db/client';
import type { Deps } from '../../context';
import type { Env } from '../../config/env';
import { AppError } from '../../errors';

const run = promisify(execFile);
const MAGIC = Buffer.from('OCOPBAK1', 'latin1');
const CHUNK = 1024 * 1024;

interface Header {
  version: 1;
  createdAt: string;
  engine: 'pglite' | 'postgres';
  database: { format: 'pglite-tgz' | 'pg_dump'; bytes: number };
  uploads: { key: string; bytes: number }[];
}

export const uploadsDir = (dataDir: string) => resolve(dataDir, 'uploads');

/** Every file under `root`, as '/'-separated keys relative to it (temporary files skipped). */
async function listFiles(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.endsWith('.tmp'))
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

async function copyInto(out: FileHandle, from: string, bytes: number): Promise<void> {
  const src = await open(from, 'r');
  try {
    const buf = Buffer.alloc(Math.min(CHUNK, Math.max(bytes, 1)));
    for (let done = 0; done < bytes;) {
      const { bytesRead } = await src.read(buf, 0, Math.min(buf.length, bytes - done), done);
      if (bytesRead === 0) throw new Error(`${from} shrank while being backed up`);
      await out.write(buf, 0, bytesRead);
      done += bytesRead;
    }
  } finally {
    await src.close();
  }
}

/** Write the backup next to its final name, then rename: a half-written file never looks like a backup. */
export async function backupDatabase(deps: Deps, file: string): Promise<string> {
  const target = resolve(file);
  const work = await mkdtemp(join(tmpdir(), 'ocop-backup-'));
  try {
    const { database } = deps;
    const dbFile = join(work, 'database');
    if (database.pglite) {
      const dump = await database.pglite.dumpDataDir('gzip');
      const fh = await open(dbFile, 'w');
      await fh.writeFile(Buffer.from(await dump.arrayBuffer()));
      await fh.close();
    } else {
      await pgTool('pg_dump', ['--format=custom', '--no-owner', `--file=${dbFile}`, `--dbname=${database.url}`]);
    }
    const root = uploadsDir(deps.env.OCOP_DATA_DIR);
    const keys = await listFiles(root);
    const header: Header = {
      version: 1, createdAt: deps.clock().toISOString(), engine: database.engine,
      database: { format: database.pglite ? 'pglite-tgz' : 'pg_dump', bytes: (await stat(dbFile)).size },
      uploads: await Promise.all(keys.map(async (key) => ({ key, bytes: (await stat(join(root, key))).size }))),
    };
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(json.length);
    const partial = `${target}.partial`;
    const out = await open(partial, 'w');
    try {
      await out.write(Buffer.concat([MAGIC, length, json]));
      await copyInto(out, dbFile, header.database.bytes);
      for (const u of header.uploads) await copyInto(out, join(root, u.key), u.bytes);
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(partial, target);
    return target;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function readAt(fh: FileHandle, offset: number, n: number): Promise<Buffer> {
  const buf = Buffer.alloc(n);
  const { bytesRead } = await fh.read(buf, 0, n, offset);
  return buf.subarray(0, bytesRead);
}

async function extract(fh: FileHandle, offset: number, bytes: number, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  const out = await open(to, 'w');
  try {
    const buf = Buffer.alloc(Math.min(CHUNK, Math.max(bytes, 1)));
    for (let done = 0; done < bytes;) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, bytes - done), offset + done);
      if (bytesRead === 0) throw new AppError('bad_request', 'the backup file is truncated');
      await out.write(buf, 0, bytesRead);
      done += bytesRead;
    }
  } finally {
    await out.close();
  }
}

function safeKey(key: string): boolean {
  return key.length > 0 && !key.startsWith('/') && !key.split('/').some((p) => p === '..' || p === '' || p === '.');
}

/** The header of an OCOP backup, or null for a bare database dump; refuses damaged files. */
async function readHeader(fh: FileHandle, size: number): Promise<{ header: Header; body: number } | null> {
  const start = await readAt(fh, 0, 12);
  if (!start.subarray(0, 8).equals(MAGIC)) return null;
  const length = start.readUInt32BE(8);
  let header: Header;
  try {
    header = JSON.parse((await readAt(fh, 12, length)).toString('utf8')) as Header;
  } catch {
    throw new AppError('bad_request', 'the backup file header is damaged');
  }
  const body = 12 + length;
  const total = header.database.bytes + header.uploads.reduce((n, u) => n + u.bytes, 0);
  if (header.version !== 1 || body + total !== size || !header.uploads.every((u) => safeKey(u.key))) {
    throw new AppError('bad_request', 'the backup file is truncated or damaged');
  }
  return { header, body };
}

/**
 * Restore replaces the whole database and the uploads. What is replaced on disk (PGlite data dir,
 * uploads folder) is kept aside as `*.before-restore-<time>`.
 */
export async function restoreDatabase(env: Env, file: string): Promise<void> {
  const source = resolve(file);
  if (!existsSync(source)) throw new AppError('not_found', `no backup file at ${source}`);
  const fh = await open(source, 'r');
  const work = await mkdtemp(join(tmpdir(), 'ocop-restore-'));
  try {
    const size = (await fh.stat()).size;
    const framed = await readHeader(fh, size);
    const dbFile = join(work, 'database');
    await extract(fh, framed?.body ?? 0, framed?.header.database.bytes ?? size, dbFile);
    const magic = await readFile(dbFile).then((b) => b.subarray(0, 5));
    const isPgDump = magic.toString('latin1') === 'PGDMP';
    const isGzip = magic[0] === 0x1f && magic[1] === 0x8b;
    const stamp = Date.now();

    if (env.DATABASE_URL) {
      if (!isPgDump) throw new AppError('unsupported_media_type', 'PostgreSQL restores take a backup made by `ocop backup` on PostgreSQL');
      await pgTool('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${env.DATABASE_URL}`, dbFile]);
    } else {
      if (!isGzip) throw new AppError('unsupported_media_type', 'PGlite restores take a backup made by `ocop backup` on PGlite');
      const dataDir = resolve(env.OCOP_DATA_DIR, 'pgdata');
      if (existsSync(dataDir)) await rename(dataDir, `${dataDir}.before-restore-${stamp}`);
      const db = await PGlite.create({ dataDir, loadDataDir: new Blob([await readFile(dbFile)]), extensions: PGLITE_EXTENSIONS });
      await db.query('select 1');
      await db.close();
    }

    if (framed) {
      const root = uploadsDir(env.OCOP_DATA_DIR);
      if (existsSync(root)) await rename(root, `${root}.before-restore-${stamp}`);
      let offset = framed.body + framed.header.database.bytes;
      for (const u of framed.header.uploads) {
        await extract(fh, offset, u.bytes, join(root, ...u.key.split('/')));
        offset += u.bytes;
      }
    }
  } finally {
    await fh.close();
    await rm(work, { recursive: true, force: true });
  }
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
