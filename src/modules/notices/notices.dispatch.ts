/**
 * The dispatcher: turns new audit rows into notices (decisions/028, 039). In one transaction it
 * takes the relevant rows after the cursor, asks the policy who hears what, and delivers each
 * notice to its whole audience set-based (notices-delivery.repository.ts): the in-app notices
 * (certification's notifications table, one per event and user: running again adds nothing), the
 * e-mails in the outbox — or held while the user is in quiet hours — and, for the users who chose
 * it, a text message in notice_channel_outbox. Whole passes (the minute's) also remind approved
 * exhibitors the day before their event and send the held mail as one digest once quiet hours
 * are over. It runs right after a write (dispatchSoon, from the routes' onResponse hook) and on a
 * timer (scheduleNotices); text messages are sent after the pass, never in a user's request.
 */
import { inTx, makeCtx, systemActor, type Ctx, type Deps } from '../../context';
import { hasMessage, t, type MessageKey } from '../../core/i18n';
import { todayInVietnam } from '../../domain/dates';
import { deliverSoon, queueMail } from '../mail/mail.service';
import * as repo from './notices.repository';
import { deliverNotice, queueTexts, type TextInsert, type TextRecipient } from './notices-delivery.repository';
import { dueReminders, tradeFacts } from './trade-notices.repository';
import { reminderNotice } from './trade-notices.policy';
import { traceFacts } from './trace-notices.repository';
import { inQuietHours, NOTICE_ACTIONS, noticesFor, quietHoursOver, vietnamMinute, type AuditEvent, type Facts, type Notice } from './notices.policy';
import { configuredChannel } from './channels/config';
import { providerPhone } from './channels/text-channel';
import { deliverTextsSoon, textsDue } from './channel-outbox';

/** Audit rows handled per transaction. */
const BATCH = 200;
/** How long the cursor trails the audit log (a transaction open longer may commit lower ids late). */
export const CURSOR_MARGIN_SECONDS = 3600;

export interface DispatchOutcome { events: number; notices: number; emails: number; held: number; digests: number; texts: number; reminders: number }

const none = (): DispatchOutcome => ({ events: 0, notices: 0, emails: 0, held: 0, digests: 0, texts: 0, reminders: 0 });

async function factsOf(ctx: Ctx, e: AuditEvent): Promise<Facts | null> {
  if (e.entityType === 'dossier') return repo.dossierFacts(ctx, e);
  if (e.entityType === 'certificate') return repo.certificateFacts(ctx, e.entityId);
  if (e.entityType === 'fake_report') return repo.reportFacts(ctx, e.entityId);
  if (e.entityType === 'trace_recall') return traceFacts(ctx, e);
  return tradeFacts(ctx, e);
}

/** The stored texts: written once for every recipient, so in the platform's language. */
export function renderNotice(n: Notice): { title: string; body: string } {
  const variantTitle = n.variant ? `notices.title.${n.kind}.${n.variant}` : null;
  const titleKey = variantTitle && hasMessage('vi', variantTitle) ? variantTitle : `notices.title.${n.kind}`;
  const key = `notices.msg.${n.kind}${n.variant ? `.${n.variant}` : ''}`;
  return { title: t('vi', titleKey as MessageKey, n.params), body: t('vi', key as MessageKey, n.params) };
}

const baseUrl = (ctx: Ctx) => (ctx.deps.env.PUBLIC_BASE_URL ?? '').replace(/\/+$/, '');

function mailBody(ctx: Ctx, body: string, link: string): string {
  const base = baseUrl(ctx);
  return `${body}\n\n${base ? `${t('vi', 'notices.mail.open', { url: `${base}${link}` })}\n\n` : ''}${t('vi', 'notices.mail.footer')}`;
}

/** A text message: the notice's title and, when the platform's address is known, the link. */
export function textBody(ctx: Ctx, title: string, link: string): string {
  const base = baseUrl(ctx);
  return `${t('vi', 'notices.text.prefix')} ${title}${base ? ` ${base}${link}` : ''}`;
}

