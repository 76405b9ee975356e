/**
 * Certified products for stamp tests: a closed council round, its decision drafted and approved
 * through the API by the province's officer (real certificates, as in use).
 *
 *   const [p] = await certifyProducts(t, officer, [{ mean: 72 }]);
 *   p.productId, p.certificateNumber …
 */
import type { AuthedUser, TestApp } from './app';
import { json } from './app';
import { buildClosedRound, draftBody, type ResultSpec } from './certification-fixtures';

export interface Certified { productId: string; certificateNumber: string }

/** Products of a province certified today (decision 2026-07-01 by default). */
export async function certifyProducts(t: TestApp, officer: AuthedUser, results: ResultSpec[], opts: { provinceCode?: string; decisionDate?: string } = {}): Promise<Certified[]> {
  const round = await buildClosedRound(t.ctx, { results, provinceCode: opts.provinceCode });
  const d = await t.app.inject({ method: 'POST', url: '/api/v1/decisions', headers: officer.headers(), payload: draftBody(round.id, { decisionDate: opts.decisionDate ?? '2026-07-01' }) });
  if (d.statusCode !== 201) throw new Error(`draft failed: ${d.statusCode} ${d.body}`);
  const a = await t.app.inject({ method: 'POST', url: `/api/v1/decisions/${json(d).id}/approve`, headers: officer.headers(), payload: {} });
  if (a.statusCode !== 200) throw new Error(`approve failed: ${a.statusCode} ${a.body}`);
  const items = json(a).items as { dossierId: string; certificateNumber: string }[];
  return round.results.map((r) => ({ productId: r.productId, certificateNumber: items.find((i) => i.dossierId === r.dossierId)!.certificateNumber }));
}

/** A batch-issuing body. */
export const batchBody = (productId: string, extra: Record<string, unknown> = {}) => ({
  productId, quantity: 60, printer: 'Công ty CP In Thanh Hóa', issuedOn: '2026-07-02', ...extra,
});
