/**
 * SAMPLE support records for the demo (seed/demo/support.json: invented amounts and sources,
 * stored with is_sample = true and shown with the "Dữ liệu mẫu" badge). Producers are named as in
 * producers.csv / certified-products.csv.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ctx } from '../../context';
import type { SupportRow } from './support.repository';
import { insertRecord, producerByName } from './support.repository';
import { SEED_DIR } from '../../paths';

interface DemoSupport { producer: string; kind: SupportRow['kind']; amountVnd: number; grantedOn: string; source: string; note: string }


export async function loadDemoSupport(ctx: Ctx): Promise<void> {
  const { records } = JSON.parse(await readFile(join(SEED_DIR, 'demo', 'support.json'), 'utf8')) as { records: DemoSupport[] };
  for (const r of records) {
    const p = await producerByName(ctx, r.producer);
    if (!p) throw new Error(`demo support: producer "${r.producer}" not found`);
    await insertRecord(ctx, {
      producerId: p.id, provinceCode: p.provinceCode, communeCode: p.communeCode, kind: r.kind, amountVnd: r.amountVnd,
      grantedOn: r.grantedOn, source: r.source, note: r.note, isSample: true, createdBy: ctx.actor?.label ?? 'demo',
    });
  }
}
