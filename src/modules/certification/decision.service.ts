/**
 * Recognition decisions (OCOP step 5, item 7): drafted from a closed council round, edited while
 * draft, approved by the authority of its level — which issues the certificates, supersedes the
 * products' previous ones and moves the round's dossiers — then published, after which producers
 * may see their results. Rules and reasons: docs/decisions/008-certificate-lifecycle.md.
 */
import { randomUUID } from 'node:crypto';
import { inTx, type Actor, type Ctx } from '../../context';
import { AppError, problem, validation, zodFieldErrors } from '../../errors';
import { certificateExpiry, CERTIFICATE_SEQ_MAX, makeCertificateNumber } from '../../domain/certificate';
import { formatDateVi, isIsoDate, todayInVietnam } from '../../domain/dates';
import { normaliseDecisionNumber, notCertifiable, type DecisionLevel } from '../../domain/decision';
import type { RegimeRules } from '../../domain/regime';
import { beforeReform, issuerKey, issuerName, peoplesCommitteeOf } from '../../domain/admin-units';
import { requireActor } from '../../core/actor';
import { recordAudit } from '../audit/audit.service';
import { findRegime } from '../criteria/criteria.repository';
import { moveDossier } from '../dossier/dossier-status';
import { findArea } from '../registry/area.service';
import { maxCertificateSeq } from './certification.repository';
import * as repo from './decision.repository';
import {
  assertDecisionAuthority, canReadCertificate, canReadDecision, canReadRound, decisionScope, isDecisionAuthority, roundScope,
} from './certification.policy';
import {
  AddItemSchema, DecisionDraftInputSchema, DecisionUpdateSchema,
  type AddItemInput, type DecisionDraftInput, type DecisionDto, type DecisionItemDto, type DecisionListQuery,
  type ApproveInput, type DecisionSummaryDto, type DecisionUpdate, type ResultDto,
} from './certification.schema';
import { verificationChanged } from './verification-feed';

export async function regimeRules(ctx: Ctx, code: string): Promise<RegimeRules> {
  const row = await findRegime(ctx, code);
  if (!row) throw new AppError('not_found', `regime ${code} not found`);
  return row as unknown as RegimeRules;
}

const levelOf = (d: repo.DecisionRow): DecisionLevel => (d.level === 'national' ? 'national' : 'province');

const splitSigner = (signer: string | null) => {
  const [name = '', title = ''] = (signer ?? '').split('\n');
  return { signerName: name, signerTitle: title };
};

function toItemDto(i: repo.ItemRow): DecisionItemDto {
  return {
    dossierId: i.dossierId, dossierNumber: i.dossierNumber, productId: i.productId, productName: i.productName,
    producerName: i.producerName, stars: i.stars, score: Number(i.score), potentialFiveStar: i.potentialFiveStar,
    certificateNumber: i.certificateNumber, certificateExpiresOn: i.certificateExpiresOn,
  };
}

function resultToItem(r: repo.RoundResultRow): DecisionItemDto {
  return {
    dossierId: r.dossierId, dossierNumber: r.dossierNumber, productId: r.productId, productName: r.productName,
    producerName: r.producerName, stars: r.recognisedStars ?? 0, score: Number(r.meanScore ?? 0),
    potentialFiveStar: r.potentialFiveStar, certificateNumber: null, certificateExpiresOn: null,
  };
}

async function passingResults(ctx: Ctx, round: repo.RoundRow): Promise<repo.RoundResultRow[]> {
  const regime = await regimeRules(ctx, round.regimeCode);
  return (await repo.roundResults(ctx, round.id)).filter((r) => notCertifiable(r, regime, round.level) === null);
}

async function loadDto(ctx: Ctx, actor: Actor, id: string): Promise<DecisionDto> {
  const d = await repo.findDecision(ctx, id);
  if (!d) throw new AppError('not_found', 'decision not found');
  const round = d.roundId ? await repo.findRound(ctx, d.roundId) : null;
  const items = (await repo.listItems(ctx, id)).map(toItemDto);
  const listed = new Set(items.map((i) => i.dossierId));
  const candidates = round && d.status === 'draft'
    ? (await passingResults(ctx, round)).filter((r) => !listed.has(r.dossierId)).map(resultToItem) : [];
  const authority = isDecisionAuthority(actor, levelOf(d), d.areaCode);
  const [summary] = await repo.listDecisionsByIds(ctx, [id]);
  return {
    ...toSummaryDto(summary!),
    ...splitSigner(d.signer),
    draftedBy: d.draftedBy, approvedBy: d.approvedBy,
    approvedAt: d.approvedAt?.toISOString() ?? null, publishedAt: d.publishedAt?.toISOString() ?? null,
    version: d.version, roundName: round?.name ?? null, items, candidates,
    dateAhead: d.decisionDate > today(ctx),
    actions: {
      edit: authority && d.status === 'draft',
      approve: authority && d.status === 'draft' && items.length > 0,
      publish: authority && d.status === 'approved' && !d.publishedAt,
    },
  };
}

