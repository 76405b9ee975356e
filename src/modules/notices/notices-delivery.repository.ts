/**
 * Delivering one notice to its whole audience, set-based (decisions/039): one statement stores
 * the in-app notices of every recipient (certification's notifications table), queues their
 * e-mails in the outbox (mail's table) or holds them in quiet hours, and names the recipients who
 * chose the text-message channel for the kind with a phone to reach. A national event told to
 * every producer is one statement, not one per producer. Then the text messages are queued in
 * notice_channel_outbox (multi-row inserts).
 */
import { sql, type SQL } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { users } from '../identity/identity.tables';
import { areas, producers } from '../registry/registry.tables';
import { notifications } from '../certification/certification.tables';
import { mailOutbox } from '../mail/mail.tables';
import { buyerOrgMembers, buyerOrgs, tradeDemandMatches } from '../trade/trade.tables';
import { noticeChannelOutbox, noticeChannelPreferences, noticeHeldMail, noticePreferences, noticeQuietHours } from './notices.tables';
import type { Audience } from './notices.policy';

/** Active officers of a province (the fallback rules ask whether there are any). */
const provinceOfficersExist = (provinceCode: string) =>
  sql`exists (select 1 from ${users} o where o.role = 'province_officer' and o.area_code = ${provinceCode} and not o.disabled)`;

/** Which accounts an audience names, as a condition on `u` (users), `pr` (their producer) and `m` (their organisation). */
function audienceWhere(a: Audience): SQL {
  switch (a.to) {
    case 'producer':
      return sql`u.role = 'producer' and u.producer_id = ${a.producerId}::uuid`;
    case 'province_officers':
      return sql`u.role = 'province_officer' and u.area_code = ${a.provinceCode}`;
    case 'commune_office':
      return sql`((u.role = 'commune_officer' and u.area_code = ${a.communeCode})
        or (u.role = 'province_officer' and u.area_code = ${a.provinceCode}
          and not exists (select 1 from ${users} c where c.role = 'commune_officer' and c.area_code = ${a.communeCode} and not c.disabled)))`;
    case 'report_handlers':
      return a.provinceCode === null
        ? sql`u.role = 'national_admin'`
        : sql`(u.role = 'province_officer' or u.role = 'inspector') and left(u.area_code, 2) = ${a.provinceCode}`;
    case 'province_office':
      return sql`((u.role = 'province_officer' and u.area_code = ${a.provinceCode})
        or (u.role = 'national_admin' and not ${provinceOfficersExist(a.provinceCode)}))`;
    case 'buyer_org':
      return sql`u.role = 'buyer' and m.org_id = ${a.orgId}::uuid`;
    case 'demand_matches':
      return sql`u.role = 'producer' and u.producer_id in (select dm.producer_id from ${tradeDemandMatches} dm where dm.demand_id = ${a.demandId}::uuid)`;
    case 'producers_in_province':
      return sql`u.role = 'producer' and pr.province_code = ${a.provinceCode}`;
    case 'all_producers':
      return sql`u.role = 'producer' and u.producer_id is not null`;
    case 'recall_handlers':
      return sql`(u.role = 'province_officer' or u.role = 'inspector') and (u.area_code = ${a.provinceCode}
        or (u.role = 'inspector' and u.area_code in (select c.code from ${areas} c where c.parent_code = ${a.provinceCode})))`;
    case 'buyer_accounts':
      // One parameter however many accounts (a recall may reach thousands of orders).
      return sql`u.role = 'buyer' and u.id in (select x.value::uuid from jsonb_array_elements_text(${JSON.stringify(a.userIds)}::jsonb) as x(value))`;
  }
}

/**
 * The accounts of an audience with where to write to them: the account's e-mail, else its
 * producer's or organisation's; the producer's or organisation's phone (accounts keep none).
 */
function audienceSql(a: Audience, exceptUserId: string | null): SQL {
  return sql`select u.id,
      coalesce(nullif(trim(u.email), ''), nullif(trim(pr.email), ''), nullif(trim(bo.email), '')) as email,
      coalesce(nullif(trim(pr.phone), ''), nullif(trim(bo.phone), '')) as phone
    from ${users} u
    left join ${producers} pr on pr.id = u.producer_id
    left join ${buyerOrgMembers} m on m.user_id = u.id
    left join ${buyerOrgs} bo on bo.id = m.org_id
    where not u.disabled and ${audienceWhere(a)}${exceptUserId ? sql` and u.id <> ${exceptUserId}::uuid` : sql``}`;
}

