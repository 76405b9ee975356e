/**
 * A producer asks for an account from the public form; an officer whose area covers the commune
 * (the commune officer, or the province officer and national admin above) approves it, which
 * creates the producer through the registry and its producer user in one transaction, or
 * rejects it with a reason. The requester hears of the decision by e-mail when they gave one.
 */
import { z } from 'zod';
import { inTx, type Actor, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { t } from '../../core/i18n';
import { validateEmail, validateVnPhone } from '../../domain/contact';
import { PRODUCER_KINDS } from '../../domain/producer-kind';
import { validateTaxCode } from '../../domain/tax-code';
import { AppError, problem, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import { queueMail } from '../mail/mail.service';
import { findArea } from '../registry/area.service';
import { createProducer } from '../registry/producer.service';
import { canCreateProducerIn } from '../registry/registry.policy';
import * as repo from './account-request.repository';

export type { AccountRequestRow, RequestStatus } from './account-request.repository';
import { findUserByUsername, insertUser } from './identity.repository';
import { USERNAME } from './identity.service';
import { hashPassword, passwordProblem } from './password';
import { publicBase } from './password-reset.service';

// min(1) first: an empty answer reads as missing, not as too short.
const text = (min: number, max: number) => z.string().trim().min(1).min(min).max(max);

export const AccountRequestSchema = z.object({
  producerName: text(2, 300),
  kind: z.enum(PRODUCER_KINDS),
  taxCode: z.string().trim().max(20).default(''),
  communeCode: z.string().trim().max(10),
  address: z.string().trim().max(500).default(''),
  contactName: text(2, 200),
  phone: z.string().trim().max(30),
  email: z.string().trim().max(254).default(''),
  username: z.string().trim().toLowerCase().max(64),
  password: z.string().max(300),
});
export type AccountRequestInput = z.input<typeof AccountRequestSchema>;

/** Which requests an officer decides: the area the registry lets them create producers in. */
export function requestScope(actor: Actor): repo.RequestScope {
  if (actor.role === 'national_admin') return { all: true };
  if (actor.role === 'province_officer' && actor.areaCode) return { province: actor.areaCode };
  if (actor.role === 'commune_officer' && actor.areaCode) return { commune: actor.areaCode };
  return { none: true };
}

/** Record a request from the public form (no account needed). */
export async function submitAccountRequest(ctx: Ctx, raw: AccountRequestInput) {
  const parsed = AccountRequestSchema.safeParse(raw);
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  const input = parsed.success ? parsed.data : null;
  const s = (k: keyof AccountRequestInput) => String((raw as Record<string, unknown>)[k] ?? '').trim();
  let taxCode: string | null = null;
  if (s('taxCode')) {
    const r = validateTaxCode(s('taxCode'));
    if (r.ok) taxCode = r.value; else fields.taxCode = problem(r.reason === 'checksum' ? 'tax_code.check_digit' : 'tax_code.format');
  }
  const phone = validateVnPhone(s('phone'));
  if (!fields.phone && !phone.ok) fields.phone = problem(s('phone') ? 'phone.invalid' : 'request.phone_required');
  let email: string | null = null;
  if (s('email')) {
    const r = validateEmail(s('email'));
    if (r.ok) email = r.value; else fields.email = problem('email.invalid');
  }
  const commune = /^\d{5}$/.test(s('communeCode')) ? await findArea(ctx, s('communeCode')) : null;
  if (!commune || commune.level !== 'commune' || !commune.parentCode) fields.communeCode = problem('request.commune_required');
  const username = s('username').toLowerCase();
  if (!fields.username && !USERNAME.test(username)) fields.username = problem('username.format');
  const pw = passwordProblem(String(raw.password ?? ''), username || '\u0000');
  if (pw) fields.password = pw;
  if (!fields.username && username && await repo.usernameInUse(ctx, username)) fields.username = problem('username.taken');
  if (taxCode && !fields.taxCode) {
    const used = await repo.taxCodeInUse(ctx, taxCode);
    if (used) fields.taxCode = problem(used === 'producer' ? 'request.tax_code_registered' : 'request.tax_code_pending');
  }
  if (Object.keys(fields).length || !input || !commune?.parentCode) throw validation(fields);
  const passwordHash = await hashPassword(input.password);
  const row = await inTx(ctx, async (tx) => {
    const saved = await repo.insertRequest(tx, {
      producerName: input.producerName, kind: input.kind, taxCode, provinceCode: commune.parentCode!, communeCode: commune.code,
      address: input.address, contactName: input.contactName, phone: phone.ok ? phone.value : '', email, username, passwordHash,
      createdAt: ctx.deps.clock(),
    });
    await recordAudit(tx, { action: 'account_request.create', entityType: 'account_request', entityId: saved.id, provinceCode: saved.provinceCode, after: saved });
    if (email) {
      await queueMail(tx, {
        toAddress: email, dedupeKey: `account-request:${saved.id}:received`, createdAt: ctx.deps.clock(),
        subject: t('vi', 'request.mail.receivedSubject'),
        body: t('vi', 'request.mail.received', { name: input.contactName, producer: input.producerName, commune: commune.name, username }),
      });
    }
    return saved;
  });
  return { id: row.id, mailed: !!email };
}

export async function listAccountRequests(ctx: Ctx, status: repo.RequestStatus, page: number, pageSize: number) {
  const actor = requireActor(ctx);
  const { items, total } = await repo.listRequests(ctx, requestScope(actor), status, pageSize, (page - 1) * pageSize);
  return { items, total, page, pageSize };
}

export async function countPendingRequests(ctx: Ctx): Promise<number> {
  return repo.countPending(ctx, requestScope(requireActor(ctx)));
}

/** One request the caller may decide (404 outside their area, so existence does not leak). */
export async function getAccountRequest(ctx: Ctx, id: string) {
  const actor = requireActor(ctx);
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await repo.findRequest(ctx, id, requestScope(actor)) : null;
  if (!row) throw new AppError('not_found', 'account request not found');
  return row;
}

function decidedMail(ctx: Ctx, r: repo.AccountRequestRow, approved: boolean, reason?: string) {
  return {
    toAddress: r.email!, dedupeKey: `account-request:${r.id}:${approved ? 'approved' : 'rejected'}`, createdAt: ctx.deps.clock(),
    subject: t('vi', approved ? 'request.mail.approvedSubject' : 'request.mail.rejectedSubject'),
    body: approved
      ? t('vi', 'request.mail.approved', { name: r.contactName, producer: r.producerName, username: r.username, link: `${publicBase(ctx)}/login` })
      : t('vi', 'request.mail.rejected', { name: r.contactName, producer: r.producerName, reason: reason ?? '' }),
  };
}

/** Approve: the producer (registry rules: tax code, duplicates) and its user, in one transaction. */
export async function approveAccountRequest(ctx: Ctx, id: string) {
  const actor = requireActor(ctx);
  const found = await getAccountRequest(ctx, id);
  const r = found.request;
  if (r.status !== 'pending') throw new AppError('invalid_transition', 'this request was already decided');
  if (!canCreateProducerIn(actor, r.provinceCode, r.communeCode)) throw new AppError('not_found', 'account request not found');
  return inTx(ctx, async (tx) => {
    const producer = await createProducer(tx, {
      name: r.producerName, kind: r.kind, taxCode: r.taxCode, communeCode: r.communeCode, address: r.address,
      representative: r.contactName, phone: r.phone, email: r.email,
    });
    // The request itself holds the username while pending: only an existing user clashes.
    if (await findUserByUsername(tx, r.username)) {
      throw new AppError('duplicate', 'username already exists', { username: problem('username.taken') });
    }
    const user = await insertUser(tx, {
      username: r.username, passwordHash: r.passwordHash, role: 'producer', displayName: r.contactName,
      email: r.email, producerId: producer.id,
    });
    const decided = await repo.decideRequest(tx, r.id, { status: 'approved', decidedBy: actor.userId, decidedAt: ctx.deps.clock(), producerId: producer.id, userId: user.id });
    if (!decided) throw new AppError('invalid_transition', 'this request was already decided');
    await recordAudit(tx, { action: 'user.create', entityType: 'user', entityId: user.id, after: { username: user.username, role: user.role, producerId: producer.id } });
    await recordAudit(tx, { action: 'account_request.approve', entityType: 'account_request', entityId: r.id, provinceCode: r.provinceCode, before: r, after: decided });
    if (r.email) await queueMail(tx, decidedMail(ctx, r, true));
    return { producerId: producer.id, userId: user.id, mailed: !!r.email };
  });
}

export async function rejectAccountRequest(ctx: Ctx, id: string, reason: string) {
  const actor = requireActor(ctx);
  const found = await getAccountRequest(ctx, id);
  const r = found.request;
  if (r.status !== 'pending') throw new AppError('invalid_transition', 'this request was already decided');
  const why = reason.trim();
  if (why.length < 5 || why.length > 1000) throw validation({ reason: problem('request.reason_required') });
  return inTx(ctx, async (tx) => {
    const decided = await repo.decideRequest(tx, r.id, { status: 'rejected', rejectReason: why, decidedBy: actor.userId, decidedAt: ctx.deps.clock() });
    if (!decided) throw new AppError('invalid_transition', 'this request was already decided');
    await recordAudit(tx, { action: 'account_request.reject', entityType: 'account_request', entityId: r.id, provinceCode: r.provinceCode, before: r, after: decided });
    if (r.email) await queueMail(tx, decidedMail(ctx, r, false, why));
    return { mailed: !!r.email };
  });
}