export function toSummaryDto(r: { decision: repo.DecisionRow; areaName: string | null; items: number }): DecisionSummaryDto {
  const d = r.decision;
  return {
    id: d.id, number: d.number, decisionDate: d.decisionDate, level: d.level, areaCode: d.areaCode, issuer: d.issuer, areaName: r.areaName,
    status: d.status, published: d.publishedAt !== null, title: d.title, roundId: d.roundId, itemCount: Number(r.items),
  };
}

function checkNumber(level: DecisionLevel, raw: string): string {
  const number = normaliseDecisionNumber(level, raw);
  if (!number) {
    throw validation({ number: problem(level === 'national' ? 'decision.number_national' : 'decision.number_province') });
  }
  return number;
}

async function checkUnique(ctx: Ctx, level: DecisionLevel, areaCode: string | null, number: string, date: string, exceptId?: string) {
  if (await repo.findSameNumber(ctx, level, areaCode, number, date, exceptId)) {
    throw new AppError('duplicate', 'a decision with this number and date exists', { number: problem('decision.number_taken') });
  }
}

/** The body that signs a platform decision: the province's People's Committee of today, or the ministry of the date. */
async function platformIssuer(ctx: Ctx, level: DecisionLevel, areaCode: string | null, date: string): Promise<string> {
  if (level === 'national' || !areaCode) return issuerName('national', null, date)!;
  const area = await findArea(ctx, areaCode);
  return area ? peoplesCommitteeOf(area) : `UBND ${areaCode}`;
}

/** Draft the recognition decision of a closed round, listing every result it may certify. */
export async function draftDecision(ctx: Ctx, raw: DecisionDraftInput): Promise<DecisionDto> {
  const actor = requireActor(ctx);
  const parsed = DecisionDraftInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const input = parsed.data;
  if (!isIsoDate(input.decisionDate)) throw validation({ decisionDate: problem('certification.not_a_date') });
  const round = await repo.findRound(ctx, input.roundId);
  if (!round || !canReadRound(actor, round)) throw new AppError('not_found', 'round not found');
  if (!isDecisionAuthority(actor, round.level, round.provinceCode)) {
    throw new AppError('forbidden', 'only the authority of this round\'s level drafts its decision');
  }
  if (round.status !== 'closed') throw new AppError('invalid_transition', 'the round is not closed yet');
  if ((await repo.decisionsOfRound(ctx, round.id)).length) {
    throw new AppError('conflict', 'this round already has a decision', { roundId: problem('decision.round_decided') });
  }
  const number = checkNumber(round.level, input.number);
  const areaCode = round.provinceCode;
  await checkUnique(ctx, round.level, areaCode, number, input.decisionDate);
  const passing = await passingResults(ctx, round);
  const issuer = await platformIssuer(ctx, round.level, areaCode, input.decisionDate);
  return inTx(ctx, async (tx) => {
    const row = await repo.insertDecision(tx, {
      number, decisionDate: input.decisionDate, areaCode, level: round.level, source: 'evaluation', status: 'draft',
      issuer, issuerCode: round.level === 'national' ? null : areaCode,
      kind: 'recognition', roundId: round.id, title: input.title, signer: `${input.signerName}\n${input.signerTitle}`,
      draftedBy: actor.label,
    });
    await repo.insertItems(tx, passing.map((r) => ({
      decisionId: row.id, dossierId: r.dossierId, productId: r.productId, stars: r.recognisedStars!,
      score: String(r.meanScore ?? 0), potentialFiveStar: r.potentialFiveStar,
    })));
    await recordAudit(tx, {
      action: 'decision.draft', entityType: 'decision', entityId: row.id, provinceCode: round.provinceCode,
      after: { ...row, items: passing.map((r) => ({ dossierId: r.dossierId, stars: r.recognisedStars })) },
    });
    return loadDto(tx, actor, row.id);
  });
}

