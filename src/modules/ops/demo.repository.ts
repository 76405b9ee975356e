import { and, eq } from 'drizzle-orm';
import { type Ctx } from '../../context';
import { criteriaSheets } from '../criteria/criteria.tables';

/** The draft scoring sheets an import left from that source (read outside any transaction). */
export async function draftSheetIdsFrom(ctx: Ctx, sourceRef: string): Promise<string[]> {
  const drafts = await ctx.deps.database.db.select({ id: criteriaSheets.id }).from(criteriaSheets)
    .where(and(eq(criteriaSheets.status, 'draft'), eq(criteriaSheets.sourceRef, sourceRef)));
  return drafts.map((d) => d.id);
}
