/**
 * The queries of scoring and closing: locking and writing members' sheets and their submitted
 * versions, every member's total per dossier for closing, and the results written at close.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { rows } from '../../db/client';
import type { ScoreOutcome } from '../../domain/scoring-sheet';
import { dossiers } from '../dossier/dossier.tables';
import { councilMembers, evaluationRounds, roundDossiers, scoreSheetVersions, scoreSheets } from './council.tables';
import type { MemberRow, RoundRow, SheetRow } from './council.repository';

/** Lock a sheet row for update (a write re-checks it under the lock). */
export async function lockSheet(ctx: Ctx, id: string): Promise<SheetRow | null> {
  const [row] = await exec(ctx).select().from(scoreSheets).where(eq(scoreSheets.id, id)).for('update');
  return row ?? null;
}

/** Lock the round row for share (closing takes it for update). */
export async function lockRoundShared(ctx: Ctx, id: string): Promise<RoundRow | null> {
  const [row] = await exec(ctx).select().from(evaluationRounds).where(eq(evaluationRounds.id, id)).for('share');
  return row ?? null;
}

/** Update a sheet only at the expected row version (row version + 1); null when it moved meanwhile. */
export async function updateSheetIf(ctx: Ctx, id: string, rowVersion: number, values: Partial<typeof scoreSheets.$inferInsert>): Promise<SheetRow | null> {
  const [row] = await exec(ctx).update(scoreSheets).set({ ...values, rowVersion: sql`${scoreSheets.rowVersion} + 1` })
    .where(and(eq(scoreSheets.id, id), eq(scoreSheets.rowVersion, rowVersion))).returning();
  return row ?? null;
}

/** Update a sheet (under its row lock), row version + 1. */
export async function updateSheet(ctx: Ctx, id: string, values: Partial<typeof scoreSheets.$inferInsert>): Promise<SheetRow> {
  const [row] = await exec(ctx).update(scoreSheets).set({ ...values, rowVersion: sql`${scoreSheets.rowVersion} + 1` })
    .where(eq(scoreSheets.id, id)).returning();
  return row!;
}

export async function insertSheetVersion(ctx: Ctx, values: typeof scoreSheetVersions.$inferInsert) {
  await exec(ctx).insert(scoreSheetVersions).values(values);
}

/** The reason a submitted version was superseded (a re-score). */
export async function supersedeVersion(ctx: Ctx, sheetId: string, attempt: number, reason: string) {
  await exec(ctx).update(scoreSheetVersions).set({ supersededReason: reason })
    .where(and(eq(scoreSheetVersions.scoreSheetId, sheetId), eq(scoreSheetVersions.attempt, attempt)));
}

export interface DossierResult {
  dossier_id: string; mean: number; band: number; recognised: number | null; potential: boolean; forwarded: boolean;
  eliminated: boolean; shortlisted: boolean | null;
}

/** Every dossier's result in one statement; the dossiers are closed. */
export async function writeResults(ctx: Ctx, roundId: string, results: readonly DossierResult[]) {
  if (!results.length) return;
  await exec(ctx).execute(sql`
    update ${roundDossiers} rd set mean_score = x.mean, band_stars = x.band, recognised_stars = x.recognised,
      potential_five_star = x.potential, forwarded = x.forwarded, eliminated = x.eliminated, shortlisted = x.shortlisted,
      spread_flag = false, status = 'closed'
    from jsonb_to_recordset(${JSON.stringify(results)}::jsonb)
      as x(dossier_id uuid, mean numeric, band smallint, recognised smallint, potential boolean, forwarded boolean, eliminated boolean, shortlisted boolean)
    where rd.round_id = ${roundId} and rd.dossier_id = x.dossier_id`);
}

/** One member's sheet as the closing rules see it. */
export interface MemberTotal {
  seat: MemberRow['councilRole']; status: SheetRow['status']; total: number | null; outcome: ScoreOutcome | null; attempt: number;
}
export interface DossierTotals { dossierId: string; number: string; sheets: MemberTotal[] }

/**
 * Per dossier of the round (by number), every member's sheet: seat, status, total, outcome and
 * attempt, in one grouped statement (also the bench's baseline SELECT). The rules that turn them
 * into quorum, mean, spread and eliminations are the domain's (src/domain/council.ts).
 */
export function roundTotalsQuery(roundId: string): SQL {
  return sql`
    select rd.dossier_id, d.number,
      coalesce(json_agg(json_build_object('seat', m.council_role, 'status', s.status, 'total', s.total, 'outcome', s.outcome, 'attempt', s.attempt)
        order by s.id) filter (where s.id is not null), '[]'::json) as sheets
    from ${roundDossiers} rd
    join ${dossiers} d on d.id = rd.dossier_id
    left join ${scoreSheets} s on s.round_id = rd.round_id and s.dossier_id = rd.dossier_id
    left join ${councilMembers} m on m.id = s.member_id
    where rd.round_id = ${roundId}
    group by rd.dossier_id, d.number
    order by d.number`;
}

export async function roundTotals(ctx: Ctx, roundId: string): Promise<DossierTotals[]> {
  type Raw = { dossier_id: string; number: string; sheets: string | { seat: MemberTotal['seat']; status: MemberTotal['status']; total: string | number | null; outcome: ScoreOutcome | null; attempt: number }[] };
  const list = await rows<Raw>(exec(ctx), roundTotalsQuery(roundId));
  return list.map((r) => {
    const sheets = typeof r.sheets === 'string' ? JSON.parse(r.sheets) as Exclude<Raw['sheets'], string> : r.sheets;
    return {
      dossierId: r.dossier_id, number: r.number,
      sheets: sheets.map((x) => ({ seat: x.seat, status: x.status, total: x.total === null ? null : Number(x.total), outcome: x.outcome, attempt: Number(x.attempt) })),
    };
  });
}
