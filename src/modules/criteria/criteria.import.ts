/**
 * Import of a criteria file (one rulebook version, one or more product-set sheets) as drafts:
 * everything is checked first (schema, version, product sets, the integrity check) and every
 * problem is reported with its place in the file; then all sheets are written in one
 * transaction, or none. A published revision is never touched: a set without a draft gets a new
 * draft revision (newest + 1), a set with a draft has that draft's tree replaced.
 */
import type { Ctx } from '../../context';
import { checkSheet, type Sheet } from '../../domain/scoring-sheet';
import { recordAudit } from '../audit/audit.service';
import * as repo from './criteria.repository';
import { CriteriaFileHeadSchema, SheetEntrySchema, type SheetEntry } from './criteria.schema';
import { sheetFromInput } from './criteria.tree';
import { integrityProblems, schemaProblem, type FileProblem } from './criteria.file';

export type { FileProblem };

export interface PlannedSheet { productSetCode: string; tree: Sheet; official: boolean; provenance: string | null }

export interface CriteriaPlan {
  regime: repo.RegimeRow;
  sourceRef: string;
  sheets: PlannedSheet[];
}

export type CriteriaCheck = { ok: true; plan: CriteriaPlan } | { ok: false; sheets: number; problems: FileProblem[] };

/** A single sheet as the GET sheet API answers it (top-level `parts`) is read as a one-sheet file. */
function normalise(raw: unknown): { file: unknown; prefix: (i: number) => string } {
  if (raw && typeof raw === 'object' && !Array.isArray(raw) && !('sheets' in raw) && 'parts' in raw) {
    const r = raw as Record<string, unknown>;
    return { file: { version: r.version, sheets: [r] }, prefix: () => '' };
  }
  return { file: raw, prefix: (i) => `sheets[${i}]` };
}

/** Check a parsed criteria file against the schema, the database and the integrity rules. */
export async function checkCriteriaFile(ctx: Ctx, raw: unknown, fileName: string): Promise<CriteriaCheck> {
  const problems: FileProblem[] = [];
  const { file, prefix } = normalise(raw);
  const head = CriteriaFileHeadSchema.safeParse(file, { reportInput: true });
  if (!head.success) {
    problems.push(...head.error.issues.map((i) => schemaProblem('', i)));
    // Keep checking the sheets when the list itself is readable, so one answer lists everything.
  }
  const rawSheets = Array.isArray((file as { sheets?: unknown } | null)?.sheets) ? (file as { sheets: unknown[] }).sheets.slice(0, 100) : [];
  const version = head.success ? head.data.version : typeof (file as { version?: unknown } | null)?.version === 'string' ? (file as { version: string }).version : null;

  let regime: repo.RegimeRow | null = null;
  if (version) {
    const asked = await repo.findRegime(ctx, version.trim());
    if (!asked) problems.push({ path: 'version', code: 'criteria_file.unknown_version', params: { version } });
    else regime = asked.sheetsFrom === asked.code ? asked : await repo.findRegime(ctx, asked.sheetsFrom);
  }

  const sheets: PlannedSheet[] = [];
  const seen = new Map<string, number>();
  for (const [i, entryRaw] of rawSheets.entries()) {
    const at = prefix(i);
    const codePath = `${at ? `${at}.` : ''}productSet.code`;
    // A set given twice is found even when one of the entries fails the schema.
    const rawCode = (entryRaw as { productSet?: { code?: unknown } } | null)?.productSet?.code;
    if (typeof rawCode === 'string' && rawCode.trim()) {
      const earlier = seen.get(rawCode.trim());
      if (earlier !== undefined) problems.push({ path: codePath, code: 'criteria_file.duplicate_set', params: { code: rawCode.trim(), first: prefix(earlier) || 'sheets[0]' } });
      else seen.set(rawCode.trim(), i);
    }
    const parsed = SheetEntrySchema.safeParse(entryRaw, { reportInput: true });
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((issue) => schemaProblem(at, issue)));
      continue;
    }
    const entry: SheetEntry = parsed.data;
    const code = entry.productSet.code;
    const official = entry.official ?? (head.success ? head.data.official : undefined) ?? false;
    const provenance = (entry.provenance !== undefined ? entry.provenance : head.success ? head.data.provenance : null) || null;
    if (!official && !provenance) problems.push({ path: `${at ? `${at}.` : ''}provenance`, code: 'criteria_file.provenance_required' });
    const tree = sheetFromInput({ parts: entry.parts });
    if (!regime) continue;
    const set = await repo.findProductSet(ctx, regime.classification, code);
    if (!set) problems.push({ path: codePath, code: 'criteria_file.unknown_set', params: { code, version: version ?? '' } });
    problems.push(...integrityProblems(at || '', tree, regime.partMaxima, checkSheet(tree, regime.partMaxima))
      .map((p) => (at ? p : { ...p, path: p.path.replace(/^\./, '') })));
    if (set) sheets.push({ productSetCode: set.code, tree, official, provenance });
  }

  if (problems.length || !regime) return { ok: false, sheets: rawSheets.length, problems };
  const ref = head.success && head.data.sourceRef ? `${fileName}: ${head.data.sourceRef}` : fileName;
  return { ok: true, plan: { regime, sourceRef: ref.slice(0, 500), sheets } };
}

export interface WriteSummary extends Record<string, number> { sheets: number; draftsCreated: number; draftsReplaced: number }

/**
 * Write a checked plan inside the caller's transaction: drafts only, one audit row per sheet.
 * `advance` is called once per sheet written.
 */
export async function writeCriteriaPlan(tx: Ctx, plan: CriteriaPlan, advance: (n: number) => void): Promise<WriteSummary> {
  const by = tx.actor?.label ?? 'system';
  const summary: WriteSummary = { sheets: 0, draftsCreated: 0, draftsReplaced: 0 };
  for (const s of plan.sheets) {
    const history = await repo.sheetRevisions(tx, plan.regime.code, s.productSetCode);
    const draft = history.find((h) => h.status === 'draft');
    const meta = { provenance: s.provenance, official: s.official, source: 'import' as const, sourceRef: plan.sourceRef };
    if (draft) {
      const row = await repo.replaceDraftTree(tx, draft.id, s.tree, meta);
      if (!row) throw new Error(`draft ${draft.id} was published during the import`);
      await recordAudit(tx, {
        action: 'criteria.sheet.update', entityType: 'criteria_sheet', entityId: draft.id,
        before: { revision: draft.revision, official: draft.official, provenance: draft.provenance },
        after: { revision: row.revision, official: row.official, provenance: row.provenance, sourceRef: plan.sourceRef },
      });
      summary.draftsReplaced++;
    } else {
      const row = await repo.insertSheetCtx(tx, {
        regimeCode: plan.regime.code, classification: plan.regime.classification, productSetCode: s.productSetCode,
        revision: (history[0]?.revision ?? 0) + 1, status: 'draft', createdBy: by, ...meta,
      }, s.tree);
      await recordAudit(tx, { action: 'criteria.sheet.draft', entityType: 'criteria_sheet', entityId: row.id, after: { ...row, importedFrom: plan.sourceRef } });
      summary.draftsCreated++;
    }
    summary.sheets++;
    advance(1);
  }
  return summary;
}
