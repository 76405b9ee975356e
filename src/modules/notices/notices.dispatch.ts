/**
 * The dispatcher: turns new audit rows into notices (decisions/028). In one transaction it takes
 * the relevant rows after the cursor, asks the policy who hears what, stores the in-app notices
 * (certification's notifications table, one per event and user: running again adds nothing),
 * queues e-mails in the outbox — or holds them when the user is in quiet hours — and sends the
 * held ones as one digest once quiet hours are over. It runs right after a write (dispatchSoon,
 * from the routes' onResponse hook) and on a timer (scheduleNotices).
 */
import { inTx, makeCtx, systemActor, type Ctx, type Deps } from '../../context';
import { t, type MessageKey } from '../../core/i18n';
import { insertNotifications } from '../certification/notification.repository';
import { deliverSoon, queueMail } from '../mail/mail.service';
import * as repo from './notices.repository';
import { emailWanted, inQuietHours, NOTICE_ACTIONS, noticesFor, type AuditEvent, type Facts, type Notice } from './notices.policy';

/** Audit rows handled per transaction. */
const BATCH = 200;
/** How long the cursor trails the audit log (a transaction open longer may commit lower ids late). */
export const CURSOR_MARGIN_SECONDS = 3600;

export interface DispatchOutcome { events: number; notices: number; emails: number; held: number; digests: number }

const none = (): DispatchOutcome => ({ events: 0, notices: 0, emails: 0, held: 0, digests: 0 });

async function factsOf(ctx: Ctx, e: AuditEvent): Promise<Facts | null> {
  if (e.entityType === 'dossier') return repo.dossierFacts(ctx, e);
  if (e.entityType === 'certificate') return repo.certificateFacts(ctx, e.entityId);
  if (e.entityType === 'fake_report') return repo.reportFacts(ctx, e.entityId);
  return null;
}

/** The stored texts: written once for every recipient, so in the platform's language. */
export function renderNotice(n: Notice): { title: string; body: string } {
  const key = `notices.msg.${n.kind}${n.variant ? `.${n.variant}` : ''}`;
  return { title: t('vi', `notices.title.${n.kind}` as MessageKey, n.params), body: t('vi', key as MessageKey, n.params) };
}

function mailBody(ctx: Ctx, body: string, link: string): string {
  const base = (ctx.deps.env.PUBLIC_BASE_URL ?? '').replace(/\/+$/, '');
  return `${body}\n\n${base ? `${t('vi', 'notices.mail.open', { url: `${base}${link}` })}\n\n` : ''}${t('vi', 'notices.mail.footer')}`;
}

/**
 * One pass: a batch of new audit rows, then the digests that are due. Safe to run at any time,
 * from any process. `whole: false` (the pass right after a write) first asks, outside any transaction, whether a
 * relevant audit row waits, and stops there when none does: most writes (a product edit, a
 * sign-in) make nothing to tell, and on the embedded database a pass's transaction would hold up
 * every other query meanwhile. The timer's passes are whole (cursor, digests).
 */
export async function dispatchNotices(ctx: Ctx, opts: { whole?: boolean } = {}): Promise<DispatchOutcome> {
  if (opts.whole === false && !(await repo.eventsWaiting(ctx, NOTICE_ACTIONS))) return none();
  return inTx(ctx, async (tx) => {
    const out = none();
    if (!(await repo.tryLockDispatcher(tx))) return out;
    const now = tx.deps.clock();
    const cursor = await repo.cursorPosition(tx);
    const events = await repo.pendingEvents(tx, cursor, NOTICE_ACTIONS, BATCH);
    for (const e of events) {
      const dedupeKey = `notice:${e.id}`;
      for (const n of noticesFor(e, await factsOf(tx, e))) {
        const people = await repo.recipients(tx, n.audience);
        if (!people.length) continue;
        const { title, body } = renderNotice(n);
        out.notices += await insertNotifications(tx, people.map((p) => ({ userId: p.id, kind: n.kind, title, body, link: n.link, dedupeKey, createdAt: now })));
        const ids = people.map((p) => p.id);
        const [choices, quiet] = await Promise.all([repo.emailChoices(tx, ids), repo.quietHoursOf(tx, ids)]);
        for (const p of people) {
          if (!p.email || !emailWanted(choices.get(p.id), n.kind)) continue;
          const mail = { toAddress: p.email, subject: title, body: mailBody(tx, body, n.link), dedupeKey };
          if (inQuietHours(quiet.get(p.id), now)) {
            if (await repo.holdMail(tx, { userId: p.id, ...mail, heldAt: now })) out.held++;
          } else if (await queueMail(tx, { ...mail, createdAt: now })) out.emails++;
        }
      }
    }
    out.events = events.length;
    await repo.markDispatched(tx, events.map((e) => e.id));
    const full = events.length === BATCH;
    await repo.advanceCursor(tx, full ? events[events.length - 1]!.id : Number.MAX_SAFE_INTEGER, CURSOR_MARGIN_SECONDS);
    out.digests = await sendDueDigests(tx, now);
    return out;
  });
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

/** Dispatch, then deliver what was queued, as the system. Never rejects (failures are logged). */
export async function runNoticeCycle(deps: Deps, whole = true): Promise<DispatchOutcome> {
  const ctx = makeCtx(deps, { actor: systemActor('notices') });
  const out = await dispatchNotices(ctx, { whole });
  if (out.emails || out.digests) await deliverSoon(ctx);
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
      await runNoticeCycle(deps, asked);
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
