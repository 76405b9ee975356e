import { inTx, type Ctx } from '../../context';
import { AppError, fieldError, problem, validation, zodFieldErrors, type FieldErrors, type FieldProblem } from '../../errors';
import { regimeEnds } from '../../domain/regime';
import { checkSheet, maxPoints, partMaxPoints, PART_CODES, type Sheet, type SheetNode } from '../../domain/scoring-sheet';
import { recordAudit } from '../audit/audit.service';
import { requireActor } from '../../core/actor';
import * as repo from './criteria.repository';
import { canAuthorCriteria } from './criteria.policy';
import {
  CRITERIA_FILE_FORMAT, SheetInputSchema, type CriteriaFileDto, type NodeDto, type PageQueryInput, type RevisionDto,
  type SetDto, type SheetDto, type SheetInput, type VersionDto,
} from './criteria.schema';
import { sheetFromInput, sheetHash } from './criteria.tree';
import { isoOrNull as iso } from '../../domain/dates';
import { integrityProblem, integrityProblems } from './criteria.file';

type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

const groupOf = (s: { groupName: string; topGroupName: string }) => s.groupName || s.topGroupName;

function toVersionDto(r: repo.RegimeRow, all: repo.RegimeRow[], counts: Map<string, number>): VersionDto {
  return {
    code: r.code, title: r.title, effectiveFrom: r.effectiveFrom, effectiveTo: regimeEnds(all, r),
    partMaxima: r.partMaxima, instruments: r.instruments, classification: r.classification, sheetsFrom: r.sheetsFrom,
    starBands: r.starBands, minCertifiableStars: r.minCertifiableStars, validityMonths: r.validityMonths,
    reminderDays: r.reminderDays, levels: r.levels, toVerify: r.toVerify && !r.confirmedAt,
    verificationNote: r.confirmedAt ? null : r.verificationNote, confirmedAt: iso(r.confirmedAt),
    sources: r.sources, setsWithSheet: counts.get(r.sheetsFrom) ?? 0,
  };
}

/** Every rulebook version, oldest first. */
export async function listVersions(ctx: Ctx, q: PageQueryInput): Promise<Page<VersionDto>> {
  const [all, counts] = await Promise.all([repo.listRegimes(ctx), repo.publishedSetCounts(ctx)]);
  const offset = (q.page - 1) * q.pageSize;
  return {
    items: all.slice(offset, offset + q.pageSize).map((r) => toVersionDto(r, all, counts)),
    total: all.length, page: q.page, pageSize: q.pageSize,
  };
}

async function requireRegime(ctx: Ctx, code: string): Promise<repo.RegimeRow> {
  const regime = await repo.findRegime(ctx, code);
  if (!regime) throw new AppError('not_found', `unknown criteria version "${code}"`);
  return regime;
}

