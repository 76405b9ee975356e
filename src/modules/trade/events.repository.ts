/**
 * Trade events' rows: events with their venue's names, registrations with the products brought,
 * booths, results, the exhibitors the public sees and an event's report (sales reported, and
 * trade agreements signed there). Stars are those of a certificate in force on the day asked.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { RowScope } from '../../core/scope';
import { scopeWhere } from '../../db/scope';
import { exec, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { isUuid } from '../../domain/ids';
import { COUNTED_AGREEMENT_STATUSES, type TradeEventKind } from '../../domain/trade';
import { areas, producers } from '../registry/registry.tables';
import { users } from '../identity/identity.tables';
import { tradeAgreements, tradeEventProducts, tradeEventRegistrations, tradeEventResults, tradeEvents } from './trade.tables';

export type EventRecord = typeof tradeEvents.$inferSelect;
export type NewEvent = typeof tradeEvents.$inferInsert;
export type RegistrationRecord = typeof tradeEventRegistrations.$inferSelect;

export interface EventView { event: EventRecord; communeName: string; provinceName: string; ownerName: string | null; approved: number }

const com = alias(areas, 'com');
const prov = alias(areas, 'prov');
const owner = alias(areas, 'owner');
const approvedCount = sql<number>`(select count(*)::int from ${tradeEventRegistrations} r where r.event_id = ${tradeEvents.id} and r.status = 'approved')`;
const eventQuery = (ctx: Ctx) => exec(ctx).select({ event: tradeEvents, communeName: com.name, provinceName: prov.name, ownerName: owner.name, approved: approvedCount })
  .from(tradeEvents)
  .innerJoin(com, eq(com.code, tradeEvents.venueCommuneCode))
  .innerJoin(prov, eq(prov.code, tradeEvents.provinceCode))
  .leftJoin(owner, eq(owner.code, tradeEvents.ownerProvinceCode));

/** Certificate `c` valid on `day`. */
const validOn = (day: string): SQL => sql`c.issued_on <= ${day}::date and c.expires_on > ${day}::date
  and (c.revoked_on is null or c.revoked_on > ${day}::date) and (c.superseded_on is null or c.superseded_on > ${day}::date)`;
const starsOn = (productId: SQL, day: string): SQL => sql`(select max(c.stars)::int from certificates c where c.product_id = ${productId} and ${validOn(day)})`;

export async function findEvent(ctx: Ctx, id: string): Promise<EventView | null> {
  if (!isUuid(id)) return null;
  const [row] = await eventQuery(ctx).where(eq(tradeEvents.id, id));
  return row ?? null;
}

/** Lock the event row for the rest of the transaction (decisions on its registrations are taken one at a time). */
export async function lockEvent(ctx: Ctx, id: string): Promise<void> {
  await rows(exec(ctx), sql`select id from ${tradeEvents} where id = ${id}::uuid for update`);
}

export async function countApproved(ctx: Ctx, eventId: string): Promise<number> {
  const [row] = await rows<{ n: number }>(exec(ctx), sql`select count(*)::int as n from ${tradeEventRegistrations} where event_id = ${eventId}::uuid and status = 'approved'`);
  return Number(row?.n ?? 0);
}

