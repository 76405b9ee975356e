/**
 * Trade agreements ("hợp đồng tiêu thụ"), their items and history: the only queries of
 * `trade_agreements`, `trade_agreement_items` and `trade_agreement_events`.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { exec, readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { tradeAgreementEvents, tradeAgreementItems, tradeAgreements } from './trade.tables';

export type AgreementRecord = typeof tradeAgreements.$inferSelect;

/** The new agreement's id, or null when its code is taken (the caller draws another). */
export async function insertAgreement(ctx: Ctx, values: typeof tradeAgreements.$inferInsert): Promise<string | null> {
  const [r] = await exec(ctx).insert(tradeAgreements).values(values).onConflictDoNothing({ target: tradeAgreements.code }).returning({ id: tradeAgreements.id });
  return r?.id ?? null;
}

export async function insertItems(ctx: Ctx, values: (typeof tradeAgreementItems.$inferInsert)[]): Promise<void> {
  if (values.length) await exec(ctx).insert(tradeAgreementItems).values(values);
}

export async function insertHistory(ctx: Ctx, values: typeof tradeAgreementEvents.$inferInsert): Promise<void> {
  await exec(ctx).insert(tradeAgreementEvents).values(values);
}

export interface AgreementRow {
  id: string; code: string; buyer_org_id: string | null; buyer_name: string; producer_id: string; producer_name: string;
  producer_province_code: string; producer_commune_code: string; demand_id: string | null; offer_id: string | null; event_id: string | null;
  status: AgreementRecord['status']; value: number; starts_on: string | null; ends_on: string | null; signed_on: string | null;
  cancel_reason: string | null; province_code: string; product_set_code: string | null; stars: number | null; is_sample: boolean;
  version: number; created_at: Date | string;
}

const agreementSelect = sql`
  select g.id, g.code, g.buyer_org_id, coalesce(o.name, g.buyer_name) as buyer_name, g.producer_id, pr.name as producer_name,
    pr.province_code as producer_province_code, pr.commune_code as producer_commune_code, g.demand_id, g.offer_id, g.event_id,
    g.status, g.value::float8 as value, g.starts_on::text as starts_on, g.ends_on::text as ends_on, g.signed_on::text as signed_on,
    g.cancel_reason, g.province_code, g.product_set_code, g.stars, g.is_sample, g.version, g.created_at
  from trade_agreements g
  join producers pr on pr.id = g.producer_id
  left join buyer_orgs o on o.id = g.buyer_org_id`;

const num = (r: AgreementRow): AgreementRow => ({ ...r, value: Number(r.value) });

export async function agreementById(ctx: Ctx, id: string): Promise<AgreementRow | null> {
  const [r] = await rows<AgreementRow>(exec(ctx), sql`${agreementSelect} where g.id = ${id}::uuid`);
  return r ? num(r) : null;
}

export type AgreementScope =
  | { kind: 'buyer'; orgId: string }
  | { kind: 'producer'; producerId: string }
  | { kind: 'officer'; provinceCode: string | null; communeCode: string | null };

function scopeWhere(s: AgreementScope): SQL {
  if (s.kind === 'buyer') return sql`g.buyer_org_id = ${s.orgId}::uuid`;
  if (s.kind === 'producer') return sql`g.producer_id = ${s.producerId}::uuid`;
  if (s.communeCode !== null) return sql`pr.commune_code = ${s.communeCode}`;
  return s.provinceCode === null ? sql`true` : sql`g.province_code = ${s.provinceCode}`;
}

export async function listAgreements(ctx: Ctx, scope: AgreementScope, q: { status?: string; eventId?: string }, page: number, pageSize: number): Promise<{ items: AgreementRow[]; total: number }> {
  const where = sql`where ${scopeWhere(scope)} ${q.status ? sql`and g.status = ${q.status}` : sql``} ${q.eventId ? sql`and g.event_id = ${q.eventId}::uuid` : sql``}`;
  const [items, [count]] = await Promise.all([
    rows<AgreementRow>(readDb(ctx), sql`${agreementSelect} ${where} order by g.created_at desc, g.id limit ${pageSize} offset ${(page - 1) * pageSize}`),
    rows<{ n: number }>(readDb(ctx), sql`select count(*)::int as n from trade_agreements g join producers pr on pr.id = g.producer_id ${where}`),
  ]);
  return { items: items.map(num), total: count?.n ?? 0 };
}

export async function itemsOf(ctx: Ctx, ids: readonly string[]): Promise<{ agreement_id: string; product_id: string; product_name: string; quantity: number; unit: string; unit_price: number }[]> {
  if (!ids.length) return [];
  const r = await rows<{ agreement_id: string; product_id: string; product_name: string; quantity: number; unit: string; unit_price: number }>(exec(ctx), sql`
    select i.agreement_id, i.product_id, p.name as product_name, i.quantity, i.unit, i.unit_price::float8 as unit_price
    from trade_agreement_items i join products p on p.id = i.product_id
    where i.agreement_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) order by p.name, p.id`);
  return r.map((x) => ({ ...x, unit_price: Number(x.unit_price) }));
}

export async function historyOf(ctx: Ctx, ids: readonly string[]): Promise<(typeof tradeAgreementEvents.$inferSelect)[]> {
  if (!ids.length) return [];
  return exec(ctx).select().from(tradeAgreementEvents).where(inArray(tradeAgreementEvents.agreementId, [...ids])).orderBy(tradeAgreementEvents.id);
}

/** Moves the agreement when its status and version are still those read (false: changed meanwhile). */
export async function moveAgreement(ctx: Ctx, id: string, from: AgreementRecord['status'], values: Partial<typeof tradeAgreements.$inferInsert>): Promise<boolean> {
  const r = await exec(ctx).update(tradeAgreements).set({ ...values, version: sql`${tradeAgreements.version} + 1` })
    .where(and(eq(tradeAgreements.id, id), eq(tradeAgreements.status, from))).returning({ id: tradeAgreements.id });
  return r.length === 1;
}

/** An event as an agreement signed there needs it: its province, dates and whether the producer exhibited. */
export async function eventForAgreement(ctx: Ctx, eventId: string, producerId: string): Promise<{ id: string; startsOn: string; status: string; exhibited: boolean } | null> {
  const [r] = await rows<{ id: string; starts_on: string; status: string; exhibited: boolean }>(exec(ctx), sql`
    select e.id, e.starts_on::text as starts_on, e.status,
      exists (select 1 from trade_event_registrations r where r.event_id = e.id and r.producer_id = ${producerId}::uuid and r.status = 'approved') as exhibited
    from trade_events e where e.id = ${eventId}::uuid`);
  return r ? { id: r.id, startsOn: r.starts_on, status: r.status, exhibited: r.exhibited } : null;
}

/** The product of a producer with its set and stars of `today` (null stars: not certified today). */
export async function productFacts(ctx: Ctx, productId: string): Promise<{ id: string; producerId: string; productSetCode: string } | null> {
  const [r] = await rows<{ id: string; producer_id: string; product_set_code: string }>(exec(ctx), sql`
    select id, producer_id, product_set_code from products where id = ${productId}::uuid`);
  return r ? { id: r.id, producerId: r.producer_id, productSetCode: r.product_set_code } : null;
}
