import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { exec, readDb, type Ctx } from '../../context';
import type { Executor } from '../../db/client';
import type { Sheet } from '../../domain/scoring-sheet';
import { appSettings } from '../../db/settings.tables';
import { productSets } from '../registry/registry.tables';
import { criteriaNodes, criteriaRegimes, criteriaSheets } from './criteria.tables';
import { rowsToSheet, sheetToRows } from './criteria.tree';

export type RegimeRow = typeof criteriaRegimes.$inferSelect;
export type SheetRow = typeof criteriaSheets.$inferSelect;
type RegimeInsert = Omit<typeof criteriaRegimes.$inferInsert, 'confirmedAt' | 'confirmedBy' | 'updatedAt'>;

// ---- loader (runs at start, before any request context exists) ----

export async function settingValue(db: Executor, key: string): Promise<unknown> {
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, key));
  return row?.value;
}

export async function setSetting(db: Executor, key: string, value: string): Promise<void> {
  await db.insert(appSettings).values({ key, value })
    .onConflictDoUpdate({ target: appSettings.key, set: { value, updatedAt: sql`now()` } });
}

/** Insert or refresh the shipped regimes; an administrator's confirmation is kept. */
export async function upsertRegimes(db: Executor, regimes: RegimeInsert[]): Promise<void> {
  if (!regimes.length) return;
  const cols = [
    'title', 'instruments', 'effectiveFrom', 'classification', 'sheetsFrom', 'partMaxima', 'starBands',
    'minCertifiableStars', 'validityMonths', 'reminderDays', 'levels', 'dossierDocuments', 'toVerify', 'verificationNote', 'sources',
  ] as const;
  const set = Object.fromEntries(cols.map((c) => [c, sql.raw(`excluded.${criteriaRegimes[c].name}`)]));
  await db.insert(criteriaRegimes).values(regimes.map((r) => ({
    code: r.code, ...Object.fromEntries(cols.map((c) => [c, r[c] ?? null])),
  }) as RegimeInsert))
    .onConflictDoUpdate({ target: criteriaRegimes.code, set: { ...set, updatedAt: sql`now()` } });
}

/** Every revision of a set's sheet, newest first. */
export async function sheetHistory(db: Executor, regimeCode: string, productSetCode: string): Promise<SheetRow[]> {
  return db.select().from(criteriaSheets)
    .where(and(eq(criteriaSheets.regimeCode, regimeCode), eq(criteriaSheets.productSetCode, productSetCode)))
    .orderBy(desc(criteriaSheets.revision));
}

export async function insertSheet(db: Executor, values: typeof criteriaSheets.$inferInsert, sheet: Sheet): Promise<SheetRow> {
  const [row] = await db.insert(criteriaSheets).values(values).returning();
  const nodes = sheetToRows(sheet).map((n) => ({ ...n, sheetId: row!.id }));
  for (let i = 0; i < nodes.length; i += 500) await db.insert(criteriaNodes).values(nodes.slice(i, i + 500));
  return row!;
}

// ---- request-time queries ----

/** Public reads go to the replica, except inside a transaction (which must see its own writes). */
const reader = (ctx: Ctx): Executor => ctx.tx ?? readDb(ctx);

export async function sheetRevisions(ctx: Ctx, regimeCode: string, productSetCode: string): Promise<SheetRow[]> {
  return sheetHistory(exec(ctx), regimeCode, productSetCode);
}

export async function listRegimes(ctx: Ctx): Promise<RegimeRow[]> {
  return reader(ctx).select().from(criteriaRegimes).orderBy(asc(criteriaRegimes.effectiveFrom));
}

export async function findRegime(ctx: Ctx, code: string): Promise<RegimeRow | null> {
  const [row] = await exec(ctx).select().from(criteriaRegimes).where(eq(criteriaRegimes.code, code));
  return row ?? null;
}

/** Number of product sets with a published sheet, per regime that owns sheets. */
export async function publishedSetCounts(ctx: Ctx): Promise<Map<string, number>> {
  const rows = await reader(ctx).select({
    regimeCode: criteriaSheets.regimeCode,
    sets: sql<number>`count(distinct ${criteriaSheets.productSetCode})::int`,
  }).from(criteriaSheets).where(eq(criteriaSheets.status, 'published')).groupBy(criteriaSheets.regimeCode);
  return new Map(rows.map((r) => [r.regimeCode, Number(r.sets)]));
}

