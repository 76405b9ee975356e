/**
 * Where to buy a certified product: the open points of sale carrying it (public facts only:
 * name, kind, address, website and the outlet's business phone, which outlets publish).
 */
import { publicFactsChanged } from '../registry/public-facts-feed';
import { inTx, type Ctx } from '../../context';
import { isIsoDate, todayInVietnam } from '../../domain/dates';
import { validateVnPhone } from '../../domain/contact';
import { AppError, forbidden, notFound, problem, stringFieldsOf, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import { requireActor } from '../../core/actor';
import { recordAudit } from '../audit/audit.service';
import * as repo from './outlets.repository';
import { outletsCarrying, type OutletRow } from './outlets.repository';
import { areaRowScope, canManageArea, canReadArea, OUTLET_WRITERS } from './outlets.policy';
import {
  OUTLET_KIND_NAMES, OutletInputSchema, OutletPatchSchema, OutletProductsInputSchema,
  type CertifiedChoice, type OutletDetailDto, type OutletDto, type OutletListQuery, type OutletPatch,
} from './outlets.schema';

export interface PublicOutlet {
  id: string;
  name: string;
  kind: OutletRow['kind'];
  address: string;
  communeName: string;
  provinceName: string;
  website: string | null;
  phone: string | null;
  isSample: boolean;
}

export async function listOutletsForProduct(ctx: Ctx, productId: string): Promise<PublicOutlet[]> {
  const today = todayInVietnam(ctx.deps.clock());
  const found = await outletsCarrying(ctx, productId, today);
  return found.map((o) => ({
    id: o.id, name: o.name, kind: o.kind, address: o.address, communeName: o.commune_name, provinceName: o.province_name,
    // Only web addresses are links; anything else stays text.
    website: o.website && /^https?:\/\//i.test(o.website) ? o.website : null,
    phone: o.phone, isSample: o.is_sample,
  }));
}

// ---- the back-office register ------------------------------------------------------------

/** The message of a stale write (409 conflict); the pages show it in the user's language (outlets.err.stale). */
export const STALE = 'the point of sale was changed meanwhile: reload it';

/** Shared checks of an outlet's fields (all problems in one answer). */
function checkDates(fields: FieldErrors, opened: string | null | undefined, closed: string | null | undefined,
  keys: { from: string; to: string }): void {
  if (opened && !isIsoDate(opened)) fields[keys.from] ??= problem('outlet.not_date');
  if (closed && !isIsoDate(closed)) fields[keys.to] ??= problem('outlet.not_date');
  if (opened && closed && isIsoDate(opened) && isIsoDate(closed) && closed < opened) fields[keys.to] ??= problem('outlet.closed_before_opened');
}

const WEB = /^https?:\/\/[^\s/$.?#][^\s]*$/i;

function checkContact(fields: FieldErrors, out: { website?: string | null; phone?: string | null }, website: string | null | undefined, phone: string | null | undefined) {
  if (website !== undefined) {
    if (!website) out.website = null;
    else if (!WEB.test(website)) fields.website ??= problem('outlet.website');
    else out.website = website;
  }
  if (phone !== undefined) {
    if (!phone) out.phone = null;
    else {
      const r = validateVnPhone(phone);
      if (r.ok) out.phone = r.value; else fields.phone ??= problem('outlet.phone');
    }
  }
}

async function checkCommune(ctx: Ctx, fields: FieldErrors, code: string | undefined) {
  if (!code || fields.communeCode) return null;
  const commune = await repo.findCommune(ctx, code);
  if (!commune) { fields.communeCode = problem('outlet.unknown_commune'); return null; }
  if (!canManageArea(requireActor(ctx), { provinceCode: commune.provinceCode, communeCode: commune.code })) {
    fields.communeCode = problem('outlet.outside_area');
    return null;
  }
  return commune;
}

const isOpen = (o: repo.OutletRecord, today: string) => (!o.openedOn || o.openedOn <= today) && (!o.closedOn || o.closedOn > today);
/** An outlet has history once it opened (it counts toward targets) or listed products: it is closed, not deleted. */
const hasHistory = (v: repo.OutletView, today: string) => v.productCount > 0 || (v.outlet.openedOn !== null && v.outlet.openedOn <= today);

function toDto(ctx: Ctx, v: repo.OutletView, today: string): OutletDto {
  const o = v.outlet;
  const target = { provinceCode: o.provinceCode, communeCode: o.communeCode };
  const manage = ctx.actor ? canManageArea(ctx.actor, target) : false;
  return {
    id: o.id, name: o.name, kind: o.kind, kindName: OUTLET_KIND_NAMES[o.kind].vi, address: o.address,
    communeCode: o.communeCode, communeName: v.communeName, provinceCode: o.provinceCode, provinceName: v.provinceName,
    openedOn: o.openedOn, closedOn: o.closedOn, open: isOpen(o, today), website: o.website, phone: o.phone, isSample: o.isSample,
    productCount: v.productCount, createdBy: o.createdBy, createdAt: o.createdAt.toISOString(), updatedAt: o.updatedAt.toISOString(),
    version: o.version, actions: { edit: manage, delete: manage && !hasHistory(v, today) },
  };
}

const snapshot = (o: repo.OutletRecord) => ({
  name: o.name, kind: o.kind, address: o.address, communeCode: o.communeCode, openedOn: o.openedOn, closedOn: o.closedOn, website: o.website, phone: o.phone,
  version: o.version,
});

async function readable(ctx: Ctx, id: string): Promise<repo.OutletView> {
  const actor = requireActor(ctx);
  const v = await repo.findOutlet(ctx, id);
  if (!v || !canReadArea(actor, { provinceCode: v.outlet.provinceCode, communeCode: v.outlet.communeCode })) throw notFound('point of sale');
  return v;
}

async function manageable(ctx: Ctx, id: string): Promise<repo.OutletView> {
  const v = await readable(ctx, id);
  if (!canManageArea(requireActor(ctx), { provinceCode: v.outlet.provinceCode, communeCode: v.outlet.communeCode })) {
    throw new AppError('forbidden', 'only officers of the outlet\'s area may change it');
  }
  return v;
}

export async function getOutlet(ctx: Ctx, id: string): Promise<OutletDetailDto> {
  const v = await readable(ctx, id);
  const today = todayInVietnam(ctx.deps.clock());
  const carried = await repo.carriedProducts(ctx, v.outlet.id, today);
  return {
    ...toDto(ctx, v, today),
    products: carried.map((p) => ({ id: p.id, name: p.name, producerName: p.producer_name, stars: p.stars, certifiedToday: p.stars !== null, since: p.since })),
  };
}

export async function listOutlets(ctx: Ctx, q: OutletListQuery) {
  const actor = requireActor(ctx);
  const today = todayInVietnam(ctx.deps.clock());
  const { items, total } = await repo.listOutlets(ctx, areaRowScope(actor), { ...q, today });
  return { items: items.map((v) => toDto(ctx, v, today)), total, page: q.page, pageSize: q.pageSize };
}

export async function createOutlet(ctx: Ctx, raw: unknown): Promise<OutletDetailDto> {
  const actor = requireActor(ctx);
  if (!(OUTLET_WRITERS as readonly string[]).includes(actor.role)) throw forbidden();
  const parsed = OutletInputSchema.safeParse(raw);
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  const s = stringFieldsOf(raw, ['openedOn', 'closedOn', 'website', 'phone', 'communeCode'] as const);
  // No commune at all: ask for one (the API keeps zod's wording of the same problem).
  if (fields.communeCode && !s.communeCode?.trim()) fields.communeCode = { ...fields.communeCode, code: 'outlet.choose_commune' };
  checkDates(fields, s.openedOn, s.closedOn, { from: 'openedOn', to: 'closedOn' });
  const contact: { website?: string | null; phone?: string | null } = {};
  checkContact(fields, contact, s.website?.trim() ?? null, s.phone?.trim() ?? null);
  const commune = await checkCommune(ctx, fields, s.communeCode?.trim());
  if (!parsed.success || Object.keys(fields).length || !commune) throw validation(fields);
  const input = parsed.data;
  const id = await inTx(ctx, async (tx) => {
    const now = ctx.deps.clock();
    const newId = await repo.insertOutlet(tx, {
      name: input.name, kind: input.kind, address: input.address, communeCode: commune.code, provinceCode: commune.provinceCode,
      openedOn: input.openedOn || null, closedOn: input.closedOn || null, website: contact.website ?? null, phone: contact.phone ?? null,
      createdBy: actor.label, createdAt: now, updatedAt: now,
    });
    await recordAudit(tx, {
      action: 'outlet.create', entityType: 'outlet', entityId: newId, provinceCode: commune.provinceCode,
      after: { name: input.name, kind: input.kind, address: input.address, communeCode: commune.code, openedOn: input.openedOn || null, closedOn: input.closedOn || null, ...contact },
    });
    return newId;
  });
  return getOutlet(ctx, id);
}

/**
 * Edit an outlet; closing it is `closedOn` (it leaves "where to buy" from that day). The write
 * is guarded by the version read (and the caller's `version`, when sent): stale → 409 conflict.
 */
export async function updateOutlet(ctx: Ctx, id: string, raw: unknown): Promise<OutletDetailDto> {
  const v = await manageable(ctx, id);
  const parsed = OutletPatchSchema.safeParse(raw ?? {});
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  const input: OutletPatch = parsed.success ? parsed.data : {};
  const s = stringFieldsOf(raw, ['openedOn', 'closedOn', 'website', 'phone', 'communeCode'] as const);
  const has = (k: string) => !!raw && typeof raw === 'object' && k in raw;
  const opened = has('openedOn') ? (s.openedOn || null) : v.outlet.openedOn;
  const closed = has('closedOn') ? (s.closedOn || null) : v.outlet.closedOn;
  checkDates(fields, opened, closed, { from: has('openedOn') ? 'openedOn' : 'closedOn', to: 'closedOn' });
  const contact: { website?: string | null; phone?: string | null } = {};
  checkContact(fields, contact, has('website') ? (s.website?.trim() ?? null) : undefined, has('phone') ? (s.phone?.trim() ?? null) : undefined);
  const commune = has('communeCode') ? await checkCommune(ctx, fields, s.communeCode?.trim()) : null;
  if (!parsed.success || Object.keys(fields).length) throw validation(fields);
  if (input.version !== undefined && input.version !== v.outlet.version) throw new AppError('conflict', STALE);
  const values: Partial<repo.NewOutlet> = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.kind !== undefined ? { kind: input.kind } : {}),
    ...(input.address !== undefined ? { address: input.address } : {}),
    ...(commune ? { communeCode: commune.code, provinceCode: commune.provinceCode } : {}),
    ...(has('openedOn') ? { openedOn: opened } : {}),
    ...(has('closedOn') ? { closedOn: closed } : {}),
    ...contact,
    updatedAt: ctx.deps.clock(),
  };
  await inTx(ctx, async (tx) => {
    const row = await repo.updateOutletIf(tx, v.outlet.id, v.outlet.version, values);
    if (!row) throw new AppError('conflict', STALE);
    const closing = !v.outlet.closedOn && row.closedOn;
    await recordAudit(tx, {
      action: closing ? 'outlet.close' : 'outlet.update', entityType: 'outlet', entityId: row.id, provinceCode: row.provinceCode,
      before: snapshot(v.outlet), after: snapshot(row),
    });
    // "Where to buy" on product pages (the catalogue itself is unchanged).
    await publicFactsChanged(tx, {});
  });
  return getOutlet(ctx, v.outlet.id);
}

