/**
 * The text-message worker (decisions/039): sends the messages the dispatcher queued in
 * notice_channel_outbox, outside any user's request — right after a dispatch pass that queued
 * some, and in the minute job. Each send waits at most the channel's timeout; a provider that
 * fails or does not answer gets the message again later with exponential backoff (attempts,
 * next_attempt_at, last_error), until MAX_TEXT_ATTEMPTS, then it is `failed`; a permanent refusal
 * is `failed` at once. No transaction is held while a provider is asked.
 */
import { makeCtx, systemActor, type Ctx, type Deps } from '../../context';
import * as repo from './channel-outbox.repository';
import { textChannel } from './channels/config';
import { messageKey, type TextChannel } from './channels/text-channel';

/** Attempts before a message is given up. */
export const MAX_TEXT_ATTEMPTS = 10;
/** The first retry waits a minute, each next one twice as long, never more than six hours. */
export const BACKOFF_BASE_MS = 60_000;
export const BACKOFF_MAX_MS = 6 * 3600_000;
/** Messages taken per claim, and sent at the same time. */
const BATCH = 100;
const PARALLEL = 8;

/** How long to wait before attempt `attempts + 1`, after `attempts` failed ones. */
export const backoffMs = (attempts: number): number => Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));

export interface TextOutcome { sent: number; retried: number; failed: number }

export interface TextDeliveryOptions {
  /** The adapter (tests); default: the configured one. */
  channel?: TextChannel | null;
  /** Claims per run (each up to BATCH messages). */
  rounds?: number;
}

/** Send the due messages of the configured channel. */
export async function deliverTextOutbox(ctx: Ctx, opts: TextDeliveryOptions = {}): Promise<TextOutcome> {
  const out: TextOutcome = { sent: 0, retried: 0, failed: 0 };
  const channel = opts.channel === undefined ? textChannel(ctx.deps.env).channel : opts.channel;
  if (!channel) return out;
  for (let round = 0; round < (opts.rounds ?? 10); round++) {
    const now = ctx.deps.clock();
    // The lease outlasts a whole batch's sends at the timeout, so no second worker takes them meanwhile.
    const lease = new Date(now.getTime() + 10 * 60_000);
    const due = await repo.claimDue(ctx, channel.name, now, lease, BATCH);
    if (!due.length) break;
    for (let i = 0; i < due.length; i += PARALLEL) {
      await Promise.all(due.slice(i, i + PARALLEL).map((row) => sendOne(ctx, channel, row, out)));
    }
    if (due.length < BATCH) break;
  }
  return out;
}

async function sendOne(ctx: Ctx, channel: TextChannel, row: repo.TextRow, out: TextOutcome): Promise<void> {
  const attempts = row.attempts + 1;
  const result = await channel.send(row.toPhone, row.body, messageKey(row.toPhone, row.dedupeKey));
  const at = ctx.deps.clock();
  if (result.ok) {
    await repo.markSent(ctx, row.id, attempts, result.providerId, at);
    out.sent++;
  } else if (result.permanent || attempts >= MAX_TEXT_ATTEMPTS) {
    await repo.markFailed(ctx, row.id, attempts, result.error.slice(0, 500));
    out.failed++;
  } else {
    await repo.markRetry(ctx, row.id, attempts, new Date(at.getTime() + backoffMs(attempts)), result.error.slice(0, 500));
    out.retried++;
  }
}

/** One worker at a time per process: a call while one runs waits for it, then runs again. */
let running: Promise<unknown> = Promise.resolve();

/**
 * Send the due text messages soon, as the system, after whatever the caller committed. Never
 * rejects (a failure stays in the outbox for the next run). Returns that run's promise.
 */
export function deliverTextsSoon(deps: Deps, log: (msg: string, err?: unknown) => void = () => {}): Promise<TextOutcome | null> {
  const ctx = makeCtx(deps, { actor: systemActor('notices') });
  const next = running.then(() => deliverTextOutbox(ctx)).catch((e: unknown) => { log('notices: text messages failed', e); return null; });
  running = next;
  return next;
}

/** Whether a channel is set up and a message of it is due (the minute job asks before starting a run). */
export async function textsDue(ctx: Ctx): Promise<boolean> {
  const channel = textChannel(ctx.deps.env).channel;
  return channel ? repo.anyDue(ctx, channel.name, ctx.deps.clock()) : false;
}
