/** Reads and writes of "suspected fake" reports (fake_reports). */
import { and, count, desc, eq, gte, like, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { scopeWhere } from '../../db/scope';
import type { RowScope } from '../../core/scope';
import { areas } from '../registry/registry.tables';
import { fakeReports } from '../portal/portal.tables';

export type FakeReportRow = typeof fakeReports.$inferSelect;
export type FakeReportInsert = typeof fakeReports.$inferInsert;

export async function insertReport(ctx: Ctx, values: FakeReportInsert): Promise<FakeReportRow> {
  const [row] = await exec(ctx).insert(fakeReports).values(values).returning();
  return row!;
}

/**
 * The next reference of a year, "BC-<year>-<6 digits>" (1, 2, … per year). A transaction-scoped
 * advisory lock per year makes concurrent reports take different numbers (run inside the insert's transaction).
 */
export async function nextReference(ctx: Ctx, year: number): Promise<string> {
  const prefix = `BC-${year}-`;
  await exec(ctx).execute(sql`select pg_advisory_xact_lock(hashtext(${`fake-report-reference:${year}`}))`);
  const [row] = await exec(ctx).select({ last: sql<string | null>`max(${fakeReports.reference})` }).from(fakeReports)
    .where(like(fakeReports.reference, `${prefix}%`));
  const last = row?.last ? Number(row.last.slice(prefix.length)) : 0;
  return `${prefix}${String(last + 1).padStart(6, '0')}`;
}

/** A report by its reference (the reporter following it). */
export async function findReportByReference(ctx: Ctx, reference: string): Promise<FakeReportRow | null> {
  const [row] = await exec(ctx).select().from(fakeReports).where(eq(fakeReports.reference, reference)).limit(1);
  return row ?? null;
}

/** Reports from this (hashed) address since a moment (spam limit). */
export async function countReportsSince(ctx: Ctx, reporterHash: string, since: Date): Promise<number> {
  const [row] = await exec(ctx).select({ n: count() }).from(fakeReports)
    .where(and(eq(fakeReports.reporterHash, reporterHash), gte(fakeReports.createdAt, since)));
  return Number(row?.n ?? 0);
}

const columns = {
  report: fakeReports,
  provinceName: areas.name,
};

export async function findReport(ctx: Ctx, id: string) {
  const [row] = await exec(ctx).select(columns).from(fakeReports)
    .leftJoin(areas, eq(areas.code, fakeReports.provinceCode))
    .where(eq(fakeReports.id, id));
  return row ?? null;
}
export type ReportView = NonNullable<Awaited<ReturnType<typeof findReport>>>;

export interface ReportFilter { status?: FakeReportRow['status']; province?: string; page: number; pageSize: number }

export async function listReports(ctx: Ctx, scope: RowScope, f: ReportFilter) {
  const where = and(
    scopeWhere(scope, { province: fakeReports.provinceCode }),
    f.status ? eq(fakeReports.status, f.status) : undefined,
    f.province ? eq(fakeReports.provinceCode, f.province) : undefined,
  );
  const items = await exec(ctx).select(columns).from(fakeReports)
    .leftJoin(areas, eq(areas.code, fakeReports.provinceCode))
    .where(where).orderBy(desc(fakeReports.createdAt), desc(fakeReports.id))
    .limit(f.pageSize).offset((f.page - 1) * f.pageSize);
  const [total] = await exec(ctx).select({ n: count() }).from(fakeReports).where(where);
  return { items, total: Number(total?.n ?? 0) };
}

/** Counts by status in scope (the queue's tabs). */
export async function countByStatus(ctx: Ctx, scope: RowScope): Promise<Record<string, number>> {
  const found = await exec(ctx).select({ status: fakeReports.status, n: count() }).from(fakeReports)
    .where(scopeWhere(scope, { province: fakeReports.provinceCode })).groupBy(fakeReports.status);
  return Object.fromEntries(found.map((r) => [r.status, Number(r.n)]));
}

/** Move a report from `from` to the new status (null when someone else moved it first). */
export async function updateReportIf(ctx: Ctx, id: string, from: FakeReportRow['status'], values: Partial<FakeReportInsert>) {
  const [row] = await exec(ctx).update(fakeReports).set(values)
    .where(and(eq(fakeReports.id, id), eq(fakeReports.status, from))).returning();
  return row ?? null;
}