async function draftForChange(ctx: Ctx, id: string): Promise<{ actor: Actor; d: repo.DecisionRow }> {
  const actor = requireActor(ctx);
  const d = await repo.findDecision(ctx, id);
  if (!d) throw new AppError('not_found', 'decision not found');
  assertDecisionAuthority(actor, d);
  if (d.status !== 'draft') throw new AppError('invalid_transition', 'an approved decision cannot change');
  return { actor, d };
}

const stale = () => new AppError('conflict', 'the decision was changed by someone else; reload and try again');

export async function updateDecision(ctx: Ctx, id: string, raw: DecisionUpdate): Promise<DecisionDto> {
  const parsed = DecisionUpdateSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const { actor, d } = await draftForChange(ctx, id);
  const input = parsed.data;
  if (input.version !== undefined && input.version !== d.version) throw stale();
  const number = input.number !== undefined ? checkNumber(levelOf(d), input.number) : d.number;
  const date = input.decisionDate ?? d.decisionDate;
  if (!isIsoDate(date)) throw validation({ decisionDate: problem('certification.not_a_date') });
  await checkUnique(ctx, levelOf(d), d.areaCode, number, date, d.id);
  const signer = splitSigner(d.signer);
  return inTx(ctx, async (tx) => {
    const row = await repo.updateDecisionIf(tx, id, d.version, 'draft', {
      number, decisionDate: date, title: input.title ?? d.title,
      signer: `${input.signerName ?? signer.signerName}\n${input.signerTitle ?? signer.signerTitle}`,
    });
    if (!row) throw stale();
    await recordAudit(tx, { action: 'decision.update', entityType: 'decision', entityId: id, provinceCode: d.level === 'national' ? null : d.areaCode, before: d, after: row });
    return loadDto(tx, actor, id);
  });
}

/** Add a round result back to a draft; anything the council did not pass is 409 not_certifiable. */
export async function addItem(ctx: Ctx, id: string, raw: AddItemInput): Promise<DecisionDto> {
  const parsed = AddItemSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const { actor, d } = await draftForChange(ctx, id);
  const round = d.roundId ? await repo.findRound(ctx, d.roundId) : null;
  if (!round) throw new AppError('not_certifiable', 'this decision follows no council round');
  const { dossierId, productId } = parsed.data;
  const result = (await repo.roundResults(ctx, round.id))
    .find((r) => (dossierId ? r.dossierId === dossierId : r.productId === productId));
  if (!result) throw new AppError('not_certifiable', 'the product was not evaluated in this round', undefined, { reason: 'not_in_round' });
  const regime = await regimeRules(ctx, round.regimeCode);
  const reason = notCertifiable(result, regime, round.level);
  if (reason) throw new AppError('not_certifiable', `the council's result does not allow recognition (${reason})`, undefined, { reason });
  return inTx(ctx, async (tx) => {
    await repo.insertItems(tx, [{
      decisionId: id, dossierId: result.dossierId, productId: result.productId, stars: result.recognisedStars!,
      score: String(result.meanScore ?? 0), potentialFiveStar: result.potentialFiveStar,
    }]);
    if (!(await repo.updateDecisionIf(tx, id, d.version, 'draft', {}))) throw stale();
    await recordAudit(tx, {
      action: 'decision.add_item', entityType: 'decision', entityId: id, provinceCode: round.provinceCode,
      after: { dossierId: result.dossierId, productId: result.productId, stars: result.recognisedStars },
    });
    return loadDto(tx, actor, id);
  });
}

export async function removeItem(ctx: Ctx, id: string, dossierId: string): Promise<DecisionDto> {
  const { actor, d } = await draftForChange(ctx, id);
  return inTx(ctx, async (tx) => {
    if (!(await repo.deleteItem(tx, id, dossierId))) throw new AppError('not_found', 'the decision does not list this dossier');
    if (!(await repo.updateDecisionIf(tx, id, d.version, 'draft', {}))) throw stale();
    await recordAudit(tx, {
      action: 'decision.remove_item', entityType: 'decision', entityId: id, provinceCode: d.level === 'national' ? null : d.areaCode,
      before: { dossierId },
    });
    return loadDto(tx, actor, id);
  });
}

/**
 * Approve: in one transaction mark the decision approved (exactly one of concurrent approvals
 * wins on the version column), issue one certificate per item, supersede each product's previous
 * active certificate, recognise the listed dossiers and reject the round's other evaluated ones.
 */