export interface DeliveryInput {
  audience: Audience;
  /** Who acted: not told of their own step. */
  exceptUserId: string | null;
  kind: string;
  title: string;
  body: string;
  link: string;
  dedupeKey: string;
  mailBody: string;
  now: Date;
  /** Minutes after midnight in Vietnam at `now` (quiet hours). */
  minute: number;
  /** Name the recipients who chose the text-message channel (only when one is set up). */
  texts: boolean;
  /** In the app only: no e-mail (sent nor held), whatever the recipients' preferences. */
  inAppOnly?: boolean;
}

export interface TextRecipient { userId: string; phone: string; startMinute: number | null; endMinute: number | null }
export interface Delivered { notices: number; emails: number; held: number; texts: TextRecipient[] }

/** One notice to its audience in one statement; only accounts told for the first time get mail or texts. */
export async function deliverNotice(ctx: Ctx, d: DeliveryInput): Promise<Delivered> {
  const at = d.now.toISOString();
  const m = d.minute;
  const [row] = await rows<{ notices: number; emails: number; held: number; texts: TextRecipient[] | string }>(exec(ctx), sql`
    with aud as (${audienceSql(d.audience, d.exceptUserId)}),
    ins as (
      insert into ${notifications} (user_id, kind, title, body, link, dedupe_key, created_at)
      select id, ${d.kind}, ${d.title}, ${d.body}, ${d.link}, ${d.dedupeKey}, ${at}::timestamptz from aud
      on conflict do nothing
      returning user_id
    ),
    rcpt as (
      select a.id, a.email, a.phone, (coalesce(p.email, true) and not ${d.inAppOnly === true}::boolean) as wants, q.start_minute, q.end_minute,
        (q.user_id is not null and q.start_minute <> q.end_minute and case when q.start_minute < q.end_minute
          then ${m}::int >= q.start_minute and ${m}::int < q.end_minute
          else ${m}::int >= q.start_minute or ${m}::int < q.end_minute end) as quiet
      from ins i join aud a on a.id = i.user_id
      left join ${noticePreferences} p on p.user_id = a.id and p.kind = ${d.kind}
      left join ${noticeQuietHours} q on q.user_id = a.id
    ),
    mail as (
      insert into ${mailOutbox} (to_address, subject, body, dedupe_key, created_at)
      select distinct r.email, ${d.title}, ${d.mailBody}, ${d.dedupeKey}, ${at}::timestamptz from rcpt r
      where r.wants and r.email is not null and not r.quiet
      on conflict do nothing
      returning 1
    ),
    held as (
      insert into ${noticeHeldMail} (user_id, to_address, subject, body, dedupe_key, held_at)
      select r.id, r.email, ${d.title}, ${d.mailBody}, ${d.dedupeKey}, ${at}::timestamptz from rcpt r
      where r.wants and r.email is not null and r.quiet
      on conflict do nothing
      returning 1
    )
    select (select count(*) from ins)::int as notices, (select count(*) from mail)::int as emails, (select count(*) from held)::int as held,
      coalesce((select json_agg(json_build_object('userId', r.id, 'phone', r.phone, 'startMinute', r.start_minute, 'endMinute', r.end_minute))
        from rcpt r join ${noticeChannelPreferences} c on c.user_id = r.id and c.kind = ${d.kind} and c.enabled
        where ${d.texts}::boolean and r.phone is not null), '[]'::json) as texts`);
  const texts = typeof row?.texts === 'string' ? (JSON.parse(row.texts) as TextRecipient[]) : (row?.texts ?? []);
  return { notices: row?.notices ?? 0, emails: row?.emails ?? 0, held: row?.held ?? 0, texts };
}

export type TextInsert = typeof noticeChannelOutbox.$inferInsert;

/** Rows per insert statement (8 parameters each: far below PostgreSQL's 65,535). */
const TEXT_CHUNK = 1000;

/** Queue text messages once per (channel, phone, dedupe key); returns how many were new. */
export async function queueTexts(ctx: Ctx, values: readonly TextInsert[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < values.length; i += TEXT_CHUNK) {
    const inserted = await exec(ctx).insert(noticeChannelOutbox).values(values.slice(i, i + TEXT_CHUNK))
      .onConflictDoNothing().returning({ id: noticeChannelOutbox.id });
    added += inserted.length;
  }
  return added;
}