export interface EventFilter {
  from?: string | undefined;
  to?: string | undefined;
  province?: string | undefined;
  kind?: TradeEventKind | undefined;
  status?: EventRecord['status'] | undefined;
  q?: string | undefined;
  /** upcoming: ending on or after `today`, soonest first; past: ended before it, latest first; all: by start. */
  when?: { side: 'upcoming' | 'past'; today: string } | undefined;
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export async function listEvents(ctx: Ctx, scope: RowScope, f: EventFilter): Promise<{ items: EventView[]; total: number }> {
  const where = and(
    scopeWhere(scope, { owner: tradeEvents.ownerProvinceCode, province: tradeEvents.provinceCode, status: tradeEvents.status }),
    f.status ? eq(tradeEvents.status, f.status) : undefined,
    f.from ? sql`${tradeEvents.endsOn} >= ${f.from}::date` : undefined,
    f.to ? sql`${tradeEvents.startsOn} <= ${f.to}::date` : undefined,
    f.province ? eq(tradeEvents.provinceCode, f.province) : undefined,
    f.kind ? eq(tradeEvents.kind, f.kind) : undefined,
    f.when?.side === 'upcoming' ? sql`${tradeEvents.endsOn} >= ${f.when.today}::date` : undefined,
    f.when?.side === 'past' ? sql`${tradeEvents.endsOn} < ${f.when.today}::date` : undefined,
    f.q ? sql`(ocop_norm(${tradeEvents.title}) like '%' || ocop_norm(${f.q}) || '%' or ocop_norm(${tradeEvents.organiser}) like '%' || ocop_norm(${f.q}) || '%')` : undefined,
  );
  const dir = (f.order ?? (f.when?.side === 'past' ? 'desc' : 'asc')) === 'desc' ? desc : asc;
  const [items, [count]] = await Promise.all([
    eventQuery(ctx).where(where).orderBy(dir(tradeEvents.startsOn), dir(tradeEvents.endsOn), asc(tradeEvents.title), asc(tradeEvents.id)).limit(f.limit).offset(f.offset),
    exec(ctx).select({ n: sql<number>`count(*)::int` }).from(tradeEvents).where(where),
  ]);
  return { items, total: Number(count?.n ?? 0) };
}

export async function insertEvent(ctx: Ctx, values: NewEvent): Promise<EventRecord> {
  const [row] = await exec(ctx).insert(tradeEvents).values(values).returning();
  return row!;
}

/** Update when still at `version` (and add 1 to it); null when it moved on. */
export async function updateEventIf(ctx: Ctx, id: string, version: number, values: Partial<NewEvent>): Promise<EventRecord | null> {
  const [row] = await exec(ctx).update(tradeEvents).set({ ...values, version: sql`${tradeEvents.version} + 1` })
    .where(and(eq(tradeEvents.id, id), eq(tradeEvents.version, version))).returning();
  return row ?? null;
}

// ─── Exhibitors (the public list) ────────────────────────────────────────────

export interface ExhibitorRow { event_id: string; registration_id: string; producer_id: string; producer_name: string; booth: string | null }
export interface BroughtRow { registration_id: string; product_id: string; name: string; stars: number | null }

/** Approved exhibitors of the events, by booth (unallocated last) then name, with what they bring and its stars on `day`. */
export async function exhibitorsOf(ctx: Ctx, eventIds: string[], day: string): Promise<{ exhibitors: ExhibitorRow[]; products: BroughtRow[] }> {
  if (!eventIds.length) return { exhibitors: [], products: [] };
  const ids = sql.join(eventIds.map((i) => sql`${i}::uuid`), sql`, `);
  const exhibitors = await rows<ExhibitorRow>(exec(ctx), sql`
    select r.event_id, r.id as registration_id, r.producer_id, pr.name as producer_name, r.booth
    from ${tradeEventRegistrations} r join producers pr on pr.id = r.producer_id
    where r.event_id in (${ids}) and r.status = 'approved'
    order by r.event_id, r.booth is null, length(r.booth), r.booth, pr.name, r.id`);
  return { exhibitors, products: await broughtBy(ctx, exhibitors.map((e) => e.registration_id), day) };
}

export async function broughtBy(ctx: Ctx, registrationIds: string[], day: string): Promise<BroughtRow[]> {
  if (!registrationIds.length) return [];
  return rows<BroughtRow>(exec(ctx), sql`
    select tp.registration_id, p.id as product_id, p.name, ${starsOn(sql`p.id`, day)} as stars
    from ${tradeEventProducts} tp join products p on p.id = tp.product_id
    where tp.registration_id in (${sql.join(registrationIds.map((i) => sql`${i}::uuid`), sql`, `)})
    order by p.name, p.id`);
}

// ─── Registrations ───────────────────────────────────────────────────────────

export interface RegistrationView {
  registration: RegistrationRecord;
  producerName: string;
  producerProvinceCode: string;
  producerCommuneCode: string;
  producerProvinceName: string;
  result: typeof tradeEventResults.$inferSelect | null;
}

const regProv = alias(areas, 'reg_prov');
const registrationQuery = (ctx: Ctx) => exec(ctx).select({
  registration: tradeEventRegistrations, producerName: producers.name, producerProvinceCode: producers.provinceCode,
  producerCommuneCode: producers.communeCode, producerProvinceName: regProv.name, result: tradeEventResults,
}).from(tradeEventRegistrations)
  .innerJoin(producers, eq(producers.id, tradeEventRegistrations.producerId))
  .innerJoin(regProv, eq(regProv.code, producers.provinceCode))
  .leftJoin(tradeEventResults, eq(tradeEventResults.registrationId, tradeEventRegistrations.id));

export async function findRegistration(ctx: Ctx, id: string): Promise<RegistrationView | null> {
  if (!isUuid(id)) return null;
  const [row] = await registrationQuery(ctx).where(eq(tradeEventRegistrations.id, id));
  return row ?? null;
}

export async function registrationOf(ctx: Ctx, eventId: string, producerId: string): Promise<RegistrationView | null> {
  const [row] = await registrationQuery(ctx).where(and(eq(tradeEventRegistrations.eventId, eventId), eq(tradeEventRegistrations.producerId, producerId)));
  return row ?? null;
}

export async function listRegistrations(ctx: Ctx, f: { eventId?: string; producerId?: string; status?: RegistrationRecord['status'] | undefined; limit: number; offset: number }) {
  const where = and(
    f.eventId ? eq(tradeEventRegistrations.eventId, f.eventId) : undefined,
    f.producerId ? eq(tradeEventRegistrations.producerId, f.producerId) : undefined,
    f.status ? eq(tradeEventRegistrations.status, f.status) : undefined,
  );
  const [items, [count]] = await Promise.all([
    registrationQuery(ctx).where(where)
      .orderBy(sql`case ${tradeEventRegistrations.status} when 'pending' then 0 when 'approved' then 1 when 'rejected' then 2 else 3 end`,
        sql`${tradeEventRegistrations.booth} is null`, asc(tradeEventRegistrations.booth), asc(producers.name), asc(tradeEventRegistrations.id))
      .limit(f.limit).offset(f.offset),
    exec(ctx).select({ n: sql<number>`count(*)::int` }).from(tradeEventRegistrations).where(where),
  ]);
  return { items, total: Number(count?.n ?? 0) };
}

export async function insertRegistration(ctx: Ctx, values: typeof tradeEventRegistrations.$inferInsert): Promise<RegistrationRecord> {
  const [row] = await exec(ctx).insert(tradeEventRegistrations).values(values).returning();
  return row!;
}

export async function updateRegistrationIf(ctx: Ctx, id: string, version: number, values: Partial<typeof tradeEventRegistrations.$inferInsert>): Promise<RegistrationRecord | null> {
  const [row] = await exec(ctx).update(tradeEventRegistrations).set({ ...values, version: sql`${tradeEventRegistrations.version} + 1` })
    .where(and(eq(tradeEventRegistrations.id, id), eq(tradeEventRegistrations.version, version))).returning();
  return row ?? null;
}

export async function replaceBrought(ctx: Ctx, registrationId: string, productIds: string[]): Promise<void> {
  await exec(ctx).delete(tradeEventProducts).where(eq(tradeEventProducts.registrationId, registrationId));
  if (productIds.length) await exec(ctx).insert(tradeEventProducts).values(productIds.map((productId) => ({ registrationId, productId })));
}

/** The booths held in an event: approved registrations with a booth. */
export async function heldBooths(ctx: Ctx, eventId: string): Promise<{ registrationId: string; booth: string }[]> {
  const found = await exec(ctx).select({ registrationId: tradeEventRegistrations.id, booth: tradeEventRegistrations.booth }).from(tradeEventRegistrations)
    .where(and(eq(tradeEventRegistrations.eventId, eventId), sql`${tradeEventRegistrations.booth} is not null`));
  return found.map((r) => ({ registrationId: r.registrationId, booth: r.booth! }));
}

export async function upsertResult(ctx: Ctx, values: typeof tradeEventResults.$inferInsert): Promise<void> {
  await exec(ctx).insert(tradeEventResults).values(values).onConflictDoUpdate({
    target: tradeEventResults.registrationId,
    set: { salesValue: values.salesValue, visitors: values.visitors ?? null, note: values.note ?? '', reportedBy: values.reportedBy, reportedAt: values.reportedAt ?? sql`now()` },
  });
}

/** Whether a write failed on the unique booth of an event (two allocations of one booth at once). */
export function isBoothClash(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string; message?: string; cause?: { code?: string; constraint?: string; message?: string } } | null;
  const code = err?.code ?? err?.cause?.code;
  const name = err?.constraint ?? err?.cause?.constraint ?? `${err?.message ?? ''} ${err?.cause?.message ?? ''}`;
  return code === '23505' && name.includes('trade_event_booth_uq');
}

