/** The scan tallies of stamp-scans.ts written in one statement, with the alerts they call for. */
import { sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { rows } from '../../db/client';

export interface ScanTally { serial: string; batchId: string; count: number; firstAt: Date; lastAt: Date; scanDay: string }

/**
 * Add the tallies (`count = count + n`: several processes add up) and raise, in the same
 * statement, each alert their new totals and the batch's and certificate's current state call
 * for — once per kind and serial. Returns how many alerts were raised.
 */
export async function addScanTallies(ctx: Ctx, part: readonly ScanTally[], now: string, excessive: number): Promise<number> {
  const values = sql.join(part.map((p) =>
    sql`(${p.serial}, ${p.batchId}::uuid, ${p.count}::bigint, ${p.firstAt.toISOString()}::timestamptz, ${p.lastAt.toISOString()}::timestamptz, ${p.scanDay}::date)`), sql`, `);
  const inserted = await rows<{ id: string }>(exec(ctx), sql`
    with input (serial, batch_id, n, first_at, last_at, scan_day) as (values ${values}),
    up as (
      insert into stamp_scans (serial, batch_id, count, first_at, last_at)
      select serial, batch_id, n, first_at, last_at from input
      on conflict (serial) do update set
        count = stamp_scans.count + excluded.count,
        first_at = least(stamp_scans.first_at, excluded.first_at),
        last_at = greatest(stamp_scans.last_at, excluded.last_at)
      returning serial, batch_id, count
    )
    insert into stamp_alerts (kind, serial, batch_id, province_code, details, created_at)
    select k.kind, up.serial, up.batch_id, b.province_code, k.details, ${now}::timestamptz
    from up
    join input i on i.serial = up.serial
    join stamp_batches b on b.id = up.batch_id
    join certificates c on c.id = b.certificate_id
    cross join lateral (values
      ('excessive_scans', up.count > ${excessive},
        jsonb_build_object('scans', up.count, 'threshold', ${excessive}::int)),
      ('voided_batch_scanned', b.status = 'voided' and i.last_at >= b.voided_at,
        jsonb_build_object('batchCode', b.code, 'voidedAt', b.voided_at, 'voidReason', b.void_reason)),
      ('revoked_certificate_scanned', c.state = 'revoked' and i.scan_day >= c.revoked_on,
        jsonb_build_object('certificateNumber', c.number, 'revokedOn', c.revoked_on))
    ) as k (kind, hit, details)
    where k.hit
    on conflict (kind, serial) do nothing
    returning id`);
  return inserted.length;
}
