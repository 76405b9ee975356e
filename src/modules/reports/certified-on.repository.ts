/**
 * "Certified on a date", from the certificates' own dates (never today's stored status): a
 * certificate counts on day d when issued_on <= d < expires_on and it was neither revoked nor
 * superseded on or before d (src/domain/certificate.ts isValidOn, in SQL). SQL fragments for the
 * repositories of reports, dashboard, targets and outlets. One row per product:
 * if a product somehow held two certificates that day, the higher star counts.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ReportArea } from './report-scope';

/** SQL condition restricting rows with province/commune columns to the area. */
export function inArea(area: Pick<ReportArea, 'code' | 'level'>, province: SQL, commune: SQL): SQL {
  if (area.code === null) return sql`true`;
  return area.level === 'province' ? sql`${province} = ${area.code}` : sql`${commune} = ${area.code}`;
}

/** Condition on certificates aliased `c`: valid on `day` (an ISO date). */
export const validOnDay = (day: string): SQL => sql`c.issued_on <= ${day}::date and c.expires_on > ${day}::date
  and (c.revoked_on is null or c.revoked_on > ${day}::date)
  and (c.superseded_on is null or c.superseded_on > ${day}::date)`;

/**
 * The products certified in `area` on `day`, with what reports group them by: select from it as
 * a subquery (`from (${certifiedProducts(area, day)}) v`).
 */
export function certifiedProducts(area: Pick<ReportArea, 'code' | 'level'>, day: string): SQL {
  return sql`
    select distinct on (c.product_id)
      c.product_id, c.id as certificate_id, c.stars, c.potential_five_star, c.issued_on, c.expires_on,
      c.province_code, c.commune_code, c.old_district,
      p.producer_id, pr.kind as producer_kind, p.classification, p.product_set_code,
      ps.name as product_set_name, ps.top_group, ps.top_group_name
    from certificates c
    join products p on p.id = c.product_id
    join producers pr on pr.id = p.producer_id
    left join product_sets ps on ps.classification = p.classification and ps.code = p.product_set_code
    where ${validOnDay(day)} and ${inArea(area, sql`c.province_code`, sql`c.commune_code`)}
    order by c.product_id, c.stars desc, c.issued_on desc`;
}
