/**
 * Which audit event becomes which notice, for whom (pure). The dispatcher (notices.dispatch.ts)
 * reads new audit rows, loads the facts of each (the dossier, certificate or report it names) and
 * asks `noticesFor` what to say: producers hear of every step of their dossiers and certificates;
 * officers of new dossiers and suspected fakes in their area; trade steps (trade-notices.policy.ts)
 * and lot recalls (trace-notices.policy.ts) have their own. Also the quiet-hours arithmetic.
 */
import { formatDateVi } from '../../domain/dates';
import { BUYER_KINDS, TRADE_ACTIONS, TRADE_OFFICER_KINDS, TRADE_PRODUCER_KINDS, tradeNotices, type TradeFacts } from './trade-notices.policy';
import { TRACE_ACTIONS, TRACE_BUYER_KINDS, TRACE_OFFICER_KINDS, TRACE_PRODUCER_KINDS, traceNotices, type TraceFacts } from './trace-notices.policy';

/** Kinds a producer receives. */
export const PRODUCER_KINDS = [
  'dossier_returned', 'dossier_forwarded', 'dossier_received', 'dossier_scheduled', 'dossier_scored',
  'dossier_decided', 'certificate_issued', 'certificate_revoked', 'dossier_handed_over', ...TRADE_PRODUCER_KINDS,
  ...TRACE_PRODUCER_KINDS,
] as const;
/** Kinds an officer receives. */
export const OFFICER_KINDS = ['dossier_submitted', 'dossier_to_receive', 'fake_report', ...TRADE_OFFICER_KINDS, ...TRACE_OFFICER_KINDS] as const;
export { BUYER_KINDS };
/** Kinds told in the app only (no e-mail, no text message): their mail goes out another way. */
export const IN_APP_ONLY_KINDS = TRACE_BUYER_KINDS;
export const NOTICE_KINDS = [...new Set([...PRODUCER_KINDS, ...OFFICER_KINDS, ...BUYER_KINDS, ...IN_APP_ONLY_KINDS])] as readonly NoticeKind[];
export type NoticeKind = (typeof PRODUCER_KINDS)[number] | (typeof OFFICER_KINDS)[number] | (typeof BUYER_KINDS)[number] | (typeof IN_APP_ONLY_KINDS)[number];

/** The audit actions that may become notices (the dispatcher reads only these). */
export const NOTICE_ACTIONS = [
  'dossier.submit', 'dossier.return', 'dossier.forward', 'dossier.receive', 'dossier.assign', 'dossier.evaluate',
  'dossier.recognise', 'dossier.reject', 'dossier.handover', 'certificate.issue', 'certificate.revoke', 'fake_report.create',
  ...TRADE_ACTIONS, ...TRACE_ACTIONS,
] as const;

export interface AuditEvent {
  id: number;
  action: string;
  entityType: string;
  entityId: string;
  provinceCode: string | null;
  after: unknown;
  /** Who acted (null for the system): never told of their own step. */
  actorUserId?: string | null;
}

export interface DossierFacts {
  type: 'dossier';
  id: string;
  number: string;
  productName: string;
  producerId: string;
  communeCode: string;
  provinceCode: string;
  /** The comment of the timeline step this audit row records (a return's reason, a decision's number). */
  comment: string | null;
  /** The round the dossier was last put in. */
  round: { name: string; sessionDate: string } | null;
}
export interface CertificateFacts {
  type: 'certificate';
  number: string;
  productName: string;
  producerId: string;
  stars: number;
  reason: string | null;
}
export interface ReportFacts { type: 'fake_report'; reference: string; code: string; provinceCode: string | null }
export type Facts = DossierFacts | CertificateFacts | ReportFacts | TradeFacts | TraceFacts;

/** Who a notice goes to; the repository turns this into user accounts. */
export type Audience =
  | { to: 'producer'; producerId: string }
  /** Commune officers of the commune, or the province officers when the commune has none. */
  | { to: 'commune_office'; communeCode: string; provinceCode: string }
  | { to: 'province_officers'; provinceCode: string }
  /** Who handles suspected-fake reports: the province's officers and inspectors; national administrators for unknown codes. */
  | { to: 'report_handlers'; provinceCode: string | null }
  /** The province's officers; the national administrators when the province has none. */
  | { to: 'province_office'; provinceCode: string }
  /** The member accounts of a buyer organisation. */
  | { to: 'buyer_org'; orgId: string }
  /** The users of every producer whose product matched a demand (set-based: may be hundreds). */
  | { to: 'demand_matches'; demandId: string }
  | { to: 'producers_in_province'; provinceCode: string }
  /** Every producer's users (a national event). */
  | { to: 'all_producers' }
  /** Who handles a recall: the province's officers and its inspectors (of the province or one of its communes). */
  | { to: 'recall_handlers'; provinceCode: string }
  /** Buyer accounts (role buyer) named one by one: those whose marketplace orders may hold a recalled lot. */
  | { to: 'buyer_accounts'; userIds: readonly string[] };

export type NoticeParams = Record<string, string | number>;

export interface Notice {
  kind: NoticeKind;
  /** Picks the message `notices.msg.<kind>[.<variant>]`. */
  variant: string | null;
  audience: Audience;
  params: NoticeParams;
  link: string;
  /** Told in the app only: no e-mail and no text message, whatever the preferences. */
  inAppOnly?: boolean;
}

const dossierLink = (d: DossierFacts) => `/admin/dossiers/${d.id}`;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