/**
 * Delete a mistaken record. An outlet that opened (it counts toward targets) or listed products
 * has history: 409, close it with closedOn instead.
 */
export async function deleteOutlet(ctx: Ctx, id: string, version?: number): Promise<void> {
  const v = await manageable(ctx, id);
  if (hasHistory(v, todayInVietnam(ctx.deps.clock()))) {
    throw new AppError('conflict', 'the point of sale has opened or listed products: close it (closedOn) instead of deleting it');
  }
  // Like an edit: never delete what someone changed after the caller read it.
  if (version !== undefined && version !== v.outlet.version) throw new AppError('conflict', STALE);
  await inTx(ctx, async (tx) => {
    if (!(await repo.deleteOutletIf(tx, v.outlet.id, v.outlet.version))) throw new AppError('conflict', STALE);
    await recordAudit(tx, { action: 'outlet.delete', entityType: 'outlet', entityId: v.outlet.id, provinceCode: v.outlet.provinceCode, before: snapshot(v.outlet) });
    await publicFactsChanged(tx, {});
  });
}

/**
 * Set the products an outlet carries. Products already listed may stay (a certificate that
 * lapsed hides them from the public page anyway); every product added must hold a certificate
 * in force today, else 409 not_certifiable naming them. The list is part of the outlet: a change
 * adds 1 to its version, and a stale `version` (or a change meanwhile) is a 409 conflict, so two
 * officers replacing the list cannot drop each other's products.
 */