/** Whether a write failed on the one registration per producer and event (two registrations at once). */
export function isRegistrationClash(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string; message?: string; cause?: { code?: string; constraint?: string; message?: string } } | null;
  const code = err?.code ?? err?.cause?.code;
  const name = err?.constraint ?? err?.cause?.constraint ?? `${err?.message ?? ''} ${err?.cause?.message ?? ''}`;
  return code === '23505' && name.includes('trade_event_registrations_uq');
}

// ─── Producers and their products ───────────────────────────────────────────

export interface ProducerFacts { id: string; name: string; provinceCode: string; communeCode: string }

export async function findProducer(ctx: Ctx, id: string): Promise<ProducerFacts | null> {
  if (!isUuid(id)) return null;
  const [row] = await exec(ctx).select({ id: producers.id, name: producers.name, provinceCode: producers.provinceCode, communeCode: producers.communeCode })
    .from(producers).where(eq(producers.id, id));
  return row ?? null;
}

export interface OwnedProduct { id: string; producer_id: string; name: string; stars: number | null }

/** The products named, with their producer and stars on `day` (null: not certified that day). */
export async function productsByIds(ctx: Ctx, ids: string[], day: string): Promise<OwnedProduct[]> {
  if (!ids.length) return [];
  return rows<OwnedProduct>(exec(ctx), sql`
    select p.id, p.producer_id, p.name, ${starsOn(sql`p.id`, day)} as stars
    from products p where p.id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})`);
}

