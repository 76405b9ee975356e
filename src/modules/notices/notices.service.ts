/**
 * A user's notice settings: per kind, e-mail on or off (in-app notices always stay on), and quiet
 * hours for e-mail. Each user reads and changes only their own.
 */
import { inTx, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { problem, validation, type FieldErrors } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import * as repo from './notices.repository';
import { emailWanted, formatTimeOfDay, inAppOnlyKindsForRole, kindsForRole, parseTimeOfDay, type NoticeKind, type QuietHours } from './notices.policy';
import { configuredChannel } from './channels/config';
import { providerPhone, type TextChannelName } from './channels/text-channel';

/** Roles whose accounts have a phone to reach (their producer's, their organisation's). */
const TEXT_ROLES = new Set(['producer', 'buyer']);

export interface NoticeSettings {
  kinds: { kind: NoticeKind; email: boolean }[];
  /** Kinds the role receives in the app only (no choice: their e-mail goes out another way). */
  inAppOnly: NoticeKind[];
  /** Where e-mail goes (the account's address; for a producer without one, the producer's). */
  emailAddress: string | null;
  /** "HH:MM" or null when no quiet hours are set. */
  quietStart: string | null;
  quietEnd: string | null;
  /** The text-message channel when one is set up and the role can be reached by phone. */
  text: {
    channel: TextChannelName;
    /** The mobile number messages go to (domestic form), or null when there is none. */
    phone: string | null;
    kinds: { kind: NoticeKind; on: boolean }[];
  } | null;
}

export interface NoticeSettingsInput {
  /** The kinds whose e-mail is on; the role's other kinds are turned off. */
  emailOn: readonly string[];
  /** The kinds sent as text messages (only read when a channel is set up). */
  textOn?: readonly string[] | undefined;
  quietStart?: string | undefined;
  quietEnd?: string | undefined;
}

export async function getNoticeSettings(ctx: Ctx): Promise<NoticeSettings> {
  const actor = requireActor(ctx);
  const [choices, quiet, emailAddress] = await Promise.all([
    repo.emailChoices(ctx, [actor.userId]), repo.quietHoursOf(ctx, [actor.userId]), repo.addressOf(ctx, actor.userId),
  ]);
  const mine = choices.get(actor.userId);
  const q = quiet.get(actor.userId);
  return {
    kinds: kindsForRole(actor.role).map((kind) => ({ kind, email: emailWanted(mine, kind) })),
    inAppOnly: [...inAppOnlyKindsForRole(actor.role)],
    emailAddress,
    quietStart: q ? formatTimeOfDay(q.startMinute) : null,
    quietEnd: q ? formatTimeOfDay(q.endMinute) : null,
    text: await textSettings(ctx),
  };
}

async function textSettings(ctx: Ctx): Promise<NoticeSettings['text']> {
  const actor = requireActor(ctx);
  const channel = configuredChannel(ctx.deps.env);
  if (!channel || !TEXT_ROLES.has(actor.role)) return null;
  const [chosen, phone] = await Promise.all([repo.textChoices(ctx, actor.userId), repo.phoneOf(ctx, actor.userId)]);
  const reachable = providerPhone(phone);
  return {
    channel, phone: reachable ? `0${reachable.slice(2)}` : null,
    kinds: kindsForRole(actor.role).map((kind) => ({ kind, on: chosen.get(kind) ?? false })),
  };
}

/** Quiet hours from the two fields: both empty = none; both needed, as HH:MM, and different. */
function readQuietHours(start: string | undefined, end: string | undefined): QuietHours | null {
  const s = start?.trim() ?? '';
  const e = end?.trim() ?? '';
  if (!s && !e) return null;
  const fields: FieldErrors = {};
  const startMinute = s ? parseTimeOfDay(s) : null;
  const endMinute = e ? parseTimeOfDay(e) : null;
  if (!s) fields.quietStart = problem('notices.quiet_both');
  else if (startMinute === null) fields.quietStart = problem('notices.time');
  if (!e) fields.quietEnd = problem('notices.quiet_both');
  else if (endMinute === null) fields.quietEnd = problem('notices.time');
  if (!Object.keys(fields).length && startMinute === endMinute) fields.quietEnd = problem('notices.quiet_same');
  if (Object.keys(fields).length) throw validation(fields);
  return { startMinute: startMinute!, endMinute: endMinute! };
}

export async function saveNoticeSettings(ctx: Ctx, input: NoticeSettingsInput): Promise<NoticeSettings> {
  const actor = requireActor(ctx);
  const quiet = readQuietHours(input.quietStart, input.quietEnd);
  const on = new Set(input.emailOn);
  const choices = kindsForRole(actor.role).map((kind) => ({ kind, email: on.has(kind) }));
  const before = await getNoticeSettings(ctx);
  const texting = new Set(input.textOn ?? []);
  const texts = before.text ? kindsForRole(actor.role).map((kind) => ({ kind, enabled: texting.has(kind) })) : [];
  await inTx(ctx, async (tx) => {
    await repo.saveChoices(tx, actor.userId, choices);
    await repo.saveTextChoices(tx, actor.userId, texts);
    await repo.saveQuietHours(tx, actor.userId, quiet);
    await recordAudit(tx, {
      action: 'notice_settings.update', entityType: 'user', entityId: actor.userId, provinceCode: actor.provinceCode,
      before, after: {
        kinds: choices, ...(before.text ? { texts } : {}),
        quietStart: quiet ? formatTimeOfDay(quiet.startMinute) : null, quietEnd: quiet ? formatTimeOfDay(quiet.endMinute) : null,
      },
    });
  });
  return getNoticeSettings(ctx);
}

/** The bell shows up to this many, then "9+". */
export const BELL_CAP = 10;

/** The caller's unread notices for the bell, counted up to BELL_CAP. */
export async function unreadForBell(ctx: Ctx): Promise<number> {
  return repo.unreadUpTo(ctx, requireActor(ctx).userId, BELL_CAP);
}

/** Mark all the caller's notices read; returns how many were unread. */
export async function markAllNoticesRead(ctx: Ctx): Promise<number> {
  return repo.markAllRead(ctx, requireActor(ctx).userId, ctx.deps.clock());
}