export async function approveDecision(ctx: Ctx, id: string, input: ApproveInput = {}): Promise<DecisionDto> {
  const actor = requireActor(ctx);
  const before = await repo.findDecision(ctx, id);
  if (!before) throw new AppError('not_found', 'decision not found');
  assertDecisionAuthority(actor, before);
  if (before.status !== 'draft') throw new AppError('invalid_transition', 'the decision is already approved');
  if (input.version !== undefined && input.version !== before.version) throw stale();
  // A date after today is a decision signed ahead: approved only when the authority says so, and
  // its certificates are then "not yet in force" until that date (never valid before it).
  if (before.decisionDate > today(ctx) && !input.scheduled) {
    throw validation({ decisionDate: problem('decision.date_ahead', { date: formatDateVi(before.decisionDate) }) }, 'the decision date is after today; approve it as scheduled');
  }
  const round = before.roundId ? await repo.findRound(ctx, before.roundId) : null;
  if (!round) throw new AppError('invalid_transition', 'this decision follows no council round');
  const regime = await regimeRules(ctx, round.regimeCode);
  const validity = regime.validityMonths ?? 36;
  return inTx(ctx, async (tx) => {
    const now = ctx.deps.clock();
    const row = await repo.updateDecisionIf(tx, id, input.version ?? before.version, 'draft', {
      status: 'approved', approvedBy: actor.label, approvedAt: now,
    });
    if (!row) {
      const current = await repo.findDecision(tx, id);
      if (current?.status === 'approved') throw new AppError('invalid_transition', 'the decision is already approved');
      throw stale();
    }
    const items = await repo.listItems(tx, id);
    if (!items.length) throw validation({ items: problem('decision.no_items') }, 'a decision must list at least one product');
    const issuedOn = row.decisionDate;
    const year = Number(issuedOn.slice(0, 4));
    const nextSeq = new Map<string, number>();
    const issued: { number: string; productId: string; stars: number }[] = [];
    const changedCertificates: string[] = [];
    for (const item of [...items].sort((a, b) => a.provinceCode.localeCompare(b.provinceCode) || a.productName.localeCompare(b.productName))) {
      let seq = nextSeq.get(item.provinceCode);
      if (seq === undefined) {
        await repo.lockNumbering(tx, item.provinceCode, year);
        seq = await maxCertificateSeq(tx, item.provinceCode, year);
      }
      seq += 1;
      if (seq > CERTIFICATE_SEQ_MAX) throw new AppError('conflict', `certificate numbers of province ${item.provinceCode} in ${year} are exhausted`);
      nextSeq.set(item.provinceCode, seq);
      const previous = await repo.activeCertificatesOf(tx, item.productId);
      const cert = await repo.insertCertificate(tx, {
        id: randomUUID(), number: makeCertificateNumber(item.provinceCode, year, seq), productId: item.productId, decisionId: id,
        stars: item.stars, score: item.score, potentialFiveStar: item.potentialFiveStar, issuedOn,
        expiresOn: certificateExpiry(issuedOn, validity), state: 'active', dossierId: item.dossierId,
        provinceCode: item.provinceCode, communeCode: item.communeCode,
        issuerKey: issuerKey(row.level, row.issuerCode),
        ...(beforeReform(issuedOn) ? {} : { provinceCodeThen: item.provinceCode, communeCodeThen: item.communeCode }),
      });
      changedCertificates.push(cert.id, ...previous.map((p) => p.id));
      await recordAudit(tx, { action: 'certificate.issue', entityType: 'certificate', entityId: cert.id, provinceCode: cert.provinceCode, after: cert });
      for (const old of previous) {
        const superseded = await repo.updateCertificateIf(tx, old.id, 'active', { state: 'superseded', supersededOn: issuedOn, supersededBy: cert.id });
        if (superseded) {
          await recordAudit(tx, {
            action: 'certificate.supersede', entityType: 'certificate', entityId: old.id, provinceCode: old.provinceCode,
            before: { state: old.state }, after: { state: superseded.state, supersededOn: issuedOn, supersededBy: cert.number },
          });
        }
      }
      await repo.setProductStatus(tx, item.productId, 'certified');
      issued.push({ number: cert.number, productId: cert.productId, stars: cert.stars });
    }
    // New numbers may have been scanned (and cached as unknown); superseded ones change answer (decisions/010).
    await verificationChanged(tx, { certificateIds: changedCertificates });
    const listed = new Set(items.map((i) => i.dossierId));
    for (const r of await repo.roundResults(tx, round.id)) {
      if (r.dossierStatus !== 'evaluated') continue;
      await moveDossier(tx, r.dossierId, listed.has(r.dossierId) ? 'recognise' : 'reject', {
        comment: listed.has(r.dossierId) ? `${row.number} (${row.decisionDate})` : `not listed in ${row.number}`,
      });
    }
    await recordAudit(tx, {
      action: 'decision.approve', entityType: 'decision', entityId: id, provinceCode: round.provinceCode,
      before: { status: before.status, version: before.version }, after: { status: row.status, version: row.version, certificates: issued },
    });
    return loadDto(tx, actor, id);
  });
}