export async function setOutletProducts(ctx: Ctx, id: string, raw: unknown): Promise<OutletDetailDto> {
  const v = await manageable(ctx, id);
  const parsed = OutletProductsInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  if (parsed.data.version !== undefined && parsed.data.version !== v.outlet.version) throw new AppError('conflict', STALE);
  const ids = [...new Set(parsed.data.productIds.map((p) => p.toLowerCase()))];
  const today = todayInVietnam(ctx.deps.clock());
  const before = await repo.carriedProducts(ctx, v.outlet.id, today);
  const current = new Set(before.map((p) => p.id));
  const added = ids.filter((p) => !current.has(p));
  const certified = await repo.certifiedAmong(ctx, added, today);
  const refused = added.filter((p) => !certified.has(p));
  if (refused.length) {
    const names = await repo.productNames(ctx, refused);
    const unknown = refused.filter((p) => !names.has(p));
    if (unknown.length) throw new AppError('not_found', `product not found: ${unknown.join(', ')}`);
    throw new AppError('not_certifiable',
      `only products with an OCOP certificate in force today can be listed at a point of sale; not certified today: ${refused.map((p) => names.get(p)).join(', ')}`,
      undefined, { productIds: refused });
  }
  const removed = before.filter((p) => !ids.includes(p.id)).map((p) => p.id);
  if (added.length || removed.length) {
    await inTx(ctx, async (tx) => {
      // The guarded bump first: it locks the row, so a concurrent replacement waits and then finds the version moved on.
      if (!(await repo.updateOutletIf(tx, v.outlet.id, v.outlet.version, { updatedAt: ctx.deps.clock() }))) throw new AppError('conflict', STALE);
      await repo.replaceOutletProducts(tx, v.outlet.id, ids, today);
      await recordAudit(tx, {
        action: 'outlet.products', entityType: 'outlet', entityId: v.outlet.id, provinceCode: v.outlet.provinceCode,
        before: { productIds: [...current] }, after: { productIds: ids, added, removed },
      });
      await publicFactsChanged(tx, {});
    });
  }
  return getOutlet(ctx, v.outlet.id);
}

