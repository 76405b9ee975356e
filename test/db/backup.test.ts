/**
 * `ocop backup` / `ocop restore` round-trip the database and the uploaded files, on PGlite and on
 * PostgreSQL; a damaged backup is refused before anything is replaced.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { copyFile, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { freshDeps, type TestDeps } from '../helpers/db';
import { systemCtx } from '../helpers/users';
import { buildProducer } from '../helpers/builders';
import { openDatabase, rows, type Database } from '../../src/db/client';
import { producers } from '../../src/modules/registry/registry.tables';
import { appSettings } from '../../src/db/settings.tables';
import { backupDatabase, restoreDatabase, uploadsDir } from '../../src/modules/ops/backup';
import { AppError } from '../../src/errors';

let deps: TestDeps;
beforeAll(async () => { deps = await freshDeps(); });
afterAll(() => deps.cleanup());

const IMAGE_KEY = 'products/p1/i1-full.webp';
const IMAGE = Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 fake image bytes', 'latin1');

it('restores the database and the uploads as they were at backup time', async () => {
  const ctx = systemCtx(deps);
  const producer = await buildProducer(ctx, { name: 'Hợp tác xã Sao lưu' });
  await deps.storage.put(IMAGE_KEY, IMAGE);
  const file = join(deps.env.OCOP_DATA_DIR, 'backup.ocop');
  expect(await backupDatabase(deps, file)).toBe(file);
  expect(existsSync(`${file}.partial`)).toBe(false);

  // Changes after the backup: gone after the restore.
  await deps.database.db.update(producers).set({ name: 'Đổi tên sau sao lưu' }).where(eq(producers.id, producer.id));
  await deps.database.db.insert(appSettings).values({ key: 'after-backup', value: true });
  await deps.storage.remove(IMAGE_KEY);
  await deps.storage.put('products/p2/late.webp', IMAGE);

  // A damaged copy is refused and replaces nothing.
  const damaged = join(deps.env.OCOP_DATA_DIR, 'damaged.ocop');
  await copyFile(file, damaged);
  await truncate(damaged, (await stat(damaged)).size - 7);
  await expect(restoreDatabase(deps.env, damaged)).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'bad_request');
  expect(existsSync(join(uploadsDir(deps.env.OCOP_DATA_DIR), 'products/p2/late.webp'))).toBe(true);

  await restoreDatabase(deps.env, file);

  let db: Database;
  if (deps.database.engine === 'pglite') {
    db = await openDatabase({ dataDir: deps.env.OCOP_DATA_DIR });
  } else {
    db = deps.database;
  }
  try {
    const [p] = await db.db.select({ name: producers.name }).from(producers).where(eq(producers.id, producer.id));
    expect(p?.name).toBe('Hợp tác xã Sao lưu');
    const [s] = await rows<{ n: number }>(db.db, sql`select count(*)::int as n from app_settings where key = 'after-backup'`);
    expect(s!.n).toBe(0);
  } finally {
    if (db !== deps.database) await db.close();
  }
  expect(await deps.storage.get(IMAGE_KEY)).toEqual(IMAGE);
  expect(await deps.storage.get('products/p2/late.webp')).toBeNull();
}, 120_000);