/** Publish the results of an approved decision: from now on producers see their dossiers' results. */
export async function publishDecision(ctx: Ctx, id: string): Promise<DecisionDto> {
  const actor = requireActor(ctx);
  const before = await repo.findDecision(ctx, id);
  if (!before) throw new AppError('not_found', 'decision not found');
  assertDecisionAuthority(actor, before);
  if (before.status !== 'approved') throw new AppError('invalid_transition', 'approve the decision before publishing it');
  if (before.publishedAt) throw new AppError('invalid_transition', 'the results are already published');
  return inTx(ctx, async (tx) => {
    const row = await repo.updateDecisionIf(tx, id, before.version, 'approved', { publishedAt: ctx.deps.clock() });
    if (!row) {
      const current = await repo.findDecision(tx, id);
      if (current?.publishedAt) throw new AppError('invalid_transition', 'the results are already published');
      throw stale();
    }
    await recordAudit(tx, {
      action: 'decision.publish', entityType: 'decision', entityId: id, provinceCode: row.level === 'national' ? null : row.areaCode,
      before: { publishedAt: null }, after: { publishedAt: row.publishedAt },
    });
    return loadDto(tx, actor, id);
  });
}

export async function getDecision(ctx: Ctx, id: string): Promise<DecisionDto> {
  const actor = requireActor(ctx);
  const d = await repo.findDecision(ctx, id);
  if (!d || !canReadDecision(actor, d)) throw new AppError('not_found', 'decision not found');
  return loadDto(ctx, actor, id);
}

export async function listDecisions(ctx: Ctx, q: DecisionListQuery) {
  const actor = requireActor(ctx);
  const { items, total } = await repo.listDecisions(ctx, decisionScope(actor), q);
  return { items: items.map(toSummaryDto), total, page: q.page, pageSize: q.pageSize };
}

/** Closed rounds the actor may draft a decision for (with how many decisions each has). */
export async function roundsToDecide(ctx: Ctx) {
  const actor = requireActor(ctx);
  const found = await repo.listClosedRounds(ctx, roundScope(actor));
  return found.filter((r) => isDecisionAuthority(actor, r.round.level, r.round.provinceCode));
}

/** A closed round and what its decision would list (the "new decision" page). */
export async function roundPreview(ctx: Ctx, roundId: string) {
  const actor = requireActor(ctx);
  const round = await repo.findRound(ctx, roundId);
  if (!round || !canReadRound(actor, round)) throw new AppError('not_found', 'round not found');
  return { round, passing: (await passingResults(ctx, round)).map(resultToItem), decisions: await repo.decisionsOfRound(ctx, round.id) };
}

/**
 * The council's result for a dossier: the producer sees it only once a decision on that round is
 * published (404 before, and for anyone else's dossier); officers in scope as soon as the round closes.
 */
export async function getResult(ctx: Ctx, dossierId: string): Promise<ResultDto> {
  const actor = requireActor(ctx);
  const dossier = await repo.findDossier(ctx, dossierId);
  const target = dossier && { provinceCode: dossier.provinceCode, communeCode: dossier.communeCode, producerId: dossier.producerId };
  if (!dossier || !target || !canReadCertificate(actor, target)) throw new AppError('not_found', 'dossier not found');
  const rounds = await repo.closedRoundsOfDossier(ctx, dossierId);
  const visible = actor.role === 'producer' ? rounds.filter((r) => r.published) : rounds;
  const latest = visible[0];
  if (!latest) throw new AppError('not_found', 'no result yet');
  const certs = await repo.certificatesOfDossiers(ctx, [dossierId]);
  const r = latest.result;
  return {
    dossierId, roundId: latest.round.id, roundName: latest.round.name, level: latest.round.level,
    meanScore: r.meanScore, stars: r.bandStars, recognisedStars: r.recognisedStars, potentialFiveStar: r.potentialFiveStar,
    forwarded: r.forwarded, eliminated: r.eliminated, published: Boolean(latest.published),
    certificateNumber: certs[0]?.number ?? null,
  };
}

export const today = (ctx: Ctx) => todayInVietnam(ctx.deps.clock());
