/**
 * Evaluation dossiers (hồ sơ đánh giá, OCOP cycle step 5): create (first evaluation, upgrade,
 * re-evaluation), the form and the note of changes, the completeness checklist, submission,
 * the commune review (with the commune assessment where the regime asks for it), the province
 * reception and the timeline. Every status change goes through moveDossier.
 */
import { inTx, type Actor, type Ctx } from '../../context';
import { AppError, problem, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import {
  DOSSIER_TRANSITIONS, documentsFor, nextSideOf, ownerMayEdit,
  type DossierAction, type DossierDocumentSpec, type DossierKind, type DossierStatus,
} from '../../domain/dossier';
import { nextCutoff, regimeName } from '../../domain/regime';
import { todayInVietnam, isoOrNull as iso } from '../../domain/dates';
import { missingAnswers } from '../../domain/self-assessment';
import { recordAudit } from '../audit/audit.service';
import { requireActor } from '../../core/actor';
import { findProductRow, findProductSet, type ProductRow } from '../registry/product.repository';
import * as criteriaRepo from '../criteria/criteria.repository';
import { moveDossier, recordDossierEvent, type DossierRow } from './dossier-status';
import type { CommuneAssessment } from './dossier.tables';
import * as repo from './dossier.repository';
import { assertRead, canOpenDossier, custodyOf, DOSSIER_ROLES, dossierScope, sidesOf } from './dossier.policy';
import { assistedFilingOf, filedByColumns } from './dossier-assisted';
import { OPEN_STATUSES, regimeInForce, sheetInForce, type SavedAnswers } from './self-assessment.service';
import {
  DossierCreateSchema, DossierPatchSchema, DossierTransitionSchema,
  type ChecklistItemDto, type DossierCreateInput, type DossierDocumentDto, type DossierDto, type DossierListQuery,
  type DossierPatchInput, type DossierSummaryDto, type DossierTransitionInput, type NextStepDto,
} from './dossier.schema';


/** Product sets of the tourism-service group (top group VI, "Dịch vụ du lịch …") are services: no samples. */
export const SERVICE_TOP_GROUP = 'VI';

/** The actions this module takes over HTTP (rounds and decisions move the rest). */
export const DOSSIER_HTTP_ACTIONS = ['submit', 'withdraw', 'return', 'forward', 'receive'] as const;

export type CommuneAssessmentStored = CommuneAssessment & { samplesReceived?: boolean };

function requireDossierRole(actor: Actor) {
  if (!(DOSSIER_ROLES as readonly string[]).includes(actor.role)) throw new AppError('forbidden', 'not allowed');
}

/** The dossier if the caller may read it; 404 otherwise (existence does not leak). */
export async function readableDossier(ctx: Ctx, id: string): Promise<DossierRow> {
  const actor = requireActor(ctx);
  const row = await repo.findDossierRow(ctx, id);
  if (!row) throw new AppError('not_found', 'dossier not found');
  assertRead(actor, row);
  return row;
}

/** Whether the regime gives the commune level dossier duties (148+1489: the commune assessment; 26/2026: reception). */
export function communeAssessmentRequired(regime: Pick<criteriaRepo.RegimeRow, 'levels'>): boolean {
  return regime.levels.some((l) => l.level === 'commune' && /dossier/i.test(l.duties ?? ''));
}

/** The regime whose checklist applies: today's while the producer still edits, the one fixed at submission after. */
export async function regimeOfDossier(ctx: Ctx, row: DossierRow): Promise<criteriaRepo.RegimeRow> {
  if (ownerMayEdit(row.status)) return regimeInForce(ctx);
  return (await criteriaRepo.findRegime(ctx, row.regimeCode)) ?? regimeInForce(ctx);
}

export function specsOf(regime: criteriaRepo.RegimeRow, kind: DossierKind, isService: boolean): DossierDocumentSpec[] {
  return documentsFor((regime.dossierDocuments ?? []) as DossierDocumentSpec[], kind, isService);
}

type DocRow = repo.DocumentRow;

export function toDocumentDto(d: DocRow): DossierDocumentDto {
  return {
    id: d.id, docType: d.docType, fileName: d.fileName, mediaType: d.mediaType, sizeBytes: d.sizeBytes, sha256: d.sha256,
    carriedFrom: d.carriedFrom, uploadedBy: d.uploadedBy, uploadedAt: d.uploadedAt.toISOString(),
    url: `/api/v1/dossiers/${d.dossierId}/documents/${d.id}/file`,
  };
}

/** The self-assessment state for the checklist: saved on the sheet in force, every criterion answered or left. */
async function selfAssessmentState(ctx: Ctx, row: DossierRow, product: ProductRow): Promise<{ ok: boolean; note: string | null; sheetId: string | null }> {
  if (!ownerMayEdit(row.status)) {
    return { ok: !!row.selfAssessment, note: null, sheetId: row.sheetId };
  }
  let f;
  try {
    f = await sheetInForce(ctx, product.productSetCode);
  } catch (e) {
    if (e instanceof AppError && (e.code === 'sheet_not_available' || e.code === 'not_found')) return { ok: false, note: 'sheet_not_available', sheetId: null };
    throw e;
  }
  const saved = await repo.findSelfAssessment(ctx, product.id, f.sheet.id);
  if (!saved) return { ok: false, note: 'not_saved', sheetId: f.sheet.id };
  const missing = missingAnswers(f.tree, saved.answers as SavedAnswers);
  return { ok: missing.length === 0, note: missing.length ? `unanswered: ${missing.join(', ')}` : null, sheetId: f.sheet.id };
}

export async function buildChecklist(ctx: Ctx, row: DossierRow, product: ProductRow, docs: DocRow[]) {
  const regime = await regimeOfDossier(ctx, row);
  const items: ChecklistItemDto[] = [];
  for (const spec of specsOf(regime, row.kind, row.isService)) {
    const files = docs.filter((d) => d.docType === spec.code);
    let satisfied: boolean;
    let note: string | null = null;
    if (spec.provided === 'upload') satisfied = files.length > 0;
    else if (spec.provided === 'self_assessment') {
      const s = await selfAssessmentState(ctx, row, product);
      satisfied = s.ok;
      note = s.note;
    } else {
      // Samples are brought to the commune office; the commune records them when it forwards, so
      // they do not hold up submission (see `missing` below).
      const ca = row.communeAssessment as CommuneAssessmentStored | null;
      satisfied = ca?.samplesReceived === true;
      note = satisfied ? 'received' : 'bring_to_commune';
    }
    items.push({
      code: spec.code, title: spec.title, titleEn: spec.titleEn, required: spec.required, provided: spec.provided, satisfied,
      files: files.length, carried: files.length > 0 && files.every((f) => f.carriedFrom !== null), note,
    });
  }
  if (row.kind !== 'first') {
    items.unshift({
      code: 'changes_note', title: 'Thuyết minh những nội dung thay đổi so với hồ sơ trước', titleEn: 'What changed since the previous dossier',
      required: true, provided: 'note', satisfied: !!row.changesNote?.trim(), files: 0, carried: false, note: null,
    });
  }
  const missing = items.filter((i) => i.required && !i.satisfied && i.provided !== 'samples').map((i) => i.code);
  return { regime, checklist: { complete: missing.length === 0, items, missing } };
}

/**
 * Withdrawing is the producer's own decision: an officer withdraws only a dossier they hold on a
 * household's behalf (assisted filing, told by the household), never the producer's own one.
 */
function mayTake(actor: Actor, row: DossierRow, t: (typeof DOSSIER_TRANSITIONS)[number]): boolean {
  if (!sidesOf(actor, row).includes(t.by)) return false;
  return t.action !== 'withdraw' || actor.role === 'producer' || custodyOf(row) === 'officer';
}

function allowedActions(actor: Actor, row: DossierRow): DossierAction[] {
  return DOSSIER_TRANSITIONS
    .filter((t) => t.from === row.status && mayTake(actor, row, t) && (DOSSIER_HTTP_ACTIONS as readonly string[]).includes(t.action))
    .map((t) => t.action);
}

/**
 * What happens next to a dossier: who acts, and the next round cut-off of the level it goes to
 * (the province's; the centre's for a recognised product going on to a national round). The
 * regimes give cut-off days, not processing times: the page shows the cut-off (decision 023).
 */
export function nextStepOf(regime: Pick<criteriaRepo.RegimeRow, 'levels'>, status: DossierStatus, today: string): NextStepDto {
  const side = nextSideOf(status);
  if (!side || status === 'recognised') return { side: status === 'recognised' ? null : side, level: null, cutoff: null };
  const level = 'province' as const;
  const cutoffs = regime.levels.find((l) => l.level === level)?.roundCutoffs ?? null;
  const waits = side !== 'decision' && status !== 'in_round';
  return { side, level: waits ? level : null, cutoff: waits ? nextCutoff(today, cutoffs) : null };
}

export async function loadDossierDto(ctx: Ctx, actor: Actor, id: string): Promise<DossierDto> {
  const row = (await repo.findDossierRow(ctx, id))!;
  const product = (await findProductRow(ctx, row.productId))!;
  const docs = await repo.listDocumentRows(ctx, id);
  const { regime, checklist } = await buildChecklist(ctx, row, product, docs);
  const n = await repo.namesOfProduct(ctx, row.productId);
  const events = await repo.listDossierEvents(ctx, id);
  const areaNames = await repo.areaNamesOf(ctx, row.communeCode, row.provinceCode);
  const sides = sidesOf(actor, row);
  return {
    ...summary(row, n),
    sheetId: row.sheetId, isService: row.isService, form: row.form, changesNote: row.changesNote,
    previousDossierId: row.previousDossierId, previousCertificateId: row.previousCertificateId,
    selfAssessment: row.selfAssessment, communeAssessment: row.communeAssessment as CommuneAssessmentStored | null,
    communeAssessmentRequired: communeAssessmentRequired(regime),
    regimeName: regimeName(regime.title), ...areaNames,
    nextStep: nextStepOf(regime, row.status, todayInVietnam(ctx.deps.clock())),
    editable: ownerMayEdit(row.status) && sides.includes('owner'),
    mayAddExtraTests: mayAddExtraTests(actor, row),
    checklist, documents: docs.map(toDocumentDto), allowedActions: allowedActions(actor, row),
    timeline: events.map((e) => ({
      id: e.id, action: e.action, fromStatus: e.fromStatus, toStatus: e.toStatus, comment: e.comment,
      actorLabel: e.actorLabel, actorName: e.actorName, actorRole: e.actorRole, at: e.at.toISOString(),
    })),
    forwardedAt: iso(row.forwardedAt), receivedAt: iso(row.receivedAt), createdAt: row.createdAt.toISOString(),
    assisted: await assistedFilingOf(ctx, actor, row),
  };
}

function summary(row: DossierRow, n: { productName: string; productSetCode: string; producerName: string }): DossierSummaryDto {
  return {
    id: row.id, number: row.number, kind: row.kind, status: row.status, version: row.version,
    product: { id: row.productId, name: n.productName, productSetCode: n.productSetCode },
    producer: { id: row.producerId, name: n.producerName }, provinceCode: row.provinceCode, communeCode: row.communeCode,
    regimeCode: row.regimeCode, submittedAt: iso(row.submittedAt), updatedAt: row.updatedAt.toISOString(), filedOnBehalf: row.filedOnBehalf,
  };
}

export async function getDossier(ctx: Ctx, id: string): Promise<DossierDto> {
  const actor = requireActor(ctx);
  await readableDossier(ctx, id);
  return loadDossierDto(ctx, actor, id);
}

export async function createDossier(ctx: Ctx, raw: DossierCreateInput): Promise<DossierDto> {
  const actor = requireActor(ctx);
  requireDossierRole(actor);
  // No product chosen is said as such, not as an invalid identifier.
  if (!raw.productId?.trim()) throw validation({ productId: problem('dossier.choose_product') });
  const parsed = DossierCreateSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const input = parsed.data;
  const product = await findProductRow(ctx, input.productId);
  if (!product || !canOpenDossier(actor, product)) throw validation({ productId: problem('dossier.unknown_product') });
  const set = await findProductSet(ctx, product.classification, product.productSetCode);
  const isService = set?.topGroup === SERVICE_TOP_GROUP;
  const today = todayInVietnam(ctx.deps.clock());
  const regime = await regimeInForce(ctx, today);
  let sheetId: string | null = null;
  try {
    sheetId = (await sheetInForce(ctx, product.productSetCode, today)).sheet.id;
  } catch (e) {
    if (!(e instanceof AppError && (e.code === 'sheet_not_available' || e.code === 'not_found'))) throw e;
  }

  const open = await repo.findDossierOfProductIn(ctx, product.id, OPEN_STATUSES);
  if (open) throw new AppError('duplicate', `the product already has an open dossier (${open.number})`, { productId: problem('dossier.open_dossier_exists') });

  let previous: DossierRow | null = null;
  let previousCertificateId: string | null = null;
  if (input.kind !== 'first') {
    previous = await repo.findLatestDossierOfProductIn(ctx, product.id, ['recognised', 'not_recognised', 'evaluated', 'received', 'forwarded']);
    // An active certificate that has not expired (re-evaluation comes near expiry; an upgrade while it runs).
    previousCertificateId = await repo.findActiveCertificateId(ctx, product.id, today);
    if (!previous && !previousCertificateId) throw validation({ kind: problem('dossier.no_previous') });
  }

  return inTx(ctx, async (tx) => {
    const now = tx.deps.clock();
    const number = await repo.nextDossierNumber(tx, product.provinceCode, Number(today.slice(0, 4)));
    const created = await repo.insertDossier(tx, {
      number, kind: input.kind, productId: product.id, producerId: product.producerId, provinceCode: product.provinceCode,
      communeCode: product.communeCode, previousDossierId: previous?.id ?? null, previousCertificateId, regimeCode: regime.code,
      sheetId, isService, form: input.form ?? previous?.form ?? {}, changesNote: input.changesNote ?? null, createdBy: actor.label,
      ...filedByColumns(actor, product), createdAt: now, updatedAt: now,
    });
    const docs = previous ? await repo.listDocumentRows(tx, previous.id) : [];
    await repo.carryDocuments(tx, created.id, docs);
    const carried = docs.length;
    await recordDossierEvent(tx, created.id, created.filedOnBehalf ? 'create_on_behalf' : 'create', null, 'draft', previous ? `${previous.number} (${carried})` : null);
    await recordAudit(tx, {
      action: 'dossier.create', entityType: 'dossier', entityId: created.id, provinceCode: created.provinceCode,
      after: { ...created, carriedDocuments: carried },
    });
    return loadDossierDto(tx, actor, created.id);
  });
}

/** Extra laboratory tests (stage 2 of a two-stage round) are filed by the province while it holds the dossier. */
export const EXTRA_TESTS_DOC = 'lab_tests';
export function mayAddExtraTests(actor: Actor, row: DossierRow): boolean {
  return (row.status === 'received' || row.status === 'in_round') && sidesOf(actor, row).includes('province');
}

/** The owner side edits while the dossier is a draft or returned (409 invalid_transition otherwise, 403 for anyone else). */
export function assertEditable(actor: Actor, row: DossierRow) {
  if (!ownerMayEdit(row.status)) throw new AppError('invalid_transition', `a dossier that is ${row.status} cannot be edited`);
  if (!sidesOf(actor, row).includes('owner')) {
    throw new AppError('forbidden', custodyOf(row) === 'officer'
      ? 'the officers who filed this dossier on the producer\'s behalf fill it in until they hand it over'
      : 'only the producer edits the dossier (an officer files one on a producer\'s behalf only for a dossier they open)');
  }
}

export async function patchDossier(ctx: Ctx, id: string, raw: DossierPatchInput): Promise<DossierDto> {
  const actor = requireActor(ctx);
  const before = await readableDossier(ctx, id);
  const parsed = DossierPatchSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  assertEditable(actor, before);
  return inTx(ctx, async (tx) => {
    const set: Partial<repo.DossierInsert> = { updatedAt: tx.deps.clock() };
    if (parsed.data.form !== undefined) set.form = parsed.data.form;
    if (parsed.data.changesNote !== undefined) set.changesNote = parsed.data.changesNote?.trim() || null;
    const after = await repo.updateDossierIf(tx, id, before.version, ['draft', 'returned'], set);
    if (!after) throw new AppError('conflict', 'the dossier was changed by someone else; reload and try again');
    await recordAudit(tx, {
      action: 'dossier.edit', entityType: 'dossier', entityId: id, provinceCode: before.provinceCode,
      before: { form: before.form, changesNote: before.changesNote }, after: { form: after.form, changesNote: after.changesNote },
    });
    return loadDossierDto(tx, actor, id);
  });
}

export async function transitionDossier(ctx: Ctx, id: string, raw: DossierTransitionInput): Promise<DossierDto> {
  const actor = requireActor(ctx);
  const before = await readableDossier(ctx, id);
  const parsed = DossierTransitionSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const { action, comment, communeAssessment, version } = parsed.data;
  const t = DOSSIER_TRANSITIONS.find((x) => x.from === before.status && x.action === action);
  if (!t) throw new AppError('invalid_transition', `cannot ${action} a dossier that is ${before.status}`);
  if (!mayTake(actor, before, t)) throw new AppError('forbidden', `not allowed to ${action} this dossier`);
  const now = ctx.deps.clock();
  const today = todayInVietnam(now);

  const set: NonNullable<Parameters<typeof moveDossier>[3]>['set'] = {};
  let samplesEvent = false;
  if (action === 'submit') {
    const product = (await findProductRow(ctx, before.productId))!;
    const { checklist } = await buildChecklist(ctx, before, product, await repo.listDocumentRows(ctx, id));
    if (!checklist.complete) {
      const missing = checklist.items.filter((i) => checklist.missing.includes(i.code)).map((i) => ({ code: i.code, title: i.title, titleEn: i.titleEn, note: i.note }));
      throw new AppError('dossier_incomplete', `the dossier is missing: ${missing.map((m) => m.code).join(', ')}`, undefined, { missing });
    }
    const regime = await regimeInForce(ctx, today);
    set.submittedAt = now;
    set.regimeCode = regime.code;
    try {
      const f = await sheetInForce(ctx, product.productSetCode, today);
      set.sheetId = f.sheet.id;
      const sa = await repo.findSelfAssessment(ctx, product.id, f.sheet.id);
      set.selfAssessment = sa ? {
        answers: sa.answers, parts: sa.parts, total: sa.total, estimatedStars: sa.estimatedStars, sheetId: sa.sheetId,
      } : null;
    } catch (e) {
      if (!(e instanceof AppError && (e.code === 'sheet_not_available' || e.code === 'not_found'))) throw e;
      set.sheetId = null;
      set.selfAssessment = null;
    }
  } else if (action === 'forward') {
    const regime = (await criteriaRepo.findRegime(ctx, before.regimeCode)) ?? await regimeInForce(ctx, today);
    const required = communeAssessmentRequired(regime);
    const fields: FieldErrors = {};
    const ca = communeAssessment ?? {};
    if (required) {
      for (const k of ['localOrigin', 'localLabour', 'localIdea', 'localIdentity'] as const) {
        if (typeof ca[k] !== 'boolean') fields[`communeAssessment.${k}`] = problem('dossier.assessment_required');
      }
      if (!ca.report?.trim()) fields['communeAssessment.report'] = problem('dossier.assessment_required');
    }
    if (!before.isService && ca.samplesReceived !== true) fields['communeAssessment.samplesReceived'] = problem('dossier.samples_not_received');
    if (Object.keys(fields).length) throw validation(fields, 'the commune assessment is incomplete');
    set.forwardedAt = now;
    if (required) {
      set.communeAssessment = {
        localOrigin: ca.localOrigin!, localLabour: ca.localLabour!, localIdea: ca.localIdea!, localIdentity: ca.localIdentity!,
        report: ca.report!.trim(), ...(before.isService ? {} : { samplesReceived: true }), assessedBy: actor.label, assessedAt: now.toISOString(),
      } as CommuneAssessmentStored;
    } else if (!before.isService) {
      samplesEvent = true;
    }
  } else if (action === 'receive') {
    set.receivedAt = now;
  }

  return inTx(ctx, async (tx) => {
    await moveDossier(tx, id, action, { comment: comment ?? null, expectedVersion: version, set });
    if (samplesEvent) await recordDossierEvent(tx, id, 'samples_received', 'forwarded', 'forwarded', null);
    return loadDossierDto(tx, actor, id);
  });
}

export async function listDossiers(ctx: Ctx, q: DossierListQuery): Promise<{ items: DossierSummaryDto[]; total: number; page: number; pageSize: number }> {
  const actor = requireActor(ctx);
  requireDossierRole(actor);
  const { items, total } = await repo.listDossierRows(ctx, dossierScope(actor), q);
  return { items: items.map((r) => summary(r.d, r)), total, page: q.page, pageSize: q.pageSize };
}
