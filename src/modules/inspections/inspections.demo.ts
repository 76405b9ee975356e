/**
 * SAMPLE inspections for the demo (seed/demo/inspections.json: an invented plan with its team,
 * visits, checks and outcomes — one warning and one revocation proposal on a demo certificate).
 * The plan, its visits and the proposal are stored with is_sample = true and shown with the
 * "Dữ liệu mẫu" badge (their texts also say "(mẫu)"); producers and products are named as in
 * certified-products.csv.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ctx } from '../../context';
import { SEED_DIR } from '../../paths';
import * as repo from './inspections.repository';
import type { PlanRow, VisitRow } from './inspections.repository';
import type { INSPECTION_FINDINGS } from './inspections.tables';

interface DemoCheck { product: string; finding: (typeof INSPECTION_FINDINGS)[number] | null; note: string }
interface DemoVisit {
  producer: string; visitedOn: string; outcome: NonNullable<VisitRow['outcome']>; note: string; checks: DemoCheck[];
  proposal?: { product: string; reason: string };
}
interface DemoPlan {
  title: string; provinceCode: string; periodStart: string; periodEnd: string; plannedProducers: number; status: PlanRow['status'];
  team: { fullName: string; agency: string; role: 'lead' | 'member' }[]; visits: DemoVisit[];
}

export async function loadDemoInspections(ctx: Ctx): Promise<void> {
  const { plans } = JSON.parse(await readFile(join(SEED_DIR, 'demo', 'inspections.json'), 'utf8')) as { plans: DemoPlan[] };
  const by = ctx.actor?.label ?? 'demo';
  for (const p of plans) {
    const plan = await repo.insertPlan(ctx, {
      title: p.title, provinceCode: p.provinceCode, periodStart: p.periodStart, periodEnd: p.periodEnd, plannedProducers: p.plannedProducers,
      status: p.status, isSample: true, createdBy: by,
    });
    for (const m of p.team) await repo.insertMember(ctx, { planId: plan.id, ...m });
    for (const v of p.visits) {
      const producer = await repo.producerByName(ctx, v.producer, p.provinceCode);
      if (!producer) throw new Error(`demo inspections: producer "${v.producer}" not found`);
      const owned = await repo.productsWithCertificate(ctx, producer.id);
      const product = (name: string) => {
        const found = owned.find((x) => x.name === name);
        if (!found) throw new Error(`demo inspections: product "${name}" of "${v.producer}" not found`);
        return found;
      };
      const visit = await repo.insertVisit(ctx, {
        planId: plan.id, producerId: producer.id, provinceCode: producer.provinceCode, communeCode: producer.communeCode,
        visitedOn: v.visitedOn, outcome: v.outcome, note: v.note, isSample: true, createdBy: by,
      });
      await repo.insertChecks(ctx, v.checks.map((c) => {
        const x = product(c.product);
        return { visitId: visit.id, productId: x.id, certificateId: x.certificate?.id ?? null, finding: c.finding, note: c.note };
      }));
      if (v.proposal) {
        const cert = product(v.proposal.product).certificate;
        if (!cert) throw new Error(`demo inspections: "${v.proposal.product}" has no certificate`);
        await repo.insertProposal(ctx, {
          certificateId: cert.id, visitId: visit.id, provinceCode: plan.provinceCode, reason: v.proposal.reason, isSample: true, proposedBy: by,
        });
      }
    }
  }
}
