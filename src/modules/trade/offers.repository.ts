/**
 * Producers' offers on demands and their files: the only queries of `trade_offers` and
 * `trade_offer_files`.
 */
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { validCertificates } from '../portal/catalogue.repository';
import { tradeOfferFiles, tradeOffers } from './trade.tables';

export type OfferRecord = typeof tradeOffers.$inferSelect;

/** The new offer's id, or null when the producer has a live offer on the demand already. */
export async function insertOffer(ctx: Ctx, values: typeof tradeOffers.$inferInsert): Promise<string | null> {
  const [r] = await exec(ctx).insert(tradeOffers).values(values).onConflictDoNothing().returning({ id: tradeOffers.id });
  return r?.id ?? null;
}

export interface OfferRow {
  id: string; demand_id: string; buyer_org_id: string; producer_id: string; producer_name: string; producer_province_code: string;
  producer_commune_code: string; producer_province_name: string; product_id: string; product_name: string; stars: number | null;
  certificate_number: string | null; unit_price: number; quantity: number; delivery_on: string; note: string; status: OfferRecord['status'];
  decision_note: string | null; agreement_id: string | null; is_sample: boolean; created_at: Date | string; version: number;
}

const offerSelect = (today: string) => sql`
  select f.id, f.demand_id, d.buyer_org_id, f.producer_id, pr.name as producer_name, pr.province_code as producer_province_code,
    pr.commune_code as producer_commune_code, a.name as producer_province_name, f.product_id, p.name as product_name,
    v.stars, v.number as certificate_number, f.unit_price::float8 as unit_price, f.quantity, f.delivery_on::text as delivery_on, f.note,
    f.status, f.decision_note, g.id as agreement_id, f.is_sample, f.created_at, f.version
  from trade_offers f
  join trade_demands d on d.id = f.demand_id
  join producers pr on pr.id = f.producer_id
  join areas a on a.code = pr.province_code
  join products p on p.id = f.product_id
  left join (${validCertificates(today)}) v on v.product_id = f.product_id
  left join trade_agreements g on g.offer_id = f.id`;

export async function offerById(ctx: Ctx, id: string, today: string): Promise<OfferRow | null> {
  const [r] = await rows<OfferRow>(exec(ctx), sql`${offerSelect(today)} where f.id = ${id}::uuid`);
  return r ? { ...r, unit_price: Number(r.unit_price) } : null;
}

/** The offers on a demand (of one producer when given), the lowest total first among the live ones. */
export async function offersOfDemand(ctx: Ctx, demandId: string, today: string, producerId?: string): Promise<OfferRow[]> {
  const r = await rows<OfferRow>(exec(ctx), sql`${offerSelect(today)}
    where f.demand_id = ${demandId}::uuid ${producerId ? sql`and f.producer_id = ${producerId}::uuid` : sql``}
    order by (f.status in ('submitted', 'accepted')) desc, f.unit_price * f.quantity, f.created_at, f.id`);
  return r.map((x) => ({ ...x, unit_price: Number(x.unit_price) }));
}

export async function lockOffer(ctx: Ctx, id: string): Promise<OfferRecord | null> {
  const [r] = await exec(ctx).select().from(tradeOffers).where(eq(tradeOffers.id, id)).for('update');
  return r ?? null;
}

export async function setOfferStatus(ctx: Ctx, id: string, values: Pick<OfferRecord, 'status' | 'decisionNote' | 'decidedAt'>): Promise<void> {
  await exec(ctx).update(tradeOffers).set({ ...values, updatedAt: values.decidedAt ?? new Date(), version: sql`${tradeOffers.version} + 1` }).where(eq(tradeOffers.id, id));
}

/** Declines every live offer on the demand but `keptId` (none: all); their ids. */
export async function declineOthers(ctx: Ctx, demandId: string, keptId: string | null, note: string, at: Date): Promise<string[]> {
  const r = await exec(ctx).update(tradeOffers)
    .set({ status: 'declined', decisionNote: note, decidedAt: at, updatedAt: at, version: sql`${tradeOffers.version} + 1` })
    .where(and(eq(tradeOffers.demandId, demandId), eq(tradeOffers.status, 'submitted'), keptId ? ne(tradeOffers.id, keptId) : undefined))
    .returning({ id: tradeOffers.id });
  return r.map((x) => x.id);
}

export async function insertOfferFile(ctx: Ctx, values: typeof tradeOfferFiles.$inferInsert): Promise<string> {
  const [r] = await exec(ctx).insert(tradeOfferFiles).values(values).returning({ id: tradeOfferFiles.id });
  return r!.id;
}

export async function filesOf(ctx: Ctx, offerIds: readonly string[]): Promise<(typeof tradeOfferFiles.$inferSelect)[]> {
  if (!offerIds.length) return [];
  return exec(ctx).select().from(tradeOfferFiles).where(inArray(tradeOfferFiles.offerId, [...offerIds])).orderBy(tradeOfferFiles.createdAt, tradeOfferFiles.id);
}

export async function fileById(ctx: Ctx, id: string): Promise<typeof tradeOfferFiles.$inferSelect | null> {
  const [r] = await exec(ctx).select().from(tradeOfferFiles).where(eq(tradeOfferFiles.id, id)).limit(1);
  return r ?? null;
}
