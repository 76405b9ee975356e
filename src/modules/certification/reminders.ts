/**
 * Expiry reminders (item 8): every active certificate whose expiry falls within the regime's
 * reminder lead (30 days) gets one in-app notification per producer user and province officer,
 * and one e-mail to the producer — each stored once (dedupe keys), so the job may run any number
 * of times. E-mail goes through the outbox of src/modules/mail (SMTP_URL when set, else .eml files).
 */
import { inTx, makeCtx, systemActor, type Ctx, type Deps } from '../../context';
import { EXPIRY_REMINDER_DAYS } from '../../domain/certificate';
import { t } from '../../core/i18n';
import { formatDateVi, todayInVietnam } from '../../domain/dates';
import { regimeInForce } from './certificate.service';
import { dayBefore } from '../../domain/dates';
import * as notices from './notification.repository';
import { deliverOutbox, queueMail, type DeliveryOutcome } from '../mail/mail.service';

export { deliverOutbox, type DeliveryOutcome };
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
        const queued = await queueMail(tx, {
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