/**
 * One notice to its audience; the text messages of those who chose them, queued after their quiet
 * hours. A notice told in the app only (`inAppOnly`) queues neither e-mail nor text messages.
 */
async function deliver(ctx: Ctx, n: Notice, dedupeKey: string, exceptUserId: string | null, now: Date, out: DispatchOutcome): Promise<void> {
  const { title, body } = renderNotice(n);
  const channel = n.inAppOnly ? null : configuredChannel(ctx.deps.env);
  const done = await deliverNotice(ctx, {
    audience: n.audience, exceptUserId, kind: n.kind, title, body, link: n.link, dedupeKey, mailBody: mailBody(ctx, body, n.link),
    now, minute: vietnamMinute(now), texts: channel !== null, inAppOnly: n.inAppOnly === true,
  });
  out.notices += done.notices;
  out.emails += done.emails;
  out.held += done.held;
  if (channel && done.texts.length) out.texts += await queueTexts(ctx, textRows(ctx, channel, done.texts, title, n.link, dedupeKey, now));
}

function textRows(ctx: Ctx, channel: string, people: TextRecipient[], title: string, link: string, dedupeKey: string, now: Date): TextInsert[] {
  const text = textBody(ctx, title, link);
  return people.flatMap((p) => {
    const toPhone = providerPhone(p.phone);
    if (!toPhone) return [];
    const quiet = p.startMinute === null || p.endMinute === null ? null : { startMinute: p.startMinute, endMinute: p.endMinute };
    return [{ channel, userId: p.userId, toPhone, body: text, dedupeKey, nextAttemptAt: quietHoursOver(quiet, now), createdAt: now }];
  });
}

/**
 * One pass: a batch of new audit rows, then (whole passes) the reminders and the digests that are
 * due. Safe to run at any time, from any process. `whole: false` (the pass right after a write)
 * first asks, outside any transaction, whether a relevant audit row waits, and stops there when
 * none does: most writes (a product edit, a sign-in) make nothing to tell, and on the embedded
 * database a pass's transaction would hold up every other query meanwhile.
 */
export async function dispatchNotices(ctx: Ctx, opts: { whole?: boolean } = {}): Promise<DispatchOutcome> {
  const whole = opts.whole !== false;
  if (!whole && !(await repo.eventsWaiting(ctx, NOTICE_ACTIONS))) return none();
  return inTx(ctx, async (tx) => {
    const out = none();
    if (!(await repo.tryLockDispatcher(tx))) return out;
    const now = tx.deps.clock();
    const cursor = await repo.cursorPosition(tx);
    const events = await repo.pendingEvents(tx, cursor, NOTICE_ACTIONS, BATCH);
    for (const e of events) {
      for (const n of noticesFor(e, await factsOf(tx, e))) await deliver(tx, n, `notice:${e.id}`, e.actorUserId ?? null, now, out);
    }
    out.events = events.length;
    await repo.markDispatched(tx, events.map((e) => e.id));
    const full = events.length === BATCH;
    await repo.advanceCursor(tx, full ? events[events.length - 1]!.id : Number.MAX_SAFE_INTEGER, CURSOR_MARGIN_SECONDS);
    if (whole) {
      out.reminders = await remindExhibitors(tx, now, out);
      out.digests = await sendDueDigests(tx, now);
    }
    return out;
  });
}

/**
 * Approved exhibitors of events starting tomorrow (Vietnam's calendar) that were not reminded yet:
 * one notice each, dedupe key per registration, so it is sent once however many passes run.
 */
async function remindExhibitors(ctx: Ctx, now: Date, out: DispatchOutcome): Promise<number> {
  const tomorrow = todayInVietnam(new Date(now.getTime() + 86_400_000));
  const due = await dueReminders(ctx, tomorrow);
  for (const r of due) await deliver(ctx, reminderNotice(r), `event_reminder:${r.id}`, null, now, out);
  return due.length;
}

