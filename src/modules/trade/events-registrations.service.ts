/**
 * Producers' registrations for an event (issue 16, item 3): a producer (or an officer keeping its
 * record) registers with the products it will bring — only its own, each with an OCOP certificate
 * in force on the day it registers (an OCOP event shows OCOP products; the public page shows the
 * stars in force on the day it is read); the event's officers approve (within the booth quota) or
 * reject with a reason, and allocate booths (unique within the event: the domain's check first,
 * the database's unique index behind it, so two allocations at once give one booth and one clean
 * 409 booth_taken). A producer withdraws before the event starts; from its first day, an approved
 * exhibitor (or an officer for it) reports its sales. Every change writes an audit row in its
 * transaction (trade_event_registration.<action>, read by the notifications).
 */
import { inTx, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { boothGuard, normaliseBooth, registrationGuard } from '../../domain/trade';
import { AppError, notFound, problem, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import { registryScope } from '../registry/registry.policy';
import * as repo from './events.repository';
import { canActForProducer, canManageEvent, canReadEventAsOfficer, canReadRegistration, ownProducer } from './events.policy';
import { BoothSchema, RegistrationInputSchema, RejectSchema, ResultSchema, type RegistrationDto, type RegistrationListQuery } from './events.schema';
import { today, visibleEvent } from './events.service';

export const STALE_REGISTRATION = 'the registration was changed meanwhile: reload it';
const located = (v: repo.RegistrationView) => ({ producerId: v.registration.producerId, provinceCode: v.producerProvinceCode, communeCode: v.producerCommuneCode });
const eventFacts = (e: repo.EventRecord) => ({ ownerProvinceCode: e.ownerProvinceCode, provinceCode: e.provinceCode, status: e.status });

function toDto(ctx: Ctx, v: repo.RegistrationView, ev: repo.EventView, brought: repo.BroughtRow[]): RegistrationDto {
  const r = v.registration;
  const actor = requireActor(ctx);
  const manage = canManageEvent(actor, ev.event) && ev.event.status !== 'cancelled';
  const forProducer = canActForProducer(actor, located(v));
  const day = today(ctx);
  return {
    id: r.id, eventId: r.eventId, eventTitle: ev.event.title,
    producer: { id: r.producerId, name: v.producerName, provinceCode: v.producerProvinceCode, provinceName: v.producerProvinceName },
    status: r.status, booth: r.booth, note: r.note, decisionNote: r.decisionNote,
    products: brought.filter((b) => b.registration_id === r.id).map((b) => ({ id: b.product_id, name: b.name, stars: b.stars === null ? null : Number(b.stars) })),
    result: v.result ? { salesValue: Number(v.result.salesValue), visitors: v.result.visitors, note: v.result.note, reportedAt: v.result.reportedAt.toISOString() } : null,
    createdAt: r.createdAt.toISOString(), decidedAt: r.decidedAt?.toISOString() ?? null, version: r.version,
    actions: {
      approve: manage && (r.status === 'pending' || r.status === 'rejected'),
      reject: manage && (r.status === 'pending' || r.status === 'approved'),
      booth: manage && r.status === 'approved',
      withdraw: forProducer && (r.status === 'pending' || r.status === 'approved') && day < ev.event.startsOn,
      result: (forProducer || manage) && r.status === 'approved' && ev.event.status !== 'cancelled' && day >= ev.event.startsOn,
    },
  };
}

async function dtoOf(ctx: Ctx, id: string): Promise<RegistrationDto> {
  const v = await repo.findRegistration(ctx, id);
  const ev = v && await repo.findEvent(ctx, v.registration.eventId);
  if (!v || !ev) throw notFound('registration');
  return toDto(ctx, v, ev, await repo.broughtBy(ctx, [id], today(ctx)));
}

/** A registration its producer's side or the event's officers may read; 404 for anyone else. */
async function readable(ctx: Ctx, id: string): Promise<{ v: repo.RegistrationView; ev: repo.EventView }> {
  const actor = requireActor(ctx);
  const v = await repo.findRegistration(ctx, id);
  const ev = v && await repo.findEvent(ctx, v.registration.eventId);
  if (!v || !ev || !canReadRegistration(actor, eventFacts(ev.event), located(v))) throw notFound('registration');
  return { v, ev };
}

/** For the event's managers: 403 when the registration is only readable. */
async function decidable(ctx: Ctx, id: string, version: number | undefined) {
  const found = await readable(ctx, id);
  if (!canManageEvent(requireActor(ctx), found.ev.event)) throw new AppError('forbidden', 'only the office that runs the event decides its registrations');
  if (found.ev.event.status !== 'published') throw new AppError('invalid_transition', `the event is ${found.ev.event.status}`);
  if (version !== undefined && version !== found.v.registration.version) throw new AppError('conflict', STALE_REGISTRATION);
  return found;
}

export async function getRegistration(ctx: Ctx, id: string): Promise<RegistrationDto> {
  await readable(ctx, id);
  return dtoOf(ctx, id);
}

/** The registrations of an event: every one for its officers; a producer's side only its own. */
export async function listEventRegistrations(ctx: Ctx, eventId: string, q: RegistrationListQuery) {
  const actor = requireActor(ctx);
  const ev = await visibleEvent(ctx, eventId);
  const officer = canReadEventAsOfficer(actor, eventFacts(ev.event));
  const producerId = officer ? undefined : ownProducer(actor);
  if (!officer && !producerId) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const { items, total } = await repo.listRegistrations(ctx, { eventId, producerId: producerId ?? undefined, status: q.status, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  const brought = await repo.broughtBy(ctx, items.map((i) => i.registration.id), today(ctx));
  return { items: items.map((v) => toDto(ctx, v, ev, brought)), total, page: q.page, pageSize: q.pageSize };
}

/** A producer's own registrations, newest event first. */
export async function listMyRegistrations(ctx: Ctx, q: RegistrationListQuery) {
  const producerId = ownProducer(requireActor(ctx));
  if (!producerId) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const { items, total } = await repo.listRegistrations(ctx, { producerId, status: q.status, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  const brought = await repo.broughtBy(ctx, items.map((i) => i.registration.id), today(ctx));
  const events = new Map<string, repo.EventView>();
  for (const i of items) if (!events.has(i.registration.eventId)) events.set(i.registration.eventId, (await repo.findEvent(ctx, i.registration.eventId))!);
  return { items: items.map((v) => toDto(ctx, v, events.get(v.registration.eventId)!, brought)), total, page: q.page, pageSize: q.pageSize };
}

/** The producer whose registration of this event the actor may look at (its own, or the one an officer picked). */
export async function registrationFor(ctx: Ctx, eventId: string, producerId: string): Promise<RegistrationDto | null> {
  const v = await repo.registrationOf(ctx, eventId, producerId);
  if (!v || !canActForProducer(requireActor(ctx), located(v))) return null;
  return dtoOf(ctx, v.registration.id);
}

/**
 * Register a producer for a published event with the products it brings. A registration
 * withdrawn or rejected earlier is opened again (pending) with the new products; one pending or
 * approved is a 409 duplicate.
 */
export async function register(ctx: Ctx, eventId: string, raw: unknown): Promise<RegistrationDto> {
  const actor = requireActor(ctx);
  const ev = await visibleEvent(ctx, eventId);
  const parsed = RegistrationInputSchema.safeParse(raw ?? {});
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  const named = raw && typeof raw === 'object' && typeof (raw as { producerId?: unknown }).producerId === 'string' ? (raw as { producerId: string }).producerId : undefined;
  const own = ownProducer(actor);
  if (actor.role === 'producer' && named && named !== own) throw notFound('producer');
  const producerId = own ?? named;
  if (!producerId) fields.producerId ??= problem('trade_event.choose_producer');
  const producer = producerId ? await repo.findProducer(ctx, producerId) : null;
  if (producerId && !fields.producerId && (!producer || !canActForProducer(actor, { producerId: producer.id, provinceCode: producer.provinceCode, communeCode: producer.communeCode }))) {
    throw notFound('producer');
  }
  const day = today(ctx);
  if (parsed.success && producer) {
    const ids = [...new Set(parsed.data.productIds.map((p) => p.toLowerCase()))];
    const found = await repo.productsByIds(ctx, ids, day);
    const byId = new Map(found.map((p) => [p.id, p]));
    const code = ids.some((i) => !byId.has(i)) ? 'trade_event.unknown_product'
      : found.some((p) => p.producer_id !== producer.id) ? 'trade_event.not_own_product'
        : found.some((p) => p.stars === null) ? 'trade_event.not_certified' : null;
    if (code) fields.productIds = problem(code);
  }
  if (!parsed.success || Object.keys(fields).length || !producer) throw validation(fields);
  const input = parsed.data;
  if (ev.event.status !== 'published') throw new AppError('registration_closed', `the event is ${ev.event.status}`);
  const guard = registrationGuard({ startsOn: ev.event.startsOn, registrationClosesOn: ev.event.registrationClosesOn, boothQuota: ev.event.boothQuota, approved: ev.approved }, day);
  if (!guard.ok) throw new AppError(guard.reason, guard.reason === 'quota_full' ? 'every booth of the event is taken' : 'registration for the event is closed');
  const existing = await repo.registrationOf(ctx, ev.event.id, producer.id);
  if (existing && (existing.registration.status === 'pending' || existing.registration.status === 'approved')) {
    throw new AppError('duplicate', 'the producer is registered for this event already', { producerId: problem('trade_event.already_registered') });
  }
  const productIds = [...new Set(input.productIds.map((p) => p.toLowerCase()))];
  const now = ctx.deps.clock();
  const id = await inTx(ctx, async (tx) => {
    const r = existing
      ? await repo.updateRegistrationIf(tx, existing.registration.id, existing.registration.version, {
        status: 'pending', booth: null, note: input.note, decisionNote: null, decidedBy: null, decidedAt: null, createdBy: actor.userId, updatedAt: now,
      })
      : await repo.insertRegistration(tx, { eventId: ev.event.id, producerId: producer.id, note: input.note, createdBy: actor.userId, createdAt: now, updatedAt: now });
    if (!r) throw new AppError('conflict', STALE_REGISTRATION);
    await repo.replaceBrought(tx, r.id, productIds);
    await recordAudit(tx, {
      action: 'trade_event_registration.create', entityType: 'trade_event_registration', entityId: r.id, provinceCode: ev.event.provinceCode,
      after: { eventId: ev.event.id, producerId: producer.id, productIds, eventTitle: ev.event.title },
    });
    return r.id;
  }).catch((e: unknown) => {
    if (repo.isRegistrationClash(e)) throw new AppError('duplicate', 'the producer is registered for this event already', { producerId: problem('trade_event.already_registered') });
    throw e;
  });
  return dtoOf(ctx, id);
}

type Decision = 'approve' | 'reject' | 'withdraw';

async function move(ctx: Ctx, found: { v: repo.RegistrationView; ev: repo.EventView }, action: Decision, values: Parameters<typeof repo.updateRegistrationIf>[3], after: Record<string, unknown>, check?: (tx: Ctx) => Promise<void>) {
  const { v, ev } = found;
  await inTx(ctx, async (tx) => {
    if (check) await check(tx);
    const r = await repo.updateRegistrationIf(tx, v.registration.id, v.registration.version, { ...values, updatedAt: ctx.deps.clock() });
    if (!r) throw new AppError('conflict', STALE_REGISTRATION);
    await recordAudit(tx, {
      action: `trade_event_registration.${action}`, entityType: 'trade_event_registration', entityId: r.id, provinceCode: ev.event.provinceCode,
      before: { status: v.registration.status, booth: v.registration.booth }, after: { eventId: ev.event.id, producerId: r.producerId, eventTitle: ev.event.title, ...after },
    });
  });
  return dtoOf(ctx, v.registration.id);
}

/** Approve within the booth quota: the event row is locked while approved exhibitors are counted, so two approvals cannot both take the last booth. */
export async function approveRegistration(ctx: Ctx, id: string, version?: number): Promise<RegistrationDto> {
  const found = await decidable(ctx, id, version);
  const r = found.v.registration;
  if (r.status !== 'pending' && r.status !== 'rejected') throw new AppError('invalid_transition', `a ${r.status} registration cannot be approved`);
  const quota = found.ev.event.boothQuota;
  return move(ctx, found, 'approve', { status: 'approved', decisionNote: null, decidedBy: requireActor(ctx).userId, decidedAt: ctx.deps.clock() }, {}, async (tx) => {
    await repo.lockEvent(tx, found.ev.event.id);
    if (quota !== null && (await repo.countApproved(tx, found.ev.event.id)) >= quota) throw new AppError('quota_full', `the event's ${quota} booths are all taken`);
  });
}

export async function rejectRegistration(ctx: Ctx, id: string, raw: unknown): Promise<RegistrationDto> {
  const parsed = RejectSchema.safeParse(raw ?? {});
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const found = await decidable(ctx, id, parsed.data.version);
  const r = found.v.registration;
  if (r.status !== 'pending' && r.status !== 'approved') throw new AppError('invalid_transition', `a ${r.status} registration cannot be rejected`);
  return move(ctx, found, 'reject', { status: 'rejected', booth: null, decisionNote: parsed.data.reason, decidedBy: requireActor(ctx).userId, decidedAt: ctx.deps.clock() }, { reason: parsed.data.reason });
}

/** The producer (or its officers) withdraws before the event starts; the booth is freed. */
export async function withdrawRegistration(ctx: Ctx, id: string, version?: number): Promise<RegistrationDto> {
  const found = await readable(ctx, id);
  if (!canActForProducer(requireActor(ctx), located(found.v))) throw new AppError('forbidden', 'only the producer (or its officers) withdraws its registration');
  const r = found.v.registration;
  if (r.status !== 'pending' && r.status !== 'approved') throw new AppError('invalid_transition', `a ${r.status} registration cannot be withdrawn`);
  if (today(ctx) >= found.ev.event.startsOn) throw new AppError('invalid_transition', 'the event has started: a registration is withdrawn before its first day');
  if (version !== undefined && version !== r.version) throw new AppError('conflict', STALE_REGISTRATION);
  return move(ctx, found, 'withdraw', { status: 'withdrawn', booth: null }, {});
}

/**
 * Allocate (or free, with null) an approved exhibitor's booth. Another exhibitor's booth → 409
 * booth_taken, whether the domain's check sees it or the unique index catches a concurrent one.
 */
export async function allocateBooth(ctx: Ctx, id: string, raw: unknown): Promise<RegistrationDto> {
  const parsed = BoothSchema.safeParse(raw ?? {});
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const found = await decidable(ctx, id, parsed.data.version);
  const { v, ev } = found;
  if (v.registration.status !== 'approved') throw new AppError('invalid_transition', 'booths go to approved exhibitors');
  const taken = () => new AppError('booth_taken', 'another exhibitor of the event holds this booth', { booth: problem('trade_event.booth_taken') });
  let booth: string | null = null;
  if (parsed.data.booth !== null) {
    const guard = boothGuard(parsed.data.booth, await repo.heldBooths(ctx, ev.event.id), v.registration.id);
    if (!guard.ok) throw guard.reason === 'booth_taken' ? taken() : validation({ booth: problem('trade_event.booth_empty') });
    booth = normaliseBooth(parsed.data.booth);
  }
  if (booth === v.registration.booth) return dtoOf(ctx, v.registration.id);
  const reg = v;
  await inTx(ctx, async (tx) => {
    const r = await repo.updateRegistrationIf(tx, reg.registration.id, reg.registration.version, { booth, updatedAt: ctx.deps.clock() });
    if (!r) throw new AppError('conflict', STALE_REGISTRATION);
    await recordAudit(tx, {
      action: 'trade_event_registration.booth', entityType: 'trade_event_registration', entityId: r.id, provinceCode: ev.event.provinceCode,
      before: { booth: reg.registration.booth }, after: { eventId: ev.event.id, booth, producerId: r.producerId, eventTitle: ev.event.title },
    });
  }).catch((e: unknown) => {
    if (repo.isBoothClash(e)) throw taken();
    throw e;
  });
  return dtoOf(ctx, reg.registration.id);
}

/** Sales (and visitors) of an approved exhibitor, from the event's first day; reported again, replaced. */
export async function reportResult(ctx: Ctx, id: string, raw: unknown): Promise<RegistrationDto> {
  const actor = requireActor(ctx);
  const { v, ev } = await readable(ctx, id);
  if (!canActForProducer(actor, located(v)) && !canManageEvent(actor, ev.event)) throw new AppError('forbidden', 'the exhibitor (or the event\'s officers) report its results');
  const parsed = ResultSchema.safeParse(raw ?? {});
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  if (v.registration.status !== 'approved') throw new AppError('invalid_transition', 'results are reported by approved exhibitors');
  if (ev.event.status === 'cancelled') throw new AppError('invalid_transition', 'the event was cancelled');
  if (today(ctx) < ev.event.startsOn) throw new AppError('invalid_transition', 'results are reported from the event\'s first day');
  const input = parsed.data;
  await inTx(ctx, async (tx) => {
    await repo.upsertResult(tx, { registrationId: v.registration.id, salesValue: input.salesValue, visitors: input.visitors ?? null, note: input.note, reportedBy: actor.userId, reportedAt: ctx.deps.clock() });
    await recordAudit(tx, {
      action: 'trade_event_registration.result', entityType: 'trade_event_registration', entityId: v.registration.id, provinceCode: ev.event.provinceCode,
      before: v.result ? { salesValue: Number(v.result.salesValue), visitors: v.result.visitors } : null,
      after: { eventId: ev.event.id, salesValue: input.salesValue, visitors: input.visitors ?? null, producerId: v.registration.producerId },
    });
  });
  return dtoOf(ctx, v.registration.id);
}

/** For the officers' "register on behalf" picker: producers they keep with a product certified today. */
export async function producerChoices(ctx: Ctx, q: string | undefined) {
  const actor = requireActor(ctx);
  if (actor.role === 'producer') return [];
  return repo.certifiedProducers(ctx, registryScope(actor), today(ctx), q, 30);
}

/** What a producer may bring: its products certified today. */
export async function productChoices(ctx: Ctx, producerId: string) {
  const producer = await repo.findProducer(ctx, producerId);
  if (!producer || !canActForProducer(requireActor(ctx), { producerId: producer.id, provinceCode: producer.provinceCode, communeCode: producer.communeCode })) throw notFound('producer');
  return { producer, products: await repo.certifiedProductsOf(ctx, producer.id, today(ctx)) };
}