const setOrder = [asc(sql`length(${productSets.code})`), asc(productSets.code)];

export async function listProductSets(ctx: Ctx, classification: string, page: { limit: number; offset: number }) {
  const db = reader(ctx);
  const where = eq(productSets.classification, classification);
  const [items, [count]] = await Promise.all([
    db.select().from(productSets).where(where).orderBy(...setOrder).limit(page.limit).offset(page.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(productSets).where(where),
  ]);
  return { items, total: Number(count?.n ?? 0) };
}

export async function findProductSet(ctx: Ctx, classification: string, code: string) {
  const [row] = await reader(ctx).select().from(productSets)
    .where(and(eq(productSets.classification, classification), eq(productSets.code, code)));
  return row ?? null;
}

/** The newest published revision of each listed set's sheet under a regime. */
export async function latestPublishedSheets(ctx: Ctx, regimeCode: string, setCodes: string[]): Promise<Map<string, SheetRow>> {
  if (!setCodes.length) return new Map();
  const rows = await reader(ctx).selectDistinctOn([criteriaSheets.productSetCode]).from(criteriaSheets)
    .where(and(
      eq(criteriaSheets.regimeCode, regimeCode), eq(criteriaSheets.status, 'published'),
      inArray(criteriaSheets.productSetCode, setCodes),
    ))
    .orderBy(criteriaSheets.productSetCode, desc(criteriaSheets.revision));
  return new Map(rows.map((r) => [r.productSetCode, r]));
}

export async function findSheet(ctx: Ctx, id: string): Promise<SheetRow | null> {
  const [row] = await exec(ctx).select().from(criteriaSheets).where(eq(criteriaSheets.id, id));
  return row ?? null;
}

export async function loadTree(ctx: Ctx, sheetId: string): Promise<Sheet> {
  const rows = await exec(ctx).select().from(criteriaNodes).where(eq(criteriaNodes.sheetId, sheetId));
  return rowsToSheet(rows);
}

export async function insertSheetCtx(ctx: Ctx, values: typeof criteriaSheets.$inferInsert, sheet: Sheet): Promise<SheetRow> {
  return insertSheet(exec(ctx), values, sheet);
}

export type DraftMeta = {
  provenance?: string | null; official?: boolean; source?: SheetRow['source']; sourceRef?: string | null;
};

/**
 * Replace a draft's tree. The update matches drafts only, so a published sheet can never be
 * changed here even if a caller skipped the service's check (null = not a draft).
 */
export async function replaceDraftTree(ctx: Ctx, sheetId: string, sheet: Sheet, meta: DraftMeta): Promise<SheetRow | null> {
  const db = exec(ctx);
  const set = Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined)) as DraftMeta;
  const [row] = await db.update(criteriaSheets)
    .set({ updatedAt: sql`now()`, ...set })
    .where(and(eq(criteriaSheets.id, sheetId), eq(criteriaSheets.status, 'draft'))).returning();
  if (!row) return null;
  await db.delete(criteriaNodes).where(eq(criteriaNodes.sheetId, sheetId));
  const nodes = sheetToRows(sheet).map((n) => ({ ...n, sheetId }));
  for (let i = 0; i < nodes.length; i += 500) await db.insert(criteriaNodes).values(nodes.slice(i, i + 500));
  return row;
}

/** Draft → published (null = it was not a draft). */
export async function markPublished(ctx: Ctx, sheetId: string, by: string, contentHash: string, at: Date): Promise<SheetRow | null> {
  const [row] = await exec(ctx).update(criteriaSheets)
    .set({ status: 'published', publishedAt: at, publishedBy: by, contentHash, updatedAt: sql`now()` })
    .where(and(eq(criteriaSheets.id, sheetId), eq(criteriaSheets.status, 'draft'))).returning();
  return row ?? null;
}

export async function markConfirmed(ctx: Ctx, code: string, by: string, at: Date): Promise<RegimeRow | null> {
  const [row] = await exec(ctx).update(criteriaRegimes).set({ confirmedAt: at, confirmedBy: by, updatedAt: sql`now()` })
    .where(eq(criteriaRegimes.code, code)).returning();
  return row ?? null;
}
