/**
 * Self-assessment (tự đánh giá): a producer scores their own product on the sheet in force
 * today, sees the subtotals, the estimated stars and what would raise the product to the next
 * star. One working copy per product and sheet; a dossier freezes a copy when it is submitted.
 */
import { z } from 'zod';
import { inTx, type Ctx } from '../../context';
import { AppError, fieldError, problem, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import { regimeOn } from '../../domain/regime';
import { todayInVietnam } from '../../domain/dates';
import { scoreSheet, walk, type Sheet } from '../../domain/scoring-sheet';
import { starsForScore, type StarBand } from '../../domain/stars';
import { missingAnswers, nextStar, rankSuggestions } from '../../domain/self-assessment';
import { recordAudit } from '../audit/audit.service';
import { requireActor } from '../../core/actor';
import { findProductRow, type ProductRow } from '../registry/product.repository';
import * as criteriaRepo from '../criteria/criteria.repository';
import { getSheet } from '../criteria/criteria.service';
import type { SheetDto } from '../criteria/criteria.schema';
import { assertRead, canEditSelfAssessment, custodyOf } from './dossier.policy';
import type { StoredAnswers } from './dossier.tables';
import * as repo from './dossier.repository';
import type { DossierStatus } from '../../domain/dossier';

/** A product's dossier is open (one at a time) until it is decided or withdrawn. */
export const OPEN_STATUSES: readonly DossierStatus[] = ['draft', 'submitted', 'returned', 'forwarded', 'received', 'in_round', 'evaluated'];

/** Answers as stored: the criteria the producer explicitly left unanswered ride along in the same JSON. */
export type SavedAnswers = StoredAnswers & { left?: string[] };

const code = z.string().trim().min(1).max(64);
export const AnswersInputSchema = z.object({
  options: z.array(code).max(500),
  knockOuts: z.array(code).max(100).default([]),
  left: z.array(code).max(500).optional().describe('criteria explicitly left unanswered (not applicable)'),
});
export type AnswersInput = z.input<typeof AnswersInputSchema>;

const SuggestionSchema = z.object({
  code: z.string(), part: z.enum(['A', 'B', 'C']), title: z.string(), current: z.number(), best: z.number(),
  bestOption: z.object({ code: z.string(), text: z.string() }), gain: z.number(), answered: z.boolean(),
  conditional: z.boolean(), bonus: z.boolean(),
});

export const SelfAssessmentSchema = z.object({
  productId: z.string(),
  regimeCode: z.string().describe('the regime in force today'),
  sheet: z.object({
    id: z.string(), version: z.string(), sheetsFrom: z.string(), revision: z.number().int(), official: z.boolean(),
    provenance: z.string().nullable(),
  }),
  saved: z.boolean().describe('false: nothing saved yet on this sheet'),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  answers: z.object({ options: z.array(z.string()), knockOuts: z.array(z.string()), left: z.array(z.string()) }),
  parts: z.object({ A: z.number(), B: z.number(), C: z.number() }),
  partMaxima: z.object({ A: z.number(), B: z.number(), C: z.number() }),
  total: z.number(),
  estimatedStars: z.number().int(),
  minCertifiableStars: z.number().int(),
  certifiable: z.boolean().describe('false below the certifiable stars, or when a knock-out eliminated the product'),
  outcome: z.enum(['scored', 'eliminated', 'stopped']),
  knockOut: z.object({ code: z.string(), effect: z.enum(['eliminate', 'stop']) }).nullable(),
  complete: z.boolean().describe('every criterion answered or explicitly left'),
  missing: z.array(z.string()).describe('criteria still to answer'),
  nextStar: z.object({ stars: z.number().int().nullable(), pointsNeeded: z.number().nullable() }),
  suggestions: z.array(SuggestionSchema).describe('what would raise the score: criteria ranked by points gained'),
  canEdit: z.boolean(),
  assistedDossier: z.object({ id: z.string(), number: z.string() }).nullable()
    .describe('the product\'s open dossier when officers hold it on the producer\'s behalf (they fill the self-assessment in until they hand it over)'),
});
export type SelfAssessmentDto = z.infer<typeof SelfAssessmentSchema>;

export interface SheetInForce { regime: criteriaRepo.RegimeRow; sheet: SheetDto; tree: Sheet }

/** The regime in force on a date (default: today, app clock). */
export async function regimeInForce(ctx: Ctx, date?: string): Promise<criteriaRepo.RegimeRow> {
  const regime = regimeOn(await criteriaRepo.listRegimes(ctx), date ?? todayInVietnam(ctx.deps.clock()));
  if (!regime) throw new AppError('not_found', 'no regime in force');
  return regime;
}

/** The sheet of the product's set under the regime in force (404 sheet_not_available when none is published). */
export async function sheetInForce(ctx: Ctx, productSetCode: string, date?: string): Promise<SheetInForce> {
  const regime = await regimeInForce(ctx, date);
  const sheet = await getSheet(ctx, regime.code, productSetCode);
  return { regime, sheet, tree: sheet as unknown as Sheet };
}

async function readableProduct(ctx: Ctx, productId: string): Promise<ProductRow> {
  const actor = requireActor(ctx);
  const product = await findProductRow(ctx, productId);
  if (!product) throw new AppError('not_found', 'product not found');
  assertRead(actor, product, 'product');
  return product;
}

/** Who fills the product's self-assessment in: the policy on the product and its open dossier (held by officers or not). */
async function editRight(ctx: Ctx, product: ProductRow): Promise<{ canEdit: boolean; assisted: repo.DossierRow | null }> {
  const open = await repo.findDossierRowOfProductIn(ctx, product.id, OPEN_STATUSES);
  return { canEdit: canEditSelfAssessment(requireActor(ctx), product, open), assisted: open && custodyOf(open) === 'officer' ? open : null };
}

/** Score answers on a sheet: 400 validation_failed listing unknown options, two options of one criterion, etc. */
export function evaluate(tree: Sheet, bands: StarBand[], minStars: number, answers: SavedAnswers) {
  const result = scoreSheet(tree, answers);
  if (!result.ok) {
    const fields: FieldErrors = {};
    for (const i of result.issues) {
      fields[i.problem === 'unknown_knock_out' ? 'knockOuts' : 'options'] = problem(`self_assessment.${i.problem}`, {
        codes: result.issues.filter((x) => x.problem === i.problem).map((x) => x.code).join(', '),
      });
    }
    throw new AppError('validation_failed', 'answers do not fit this sheet', fields, { issues: result.issues });
  }
  const s = result.score;
  const stars = starsForScore(Math.min(100, Math.max(0, s.total)), bands);
  return { score: s, stars, certifiable: stars >= minStars && s.outcome === 'scored' };
}

function checkLeft(tree: Sheet, left: readonly string[]) {
  const criteria = new Set(walk(tree).filter((n) => n.options.length).map((n) => n.code));
  const unknown = left.filter((c) => !criteria.has(c));
  if (unknown.length) throw fieldError('left', 'self_assessment.unknown_criteria', { codes: unknown.join(', ') });
}

function toDto(product: ProductRow, f: SheetInForce, row: repo.SelfAssessmentRow | null, canEdit: boolean, assisted: repo.DossierRow | null): SelfAssessmentDto {
  const saved = (row?.answers ?? { options: [], knockOuts: [] }) as SavedAnswers;
  const answers = { options: saved.options, knockOuts: saved.knockOuts ?? [], left: saved.left ?? [] };
  const bands = f.regime.starBands as StarBand[];
  const { score, stars, certifiable } = evaluate(f.tree, bands, f.regime.minCertifiableStars, answers);
  const missing = missingAnswers(f.tree, answers);
  return {
    productId: product.id, regimeCode: f.regime.code,
    sheet: { id: f.sheet.id, version: f.sheet.version, sheetsFrom: f.sheet.sheetsFrom, revision: f.sheet.revision, official: f.sheet.official, provenance: f.sheet.provenance },
    saved: !!row, updatedAt: row?.updatedAt.toISOString() ?? null, updatedBy: row?.updatedBy ?? null,
    answers, parts: score.parts, partMaxima: f.regime.partMaxima, total: score.total, estimatedStars: stars,
    minCertifiableStars: f.regime.minCertifiableStars, certifiable, outcome: score.outcome, knockOut: score.knockOut,
    complete: missing.length === 0, missing, nextStar: nextStar(score.total, bands),
    suggestions: rankSuggestions(f.tree, answers.options, score.parts), canEdit,
    assistedDossier: assisted ? { id: assisted.id, number: assisted.number } : null,
  };
}

/** The self-assessment with the sheet and star bands the form draws. */
export type SelfAssessmentWithSheet = SelfAssessmentDto & { sheetDto: SheetDto; starBands: StarBand[] };

export async function getSelfAssessment(ctx: Ctx, productId: string): Promise<SelfAssessmentWithSheet> {
  const product = await readableProduct(ctx, productId);
  const f = await sheetInForce(ctx, product.productSetCode);
  const row = await repo.findSelfAssessment(ctx, product.id, f.sheet.id);
  const { canEdit, assisted } = await editRight(ctx, product);
  return { ...toDto(product, f, row, canEdit, assisted), sheetDto: f.sheet, starBands: f.regime.starBands as StarBand[] };
}

export async function saveSelfAssessment(ctx: Ctx, productId: string, raw: AnswersInput): Promise<SelfAssessmentDto> {
  const actor = requireActor(ctx);
  const product = await readableProduct(ctx, productId);
  const { canEdit, assisted } = await editRight(ctx, product);
  if (!canEdit) {
    throw new AppError('forbidden', assisted
      ? `the officers who filed dossier ${assisted.number} on the producer's behalf fill in its self-assessment while it can be edited`
      : 'only the producer of the product fills in its self-assessment');
  }
  const parsed = AnswersInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const f = await sheetInForce(ctx, product.productSetCode);
  const answers: SavedAnswers = { options: [...new Set(parsed.data.options)], knockOuts: [...new Set(parsed.data.knockOuts)] };
  const left = [...new Set(parsed.data.left ?? [])];
  checkLeft(f.tree, left);
  if (left.length) answers.left = left;
  const { score, stars } = evaluate(f.tree, f.regime.starBands as StarBand[], f.regime.minCertifiableStars, answers);
  const now = ctx.deps.clock();
  await inTx(ctx, async (tx) => {
    const before = await repo.findSelfAssessment(tx, product.id, f.sheet.id);
    const values = {
      answers, parts: score.parts, total: score.total, estimatedStars: stars, outcome: score.outcome, updatedBy: actor.label, updatedAt: now,
    };
    const after = await repo.upsertSelfAssessment(tx, { productId: product.id, producerId: product.producerId, sheetId: f.sheet.id, createdAt: now }, values);
    await recordAudit(tx, {
      action: 'self_assessment.save', entityType: 'self_assessment', entityId: after.id, provinceCode: product.provinceCode,
      before: before ? { answers: before.answers, total: before.total } : null,
      after: { answers, total: score.total, estimatedStars: stars, ...(assisted ? { onBehalfOf: product.producerId, dossier: assisted.number } : {}) },
    });
  });
  const row = await repo.findSelfAssessment(ctx, product.id, f.sheet.id);
  return toDto(product, f, row, true, assisted);
}
