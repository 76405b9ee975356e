/**
 * Revocation proposals from inspections: the certificate's authority (the revocation rules of
 * certificate.service.ts: a province officer for the stars the province recognises, a national
 * administrator for 5★) revokes the certificate — here, in one transaction with the proposal, or
 * on the certificate's own page — or dismisses the proposal with a note. A proposal whose
 * certificate was revoked by other means reads as revoked.
 */
import { inTx, type Ctx } from '../../context';
import { AppError, forbidden, validation, zodFieldErrors } from '../../errors';
import { todayInVietnam } from '../../domain/dates';
import { requireActor } from '../../core/actor';
import { recordAudit } from '../audit/audit.service';
import { canRevoke } from '../certification/certification.policy';
import { revocationAuthority, revokeCertificate } from '../certification/certificate.service';
import * as repo from './inspections.repository';
import { canReadPlan, planScope } from './inspections.policy';
import { DismissInputSchema, ProposalRevokeInputSchema, type ProposalDto, type ProposalListQuery } from './inspections.schema';

async function toDto(ctx: Ctx, v: repo.ProposalView): Promise<ProposalDto> {
  const actor = requireActor(ctx);
  const p = v.proposal;
  const status = p.status === 'open' && v.certState === 'revoked' ? 'revoked' : p.status;
  const authority = status === 'open' ? await revocationAuthority(ctx, v.certStars, todayInVietnam(ctx.deps.clock())) : null;
  const may = status === 'open' && canRevoke(actor, authority, { provinceCode: v.certProvince, communeCode: v.certCommune, producerId: v.producerId });
  return {
    id: p.id, status,
    certificate: { number: v.certNumber, stars: v.certStars, state: v.certState, revokedOn: v.certRevokedOn, revokedReason: v.certRevokedReason },
    product: { id: v.productId, name: v.productName }, producer: { id: v.producerId, name: v.producerName },
    visit: p.visitId && v.planId ? { id: p.visitId, visitedOn: v.visitedOn!, planId: v.planId, planTitle: v.planTitle! } : null,
    provinceCode: p.provinceCode, provinceName: v.provinceName, reason: p.reason, isSample: p.isSample, proposedBy: p.proposedBy, proposedAt: p.proposedAt.toISOString(),
    decidedBy: p.decidedBy, decidedAt: p.decidedAt?.toISOString() ?? null, decisionNote: p.decisionNote,
    actions: { revoke: may, dismiss: may },
  };
}

async function readable(ctx: Ctx, id: string): Promise<repo.ProposalView> {
  const actor = requireActor(ctx);
  if (actor.role === 'commune_officer') throw forbidden();
  const v = await repo.findProposal(ctx, id);
  if (!v || !canReadPlan(actor, v.proposal.provinceCode)) throw new AppError('not_found', 'revocation proposal not found');
  return v;
}

export async function getProposal(ctx: Ctx, id: string): Promise<ProposalDto> {
  return toDto(ctx, await readable(ctx, id));
}

export async function listProposals(ctx: Ctx, q: ProposalListQuery) {
  const actor = requireActor(ctx);
  if (actor.role === 'commune_officer') throw forbidden();
  const { items, total } = await repo.listProposals(ctx, planScope(actor), q.status, q.page, q.pageSize);
  return { items: await Promise.all(items.map((v) => toDto(ctx, v))), total, page: q.page, pageSize: q.pageSize };
}

async function actionable(ctx: Ctx, id: string) {
  const v = await readable(ctx, id);
  const dto = await toDto(ctx, v);
  if (dto.status !== 'open') throw new AppError('invalid_transition', `the proposal is already ${dto.status}`);
  if (!dto.actions.dismiss) {
    throw new AppError('forbidden', dto.certificate.stars === 5 ? 'a 5-star certificate is decided by the national authority' : 'only the certificate\'s authority decides the proposal');
  }
  return v;
}

/** Dismiss with a note (the certificate stays). */
export async function dismissProposal(ctx: Ctx, id: string, raw: unknown): Promise<ProposalDto> {
  const actor = requireActor(ctx);
  const parsed = DismissInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const v = await actionable(ctx, id);
  await inTx(ctx, async (tx) => {
    const row = await repo.decideProposalIf(tx, id, { status: 'dismissed', decidedBy: actor.label, decidedAt: ctx.deps.clock(), decisionNote: parsed.data.note });
    if (!row) throw new AppError('invalid_transition', 'the proposal was decided meanwhile');
    await recordAudit(tx, {
      action: 'revocation_proposal.dismiss', entityType: 'revocation_proposal', entityId: id, provinceCode: row.provinceCode,
      before: { status: 'open' }, after: { status: 'dismissed', note: parsed.data.note, certificate: v.certNumber },
    });
  });
  return getProposal(ctx, id);
}

/** Revoke the certificate through the certification module's rules and close the proposal, in one transaction. */
export async function revokeFromProposal(ctx: Ctx, id: string, raw: unknown): Promise<ProposalDto> {
  const actor = requireActor(ctx);
  const parsed = ProposalRevokeInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const v = await actionable(ctx, id);
  await inTx(ctx, async (tx) => {
    await revokeCertificate(tx, v.certNumber, parsed.data);
    const row = await repo.decideProposalIf(tx, id, { status: 'revoked', decidedBy: actor.label, decidedAt: ctx.deps.clock(), decisionNote: parsed.data.legalBasis });
    if (!row) throw new AppError('invalid_transition', 'the proposal was decided meanwhile');
    await recordAudit(tx, {
      action: 'revocation_proposal.revoke', entityType: 'revocation_proposal', entityId: id, provinceCode: row.provinceCode,
      before: { status: 'open' }, after: { status: 'revoked', certificate: v.certNumber, reason: parsed.data.reason, legalBasis: parsed.data.legalBasis },
    });
  });
  return getProposal(ctx, id);
}
