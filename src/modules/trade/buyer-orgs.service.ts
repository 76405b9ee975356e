/**
 * Buyer organisations (issue 16, item 1): a supermarket, distributor, exporter, hotel, restaurant
 * or airport signs up with its tax code (checked as producers' are) and a first member account
 * (role buyer); it can read but not post until an officer of its province verifies it. A rejected
 * organisation sees the reason.
 */
import { inTx, userIdOf, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { validateEmail, validateVnPhone } from '../../domain/contact';
import { isUuid } from '../../domain/ids';
import { validateTaxCode } from '../../domain/tax-code';
import { AppError, notFound, problem, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import { USERNAME } from '../identity/identity.service';
import { hashPassword, passwordProblem } from '../identity/password';
import * as repo from './buyer-orgs.repository';
import { findCommune } from './events.repository';
import { canReadBuyerOrg, canReviewBuyerOrg, officerProvince } from './trade.policy';
import { BuyerOrgSignupSchema, type BuyerOrgDto, type BuyerOrgQuery, type BuyerOrgSignupInput, type ReviewInput } from './trade.schema';

/** The longest reason or comment kept (the forms and the API say the same). */
export const REASON_MAX = 1000;

export const orgDto = (o: repo.BuyerOrgRow): BuyerOrgDto => ({
  id: o.id, name: o.name, kind: o.kind, taxCode: o.taxCode, communeCode: o.communeCode, provinceCode: o.provinceCode, provinceName: o.provinceName,
  address: o.address, contactName: o.contactName, phone: o.phone, email: o.email, website: o.website, status: o.status,
  reviewNote: o.reviewNote, reviewedAt: o.reviewedAt?.toISOString() ?? null, isSample: o.isSample, version: o.version, createdAt: o.createdAt.toISOString(),
});

/** The organisation the signed-in actor acts for (buyers only; null for anyone else). */
export async function memberOf(ctx: Ctx): Promise<string | null> {
  return ctx.actor?.role === 'buyer' ? repo.orgIdOfUser(ctx, ctx.actor.userId) : null;
}

/** The signed-in buyer's organisation, or 404 (a buyer of the market without one has none). */
export async function myOrg(ctx: Ctx): Promise<BuyerOrgDto> {
  const id = await memberOf(ctx);
  const org = id ? await repo.orgById(ctx, id) : null;
  if (!org) throw notFound('buyer organisation');
  return orgDto(org);
}

/** Signs an organisation up with its first member account; pending until an officer verifies it. */
export async function signUpBuyerOrg(ctx: Ctx, raw: BuyerOrgSignupInput & { passwordAgain?: string }): Promise<BuyerOrgDto> {
  const parsed = BuyerOrgSignupSchema.safeParse(raw);
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  const str = (k: keyof BuyerOrgSignupInput) => (typeof raw[k] === 'string' ? (raw[k] as string).trim() : '');
  const tax = validateTaxCode(str('taxCode'));
  if (!tax.ok && !fields.taxCode) fields.taxCode = problem(tax.reason === 'checksum' ? 'tax_code.check_digit' : 'tax_code.format');
  const phone = validateVnPhone(str('phone'));
  if (!phone.ok && !fields.phone) fields.phone = problem('market.phone');
  const email = validateEmail(str('email'));
  if (!email.ok && !fields.email) fields.email = problem('market.email');
  const commune = /^\d{5}$/.test(str('communeCode')) ? await findCommune(ctx, str('communeCode')) : null;
  if (!commune && !fields.communeCode) fields.communeCode = problem('market.unknown_commune');
  const username = (str('username') || (tax.ok ? tax.value : '')).toLowerCase();
  if (str('username') && !USERNAME.test(username) && !fields.username) fields.username = problem('username.format');
  const password = typeof raw.password === 'string' ? raw.password : '';
  if (!fields.password) {
    const pw = passwordProblem(password, username || '\u0000');
    if (pw) fields.password = pw;
  }
  if (raw.passwordAgain !== undefined && raw.passwordAgain !== password) fields.passwordAgain = problem('password.mismatch');
  if (Object.keys(fields).length || !parsed.success || !tax.ok || !phone.ok || !email.ok || !commune) throw validation(fields);
  if (await repo.taxCodeTaken(ctx, tax.value)) throw new AppError('duplicate', 'an organisation with this tax code is registered', { taxCode: problem('trade.tax_code_registered') });
  const passwordHash = await hashPassword(password);
  const d = parsed.data;
  return inTx(ctx, async (tx) => {
    const now = ctx.deps.clock();
    const orgId = await repo.insertOrg(tx, {
      name: d.name, kind: d.kind, taxCode: tax.value, communeCode: commune.code, provinceCode: commune.provinceCode, address: d.address,
      contactName: d.contactName, phone: phone.value, email: email.value, website: d.website, createdAt: now, updatedAt: now,
    });
    if (!orgId) throw new AppError('duplicate', 'an organisation with this tax code is registered', { taxCode: problem('trade.tax_code_registered') });
    const userId = await repo.insertMemberUser(tx, { username, passwordHash, role: 'buyer', displayName: d.contactName, email: email.value, createdAt: now });
    if (!userId) throw new AppError('duplicate', 'an account already signs in with this login', { [str('username') ? 'username' : 'taxCode']: problem('username.taken') });
    await repo.addMember(tx, userId, orgId);
    await recordAudit(tx, { action: 'user.create', entityType: 'user', entityId: userId, after: { username, role: 'buyer', via: 'buyer_org_signup' } });
    await recordAudit(tx, { action: 'buyer_org.register', entityType: 'buyer_org', entityId: orgId, provinceCode: commune.provinceCode, after: { name: d.name, provinceCode: commune.provinceCode } });
    return { ...orgDto((await repo.orgById(tx, orgId))!), username };
  });
}

export async function listBuyerOrgs(ctx: Ctx, q: BuyerOrgQuery): Promise<{ items: BuyerOrgDto[]; total: number; page: number; pageSize: number }> {
  const province = officerProvince(requireActor(ctx));
  if (province === undefined) throw new AppError('forbidden', 'officers only');
  const { items, total } = await repo.listOrgs(ctx, province, q.status, q.page, q.pageSize);
  return { items: items.map(orgDto), total, page: q.page, pageSize: q.pageSize };
}

export async function getBuyerOrg(ctx: Ctx, id: string): Promise<BuyerOrgDto> {
  const actor = requireActor(ctx);
  const org = isUuid(id) ? await repo.orgById(ctx, id) : null;
  if (!org || !canReadBuyerOrg(actor, org, await memberOf(ctx), org.id)) throw notFound('buyer organisation');
  return orgDto(org);
}

/** An officer verifies or rejects (with a reason) an organisation of their province. */
export async function reviewBuyerOrg(ctx: Ctx, id: string, input: ReviewInput): Promise<BuyerOrgDto> {
  const actor = requireActor(ctx);
  const reason = input.reason?.trim() || null;
  if (input.decision === 'reject' && !reason) throw validation({ reason: problem('trade.reason_required') });
  if (reason && reason.length > REASON_MAX) throw validation({ reason: problem('too_long', { max: REASON_MAX }) });
  return inTx(ctx, async (tx) => {
    const org = isUuid(id) ? await repo.orgById(tx, id, true) : null;
    if (!org || !canReadBuyerOrg(actor, org, null, org.id)) throw notFound('buyer organisation');
    if (!canReviewBuyerOrg(actor, org)) throw new AppError('forbidden', 'only the province\'s officers verify its organisations');
    if (input.version !== undefined && input.version !== org.version) throw new AppError('conflict', 'changed since it was read');
    const status = input.decision === 'verify' ? 'verified' : 'rejected';
    if (org.status === status) throw new AppError('invalid_transition', `already ${status}`);
    const now = ctx.deps.clock();
    if (!(await repo.reviewOrg(tx, org.id, { status, reviewNote: status === 'rejected' ? reason : null, reviewedBy: userIdOf(actor), reviewedAt: now }, org.version))) {
      throw new AppError('conflict', 'changed since it was read');
    }
    await recordAudit(tx, {
      action: `buyer_org.${input.decision}`, entityType: 'buyer_org', entityId: org.id, provinceCode: org.provinceCode,
      before: { status: org.status }, after: { status, ...(reason && status === 'rejected' ? { reason } : {}) },
    });
    return orgDto((await repo.orgById(tx, org.id))!);
  });
}
