/**
 * The e-mail outbox, below every feature module that writes mail (certification's expiry
 * reminders, identity's password resets and account requests). A message is queued in the
 * transaction of what caused it and delivered afterwards: SMTP_URL → nodemailer; unset →
 * `<data dir>/outbox/<id>.eml`. Delivery runs hourly with the reminders, and right after a
 * message someone is waiting for (deliverSoon).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import { makeCtx, systemActor, type Ctx } from '../../context';
import * as repo from './mail.repository';

export type { MailInsert, MailRow } from './mail.repository';

/** Queue an e-mail once per (address, dedupe key); returns whether it was new. */
export const queueMail = (ctx: Ctx, value: repo.MailInsert): Promise<boolean> => repo.insertMail(ctx, value);

const FROM = 'OCOP Platform <no-reply@ocop.invalid>';

export interface DeliveryOutcome { sent: number; failed: number; via: 'smtp' | 'folder' }

/** Attempts before a message is given up (status 'failed'). */
export const MAX_ATTEMPTS = 5;

/** Deliver pending outbox messages: SMTP_URL → nodemailer; unset → `<data dir>/outbox/<id>.eml`. */
export async function deliverOutbox(ctx: Ctx, limit = 200): Promise<DeliveryOutcome> {
  const smtp = ctx.deps.env.SMTP_URL;
  const pending = await repo.pendingMail(ctx, limit);
  const via = smtp ? 'smtp' : 'folder';
  if (!pending.length) return { sent: 0, failed: 0, via };
  const transport = smtp
    ? nodemailer.createTransport(smtp)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const folder = resolve(ctx.deps.env.OCOP_DATA_DIR, 'outbox');
  if (!smtp) await mkdir(folder, { recursive: true });
  let sent = 0;
  let failed = 0;
  for (const m of pending) {
    try {
      const info = await transport.sendMail({ from: FROM, to: m.toAddress, subject: m.subject, text: m.body, messageId: `<outbox-${m.id}@ocop.invalid>`, date: m.createdAt });
      if (!smtp) await writeFile(join(folder, `${String(m.id).padStart(8, '0')}.eml`), (info as unknown as { message: Buffer }).message);
      await repo.markMailSent(ctx, m.id);
      sent++;
    } catch (e) {
      const attempts = m.attempts + 1;
      await repo.markMailFailed(ctx, m.id, attempts, String((e as Error).message ?? e).slice(0, 500), attempts >= MAX_ATTEMPTS ? 'failed' : 'pending');
      failed++;
    }
  }
  transport.close();
  return { sent, failed, via };
}

/** One delivery at a time per process: a second call while one runs waits for it, then runs again. */
let running: Promise<unknown> = Promise.resolve();

/**
 * Deliver the outbox now, after the caller's transaction has committed (call it once the write
 * is done). Returns the delivery's promise; it never rejects (a failure stays in the outbox and
 * is retried on the hourly cycle).
 */
export function deliverSoon(ctx: Ctx): Promise<DeliveryOutcome | null> {
  const sys = makeCtx(ctx.deps, { actor: systemActor('mail') });
  const next = running.then(() => deliverOutbox(sys)).catch(() => null);
  running = next;
  return next;
}