/** The version's product sets, each saying whether a published sheet exists for it. */
export async function listSets(ctx: Ctx, version: string, q: PageQueryInput): Promise<Page<SetDto>> {
  const regime = await requireRegime(ctx, version);
  const { items, total } = await repo.listProductSets(ctx, regime.classification, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  const sheets = await repo.latestPublishedSheets(ctx, regime.sheetsFrom, items.map((s) => s.code));
  return {
    items: items.map((s) => {
      const sheet = sheets.get(s.code);
      return {
        code: s.code, name: s.name, group: groupOf(s), topGroup: s.topGroup, topGroupName: s.topGroupName,
        hasSheet: !!sheet,
        sheet: sheet ? { revision: sheet.revision, official: sheet.official, provenance: sheet.provenance, publishedAt: iso(sheet.publishedAt)! } : null,
      };
    }),
    total, page: q.page, pageSize: q.pageSize,
  };
}

function nodeDto(n: SheetNode): NodeDto {
  return {
    code: n.code, kind: n.kind, title: n.title, note: n.note, maxPoints: maxPoints(n), selection: n.selection,
    condition: n.condition, chooseOneCase: n.chooseOneCase, knockOut: n.knockOut, bonus: n.bonus,
    options: n.options.map((o) => ({ ...o })), children: n.children.map(nodeDto),
  };
}

function toSheetDto(version: string, regime: repo.RegimeRow, set: { code: string; name: string; groupName: string; topGroupName: string }, row: repo.SheetRow, tree: Sheet): SheetDto {
  const order = (c: string) => PART_CODES.indexOf(c as (typeof PART_CODES)[number]);
  const parts = [...tree.parts].sort((a, b) => order(a.code) - order(b.code));
  return {
    id: row.id, version, sheetsFrom: row.regimeCode, productSet: { code: set.code, name: set.name, group: groupOf(set) },
    revision: row.revision, status: row.status, official: row.official, provenance: row.provenance, source: row.source,
    publishedAt: iso(row.publishedAt), partMaxima: regime.partMaxima,
    totalPoints: parts.reduce((sum, p) => sum + partMaxPoints(p), 0),
    parts: parts.map((p) => ({ code: p.code, title: p.title, maxPoints: p.maxPoints, children: p.children.map(nodeDto) })),
  };
}

/** The scoring sheet in force for a product set under a version: its newest published revision. */
export async function getSheet(ctx: Ctx, version: string, productSetCode: string): Promise<SheetDto> {
  const regime = await requireRegime(ctx, version);
  const set = await repo.findProductSet(ctx, regime.classification, productSetCode);
  if (!set) throw new AppError('not_found', `product set "${productSetCode}" is not in the classification of ${version}`);
  const row = (await repo.latestPublishedSheets(ctx, regime.sheetsFrom, [set.code])).get(set.code);
  if (!row) {
    throw new AppError('sheet_not_available',
      `no scoring sheet for product set ${set.code} under ${version}: the official annex has not been imported yet`);
  }
  return toSheetDto(version, regime, set, row, await repo.loadTree(ctx, row.id));
}

/**
 * A revision by id as a scoring form shows it: the sheet and its regime's star bands. No access
 * check: the caller (a council member's own sheet) has checked that this revision is theirs.
 */
export async function sheetForScoring(ctx: Ctx, sheetId: string): Promise<{ sheet: SheetDto; starBands: repo.RegimeRow['starBands']; minCertifiableStars: number }> {
  const row = await repo.findSheet(ctx, sheetId);
  if (!row) throw new AppError('not_found', 'scoring sheet not found');
  const { regime, set } = await sheetContext(ctx, row);
  return {
    sheet: toSheetDto(row.regimeCode, regime, set, row, await repo.loadTree(ctx, row.id)),
    starBands: regime.starBands, minCertifiableStars: regime.minCertifiableStars,
  };
}

// ---- authoring (national administrators) ----

function requireAuthor(ctx: Ctx) {
  const actor = requireActor(ctx);
  if (!canAuthorCriteria(actor)) throw new AppError('forbidden', 'only national administrators edit the criteria');
  return actor;
}

async function sheetContext(ctx: Ctx, row: repo.SheetRow) {
  const regime = await requireRegime(ctx, row.regimeCode);
  const set = await repo.findProductSet(ctx, row.classification, row.productSetCode);
  return { regime, set: set! };
}

/** Any revision by id, drafts included (authors only). */
export async function getSheetRevision(ctx: Ctx, sheetId: string): Promise<SheetDto> {
  requireAuthor(ctx);
  const row = await repo.findSheet(ctx, sheetId);
  if (!row) throw new AppError('not_found', 'scoring sheet not found');
  const { regime, set } = await sheetContext(ctx, row);
  return toSheetDto(row.regimeCode, regime, set, row, await repo.loadTree(ctx, row.id));
}

export interface DraftInput {
  version: string;
  productSetCode: string;
  provenance?: string | null;
  official?: boolean;
  source?: 'import' | 'authoring';
}

/**
 * Start a new revision of a set's sheet as a draft: a copy of the newest revision (or the empty
 * parts A/B/C when there is none). One draft per set at a time.
 */
export async function createDraft(ctx: Ctx, input: DraftInput): Promise<SheetDto> {
  const actor = requireAuthor(ctx);
  const asked = await requireRegime(ctx, input.version);
  const regime = await requireRegime(ctx, asked.sheetsFrom);
  const set = await repo.findProductSet(ctx, regime.classification, input.productSetCode);
  if (!set) throw fieldError('productSetCode', 'criteria.not_a_product_set', { version: regime.code });
  return inTx(ctx, async (tx) => {
    const history = await repo.sheetRevisions(tx, regime.code, set.code);
    if (history.some((h) => h.status === 'draft')) throw new AppError('conflict', 'this product set already has a draft sheet', undefined, { reason: 'criteria.draft_exists' });
    const previous = history[0] ?? null;
    const tree: Sheet = previous ? await repo.loadTree(tx, previous.id) : {
      parts: PART_CODES.map((code) => ({ code, title: '', maxPoints: regime.partMaxima[code], children: [] })),
    };
    const row = await repo.insertSheetCtx(tx, {
      regimeCode: regime.code, classification: regime.classification, productSetCode: set.code,
      revision: (previous?.revision ?? 0) + 1, status: 'draft',
      official: input.official ?? previous?.official ?? false,
      provenance: input.provenance !== undefined ? input.provenance : (previous?.provenance ?? null),
      source: input.source ?? 'authoring', sourceRef: previous ? `cloned from revision ${previous.revision}` : null,
      createdBy: actor.label,
    }, tree);
    await recordAudit(tx, { action: 'criteria.sheet.draft', entityType: 'criteria_sheet', entityId: row.id, after: { ...row, clonedFrom: previous?.id ?? null } });
    return toSheetDto(regime.code, regime, set, row, tree);
  });
}

function assertDraft(row: repo.SheetRow | null): asserts row is repo.SheetRow {
  if (!row) throw new AppError('not_found', 'scoring sheet not found');
  if (row.status !== 'draft') throw new AppError('sheet_immutable', `revision ${row.revision} is published and cannot change; create a new draft`);
}

/** Replace a draft's tree (and optionally its provenance). Published revisions refuse with sheet_immutable. */
export async function updateDraft(ctx: Ctx, sheetId: string, raw: SheetInput, meta: { provenance?: string | null } = {}): Promise<SheetDto> {
  requireAuthor(ctx);
  const parsed = SheetInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const tree = sheetFromInput(parsed.data);
  return inTx(ctx, async (tx) => {
    const before = await repo.findSheet(tx, sheetId);
    assertDraft(before);
    const row = await repo.replaceDraftTree(tx, sheetId, tree, meta);
    // Published in between (another request): the repository matched no draft.
    assertDraft(row ? { ...row, status: 'draft' } : await repo.findSheet(tx, sheetId));
    await recordAudit(tx, { action: 'criteria.sheet.update', entityType: 'criteria_sheet', entityId: sheetId, before: { revision: before.revision }, after: { revision: row!.revision, parts: parsed.data.parts.length } });
    const { regime, set } = await sheetContext(tx, row!);
    return toSheetDto(row!.regimeCode, regime, set, row!, tree);
  });
}

/** Publish a draft after the integrity check; from then on it is immutable. */
export async function publishSheet(ctx: Ctx, sheetId: string): Promise<SheetDto> {
  const actor = requireAuthor(ctx);
  return inTx(ctx, async (tx) => {
    const row = await repo.findSheet(tx, sheetId);
    assertDraft(row);
    const { regime, set } = await sheetContext(tx, row);
    const tree = await repo.loadTree(tx, row.id);
    const issues = checkSheet(tree, regime.partMaxima);
    if (issues.length) {
      const fields: FieldErrors = Object.fromEntries(issues.map((i) => [i.code, integrityProblem(i, tree, regime.partMaxima)]));
      throw validation(fields, 'the sheet does not pass the integrity check');
    }
    const published = await repo.markPublished(tx, row.id, actor.label, sheetHash(tree, row.provenance), ctx.deps.clock());
    assertDraft(published ? { ...published, status: 'draft' } : await repo.findSheet(tx, sheetId));
    await recordAudit(tx, { action: 'criteria.sheet.publish', entityType: 'criteria_sheet', entityId: row.id, before: { status: 'draft' }, after: { status: 'published', revision: row.revision } });
    return toSheetDto(row.regimeCode, regime, set, published!, tree);
  });
}

/** A national administrator confirms a version shipped as "to verify" against the official text. */
export async function confirmVersion(ctx: Ctx, code: string): Promise<VersionDto> {
  const actor = requireAuthor(ctx);
  const row = await inTx(ctx, async (tx) => {
    const before = await requireRegime(tx, code);
    const after = await repo.markConfirmed(tx, code, actor.label, ctx.deps.clock());
    await recordAudit(tx, { action: 'criteria.version.confirm', entityType: 'criteria_regime', entityId: code, before: { toVerify: before.toVerify, confirmedAt: before.confirmedAt }, after: { confirmedAt: after!.confirmedAt } });
    return after!;
  });
  const [all, counts] = await Promise.all([repo.listRegimes(ctx), repo.publishedSetCounts(ctx)]);
  return toVersionDto(row, all, counts);
}

/** A sheet as a criteria import file (decision 006 "Import format"): re-imports as it is. */
export function sheetFile(sheet: SheetDto): CriteriaFileDto {
  return {
    format: CRITERIA_FILE_FORMAT, version: sheet.version, official: sheet.official, provenance: sheet.provenance,
    sourceRef: `export of ${sheet.sheetsFrom} set ${sheet.productSet.code} revision ${sheet.revision}`, sheets: [sheet],
  };
}

function revisionDto(r: repo.SheetRow): RevisionDto {
  return {
    id: r.id, revision: r.revision, status: r.status, official: r.official, provenance: r.provenance, source: r.source,
    sourceRef: r.sourceRef, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
    publishedAt: iso(r.publishedAt), publishedBy: r.publishedBy,
  };
}

/** Every revision of a set's sheet under a version, drafts included, newest first (authors only). */
export async function listRevisions(ctx: Ctx, version: string, productSetCode: string): Promise<{ sheetsFrom: string; items: RevisionDto[] }> {
  requireAuthor(ctx);
  const asked = await requireRegime(ctx, version);
  const regime = await requireRegime(ctx, asked.sheetsFrom);
  const set = await repo.findProductSet(ctx, regime.classification, productSetCode);
  if (!set) throw new AppError('not_found', `product set "${productSetCode}" is not in the classification of ${version}`);
  const rows = await repo.sheetRevisions(ctx, regime.code, set.code);
  return { sheetsFrom: regime.code, items: rows.map(revisionDto) };
}

/**
 * What keeps a sheet from passing the integrity check, per node code (a code may have several
 * findings), worded as in a criteria file: for the pages of a draft and of a refused publish.
 */
export function integrityFindings(sheet: SheetDto): Record<string, FieldProblem[]> {
  const tree = { parts: sheet.parts } as Sheet;
  const issues = checkSheet(tree, sheet.partMaxima);
  const out: Record<string, FieldProblem[]> = {};
  integrityProblems('', tree, sheet.partMaxima, issues).forEach((p, i) => {
    (out[issues[i]!.code] ??= []).push(problem(p.code, p.params));
  });
  return out;
}
