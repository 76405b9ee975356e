/**
 * Idempotency keys (the `Idempotency-Key` header of checkout and of a payment recorded by hand):
 * the first answer is kept in the transaction that produced it, so a retry — a phone that lost
 * its connection, a double tap — gets it again instead of ordering or paying twice.
 */
import { createHash } from 'node:crypto';
import { inTx, type Ctx } from '../../context';
import { AppError } from '../../errors';
import * as repo from './orders.repository';

/** A stable digest of a request body (a retry must send the same one). */
export const requestHash = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('base64url');

/** The answer kept under `key` for this body (undefined: none yet); 409 idempotency_key_reused for another body. */
export async function keptAnswer<T>(ctx: Ctx, key: string, body: unknown): Promise<T | undefined> {
  const kept = await repo.keptAnswer(ctx, key);
  if (!kept) return undefined;
  if (kept.requestHash !== requestHash(body)) throw new AppError('idempotency_key_reused', 'this Idempotency-Key was used for another request');
  return kept.response as T;
}

/**
 * Runs `fn` once per Idempotency-Key: a retry with the same key and body gets the first answer;
 * the same key with another body is 409 idempotency_key_reused. Without a key, `fn` just runs.
 */
export async function once<T>(ctx: Ctx, key: string | undefined, body: unknown, fn: (tx: Ctx) => Promise<T>, status = 200): Promise<T> {
  if (key === undefined) return inTx(ctx, fn);
  const kept = await keptAnswer<T>(ctx, key, body);
  if (kept !== undefined) return kept;
  const hash = requestHash(body);
  try {
    return await inTx(ctx, async (tx) => {
      const answer = await fn(tx);
      if (!(await repo.keepAnswer(tx, key, hash, status, answer))) throw new AppError('conflict', 'same key, concurrent request');
      return answer;
    });
  } catch (e) {
    // The same request sent twice at once: the first one's answer.
    const first = await repo.keptAnswer(ctx, key);
    if (first && first.requestHash === hash) return first.response as T;
    throw e;
  }
}

