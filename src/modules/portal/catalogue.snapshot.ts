/**
 * The in-memory catalogue index of this process, kept in step with the database:
 *
 * - every search first reads the certificates' fingerprint (one small scan); when it differs
 *   from the index's (a revocation, a new or replaced certificate, in this process or another one
 *   on the same database) or the day has changed, the index is rebuilt before answering, so a
 *   revoked product leaves the catalogue with the next request;
 * - product and producer edits (a new name, another product set) do not move that fingerprint:
 *   an index older than MAX_AGE_MS is rebuilt in the background while the current one answers.
 *
 * Concurrent requests share one build. The index is per database handle (tests open many).
 */
import type { Ctx } from '../../context';
import type { Database } from '../../db/client';
import { todayInVietnam } from '../../domain/dates';
import { CURRENT_CLASSIFICATION } from '../registry/reference-data';
import { buildIndex, type CatalogueIndex, type Labels } from './catalogue.index';
import { certificatesFingerprint, facetLabels, snapshotRows } from './catalogue.repository';

export const MAX_AGE_MS = 5 * 60_000;

interface Slot { index: CatalogueIndex | null; building: Map<string, Promise<CatalogueIndex>> }
const slots = new WeakMap<Database, Slot>();

async function build(ctx: Ctx, today: string, fingerprint: string): Promise<CatalogueIndex> {
  const [rowsIn, labelRows] = await Promise.all([snapshotRows(ctx, today, CURRENT_CLASSIFICATION), facetLabels(ctx, CURRENT_CLASSIFICATION)]);
  const labels: Labels = { province: new Map(), set: new Map(), group: new Map() };
  for (const l of labelRows) labels[l.kind].set(l.code, l.name);
  return buildIndex(rowsIn, labels, today, fingerprint);
}

function startBuild(ctx: Ctx, slot: Slot, today: string, fingerprint: string): Promise<CatalogueIndex> {
  const key = `${today}|${fingerprint}`;
  let p = slot.building.get(key);
  if (!p) {
    p = build(ctx, today, fingerprint).then((index) => {
      // A slower, older build must not replace a newer index.
      if (!slot.index || slot.index.builtAt <= index.builtAt) slot.index = index;
      return index;
    }).finally(() => slot.building.delete(key));
    slot.building.set(key, p);
  }
  return p;
}

export async function catalogueIndex(ctx: Ctx): Promise<CatalogueIndex> {
  const db = ctx.deps.database;
  let slot = slots.get(db);
  if (!slot) slots.set(db, (slot = { index: null, building: new Map() }));
  const today = todayInVietnam(ctx.deps.clock());
  const fingerprint = await certificatesFingerprint(ctx);
  const current = slot.index;
  if (current && current.today === today && current.fingerprint === fingerprint) {
    if (performance.now() - current.builtAt > MAX_AGE_MS) {
      startBuild({ ...ctx, tx: null }, slot, today, fingerprint).catch(() => undefined);
    }
    return current;
  }
  return startBuild({ ...ctx, tx: null }, slot, today, fingerprint);
}
