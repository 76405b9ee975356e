/**
 * Certificates after issue (item 8): reading them in scope, revocation by the authority of the
 * star level under the regime in force, and the printable PDF. "Expired" is never stored: it is
 * derived from the dates on the day asked about.
 */
import { inTx, type Ctx } from '../../context';
import { AppError, problem, validation, zodFieldErrors } from '../../errors';
import { certificateStatusOn, lastValidDay } from '../../domain/certificate';
import { isIsoDate, todayInVietnam } from '../../domain/dates';
import { revokingLevel, type DecisionLevel } from '../../domain/decision';
import { regimeOn, type RegimeRules } from '../../domain/regime';
import { requireActor } from '../../core/actor';
import { recordAudit } from '../audit/audit.service';
import { listRegimes } from '../criteria/criteria.repository';
import * as repo from './decision.repository';
import { assertCanReadCertificate, canReadCertificate, canRevoke, certificateScope } from './certification.policy';
import { RevokeInputSchema, type CertificateDto, type CertificateListQuery, type RevokeInput } from './certification.schema';
import { renderCertificatePdf } from './certification.pdf';
import { verificationChanged } from './verification-feed';

const targetOf = (v: repo.CertificateView) => ({
  provinceCode: v.certificate.provinceCode, communeCode: v.certificate.communeCode, producerId: v.producerId,
});

/** The regime in force on a date (rules as data). */
export async function regimeInForce(ctx: Ctx, date: string): Promise<RegimeRules | null> {
  return regimeOn((await listRegimes(ctx)) as unknown as RegimeRules[], date);
}

/** Which level's authority may revoke a certificate of these stars today. */
export async function revocationAuthority(ctx: Ctx, stars: number, today: string): Promise<DecisionLevel | null> {
  const regime = await regimeInForce(ctx, today);
  return regime ? revokingLevel(regime, stars) : null;
}

export function certificateStatus(c: repo.CertificateRow, today: string) {
  return certificateStatusOn({ issuedOn: c.issuedOn, expiresOn: c.expiresOn, revokedOn: c.revokedOn, supersededOn: c.supersededOn }, today);
}

export function toCertificateDto(v: repo.CertificateView, today: string, mayRevoke: boolean): CertificateDto {
  const c = v.certificate;
  return {
    number: c.number, stars: c.stars, score: c.score === null ? null : Number(c.score), potentialFiveStar: c.potentialFiveStar,
    issuedOn: c.issuedOn, expiresOn: c.expiresOn, validUntil: lastValidDay(c.expiresOn), status: certificateStatus(c, today), state: c.state,
    product: { id: c.productId, name: v.productName },
    producer: { id: v.producerId, name: v.producerName, address: v.producerAddress },
    provinceCode: c.provinceCode, provinceName: v.provinceName, communeName: v.communeName,
    decision: { id: c.decisionId, number: v.decisionNumber, decisionDate: v.decisionDate, level: v.decisionLevel, issuer: v.decisionIssuer },
    issuerKey: c.issuerKey,
    dossierId: c.dossierId, revokedOn: c.revokedOn, revokedReason: c.revokedReason, revocationBasis: c.revocationBasis,
    supersededOn: c.supersededOn,
    supersededBy: v.supersededByNumber ? { number: v.supersededByNumber, stars: v.supersededByStars ?? 0 } : null,
    canRevoke: mayRevoke && c.state === 'active',
  };
}

/**
 * The certificate of this number the actor may read, of the issuer `issuerKey` when given. A
 * legacy number several issuers gave, all readable and no issuer named: 409 `conflict` whose
 * details list the candidates `{issuerKey, issuer}` (docs/decisions/032).
 */
async function readable(ctx: Ctx, number: string, issuerKey: string | null = null): Promise<repo.CertificateView> {
  const actor = requireActor(ctx);
  const found = number.length <= 100 ? (await repo.findCertificatesByNumber(ctx, number, issuerKey)).filter((v) => canReadCertificate(actor, targetOf(v))) : [];
  if (!found.length) throw new AppError('not_found', 'certificate not found');
  if (found.length > 1) {
    throw new AppError('conflict', 'several issuers gave this number: name one with ?issuer=<issuerKey>', undefined, {
      candidates: found.map((v) => ({ issuerKey: v.certificate.issuerKey, issuer: v.decisionIssuer })),
    });
  }
  assertCanReadCertificate(actor, targetOf(found[0]!));
  return found[0]!;
}