/** Held mail of users whose quiet hours are over: one digest each (in the caller's transaction). */
async function sendDueDigests(ctx: Ctx, now: Date): Promise<number> {
  let sent = 0;
  for (const u of await repo.usersWithHeldMail(ctx)) {
    const quiet = u.startMinute === null || u.endMinute === null ? null : { startMinute: u.startMinute, endMinute: u.endMinute };
    if (inQuietHours(quiet, now)) continue;
    const held = await repo.takeHeldMail(ctx, u.userId);
    // One digest per address (a user's address may have changed while mail was held).
    const byAddress = new Map<string, repo.HeldMail[]>();
    for (const h of held) byAddress.set(h.toAddress, [...(byAddress.get(h.toAddress) ?? []), h]);
    for (const [toAddress, items] of byAddress) {
      const body = items.map((h, i) => `${i + 1}. ${h.subject}\n\n${h.body}`).join('\n\n———\n\n');
      const queued = await queueMail(ctx, {
        toAddress, createdAt: now, dedupeKey: `digest:${u.userId}:${items[0]!.id}-${items[items.length - 1]!.id}`,
        subject: t('vi', 'notices.digest.subject', { count: items.length }),
        body: `${t('vi', 'notices.digest.lead', { count: items.length })}\n\n${body}`,
      });
      if (queued) sent++;
    }
  }
  return sent;
}

/**
 * Dispatch, then deliver what was queued, as the system: the e-mails, and the text messages —
 * those on their own (deliverTextsSoon), so a provider that does not answer holds up no pass.
 */
export async function runNoticeCycle(deps: Deps, whole = true, log?: (msg: string, err?: unknown) => void): Promise<DispatchOutcome> {
  const ctx = makeCtx(deps, { actor: systemActor('notices') });
  const out = await dispatchNotices(ctx, { whole });
  if (out.emails || out.digests) await deliverSoon(ctx);
  if (out.texts || (whole && (await textsDue(ctx)))) void deliverTextsSoon(deps, log);
  return out;
}

/** How long after a write its notices are looked for (decisions/028). */
export const AFTER_WRITE_MS = 150;

/** One pass at a time per app; a request made during a pass asks for one more after it. */
export interface NoticeRunner {
  /**
   * Run a pass soon (after the current one, if any); resolves when that pass is over. `whole`
   * false: only if a relevant event waits (after a write); passes asked for meanwhile are shared,
   * whole if any asker wanted it whole.
   */
  soon(whole?: boolean): Promise<void>;
  /**
   * A write was answered: a light pass (`soon(false)`) a moment later (AFTER_WRITE_MS), so the
   * writer's next requests do not queue behind it on the embedded database; writes meanwhile share it.
   */
  afterWrite(): void;
  /** Forget a pass asked for by afterWrite and not started (shutdown). */
  stop(): void;
  /** Wait for the passes under way (tests, shutdown). */
  idle(): Promise<void>;
}

export function noticeRunner(deps: Deps, log: (msg: string, err?: unknown) => void): NoticeRunner {
  let chain: Promise<void> = Promise.resolve();
  let queued: Promise<void> | null = null;
  let whole = false;
  let timer: NodeJS.Timeout | undefined;
  const pass = async () => {
    queued = null;
    const asked = whole;
    whole = false;
    try {
      await runNoticeCycle(deps, asked, log);
    } catch (e) {
      log('notices: dispatch failed', e);
    }
  };
  return {
    soon(wantWhole = true) {
      if (wantWhole) whole = true;
      // Requests arriving while a pass waits to start share it.
      queued ??= chain = chain.then(pass);
      return queued;
    },
    afterWrite() {
      if (timer) return;
      timer = setTimeout(() => { timer = undefined; void this.soon(false); }, AFTER_WRITE_MS);
      timer.unref();
    },
    stop() { clearTimeout(timer); timer = undefined; },
    idle: () => chain,
  };
}

export const NOTICE_INTERVAL_MS = 60_000;

/** A pass every minute (digests become due as quiet hours end); the timer does not keep the process alive. */
export function scheduleNotices(runner: NoticeRunner, intervalMs = NOTICE_INTERVAL_MS): () => void {
  const timer = setInterval(() => void runner.soon(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