/** Certified products of the outlet's province (the picker), not yet carried. */
export async function productChoices(ctx: Ctx, id: string, q: string | undefined): Promise<CertifiedChoice[]> {
  const v = await manageable(ctx, id);
  const today = todayInVietnam(ctx.deps.clock());
  const [choices, carried] = await Promise.all([
    repo.certifiedInProvince(ctx, v.outlet.provinceCode, today, q, 50),
    repo.carriedProducts(ctx, v.outlet.id, today),
  ]);
  const have = new Set(carried.map((c) => c.id));
  return choices.filter((c) => !have.has(c.id)).map((c) => ({ id: c.id, name: c.name, producerName: c.producer_name, stars: c.stars, communeName: c.commune_name }));
}

/** Communes the actor may choose for an outlet (or a course): their commune, their province's, or none for national roles (they type a code). */
export async function communeChoices(ctx: Ctx): Promise<{ code: string; name: string }[] | null> {
  const actor = requireActor(ctx);
  if (actor.role === 'commune_officer' && actor.areaCode) {
    const c = await repo.findCommune(ctx, actor.areaCode);
    return c ? [{ code: c.code, name: c.name }] : [];
  }
  if (actor.provinceCode) return repo.communesOf(ctx, actor.provinceCode);
  return null;
}
