/**
 * Certificates and stamp batches for verification tests: real certificates through the API
 * (draft + approve a decision on a closed round), and stamp batches written straight into
 * stamp_batches (the stamps module issues them in real use) with genuine serials.
 *
 *   const [valid, other] = await certify(t, officer, [{ mean: 72 }, { mean: 66 }]);
 *   const batch = await insertStampBatch(t, valid.number);
 *   batch.serial(1) …
 */
import { eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../src/context';
import { makeSerial, newBatchCode } from '../../src/domain/stamp-serial';
import { stampSecret } from '../../src/modules/stamps/stamp-lookup';
import { stampBatches } from '../../src/modules/stamps/stamps.tables';
import { certificates } from '../../src/modules/certification/certification.tables';
import { verificationChanged } from '../../src/modules/verify/verify-changes';
import type { App } from '../../src/web/http';
import { json, type AuthedUser } from './app';
import { buildClosedRound, draftBody, type ResultSpec } from './certification-fixtures';

export interface Certified { number: string; id: string; productId: string }

interface Setup { app: App; ctx: Ctx }

/** Certificates for these council results, through the decisions API (an approved province decision). */
export async function certify(t: Setup, officer: AuthedUser, results: ResultSpec[], decisionDate = '2026-07-01'): Promise<Certified[]> {
  const round = await buildClosedRound(t.ctx, { results });
  const d = json(await t.app.inject({ method: 'POST', url: '/api/v1/decisions', headers: officer.headers(), payload: draftBody(round.id, { decisionDate }) }));
  const a = json(await t.app.inject({ method: 'POST', url: `/api/v1/decisions/${d.id}/approve`, headers: officer.headers(), payload: {} }));
  const out: Certified[] = [];
  for (const r of round.results) {
    const number: string = a.items.find((i: { dossierId: string }) => i.dossierId === r.dossierId).certificateNumber;
    const [row] = await t.ctx.deps.database.db.select({ id: certificates.id, productId: certificates.productId }).from(certificates)
      .where(sql`upper(${certificates.number}) = upper(${number})`);
    out.push({ number, id: row!.id, productId: row!.productId });
  }
  return out;
}

export interface TestBatch { id: string; code: string; serial(seq: number): Promise<string>; void(): Promise<void> }

/** A stamp batch of `quantity` stamps for a certificate (status issued). */
export async function insertStampBatch(t: Setup, certificateNumber: string, quantity = 100): Promise<TestBatch> {
  const db = t.ctx.deps.database.db;
  const [cert] = await db.select().from(certificates).where(sql`upper(${certificates.number}) = upper(${certificateNumber})`);
  if (!cert) throw new Error(`no certificate ${certificateNumber}`);
  const code = newBatchCode(cert.provinceCode);
  const [batch] = await db.insert(stampBatches).values({
    code, certificateId: cert.id, productId: cert.productId, provinceCode: cert.provinceCode, quantity,
    printer: 'Công ty In Thanh Hóa (mẫu)', issuedOn: cert.issuedOn, createdBy: 'test',
  }).returning();
  const id = batch!.id;
  return {
    id, code,
    serial: async (seq) => makeSerial(await stampSecret(t.ctx.deps), code, seq),
    // What the stamps module does when a province voids a batch: the change and its notice in one transaction.
    void: async () => {
      await t.ctx.deps.database.db.transaction(async (tx) => {
        await tx.update(stampBatches).set({ status: 'voided', voidedAt: new Date(), voidReason: 'lost in transport' }).where(eq(stampBatches.id, id));
        await verificationChanged({ ...t.ctx, tx }, { batchIds: [id] });
      });
    },
  };
}
