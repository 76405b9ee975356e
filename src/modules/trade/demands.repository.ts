/**
 * Demands (RFQ), the certified products matched to them and the question threads: the only
 * queries of `trade_demands`, `trade_demand_matches` and `trade_messages`.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { exec, readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { validCertificates } from '../portal/catalogue.repository';
import { CURRENT_CLASSIFICATION } from '../registry/reference-data';
import { tradeDemandMatches, tradeDemands, tradeMessages } from './trade.tables';

export type DemandRecord = typeof tradeDemands.$inferSelect;

export async function insertDemand(ctx: Ctx, values: typeof tradeDemands.$inferInsert): Promise<string> {
  const [row] = await exec(ctx).insert(tradeDemands).values(values).returning({ id: tradeDemands.id });
  return row!.id;
}

export interface DemandRow {
  id: string; buyer_org_id: string; buyer_name: string; buyer_province_code: string; title: string; description: string;
  product_set_code: string | null; product_set_name: string | null; min_stars: number | null; quantity: number; unit: string;
  packaging: string; delivery_province_code: string; delivery_province_name: string; needed_by: string | null;
  certifications: string[]; deadline: string; status: DemandRecord['status']; is_sample: boolean; version: number;
  created_at: Date | string; offers: number; matched: number;
}

const demandSelect = sql`
  select d.id, d.buyer_org_id, o.name as buyer_name, o.province_code as buyer_province_code, d.title, d.description,
    d.product_set_code, ps.name as product_set_name, d.min_stars, d.quantity, d.unit, d.packaging, d.delivery_province_code,
    dp.name as delivery_province_name, d.needed_by::text as needed_by, d.certifications, d.deadline::text as deadline, d.status,
    d.is_sample, d.version, d.created_at,
    (select count(*)::int from trade_offers f where f.demand_id = d.id and f.status <> 'withdrawn') as offers,
    (select count(*)::int from trade_demand_matches m where m.demand_id = d.id) as matched
  from trade_demands d
  join buyer_orgs o on o.id = d.buyer_org_id
  join areas dp on dp.code = d.delivery_province_code
  left join product_sets ps on ps.classification = ${CURRENT_CLASSIFICATION} and ps.code = d.product_set_code`;

export async function demandById(ctx: Ctx, id: string): Promise<DemandRow | null> {
  const [r] = await rows<DemandRow>(exec(ctx), sql`${demandSelect} where d.id = ${id}::uuid`);
  return r ?? null;
}

/** Locks the demand until the transaction ends (offers accepted one at a time; status moves). */
export async function lockDemand(ctx: Ctx, id: string): Promise<DemandRecord | null> {
  const [r] = await exec(ctx).select().from(tradeDemands).where(eq(tradeDemands.id, id)).for('update');
  return r ?? null;
}

export async function setDemandStatus(ctx: Ctx, id: string, status: DemandRecord['status'], at: Date): Promise<void> {
  await exec(ctx).update(tradeDemands).set({ status, updatedAt: at, version: sql`${tradeDemands.version} + 1` }).where(eq(tradeDemands.id, id));
}

/**
 * Whether a producer may see a demand: it was matched to it, or one of its products certified
 * `today` fits it now (set and stars; a free-text demand: matched only).
 */
const producerFits = (producerId: string, today: string) => sql`(
  exists (select 1 from trade_demand_matches m where m.demand_id = d.id and m.producer_id = ${producerId}::uuid)
  or (d.product_set_code is not null and exists (
    select 1 from products p join (${validCertificates(today)}) v on v.product_id = p.id
    where p.producer_id = ${producerId}::uuid and p.product_set_code = d.product_set_code and v.stars >= coalesce(d.min_stars, 0))))`;

export type DemandScope =
  | { kind: 'buyer'; orgId: string }
  | { kind: 'producer'; producerId: string; today: string }
  | { kind: 'officer'; provinceCode: string | null };

function scopeWhere(scope: DemandScope): SQL {
  if (scope.kind === 'buyer') return sql`d.buyer_org_id = ${scope.orgId}::uuid`;
  if (scope.kind === 'producer') return sql`d.status <> 'cancelled' and ${producerFits(scope.producerId, scope.today)}`;
  return scope.provinceCode === null ? sql`true` : sql`(d.delivery_province_code = ${scope.provinceCode} or o.province_code = ${scope.provinceCode})`;
}

/** Does the producer see the demand (see producerFits)? */
export async function producerSeesDemand(ctx: Ctx, demandId: string, producerId: string, today: string): Promise<boolean> {
  const [r] = await rows<{ ok: boolean }>(exec(ctx), sql`select ${producerFits(producerId, today)} as ok from trade_demands d where d.id = ${demandId}::uuid`);
  return r?.ok === true;
}

/** A page of the demands in scope: open ones first, then the nearest deadline, then the newest. */
export async function listDemands(ctx: Ctx, scope: DemandScope, status: string | undefined, page: number, pageSize: number): Promise<{ items: DemandRow[]; total: number }> {
  const where = sql`where ${scopeWhere(scope)} ${status ? sql`and d.status = ${status}` : sql``}`;
  const [items, [count]] = await Promise.all([
    rows<DemandRow>(readDb(ctx), sql`${demandSelect} ${where} order by (d.status = 'open') desc, d.deadline, d.created_at desc, d.id limit ${pageSize} offset ${(page - 1) * pageSize}`),
    rows<{ n: number }>(readDb(ctx), sql`select count(*)::int as n from trade_demands d join buyer_orgs o on o.id = d.buyer_org_id ${where}`),
  ]);
  return { items, total: count?.n ?? 0 };
}