/** The notices one audit event gives, given the facts of the record it names (none when the facts are missing). */
export function noticesFor(event: AuditEvent, facts: Facts | null): Notice[] {
  if (!facts) return [];
  if (facts.type === 'dossier') return dossierNotices(event, facts);
  if (facts.type === 'trace_recall') return traceNotices(event, facts);
  if (facts.type !== 'certificate' && facts.type !== 'fake_report') return tradeNotices(event, facts);
  if (facts.type === 'certificate') {
    const params = { number: facts.number, product: facts.productName, stars: facts.stars, reason: facts.reason ?? '' };
    const link = `/admin/certificates/${encodeURIComponent(facts.number)}`;
    const producer: Audience = { to: 'producer', producerId: facts.producerId };
    if (event.action === 'certificate.issue') return [{ kind: 'certificate_issued', variant: null, audience: producer, params, link }];
    if (event.action === 'certificate.revoke') return [{ kind: 'certificate_revoked', variant: null, audience: producer, params, link }];
    return [];
  }
  if (event.action !== 'fake_report.create') return [];
  return [{
    kind: 'fake_report', variant: null, audience: { to: 'report_handlers', provinceCode: facts.provinceCode },
    params: { reference: facts.reference, code: facts.code }, link: '/admin/reports',
  }];
}

function dossierNotices(event: AuditEvent, d: DossierFacts): Notice[] {
  const producer: Audience = { to: 'producer', producerId: d.producerId };
  const params: NoticeParams = { number: d.number, product: d.productName };
  const link = dossierLink(d);
  const one = (kind: NoticeKind, extra: NoticeParams = {}, variant: string | null = null, audience: Audience = producer): Notice =>
    ({ kind, variant, audience, params: { ...params, ...extra }, link });
  const after = (event.after ?? {}) as Record<string, unknown>;
  switch (event.action) {
    case 'dossier.submit':
      return [one('dossier_submitted', {}, null, { to: 'commune_office', communeCode: d.communeCode, provinceCode: d.provinceCode })];
    case 'dossier.return':
      return [one('dossier_returned', { comment: d.comment?.trim() || '—' })];
    case 'dossier.forward':
      return [one('dossier_forwarded'), one('dossier_to_receive', {}, null, { to: 'province_officers', provinceCode: d.provinceCode })];
    case 'dossier.receive':
      return [one('dossier_received')];
    case 'dossier.handover':
      return [one('dossier_handed_over')];
    case 'dossier.assign':
      return d.round ? [one('dossier_scheduled', { round: d.round.name, date: formatDateVi(d.round.sessionDate) })] : [one('dossier_scheduled', {}, 'undated')];
    case 'dossier.evaluate': {
      const score = num(after.meanScore);
      const stars = num(after.recognisedStars);
      const round = d.round?.name ?? d.comment ?? '';
      if (after.eliminated === true) return [one('dossier_scored', { round }, 'eliminated')];
      if (stars === null) return [one('dossier_scored', { round, score: score ?? '—' }, 'unranked')];
      return [one('dossier_scored', { round, score: score ?? '—', stars })];
    }
    case 'dossier.recognise':
      return [one('dossier_decided', { decision: d.comment ?? '' }, 'recognised')];
    case 'dossier.reject':
      return [one('dossier_decided', {}, 'not_recognised')];
    default:
      return [];
  }
}

// ---- quiet hours ------------------------------------------------------------------------------

/** Vietnam keeps UTC+7 all year (no daylight saving). */
const VN_OFFSET_MINUTES = 7 * 60;
export const MINUTES_PER_DAY = 24 * 60;

export interface QuietHours { startMinute: number; endMinute: number }

/** Minutes after local midnight in Vietnam. */
export function vietnamMinute(now: Date): number {
  const m = Math.floor(now.getTime() / 60_000) + VN_OFFSET_MINUTES;
  return ((m % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
}

/** Whether `now` falls in the quiet hours [start, end) (start > end spans midnight; start = end: none). */
export function inQuietHours(q: QuietHours | null | undefined, now: Date): boolean {
  if (!q || q.startMinute === q.endMinute) return false;
  const m = vietnamMinute(now);
  return q.startMinute < q.endMinute ? m >= q.startMinute && m < q.endMinute : m >= q.startMinute || m < q.endMinute;
}

/** When the quiet hours `now` falls in end (the next end minute, Vietnam time); `now` itself when outside them. */
export function quietHoursOver(q: QuietHours | null | undefined, now: Date): Date {
  if (!q || !inQuietHours(q, now)) return now;
  const wait = (q.endMinute - vietnamMinute(now) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const minuteStart = Math.floor(now.getTime() / 60_000) * 60_000;
  return new Date(minuteStart + wait * 60_000);
}

/** "HH:MM" → minutes after midnight; null when not a time of day. */
export function parseTimeOfDay(s: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Minutes after midnight → "HH:MM". */
export function formatTimeOfDay(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** Whether e-mail of this kind is on for a user (no choice stored: on). */
export function emailWanted(choices: ReadonlyMap<string, boolean> | undefined, kind: NoticeKind): boolean {
  return choices?.get(kind) ?? true;
}

/** The kinds a role receives in the app only (its preferences page names them, without a choice). */
export function inAppOnlyKindsForRole(role: string): readonly NoticeKind[] {
  return role === 'buyer' ? IN_APP_ONLY_KINDS : [];
}

/** The kinds a role can receive (what its preferences page lists). */
export function kindsForRole(role: string): readonly NoticeKind[] {
  switch (role) {
    case 'producer': return PRODUCER_KINDS;
    case 'buyer': return BUYER_KINDS;
    case 'commune_officer': return ['dossier_submitted'];
    case 'province_officer': return ['dossier_submitted', 'dossier_to_receive', 'fake_report', 'buyer_org_registered', ...TRACE_OFFICER_KINDS];
    case 'inspector': return ['fake_report', ...TRACE_OFFICER_KINDS];
    case 'national_admin': return ['fake_report', 'buyer_org_registered'];
    default: return [];
  }
}
