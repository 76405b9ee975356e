/**
 * Expiry reminders (item 8): every active certificate whose expiry falls within the regime's
 * reminder lead (30 days) gets one in-app notification per producer user and province officer,
 * and one e-mail to the producer — each stored once (dedupe keys), so the job may run any number
 * of times. E-mail goes through an outbox: SMTP_URL when set, else .eml files in <data dir>/outbox/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import { inTx, makeCtx, systemActor, type Ctx, type Deps } from '../../context';
import { EXPIRY_REMINDER_DAYS } from '../../domain/certificate';
import { t } from '../../core/i18n';
import { formatDateVi, todayInVietnam } from '../../domain/dates';
import { regimeInForce } from './certificate.service';
import { dayBefore } from '../../domain/dates';
import * as notices from './notification.repository';
import * as repo from './decision.repository';

/** today + n days (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface ReminderOutcome { certificates: number; notifications: number; emails: number }

export async function runExpiryReminders(ctx: Ctx): Promise<ReminderOutcome> {
  const today = todayInVietnam(ctx.deps.clock());
  const regime = await regimeInForce(ctx, today);
  const lead = regime?.reminderDays ?? EXPIRY_REMINDER_DAYS;
  const due = await repo.certificatesExpiringBetween(ctx, today, addDays(today, lead));
  if (!due.length) return { certificates: 0, notifications: 0, emails: 0 };
  const people = await repo.usersToRemind(ctx, [...new Set(due.map((d) => d.producer_id))], [...new Set(due.map((d) => d.province_code))]);
  const base = (ctx.deps.env.PUBLIC_BASE_URL ?? '').replace(/\/+$/, '');
  let created = 0;
  let emails = 0;
  await inTx(ctx, async (tx) => {
    for (const c of due) {
      const lastDay = formatDateVi(dayBefore(c.expires_on));
      const key = `certificate-expiry:${c.id}:${c.expires_on}`;
      // Stored once for every recipient, so written in the platform's language.
      const title = t('vi', 'reminders.expiry.title', { number: c.number });
      const body = t('vi', 'reminders.expiry.body', { product: c.product_name, stars: c.stars, producer: c.producer_name, number: c.number, lastDay });
      const link = `/admin/certificates/${encodeURIComponent(c.number)}`;
      const to = people.filter((u) => (u.role === 'producer' && u.producerId === c.producer_id)
        || (u.role === 'province_officer' && u.areaCode === c.province_code));
      if (to.length) {
        created += await notices.insertNotifications(tx,
          to.map((u) => ({ userId: u.id, kind: 'certificate_expiry', title, body, link, dedupeKey: key, createdAt: ctx.deps.clock() })));
      }
      const email = c.producer_email?.trim();
      if (email) {
        const queued = await notices.queueMail(tx, {
          toAddress: email, subject: title, dedupeKey: key, createdAt: ctx.deps.clock(),
          body: `${body}\n\n${base ? `${t('vi', 'reminders.mail.links', { certificate: `${base}${link}`, verify: `${base}/v/${encodeURIComponent(c.number)}` })}\n\n` : ''}`
            + t('vi', 'reminders.mail.footer'),
        });
        if (queued) emails++;
      }
    }
  });
  return { certificates: due.length, notifications: created, emails };
}

const FROM = 'OCOP Platform <no-reply@ocop.invalid>';

export interface DeliveryOutcome { sent: number; failed: number; via: 'smtp' | 'folder' }

/** Deliver pending outbox messages: SMTP_URL → nodemailer; unset → `<data dir>/outbox/<id>.eml`. */
export async function deliverOutbox(ctx: Ctx, limit = 200): Promise<DeliveryOutcome> {
  const smtp = ctx.deps.env.SMTP_URL;
  const pending = await notices.pendingMail(ctx, limit);
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
      await notices.markMailSent(ctx, m.id);
      sent++;
    } catch (e) {
      const attempts = m.attempts + 1;
      await notices.markMailFailed(ctx, m.id, attempts, String((e as Error).message ?? e).slice(0, 500), attempts >= 5 ? 'failed' : 'pending');
      failed++;
    }
  }
  transport.close();
  return { sent, failed, via };
}

/** Reminders then delivery, as the system. */
export async function runReminderCycle(deps: Deps): Promise<{ reminders: ReminderOutcome; delivery: DeliveryOutcome }> {
  const ctx = makeCtx(deps, { actor: systemActor('reminders') });
  const reminders = await runExpiryReminders(ctx);
  const delivery = await deliverOutbox(ctx);
  return { reminders, delivery };
}

export const REMINDER_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Run the cycle now and then every hour; the timer does not keep the process alive. Returns a
 * function that stops it. Failures are logged and retried on the next tick.
 */
/** Delay of the first reminder cycle after start-up. */
export const FIRST_REMINDER_DELAY_MS = 60_000;

export function scheduleReminders(deps: Deps, log: (msg: string, err?: unknown) => void, intervalMs = REMINDER_INTERVAL_MS): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await runReminderCycle(deps);
      if (r.reminders.notifications || r.reminders.emails || r.delivery.sent || r.delivery.failed) {
        log(`expiry reminders: ${r.reminders.certificates} certificate(s) due, ${r.reminders.notifications} notification(s), ${r.reminders.emails} e-mail(s) queued; ${r.delivery.sent} sent via ${r.delivery.via}, ${r.delivery.failed} failed`);
      }
    } catch (e) {
      log('expiry reminders failed', e);
    } finally {
      running = false;
    }
  };
  // The first cycle waits until start-up is over, so readiness and the first requests do not
  // queue behind it (an embedded database serves one statement at a time).
  const first = setTimeout(() => void tick(), Math.min(FIRST_REMINDER_DELAY_MS, intervalMs));
  first.unref();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => { clearTimeout(first); clearInterval(timer); };
}