export interface CandidateRow {
  product_id: string; product_name: string; product_set_code: string; stars: number; producer_id: string; producer_name: string;
  province_code: string; province_name: string; in_stock: boolean;
}

/**
 * Of the given products, those with a listing on the market that has stock (matching ranks them
 * higher). One statement whatever the number of products (the ids travel as one parameter).
 */
export async function inStockProducts(ctx: Ctx, productIds: readonly string[]): Promise<Set<string>> {
  if (!productIds.length) return new Set();
  const r = await rows<{ product_id: string }>(ctx.tx ? exec(ctx) : readDb(ctx), sql`
    select l.product_id from listings l
    where l.product_id = any(string_to_array(${productIds.join(',')}, ',')::uuid[]) and l.status = 'active'
      and exists (select 1 from listing_variants lv where lv.listing_id = l.id and lv.active and lv.stock > 0)`);
  return new Set(r.map((x) => x.product_id));
}

export async function insertMatches(ctx: Ctx, values: (typeof tradeDemandMatches.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < values.length; i += 500) await exec(ctx).insert(tradeDemandMatches).values(values.slice(i, i + 500)).onConflictDoNothing();
}

/** The matches kept for a demand, best first, with what the buyer's page shows. */
export async function matchesOf(ctx: Ctx, demandId: string, today: string, limit: number): Promise<CandidateRow[]> {
  return rows<CandidateRow>(exec(ctx), sql`
    select p.id as product_id, p.name as product_name, p.product_set_code, coalesce(v.stars, 0) as stars, p.producer_id,
      pr.name as producer_name, pr.province_code, a.name as province_name,
      exists (select 1 from listings l join listing_variants lv on lv.listing_id = l.id
              where l.product_id = p.id and l.status = 'active' and lv.active and lv.stock > 0) as in_stock
    from trade_demand_matches m
    join products p on p.id = m.product_id
    join producers pr on pr.id = p.producer_id
    join areas a on a.code = pr.province_code
    left join (${validCertificates(today)}) v on v.product_id = p.id
    where m.demand_id = ${demandId}::uuid
    order by m.rank desc, p.id limit ${limit}`);
}

/** The producer's products certified `today`, with their set and stars (an offer's product must be one). */
export async function certifiedProductsOf(ctx: Ctx, producerId: string, today: string): Promise<{ productId: string; name: string; productSetCode: string; stars: number; certificateNumber: string }[]> {
  const r = await rows<{ product_id: string; name: string; product_set_code: string; stars: number; number: string }>(exec(ctx), sql`
    select p.id as product_id, p.name, p.product_set_code, v.stars, v.number
    from products p join (${validCertificates(today)}) v on v.product_id = p.id
    where p.producer_id = ${producerId}::uuid order by p.name, p.id`);
  return r.map((x) => ({ productId: x.product_id, name: x.name, productSetCode: x.product_set_code, stars: x.stars, certificateNumber: x.number }));
}

export async function productSetExists(ctx: Ctx, code: string): Promise<boolean> {
  const [r] = await rows<{ ok: number }>(exec(ctx), sql`select 1 as ok from product_sets where classification = ${CURRENT_CLASSIFICATION} and code = ${code}`);
  return r !== undefined;
}

export async function provinceExists(ctx: Ctx, code: string): Promise<boolean> {
  const [r] = await rows<{ ok: number }>(exec(ctx), sql`select 1 as ok from areas where code = ${code} and level = 'province'`);
  return r !== undefined;
}

// ─── Threads ─────────────────────────────────────────────────────────────────

export async function insertMessage(ctx: Ctx, values: typeof tradeMessages.$inferInsert): Promise<number> {
  const [r] = await exec(ctx).insert(tradeMessages).values(values).returning({ id: tradeMessages.id });
  return r!.id;
}

export async function threadOf(ctx: Ctx, demandId: string, producerId: string): Promise<{ id: number; side: 'buyer' | 'producer'; author: string; body: string; created_at: Date | string }[]> {
  return rows(exec(ctx), sql`
    select m.id, m.side, u.display_name as author, m.body, m.created_at
    from trade_messages m join users u on u.id = m.author_id
    where m.demand_id = ${demandId}::uuid and m.producer_id = ${producerId}::uuid order by m.id`);
}

/** The producers the buyer has a thread or an offer with on this demand (the buyer's list of threads). */
export async function threadProducers(ctx: Ctx, demandId: string): Promise<{ id: string; name: string; messages: number }[]> {
  return rows(exec(ctx), sql`
    select pr.id, pr.name, count(m.id)::int as messages
    from producers pr
    join (select producer_id from trade_messages where demand_id = ${demandId}::uuid
          union select producer_id from trade_offers where demand_id = ${demandId}::uuid) t on t.producer_id = pr.id
    left join trade_messages m on m.demand_id = ${demandId}::uuid and m.producer_id = pr.id
    group by pr.id, pr.name order by pr.name, pr.id`);
}

export async function demandOfOrg(ctx: Ctx, demandId: string, orgId: string): Promise<boolean> {
  const [r] = await exec(ctx).select({ id: tradeDemands.id }).from(tradeDemands).where(and(eq(tradeDemands.id, demandId), eq(tradeDemands.buyerOrgId, orgId))).limit(1);
  return r !== undefined;
}
