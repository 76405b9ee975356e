/**
 * The hand-written part of the assisted-filing migration (decisions/029, item 9): dossiers an
 * officer opened before filing on a producer's behalf was recorded become "filed on behalf", with
 * the officer's name and role from their `create` timeline step; dossiers producers opened stay theirs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from '../../src/paths';
import { testApp, asUser, json, type TestApp } from '../helpers/app';
import { AREAS, buildProduct } from '../helpers/builders';
import { dossierEvents, dossiers } from '../../src/modules/dossier/dossier.tables';

let t: TestApp;
afterAll(() => t?.close());

/** The statements after `-- hand-written` in the assisted-filing migration, whatever its number. */
function handWritten(): string {
  const file = readdirSync(MIGRATIONS_DIR).find((f) => f.endsWith('_assisted_filing.sql'));
  if (!file) throw new Error('no assisted_filing migration');
  const text = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
  const at = text.indexOf('-- hand-written');
  expect(at).toBeGreaterThan(0);
  return text.slice(at);
}

describe('assisted-filing backfill', () => {
  let officerDossier = '';
  let producerDossier = '';

  beforeAll(async () => {
    t = await testApp();
    const officer = await asUser(t.app, t.deps, { role: 'commune_officer', areaCode: AREAS.hamRong, displayName: 'Anh Vi Văn Xã' });
    const producer = await asUser(t.app, t.deps, { role: 'producer' });
    const create = async (who: typeof officer, productId: string) =>
      json(await t.app.inject({ method: 'POST', url: '/api/v1/dossiers', headers: who.headers(), payload: { productId, kind: 'first' } })).id as string;
    officerDossier = await create(officer, (await buildProduct(t.ctx, { producerId: producer.actor.producerId! })).id);
    producerDossier = await create(producer, (await buildProduct(t.ctx, { producerId: producer.actor.producerId! })).id);
    // As before the change: nothing recorded, the timeline's first step a plain 'create'.
    const db = t.deps.database.db;
    await db.update(dossiers).set({ filedOnBehalf: false, filedByUserId: null, filedByName: null, filedByRole: null });
    await db.update(dossierEvents).set({ action: 'create' }).where(eq(dossierEvents.action, 'create_on_behalf'));
  });

  it('marks the officer\'s dossier as filed on behalf, with their name and role, and leaves the producer\'s alone', async () => {
    await t.deps.database.db.execute(sql.raw(handWritten()));
    const found = await t.deps.database.db.select().from(dossiers);
    const byId = new Map(found.map((d) => [d.id, d]));
    expect(byId.get(officerDossier)).toMatchObject({ filedOnBehalf: true, filedByName: 'Anh Vi Văn Xã', filedByRole: 'commune_officer', handedOverAt: null });
    expect(byId.get(officerDossier)!.filedByUserId).toBeTruthy();
    expect(byId.get(producerDossier)).toMatchObject({ filedOnBehalf: false, filedByUserId: null, filedByName: null, filedByRole: null });
  });
});
