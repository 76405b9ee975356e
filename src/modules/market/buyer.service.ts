/**
 * A buyer's account on the market (issue 15): a shopper signs up at once — no officer approves a
 * buyer, who can do nothing but buy — with their name, a Vietnamese phone number, an optional
 * e-mail and their phone (or a username of their choice) as login; passwords follow the
 * identity module's rules and are stored as argon2id hashes. A buyer keeps delivery addresses
 * (communes of today's units, at most one default) and sees the orders placed from the account.
 * Another buyer's address is 404 (buyer.policy.ts).
 */
import { inTx, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { validateEmail, validateVnPhone } from '../../domain/contact';
import { isUuid } from '../../domain/ids';
import { AppError, notFound, problem, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import { USERNAME } from '../identity/identity.service';
import { hashPassword, passwordProblem } from '../identity/password';
import * as repo from './buyer.repository';
import { isBuyer, ownsAddress } from './buyer.policy';
import {
  AddressInputSchema, BuyerSignupSchema, MAX_ADDRESSES, type AddressDto, type AddressInput, type AddressPatch, type BuyerDto, type BuyerSignupInput, type MyOrdersQuery,
} from './buyer.schema';
import { findCommune } from './market.repository';
import type { OrderDto } from './market.schema';
import { orderDtos } from './orders.service';

const text = (raw: unknown, key: string) => {
  const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v.trim() : '';
};

/** A phone as stored (domestic digits), or the field's problem. */
function phoneOf(raw: string, fields: FieldErrors, field: string): string {
  const p = validateVnPhone(raw);
  if (!p.ok && !fields[field]) fields[field] = problem('market.phone');
  return p.ok ? p.value : '';
}

/**
 * Creates the buyer's account; the login is the username chosen, else the phone's digits.
 * `passwordAgain` (the form's second entry) must match when given.
 */
export async function signUpBuyer(ctx: Ctx, raw: BuyerSignupInput & { passwordAgain?: string }): Promise<BuyerDto> {
  const parsed = BuyerSignupSchema.safeParse(raw);
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  const phone = phoneOf(text(raw, 'phone'), fields, 'phone');
  let email: string | null = null;
  if (text(raw, 'email')) {
    const e = validateEmail(text(raw, 'email'));
    if (e.ok) email = e.value; else fields.email ??= problem('market.email');
  }
  const chosen = text(raw, 'username').toLowerCase();
  const chosenPhone = validateVnPhone(chosen);
  // A login that is a phone number can only be the buyer's own: another's would take their login.
  if (chosen && !fields.username && (chosenPhone.ok ? chosenPhone.value !== phone : !USERNAME.test(chosen))) {
    fields.username = problem(chosenPhone.ok ? 'buyer.username_other_phone' : 'username.format');
  }
  const username = chosen && !chosenPhone.ok ? chosen : phone;
  const loginField = chosen ? 'username' : 'phone';
  const password = typeof raw.password === 'string' ? raw.password : '';
  const pw = fields.password ? null : passwordProblem(password, username || '\u0000');
  if (pw) fields.password = pw;
  if (raw.passwordAgain !== undefined && raw.passwordAgain !== password) fields.passwordAgain = problem('password.mismatch');
  if (Object.keys(fields).length || !parsed.success) throw validation(fields);
  const taken = () => new AppError('duplicate', 'an account already signs in with this login',
    { [loginField]: problem(chosen ? 'username.taken' : 'buyer.phone_registered') });
  if (await repo.usernameTaken(ctx, username)) throw taken();
  const passwordHash = await hashPassword(password);
  return inTx(ctx, async (tx) => {
    const user = await repo.insertBuyerUser(tx, {
      username, passwordHash, role: 'buyer', displayName: parsed.data.name, email, createdAt: ctx.deps.clock(),
    });
    if (!user) throw taken();
    await recordAudit(tx, { action: 'user.create', entityType: 'user', entityId: user.id, after: { username, role: 'buyer', via: 'buyer_signup' } });
    return { id: user.id, username, name: user.displayName, phone, email, role: 'buyer' };
  });
}

// ─── Addresses ────────────────────────────────────────────────────────────────

const addressDto = (a: repo.AddressRow): AddressDto => ({
  id: a.id, recipientName: a.recipientName, phone: a.phone, communeCode: a.communeCode, communeName: a.communeName,
  provinceCode: a.provinceCode, provinceName: a.provinceName, street: a.street, isDefault: a.isDefault,
  createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString(),
});

/** The signed-in buyer (anyone else: 403 — routes only let buyers in, services check again). */
function buyerOf(ctx: Ctx) {
  const actor = requireActor(ctx);
  if (!isBuyer(actor)) throw new AppError('forbidden', 'only a buyer keeps addresses');
  return actor;
}

/** The address when it is the actor's own; 404 otherwise (another buyer's does not exist for them). */
async function ownAddress(ctx: Ctx, id: string): Promise<repo.AddressRow> {
  const address = isUuid(id) ? await repo.addressById(ctx, id) : null;
  if (!address || !ownsAddress(ctx.actor, address)) throw notFound('address');
  return address;
}

/** An address's fields checked together: every problem at once. */
async function checkedAddress(ctx: Ctx, raw: AddressInput) {
  const parsed = AddressInputSchema.safeParse(raw);
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  const phone = phoneOf(text(raw, 'phone'), fields, 'phone');
  const code = text(raw, 'communeCode');
  const commune = /^\d{5}$/.test(code) ? await findCommune(ctx, code) : null;
  if (!commune && !fields.communeCode) fields.communeCode = problem('market.unknown_commune');
  if (Object.keys(fields).length || !parsed.success || !commune) throw validation(fields);
  const { recipientName, street, isDefault } = parsed.data;
  return { values: { recipientName, phone, street, communeCode: commune.code, provinceCode: commune.provinceCode }, isDefault };
}

export async function listMyAddresses(ctx: Ctx): Promise<AddressDto[]> {
  return (await repo.addressesOf(ctx, buyerOf(ctx).userId)).map(addressDto);
}

export async function getMyAddress(ctx: Ctx, id: string): Promise<AddressDto> {
  buyerOf(ctx);
  return addressDto(await ownAddress(ctx, id));
}

/** Keeps a new address; the first one (or one asked to be) is the default. */
export async function addAddress(ctx: Ctx, raw: AddressInput): Promise<AddressDto> {
  const actor = buyerOf(ctx);
  const { values, isDefault } = await checkedAddress(ctx, raw);
  return inTx(ctx, async (tx) => {
    await repo.lockBuyer(tx, actor.userId);
    const count = await repo.countAddresses(tx, actor.userId);
    if (count >= MAX_ADDRESSES) throw new AppError('conflict', `at most ${MAX_ADDRESSES} addresses`, { form: problem('buyer.address_limit', { max: MAX_ADDRESSES }) });
    const makeDefault = count === 0 || isDefault === true;
    if (makeDefault) await repo.clearDefault(tx, actor.userId);
    const now = ctx.deps.clock();
    const id = await repo.insertAddress(tx, { ...values, userId: actor.userId, isDefault: makeDefault, createdAt: now, updatedAt: now });
    await recordAudit(tx, { action: 'market.buyer_address_add', entityType: 'buyer_address', entityId: id, provinceCode: values.provinceCode, after: { isDefault: makeDefault } });
    return addressDto((await repo.addressById(tx, id))!);
  });
}

/** Changes an address (the fields given); `isDefault: true` makes it the default. */
export async function updateAddress(ctx: Ctx, id: string, patch: AddressPatch): Promise<AddressDto> {
  const actor = buyerOf(ctx);
  const before = await ownAddress(ctx, id);
  const { isDefault, ...rest } = patch;
  const { values } = await checkedAddress(ctx, {
    recipientName: before.recipientName, phone: before.phone, communeCode: before.communeCode, street: before.street,
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
  });
  return inTx(ctx, async (tx) => {
    await repo.lockBuyer(tx, actor.userId);
    await ownAddress(tx, id);
    if (isDefault === true) await repo.clearDefault(tx, actor.userId, id);
    await repo.updateAddress(tx, id, { ...values, ...(isDefault === true ? { isDefault: true } : {}), updatedAt: ctx.deps.clock() });
    await recordAudit(tx, { action: 'market.buyer_address_update', entityType: 'buyer_address', entityId: id, provinceCode: values.provinceCode, after: { isDefault: isDefault === true || before.isDefault } });
    return addressDto((await repo.addressById(tx, id))!);
  });
}

export const setDefaultAddress = (ctx: Ctx, id: string) => updateAddress(ctx, id, { isDefault: true });

/** Deletes an address; when it was the default, the newest of the others becomes the default. */
export async function deleteAddress(ctx: Ctx, id: string): Promise<void> {
  const actor = buyerOf(ctx);
  await inTx(ctx, async (tx) => {
    await repo.lockBuyer(tx, actor.userId);
    const address = await ownAddress(tx, id);
    await repo.deleteAddress(tx, address.id);
    const next = address.isDefault ? await repo.newestAddress(tx, actor.userId) : null;
    if (next) await repo.updateAddress(tx, next, { isDefault: true });
    await recordAudit(tx, { action: 'market.buyer_address_delete', entityType: 'buyer_address', entityId: address.id, provinceCode: address.provinceCode, after: { newDefault: next } });
  });
}

// ─── Orders and checkout ──────────────────────────────────────────────────────

/** The orders placed from the buyer's account, newest first, as the buyer sees them. */
export async function myOrders(ctx: Ctx, q: MyOrdersQuery): Promise<{ items: OrderDto[]; total: number; page: number; pageSize: number }> {
  const found = await repo.buyerOrders(ctx, buyerOf(ctx).userId, q.page, q.pageSize);
  return { items: await orderDtos(ctx, found.items, 'buyer'), total: found.total, page: q.page, pageSize: q.pageSize };
}

export interface CheckoutAccount { addresses: AddressDto[]; name: string; phone: string; email: string }

/**
 * What checkout offers a signed-in buyer: their kept addresses (the default first) and the
 * details to prefill a new one with; null for anyone else (a guest types everything).
 */
export async function checkoutAccount(ctx: Ctx): Promise<CheckoutAccount | null> {
  const actor = ctx.actor;
  if (!isBuyer(actor)) return null;
  const [addresses, email] = await Promise.all([repo.addressesOf(ctx, actor.userId), repo.userEmail(ctx, actor.userId)]);
  const login = validateVnPhone(actor.username);
  return {
    addresses: addresses.map(addressDto), name: actor.displayName, email: email ?? '',
    phone: addresses[0]?.phone ?? (login.ok ? login.value : ''),
  };
}

/**
 * Keeps the address a signed-in buyer just ordered to ("lưu địa chỉ này"), unless they keep the
 * same one already or have no room left; false when it was not kept.
 */
export async function keepCheckoutAddress(ctx: Ctx, input: { recipientName: string; phone: string; communeCode: string; street: string }): Promise<boolean> {
  if (!isBuyer(ctx.actor)) return false;
  const kept = await repo.addressesOf(ctx, ctx.actor.userId);
  const phone = validateVnPhone(input.phone);
  const same = kept.some((a) => a.communeCode === input.communeCode && a.street.toLowerCase() === input.street.trim().toLowerCase()
    && a.recipientName === input.recipientName.trim() && phone.ok && a.phone === phone.value);
  if (same || kept.length >= MAX_ADDRESSES) return false;
  await addAddress(ctx, input);
  return true;
}
