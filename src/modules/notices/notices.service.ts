/**
 * A user's notice settings: per kind, e-mail on or off (in-app notices always stay on), and quiet
 * hours for e-mail. Each user reads and changes only their own.
 */
import { inTx, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { problem, validation, type FieldErrors } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import * as repo from './notices.repository';
import { emailWanted, formatTimeOfDay, kindsForRole, parseTimeOfDay, type NoticeKind, type QuietHours } from './notices.policy';

export interface NoticeSettings {
  kinds: { kind: NoticeKind; email: boolean }[];
  /** Where e-mail goes (the account's address; for a producer without one, the producer's). */
  emailAddress: string | null;
  /** "HH:MM" or null when no quiet hours are set. */
  quietStart: string | null;
  quietEnd: string | null;
}

export interface NoticeSettingsInput {
  /** The kinds whose e-mail is on; the role's other kinds are turned off. */
  emailOn: readonly string[];
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
    emailAddress,
    quietStart: q ? formatTimeOfDay(q.startMinute) : null,
    quietEnd: q ? formatTimeOfDay(q.endMinute) : null,
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
  await inTx(ctx, async (tx) => {
    await repo.saveChoices(tx, actor.userId, choices);
    await repo.saveQuietHours(tx, actor.userId, quiet);
    await recordAudit(tx, {
      action: 'notice_settings.update', entityType: 'user', entityId: actor.userId, provinceCode: actor.provinceCode,
      before, after: { kinds: choices, quietStart: quiet ? formatTimeOfDay(quiet.startMinute) : null, quietEnd: quiet ? formatTimeOfDay(quiet.endMinute) : null },
    });
  });
  return getNoticeSettings(ctx);
}
