/**
 * The question thread of a demand (issue 16): one per producer, private to the demand's buyer
 * and that producer (and the officers who keep the producer, writing on its behalf). A buyer
 * opens a thread with a matched producer or one that made an offer; a producer writes in its own.
 * Another buyer, or another producer, finds no such thread (404).
 */
import { inTx, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { todayInVietnam } from '../../domain/dates';
import { isUuid } from '../../domain/ids';
import { AppError, notFound, problem, validation } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import { memberOf } from './buyer-orgs.service';
import * as repo from './demands.repository';
import { findProducer } from './events.repository';
import { readableDemand } from './demands.service';
import { canUseThread } from './trade.policy';
import type { MessageInput, ThreadDto } from './trade.schema';

const NUL = String.fromCharCode(0);
/** The longest question or answer kept. */
export const MESSAGE_MAX = 4000;

/** The thread's demand, producer and the side the actor writes on; 404 when out of reach. */
async function threadOf(ctx: Ctx, demandId: string, named: string | null | undefined) {
  const actor = requireActor(ctx);
  const demand = await readableDemand(ctx, demandId);
  const producerId = actor.role === 'producer' ? actor.producerId : named ?? null;
  const producer = producerId && isUuid(producerId) ? await findProducer(ctx, producerId) : null;
  if (!producer) throw notFound('thread');
  const org = await memberOf(ctx);
  if (!canUseThread(actor, { buyerOrgId: demand.buyer_org_id, producer: { ...producer, producerId: producer.id } }, org)) throw notFound('thread');
  // The buyer writes only to producers the demand reached (matched, or who offered or wrote).
  if (actor.role === 'buyer' && !(await repo.producerSeesDemand(ctx, demand.id, producer.id, todayInVietnam(ctx.deps.clock())))
    && !(await repo.threadProducers(ctx, demand.id)).some((p) => p.id === producer.id)) throw notFound('thread');
  return { demand, producer, side: actor.role === 'buyer' ? 'buyer' as const : 'producer' as const };
}

export async function getThread(ctx: Ctx, demandId: string, producerId?: string | null): Promise<ThreadDto> {
  const { demand, producer } = await threadOf(ctx, demandId, producerId);
  const messages = await repo.threadOf(ctx, demand.id, producer.id);
  return {
    demandId: demand.id, producer: { id: producer.id, name: producer.name },
    messages: messages.map((m) => ({ id: Number(m.id), side: m.side, author: m.author, body: m.body, createdAt: new Date(m.created_at).toISOString() })),
  };
}

/** The producers a buyer has threads or offers with on its demand (its list of conversations). */
export async function threadList(ctx: Ctx, demandId: string): Promise<{ id: string; name: string; messages: number }[]> {
  const demand = await readableDemand(ctx, demandId);
  if ((await memberOf(ctx)) !== demand.buyer_org_id && requireActor(ctx).role !== 'national_admin') throw notFound('threads');
  return repo.threadProducers(ctx, demand.id);
}

export async function postMessage(ctx: Ctx, demandId: string, input: MessageInput): Promise<ThreadDto> {
  const body = (input.body ?? '').trim();
  if (!body || body.includes(NUL)) throw validation({ body: problem('trade.message_empty') });
  if (body.length > MESSAGE_MAX) throw validation({ body: problem('too_long', { max: MESSAGE_MAX }) });
  const { demand, producer, side } = await threadOf(ctx, demandId, input.producerId);
  if (demand.status === 'cancelled') throw new AppError('invalid_transition', 'the demand was cancelled');
  await inTx(ctx, async (tx) => {
    const id = await repo.insertMessage(tx, { demandId: demand.id, producerId: producer.id, side, authorId: requireActor(ctx).userId, body, createdAt: ctx.deps.clock() });
    await recordAudit(tx, {
      action: 'trade_message.create', entityType: 'trade_message', entityId: String(id), provinceCode: producer.provinceCode,
      after: { demandId: demand.id, producerId: producer.id, side },
    });
  });
  return getThread(ctx, demand.id, producer.id);
}
