/**
 * Points of sale (outlets): the rows the public product page shows as "where to buy", and the
 * writes of the demo loader. Reads go to the read replica when there is one.
 */
import { sql } from 'drizzle-orm';
import { exec, readDb, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { outletProducts, outlets, type OUTLET_KINDS } from './outlets.tables';

export type OutletKind = (typeof OUTLET_KINDS)[number];

export interface OutletRow {
  id: string;
  name: string;
  kind: OutletKind;
  address: string;
  commune_name: string;
  province_name: string;
  website: string | null;
  phone: string | null;
  is_sample: boolean;
}

/** Open outlets (opened on or before `today`, not closed) that carry the product, OCOP centres first. */
export async function outletsCarrying(ctx: Ctx, productId: string, today: string, limit = 30): Promise<OutletRow[]> {
  return rows<OutletRow>(readDb(ctx), sql`
    select o.id, o.name, o.kind, o.address, com.name as commune_name, prov.name as province_name, o.website, o.phone, o.is_sample
    from ${outletProducts} op
    join ${outlets} o on o.id = op.outlet_id
    join areas com on com.code = o.commune_code
    join areas prov on prov.code = o.province_code
    where op.product_id = ${productId}::uuid
      and (o.opened_on is null or o.opened_on <= ${today}::date)
      and (o.closed_on is null or o.closed_on > ${today}::date)
    order by (o.kind = 'ocop_centre') desc, o.province_code, o.name
    limit ${limit}`);
}

export type NewOutlet = typeof outlets.$inferInsert;

export async function insertOutlet(ctx: Ctx, values: NewOutlet): Promise<string> {
  const [row] = await exec(ctx).insert(outlets).values(values).returning({ id: outlets.id });
  return row!.id;
}

export async function addOutletProducts(ctx: Ctx, outletId: string, productIds: string[], since: string | null): Promise<void> {
  if (!productIds.length) return;
  await exec(ctx).insert(outletProducts).values(productIds.map((productId) => ({ outletId, productId, since })))
    .onConflictDoNothing();
}
