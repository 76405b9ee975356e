/**
 * The facts of the recall an audit row names (trace-notices.policy.ts says who hears what): the
 * recall, its lot, product and producer, and the producer of the account that recalled it. Reads
 * the trace tables only (never the trace module's services).
 */
import { eq } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { producers, products } from '../registry/registry.tables';
import { users } from '../identity/identity.tables';
import { traceLots, traceRecalls } from '../trace/trace.tables';
import type { AuditEvent } from './notices.policy';
import type { RecallFacts } from './trace-notices.policy';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The recall an audit row names; null when it is not a recall (or is gone). */
export async function traceFacts(ctx: Ctx, e: AuditEvent): Promise<RecallFacts | null> {
  if (e.entityType !== 'trace_recall' || !UUID.test(e.entityId)) return null;
  const [r] = await exec(ctx).select({
    id: traceRecalls.id, lotId: traceRecalls.lotId, lotNumber: traceLots.lotNumber, traceCode: traceLots.traceCode,
    productName: products.name, producerId: traceLots.producerId, producerName: producers.name, provinceCode: traceRecalls.provinceCode,
    reason: traceRecalls.reason, scope: traceRecalls.scope, instructions: traceRecalls.instructions, closeNote: traceRecalls.closeNote,
    recalledByProducerId: users.producerId,
  }).from(traceRecalls)
    .innerJoin(traceLots, eq(traceLots.id, traceRecalls.lotId))
    .innerJoin(products, eq(products.id, traceLots.productId))
    .innerJoin(producers, eq(producers.id, traceLots.producerId))
    .leftJoin(users, eq(users.id, traceRecalls.recalledBy))
    .where(eq(traceRecalls.id, e.entityId));
  return r ? { type: 'trace_recall', ...r } : null;
}