/** A producer's products certified on `day` (what it may bring), by name. */
export async function certifiedProductsOf(ctx: Ctx, producerId: string, day: string): Promise<{ id: string; name: string; stars: number }[]> {
  return rows<{ id: string; name: string; stars: number }>(exec(ctx), sql`
    select p.id, p.name, s.stars from products p
    join lateral (select max(c.stars)::int as stars from certificates c where c.product_id = p.id and ${validOn(day)}) s on s.stars is not null
    where p.producer_id = ${producerId}::uuid order by p.name, p.id`);
}

/** Producers with a product certified on `day`, in a scope (registry's logical columns), by name; for the "register on behalf" picker. */
export async function certifiedProducers(ctx: Ctx, scope: RowScope, day: string, q: string | undefined, limit: number): Promise<{ id: string; name: string; communeName: string }[]> {
  const where = and(
    scopeWhere(scope, { province: producers.provinceCode, commune: producers.communeCode, producer: producers.id }),
    sql`exists (select 1 from products p join certificates c on c.product_id = p.id where p.producer_id = ${producers.id} and ${validOn(day)})`,
    q ? sql`ocop_norm(${producers.name}) like '%' || ocop_norm(${q}) || '%'` : undefined,
  );
  return exec(ctx).select({ id: producers.id, name: producers.name, communeName: areas.name }).from(producers)
    .innerJoin(areas, eq(areas.code, producers.communeCode)).where(where).orderBy(asc(producers.name), asc(producers.id)).limit(limit);
}

// ─── The report ──────────────────────────────────────────────────────────────

export interface ReportRow {
  registration_id: string; producer_id: string; producer_name: string; booth: string | null; products: number;
  sales_value: string | number | null; visitors: number | null; reported: boolean; agreements: number; agreements_value: string | number;
}