export async function getCertificate(ctx: Ctx, number: string, issuerKey: string | null = null): Promise<CertificateDto> {
  const actor = requireActor(ctx);
  const v = await readable(ctx, number, issuerKey);
  const today = todayInVietnam(ctx.deps.clock());
  const authority = await revocationAuthority(ctx, v.certificate.stars, today);
  return toCertificateDto(v, today, canRevoke(actor, authority, targetOf(v)));
}

export async function listCertificates(ctx: Ctx, q: CertificateListQuery) {
  const actor = requireActor(ctx);
  const today = todayInVietnam(ctx.deps.clock());
  const scope = certificateScope(actor);
  const filter: repo.CertificateFilter = { stars: q.stars, province: q.province, decisionId: q.decisionId, q: q.q, page: q.page, pageSize: q.pageSize };
  if (q.status === 'valid' || q.status === 'expired') filter.validity = q.status;
  if (q.status === 'revoked' || q.status === 'superseded') filter.state = q.status;
  const { items, total } = await repo.listCertificates(ctx, scope, filter, today);
  return { items: items.map((v) => toCertificateDto(v, today, false)), total, page: q.page, pageSize: q.pageSize };
}

/**
 * Revoke with a reason and its legal basis. Only the authority of the certificate's star level
 * under the regime in force today may (a province officer of its province for the stars the
 * province recognises, a national administrator for 5★); revoking twice is 409.
 */
export async function revokeCertificate(ctx: Ctx, number: string, raw: RevokeInput, issuerKey: string | null = null): Promise<CertificateDto> {
  const actor = requireActor(ctx);
  const v = await readable(ctx, number, issuerKey);
  const parsed = RevokeInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const input = parsed.data;
  const today = todayInVietnam(ctx.deps.clock());
  const authority = await revocationAuthority(ctx, v.certificate.stars, today);
  if (!canRevoke(actor, authority, targetOf(v))) {
    throw new AppError('forbidden', authority === 'national'
      ? 'a 5-star certificate is revoked by the national authority'
      : 'only the province that recognises this star level revokes it');
  }
  const c = v.certificate;
  if (c.state !== 'active') throw new AppError('invalid_transition', `the certificate is already ${c.state}`);
  const revokedOn = input.revokedOn ?? today;
  if (!isIsoDate(revokedOn)) throw validation({ revokedOn: problem('certification.not_a_date') });
  if (revokedOn > today) throw validation({ revokedOn: problem('certification.date_in_future') });
  if (revokedOn < c.issuedOn) throw validation({ revokedOn: problem('certification.before_issue') });
  return inTx(ctx, async (tx) => {
    const row = await repo.updateCertificateIf(tx, c.id, 'active', {
      state: 'revoked', revokedOn, revokedReason: input.reason, revokedBy: actor.label, revocationBasis: input.legalBasis,
    });
    if (!row) throw new AppError('invalid_transition', 'the certificate was revoked or replaced meanwhile');
    if (!(await repo.activeCertificatesOf(tx, c.productId)).length) await repo.setProductStatus(tx, c.productId, 'revoked');
    // Cached verification answers drop it now and, on commit, in every process (decisions/010).
    await verificationChanged(tx, { certificateIds: [c.id] });
    await recordAudit(tx, {
      action: 'certificate.revoke', entityType: 'certificate', entityId: c.id, provinceCode: c.provinceCode,
      before: { state: c.state }, after: { state: row.state, revokedOn, revokedReason: input.reason, revocationBasis: input.legalBasis, revokedBy: actor.label },
    });
    const after = (await repo.findCertificateById(tx, c.id))!;
    return toCertificateDto(after, today, false);
  });
}

/** The certificate as a print-ready PDF whose QR code leads to `<base>/v/<number>`. */
export async function certificatePdf(ctx: Ctx, number: string, baseUrl: string, issuerKey: string | null = null): Promise<{ bytes: Buffer; number: string }> {
  const v = await readable(ctx, number, issuerKey);
  return { bytes: await renderCertificatePdf(v, baseUrl), number: v.certificate.number };
}

export { canReadCertificate };
