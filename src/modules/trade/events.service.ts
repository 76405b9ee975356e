/**
 * Trade events (issue 16, item 3): officers prepare an event as a draft, publish it for the public
 * and producers, edit it (version checked) and may cancel it. The public reads published events
 * (the calendar and the event page, the API's list); officers read the events of their area in
 * the back office. Event texts: title, summary and support are plain text (escaped when shown);
 * the body is rich text, sanitised by the maintained sanitiser when stored and shown as stored.
 */
import { inTx, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { ALL } from '../../core/scope';
import { formatDateVi, isIsoDate, todayInVietnam } from '../../domain/dates';
import { slugify } from '../../domain/text';
import { registrationGuard } from '../../domain/trade';
import { AppError, forbidden, notFound, problem, stringFieldsOf, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import { sanitizeRichText } from '../../web/rich-text';
import { recordAudit } from '../audit/audit.service';
import * as repo from './events.repository';
import { canHoldIn, canManageEvent, canReadEventAsOfficer, canSeeEvent, eventRowScope, isPublic, ownerProvinceFor } from './events.policy';
import {
  CancelSchema, EVENT_KIND_NAMES, EventFieldsSchema, EventPatchSchema,
  type EventDetailDto, type EventItemDto, type EventListQuery, type ExhibitorDto, type ManagedListQuery,
} from './events.schema';

/** The message of a stale write (409 conflict); pages say it in the reader's language. */
export const STALE = 'the event was changed meanwhile: reload it';

export const today = (ctx: Ctx) => todayInVietnam(ctx.deps.clock());
/** The public event page. */
export const eventPath = (id: string) => `/su-kien/${id}`;
/** A product's public catalogue page (the portal's address: /san-pham/<slug>-<id>). */
export const catalogueProductPath = (id: string, name: string) => `/san-pham/${slugify(name) || 'san-pham'}-${id}`;
/** The booth plan image of an event. */
export const boothPlanPath = (id: string) => `/anh/su-kien/${id}/so-do`;
/** OpenStreetMap centred on the venue, with a marker (a link: no map script or tiles on our pages). */
export const mapUrl = (lat: number | null, lon: number | null) =>
  (lat === null || lon === null ? null : `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`);

/** Whole đồng as people read them: "1.500.000 ₫". */
export const dong = (n: number) => `${n.toLocaleString('vi-VN')} ₫`;
/** "12/07/2026" or "12/07/2026 – 15/07/2026". */
export const dateRange = (from: string, to: string) => (from === to ? formatDateVi(from) : `${formatDateVi(from)} – ${formatDateVi(to)}`);

const facts = (e: repo.EventRecord) => ({ ownerProvinceCode: e.ownerProvinceCode, provinceCode: e.provinceCode, status: e.status });

// ─── Answers ─────────────────────────────────────────────────────────────────

function exhibitorMap(found: Awaited<ReturnType<typeof repo.exhibitorsOf>>): Map<string, ExhibitorDto[]> {
  const brought = new Map<string, ExhibitorDto['products']>();
  for (const p of found.products) {
    const list = brought.get(p.registration_id) ?? [];
    list.push({ id: p.product_id, name: p.name, stars: p.stars === null ? null : Number(p.stars), url: catalogueProductPath(p.product_id, p.name) });
    brought.set(p.registration_id, list);
  }
  const out = new Map<string, ExhibitorDto[]>();
  for (const x of found.exhibitors) {
    const list = out.get(x.event_id) ?? [];
    list.push({ producer: { id: x.producer_id, name: x.producer_name }, booth: x.booth, products: brought.get(x.registration_id) ?? [] });
    out.set(x.event_id, list);
  }
  return out;
}

function toItem(v: repo.EventView, exhibitors: ExhibitorDto[]): EventItemDto {
  const e = v.event;
  return {
    id: e.id, kind: e.kind, kindName: EVENT_KIND_NAMES[e.kind].vi, title: e.title, summary: e.summary, startsOn: e.startsOn, endsOn: e.endsOn, status: e.status,
    venue: {
      name: e.venueName, address: e.venueAddress, communeCode: e.venueCommuneCode, communeName: v.communeName, provinceCode: e.provinceCode, provinceName: v.provinceName,
      latitude: e.latitude, longitude: e.longitude, mapUrl: mapUrl(e.latitude, e.longitude),
    },
    organiser: e.organiser, url: eventPath(e.id), exhibitors, isSample: e.isSample,
  };
}

/** Whether producers may register today (published, before closing, below the quota). */
export const registrationOpen = (v: repo.EventView, day: string) => v.event.status === 'published'
  && registrationGuard({ startsOn: v.event.startsOn, registrationClosesOn: v.event.registrationClosesOn, boothQuota: v.event.boothQuota, approved: v.approved }, day).ok;

function toDetail(ctx: Ctx, v: repo.EventView, exhibitors: ExhibitorDto[]): EventDetailDto {
  const e = v.event;
  const manage = ctx.actor ? canManageEvent(ctx.actor, e) : false;
  const open = registrationOpen(v, today(ctx));
  const mayRegister = ctx.actor !== null && ['producer', 'national_admin', 'province_officer', 'commune_officer'].includes(ctx.actor.role);
  return {
    ...toItem(v, exhibitors),
    body: e.body, registrationClosesOn: e.registrationClosesOn, registrationOpen: open, boothQuota: e.boothQuota, boothFee: e.boothFee, support: e.support,
    approved: v.approved, boothPlan: e.boothPlanKey ? boothPlanPath(e.id) : null, ownerProvinceCode: e.ownerProvinceCode, ownerProvinceName: v.ownerName, national: e.ownerProvinceCode === null,
    version: e.version, createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString(),
    actions: {
      edit: manage && e.status !== 'cancelled', publish: manage && e.status === 'draft', cancel: manage && e.status !== 'cancelled',
      register: open && mayRegister,
    },
  };
}

async function detailOf(ctx: Ctx, v: repo.EventView): Promise<EventDetailDto> {
  const found = await repo.exhibitorsOf(ctx, [v.event.id], today(ctx));
  return toDetail(ctx, v, exhibitorMap(found).get(v.event.id) ?? []);
}

async function itemsOf(ctx: Ctx, views: repo.EventView[], withExhibitors: boolean): Promise<EventItemDto[]> {
  const map = withExhibitors ? exhibitorMap(await repo.exhibitorsOf(ctx, views.map((v) => v.event.id), today(ctx))) : new Map<string, ExhibitorDto[]>();
  return views.map((v) => toItem(v, map.get(v.event.id) ?? []));
}

// ─── Public reads ────────────────────────────────────────────────────────────

/** api.md: the published events (of a period, province, kind), each with its exhibitors. */
export async function listPublicEvents(ctx: Ctx, q: EventListQuery) {
  const { items, total } = await repo.listEvents(ctx, ALL, {
    status: 'published', from: q.from, to: q.to, province: q.province, kind: q.kind, limit: q.pageSize, offset: (q.page - 1) * q.pageSize,
  });
  return { items: await itemsOf(ctx, items, true), total, page: q.page, pageSize: q.pageSize };
}

export interface CalendarQuery { province?: string | undefined; kind?: EventListQuery['kind']; month?: string | undefined; page: number }
export interface CalendarEntry { item: EventItemDto; exhibitors: number }
export const CALENDAR_UPCOMING_MAX = 100;
export const CALENDAR_PAST_PAGE = 12;

const monthBounds = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
};

/** The public calendar: events under way or to come (soonest first) and past ones (latest first, by pages). */
export async function eventCalendar(ctx: Ctx, q: CalendarQuery) {
  const day = today(ctx);
  const period = q.month ? monthBounds(q.month) : {};
  const base = { status: 'published' as const, province: q.province, kind: q.kind, ...period };
  const [upcoming, past] = await Promise.all([
    repo.listEvents(ctx, ALL, { ...base, when: { side: 'upcoming', today: day }, limit: CALENDAR_UPCOMING_MAX, offset: 0 }),
    repo.listEvents(ctx, ALL, { ...base, when: { side: 'past', today: day }, limit: CALENDAR_PAST_PAGE, offset: (q.page - 1) * CALENDAR_PAST_PAGE }),
  ]);
  const entries = async (views: repo.EventView[]) => (await itemsOf(ctx, views, false)).map((item, i) => ({ item, exhibitors: views[i]!.approved }));
  return {
    today: day,
    upcoming: await entries(upcoming.items),
    past: { items: await entries(past.items), total: past.total, page: q.page, pageSize: CALENDAR_PAST_PAGE },
  };
}

/**
 * One event: published events for everyone; a draft or cancelled event only for the officers who
 * read it in the back office (a preview), and for producers a cancelled one they registered for.
 */
export async function getEvent(ctx: Ctx, id: string): Promise<EventDetailDto> {
  const v = await repo.findEvent(ctx, id);
  if (!v) throw notFound('event');
  if (!isPublic(v.event) && !(ctx.actor && canSeeEvent(ctx.actor, facts(v.event)))) throw notFound('event');
  return detailOf(ctx, v);
}

/** The event as the back office reads it (officers in scope; producers once published). */
export async function visibleEvent(ctx: Ctx, id: string): Promise<repo.EventView> {
  const actor = requireActor(ctx);
  const v = await repo.findEvent(ctx, id);
  if (!v || !canSeeEvent(actor, facts(v.event))) throw notFound('event');
  return v;
}

/** The event for its officers' reads (registrations, report): 404 otherwise. */
export async function officerEvent(ctx: Ctx, id: string): Promise<repo.EventView> {
  const actor = requireActor(ctx);
  const v = await repo.findEvent(ctx, id);
  if (!v || !canReadEventAsOfficer(actor, facts(v.event))) throw notFound('event');
  return v;
}

/** The event for a change by its managers: 404 when out of reach, 403 when only readable. */
export async function managedEvent(ctx: Ctx, id: string): Promise<repo.EventView> {
  const v = await officerEvent(ctx, id);
  if (!canManageEvent(requireActor(ctx), v.event)) throw new AppError('forbidden', 'only the office that runs the event may change it');
  return v;
}

export async function getEventForStaff(ctx: Ctx, id: string): Promise<EventDetailDto> {
  return detailOf(ctx, await visibleEvent(ctx, id));
}

/** The back office's list: the events of the caller's area, any status (producers: published and cancelled ones). */
export async function listManagedEvents(ctx: Ctx, q: ManagedListQuery) {
  const actor = requireActor(ctx);
  const { items, total } = await repo.listEvents(ctx, eventRowScope(actor), {
    status: q.status, from: q.from, to: q.to, province: q.province, kind: q.kind, q: q.q, order: 'desc', limit: q.pageSize, offset: (q.page - 1) * q.pageSize,
  });
  return { items: items.map((v) => toDetail(ctx, v, [])), total, page: q.page, pageSize: q.pageSize };
}

// ─── Writes ──────────────────────────────────────────────────────────────────

const has = (raw: unknown, k: string) => !!raw && typeof raw === 'object' && k in raw;
const realDay = (s: string) => isIsoDate(s) && s >= '2000-01-01' && s <= '2100-12-31';

/**
 * Every problem of an event's fields at once: the schema's, real dates in order (the event ends on
 * or after it starts; registration closes by its end), coordinates in pairs, a known commune the
 * caller may hold events in, and a quota not below the exhibitors approved already.
 */
async function checkFields(ctx: Ctx, raw: unknown, current: repo.EventView | null) {
  const parsed = (current ? EventPatchSchema : EventFieldsSchema).safeParse(raw ?? {});
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  const s = stringFieldsOf(raw, ['startsOn', 'endsOn', 'registrationClosesOn', 'venueCommuneCode'] as const);
  const pick = (k: 'startsOn' | 'endsOn' | 'registrationClosesOn') => (has(raw, k) ? (s[k]?.trim() || null) : (current?.event[k] ?? null));
  const [starts, ends, closes] = [pick('startsOn'), pick('endsOn'), pick('registrationClosesOn')];
  for (const [k, d] of [['startsOn', starts], ['endsOn', ends], ['registrationClosesOn', closes]] as const) {
    if (d && !realDay(d)) fields[k] ??= problem('trade_event.not_date');
  }
  if (starts && ends && realDay(starts) && realDay(ends) && ends < starts) fields.endsOn ??= problem('trade_event.ends_before_start');
  if (closes && ends && realDay(closes) && realDay(ends) && closes > ends) fields.registrationClosesOn ??= problem('trade_event.closes_after_end');
  const num = (k: 'latitude' | 'longitude') => (has(raw, k) ? (raw as Record<string, unknown>)[k] ?? null : current?.event[k] ?? null);
  if ((num('latitude') === null) !== (num('longitude') === null)) fields[num('latitude') === null ? 'latitude' : 'longitude'] ??= problem('trade_event.coordinates_pair');
  if (current && parsed.success && parsed.data.boothQuota != null && parsed.data.boothQuota < current.approved) {
    fields.boothQuota ??= problem('trade_event.quota_below_approved', { n: current.approved });
  }
  let commune: Awaited<ReturnType<typeof repo.findCommune>> = null;
  const code = s.venueCommuneCode?.trim();
  if ((has(raw, 'venueCommuneCode') || !current) && !fields.venueCommuneCode) {
    if (!code) fields.venueCommuneCode = problem('trade_event.choose_commune');
    else if (!(commune = await repo.findCommune(ctx, code))) fields.venueCommuneCode = problem('trade_event.unknown_commune');
    else if (!canHoldIn(requireActor(ctx), commune.provinceCode)) { fields.venueCommuneCode = problem('trade_event.outside_area'); commune = null; }
  }
  if (!parsed.success || Object.keys(fields).length) throw validation(fields);
  return { data: parsed.data, commune };
}

const snapshot = (e: repo.EventRecord) => ({
  kind: e.kind, title: e.title, startsOn: e.startsOn, endsOn: e.endsOn, registrationClosesOn: e.registrationClosesOn, venueName: e.venueName,
  venueAddress: e.venueAddress, venueCommuneCode: e.venueCommuneCode, provinceCode: e.provinceCode, ownerProvinceCode: e.ownerProvinceCode,
  latitude: e.latitude, longitude: e.longitude, organiser: e.organiser, boothQuota: e.boothQuota, boothFee: e.boothFee, status: e.status, version: e.version,
});

export async function createEvent(ctx: Ctx, raw: unknown, opts: { isSample?: boolean } = {}): Promise<EventDetailDto> {
  const actor = requireActor(ctx);
  const owner = ownerProvinceFor(actor);
  if (owner === undefined) throw forbidden();
  const { data, commune } = await checkFields(ctx, raw, null);
  const input = EventFieldsSchema.parse(data);
  const now = ctx.deps.clock();
  const row = await inTx(ctx, async (tx) => {
    const r = await repo.insertEvent(tx, {
      kind: input.kind, title: input.title, summary: input.summary, body: sanitizeRichText(input.body), startsOn: input.startsOn, endsOn: input.endsOn,
      registrationClosesOn: input.registrationClosesOn ?? null, venueName: input.venueName, venueAddress: input.venueAddress,
      venueCommuneCode: commune!.code, provinceCode: commune!.provinceCode, latitude: input.latitude ?? null, longitude: input.longitude ?? null,
      organiser: input.organiser, ownerProvinceCode: owner, boothQuota: input.boothQuota ?? null, boothFee: input.boothFee, support: input.support,
      createdBy: actor.userId,
      isSample: opts.isSample ?? false, createdAt: now, updatedAt: now,
    });
    await recordAudit(tx, { action: 'trade_event.create', entityType: 'trade_event', entityId: r.id, provinceCode: r.provinceCode, after: snapshot(r) });
    return r;
  });
  return getEventForStaff(ctx, row.id);
}

/** Edit a draft or published event; a stale `version` (or a change meanwhile) → 409 conflict. */
export async function updateEvent(ctx: Ctx, id: string, raw: unknown): Promise<EventDetailDto> {
  const v = await managedEvent(ctx, id);
  if (v.event.status === 'cancelled') throw new AppError('invalid_transition', 'a cancelled event is kept as it was');
  const { data, commune } = await checkFields(ctx, raw, v);
  const input = EventPatchSchema.parse(data);
  if (input.version !== undefined && input.version !== v.event.version) throw new AppError('conflict', STALE);
  const { version: _v, body, venueCommuneCode: _c, ...rest } = input;
  const values: Partial<repo.NewEvent> = Object.fromEntries(Object.entries(rest).filter(([, x]) => x !== undefined));
  if (body !== undefined) values.body = sanitizeRichText(body);
  if (commune) { values.venueCommuneCode = commune.code; values.provinceCode = commune.provinceCode; }
  values.updatedAt = ctx.deps.clock();
  const row = await inTx(ctx, async (tx) => {
    const r = await repo.updateEventIf(tx, v.event.id, v.event.version, values);
    if (!r) throw new AppError('conflict', STALE);
    await recordAudit(tx, { action: 'trade_event.update', entityType: 'trade_event', entityId: r.id, provinceCode: r.provinceCode, before: snapshot(v.event), after: snapshot(r) });
    return r;
  });
  return getEventForStaff(ctx, row.id);
}

export async function publishEvent(ctx: Ctx, id: string, version?: number): Promise<EventDetailDto> {
  const v = await managedEvent(ctx, id);
  if (v.event.status !== 'draft') throw new AppError('invalid_transition', `a ${v.event.status} event cannot be published`);
  if (version !== undefined && version !== v.event.version) throw new AppError('conflict', STALE);
  await inTx(ctx, async (tx) => {
    const r = await repo.updateEventIf(tx, v.event.id, v.event.version, { status: 'published', updatedAt: ctx.deps.clock() });
    if (!r) throw new AppError('conflict', STALE);
    await recordAudit(tx, {
      action: 'trade_event.publish', entityType: 'trade_event', entityId: r.id, provinceCode: r.provinceCode,
      after: { title: r.title, provinceCode: r.provinceCode, ownerProvinceCode: r.ownerProvinceCode, national: r.ownerProvinceCode === null, startsOn: r.startsOn, endsOn: r.endsOn, kind: r.kind },
    });
  });
  return getEventForStaff(ctx, v.event.id);
}

export async function cancelEvent(ctx: Ctx, id: string, raw: { version?: number | undefined; reason?: string | undefined }): Promise<EventDetailDto> {
  const v = await managedEvent(ctx, id);
  const parsed = CancelSchema.safeParse(raw ?? {});
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const input = parsed.data;
  if (v.event.status === 'cancelled') throw new AppError('invalid_transition', 'the event is cancelled already');
  if (input.version !== undefined && input.version !== v.event.version) throw new AppError('conflict', STALE);
  const reason = input.reason;
  await inTx(ctx, async (tx) => {
    const r = await repo.updateEventIf(tx, v.event.id, v.event.version, { status: 'cancelled', updatedAt: ctx.deps.clock() });
    if (!r) throw new AppError('conflict', STALE);
    await recordAudit(tx, {
      action: 'trade_event.cancel', entityType: 'trade_event', entityId: r.id, provinceCode: r.provinceCode,
      before: { status: v.event.status }, after: { title: r.title, provinceCode: r.provinceCode, ownerProvinceCode: r.ownerProvinceCode, national: r.ownerProvinceCode === null, reason },
    });
  });
  return getEventForStaff(ctx, v.event.id);
}

// ─── Choices for forms and filters ───────────────────────────────────────────

/** Communes the actor may hold an event in: their province's (province officers), or null (national: they type a code). */
export async function venueChoices(ctx: Ctx): Promise<{ code: string; name: string }[] | null> {
  const actor = requireActor(ctx);
  if (actor.role === 'province_officer' && actor.areaCode) return repo.communesOf(ctx, actor.areaCode);
  return null;
}

export const provinceChoices = (ctx: Ctx) => repo.provinces(ctx);