/** Approved exhibitors with their reported results and the agreements they signed at the event. */
export async function reportRows(ctx: Ctx, eventId: string): Promise<ReportRow[]> {
  const counted = sql.join(COUNTED_AGREEMENT_STATUSES.map((s) => sql`${s}`), sql`, `);
  return rows<ReportRow>(exec(ctx), sql`
    select r.id as registration_id, r.producer_id, pr.name as producer_name, r.booth,
      (select count(*)::int from ${tradeEventProducts} tp where tp.registration_id = r.id) as products,
      res.sales_value, res.visitors, (res.registration_id is not null) as reported,
      coalesce(a.n, 0)::int as agreements, coalesce(a.v, 0)::bigint as agreements_value
    from ${tradeEventRegistrations} r
    join producers pr on pr.id = r.producer_id
    left join ${tradeEventResults} res on res.registration_id = r.id
    left join (select producer_id, count(*) as n, sum(value) as v from ${tradeAgreements}
      where event_id = ${eventId}::uuid and status in (${counted}) group by producer_id) a on a.producer_id = r.producer_id
    where r.event_id = ${eventId}::uuid and r.status = 'approved'
    order by r.booth is null, length(r.booth), r.booth, pr.name, r.id`);
}

/** Every agreement of the event counted as a result (exhibitors or not). */
export async function eventAgreements(ctx: Ctx, eventId: string): Promise<{ count: number; value: number }> {
  const [row] = await exec(ctx).select({ n: sql<number>`count(*)::int`, v: sql<string>`coalesce(sum(${tradeAgreements.value}), 0)::bigint` })
    .from(tradeAgreements).where(and(eq(tradeAgreements.eventId, eventId), inArray(tradeAgreements.status, [...COUNTED_AGREEMENT_STATUSES])));
  return { count: Number(row?.n ?? 0), value: Number(row?.v ?? 0) };
}

// ─── Areas ───────────────────────────────────────────────────────────────────

export async function findCommune(ctx: Ctx, code: string): Promise<{ code: string; name: string; provinceCode: string } | null> {
  const [row] = await exec(ctx).select({ code: areas.code, name: areas.name, parent: areas.parentCode, level: areas.level }).from(areas).where(eq(areas.code, code)).limit(1);
  if (!row || row.level !== 'commune' || !row.parent) return null;
  return { code: row.code, name: row.name, provinceCode: row.parent };
}

export async function communesOf(ctx: Ctx, provinceCode: string): Promise<{ code: string; name: string }[]> {
  return exec(ctx).select({ code: areas.code, name: areas.name }).from(areas)
    .where(and(eq(areas.parentCode, provinceCode), eq(areas.level, 'commune'))).orderBy(asc(areas.name));
}

export async function provinces(ctx: Ctx): Promise<{ code: string; name: string }[]> {
  return exec(ctx).select({ code: areas.code, name: areas.name }).from(areas).where(eq(areas.level, 'province')).orderBy(asc(areas.name));
}

/** The first account of a role (and area), oldest first: the demo's events are written as these. */
export async function firstUserOf(ctx: Ctx, role: 'national_admin' | 'province_officer', areaCode?: string): Promise<{ id: string; username: string; displayName: string } | null> {
  const [row] = await exec(ctx).select({ id: users.id, username: users.username, displayName: users.displayName }).from(users)
    .where(and(eq(users.role, role), areaCode ? eq(users.areaCode, areaCode) : undefined, eq(users.disabled, false))).orderBy(asc(users.createdAt), asc(users.username)).limit(1);
  return row ?? null;
}

/** Of these producers, those with an account of their own (role producer). */
export async function producersWithAccounts(ctx: Ctx, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const found = await exec(ctx).select({ id: users.producerId }).from(users).where(inArray(users.producerId, ids));
  return new Set(found.map((r) => r.id!));
}

/** A producer by name (the demo's seed names them so), null when unknown. */
export async function producerIdByName(ctx: Ctx, name: string): Promise<string | null> {
  const [row] = await exec(ctx).select({ id: producers.id }).from(producers).where(eq(producers.name, name)).limit(1);
  return row?.id ?? null;
}

