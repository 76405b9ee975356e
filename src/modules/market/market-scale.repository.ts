/**
 * The marketplace at national scale, for the bench (SAMPLE data, `is_sample`): a shop for every
 * producer of the national-scale seed and a listing for up to `listings` of its products, each in
 * one to three variants with prices and stock derived from the product's id. Products not
 * certified today are listed too and stay off the floor — as lapsed certificates do. Set-based SQL:
 * seconds for 20,000 listings.
 */
import { sql } from 'drizzle-orm';
import { inTx, makeCtx, systemActor, type Deps } from '../../context';
import { exec } from '../../context';
import { rows } from '../../db/client';

export const SAMPLE_HOLDER = 'TAI KHOAN MAU KHONG CHUYEN TIEN';

export async function seedMarketScale(deps: Deps, opts: { listings: number }): Promise<{ shops: number; listings: number; variants: number }> {
  const ctx = makeCtx(deps, { actor: systemActor('seed-market') });
  return inTx(ctx, async (tx) => {
    const db = exec(tx);
    await db.execute(sql`
      insert into shops (producer_id, name, description, phone, pickup_commune_code, pickup_province_code, pickup_street, bank_bin, bank_account, bank_holder,
        ship_in_province, ship_other_provinces, ship_free_from, is_sample)
      select pr.id, pr.name, 'Gian hàng MẪU (dữ liệu thử tải)', '0912000000', pr.commune_code, pr.province_code, 'Địa chỉ mẫu', '970436',
        lpad((row_number() over (order by pr.id))::text, 13, '0'), ${SAMPLE_HOLDER}, 20000, 35000, 500000, true
      from producers pr where not exists (select 1 from shops s where s.producer_id = pr.id)`);
    await db.execute(sql`
      insert into listings (shop_id, product_id, title, description, is_sample)
      select s.id, p.id, p.name, 'Sản phẩm MẪU (dữ liệu thử tải)', true
      from products p join shops s on s.producer_id = p.producer_id
      where not exists (select 1 from listings l where l.product_id = p.id)
      order by p.id limit ${opts.listings}`);
    await db.execute(sql`
      insert into listing_variants (listing_id, name, price, stock, position)
      select l.id, 'Gói ' || (n * 250)::text || ' g', ((abs(hashtext(l.id::text)) % 180) + 20) * 1000 * n, abs(hashtext(l.id::text || n::text)) % 60, n
      from listings l cross join lateral generate_series(1, 1 + abs(hashtext(l.product_id::text)) % 3) n
      where not exists (select 1 from listing_variants v where v.listing_id = l.id)`);
    for (const t of ['shops', 'listings', 'listing_variants']) await db.execute(sql.raw(`analyze ${t}`));
    const [c] = await rows<{ shops: string; listings: string; variants: string }>(db, sql`
      select (select count(*) from shops) as shops, (select count(*) from listings) as listings, (select count(*) from listing_variants) as variants`);
    return { shops: Number(c!.shops), listings: Number(c!.listings), variants: Number(c!.variants) };
  });
}
