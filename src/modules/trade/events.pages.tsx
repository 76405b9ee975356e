/**
 * The public pages of trade events: the calendar (/su-kien: under way and to come, then past
 * events, grouped by month, filtered by province, kind and month) and one event (/su-kien/:id:
 * dates, venue with a link to the map, organiser, fee and support, exhibitors with their booths
 * and products). Phone first: one column; from 960 px the facts sit beside the text. No map
 * script or tiles: the venue is a link to OpenStreetMap (and a geo: link phones open in their
 * map application).
 */
import type { ComponentChildren, VNode } from 'preact';
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { SelectField } from '../../web/components/form';
import { Breadcrumbs, DescriptionList, Notice } from '../../web/components/page';
import { SampleBadge, Stars, StatusBadge } from '../../web/components/badges';
import { Pagination } from '../../web/components/pagination';
import { pagerLabels } from '../../web/components/pager';
import { dayBefore, formatDateVi } from '../../domain/dates';
import type { Locale } from '../../core/i18n';
import type { OpenGraph } from '../../web/components/share';
import { renderToString } from 'preact-render-to-string';
import { EVENT_KIND_NAMES, TRADE_EVENT_KINDS, type EventDetailDto, type EventItemDto } from './events.schema';
import { dateRange, dong, type CalendarEntry, type CalendarQuery } from './events.service';

export { dateRange, dong };

export const CALENDAR_PATH = '/su-kien';
export const kindName = (locale: Locale, kind: EventItemDto['kind']) => EVENT_KIND_NAMES[kind][locale];
const monthOf = (day: string) => day.slice(0, 7);

type NavKey = 'home' | 'products' | 'market' | 'news' | 'events' | 'verify' | 'openData';

/**
 * The portal's public layout and navigation (as portal/portal-page.tsx's, which this module may
 * not import), with the events' entry current.
 */
export function EventsShell({ view, title, og, children }: { view: View; title: string; og?: OpenGraph | undefined; children: ComponentChildren }) {
  const { t } = view;
  const nav: { key: NavKey; href: string; label: string }[] = [
    { key: 'home', href: '/', label: t('portal.nav.home') },
    { key: 'products', href: '/san-pham', label: t('portal.nav.products') },
    { key: 'market', href: '/cho-ocop', label: t('portal.nav.market') },
    { key: 'news', href: '/tin-tuc', label: t('promo.nav') },
    { key: 'events', href: CALENDAR_PATH, label: t('events.nav') },
    { key: 'verify', href: '/v', label: t('portal.nav.verify') },
    { key: 'openData', href: '/du-lieu-mo', label: t('portal.nav.openData') },
  ];
  return (
    <Layout view={view} title={title} variant="public" og={og}>
      <nav class="portal-nav" aria-label={t('portal.nav')}>
        <ul>{nav.map((n) => <li><a href={n.href} aria-current={n.key === 'events' ? 'page' : undefined}>{n.label}</a></li>)}</ul>
      </nav>
      {children}
    </Layout>
  );
}

function KindPill({ view, kind }: { view: View; kind: EventItemDto['kind'] }) {
  return <span class="outlet-kind">{kindName(view.locale, kind)}</span>;
}

function StateNote({ view, e, today }: { view: View; e: EventItemDto; today: string }) {
  const { t } = view;
  if (e.status === 'cancelled') return <StatusBadge tone="danger">{t('events.status.cancelled')}</StatusBadge>;
  if (e.status === 'draft') return <StatusBadge tone="neutral">{t('events.status.draft')}</StatusBadge>;
  if (e.startsOn <= today && today <= e.endsOn) return <StatusBadge tone="success">{t('events.when.now')}</StatusBadge>;
  if (e.endsOn < today) return <StatusBadge tone="neutral">{t('events.when.past')}</StatusBadge>;
  return null;
}

function EventEntry({ view, entry, today }: { view: View; entry: CalendarEntry; today: string }) {
  const { t } = view;
  const e = entry.item;
  return (
    <li class="outlet">
      <p><KindPill view={view} kind={e.kind} /> <StateNote view={view} e={e} today={today} /></p>
      <h4 class="side-card-title"><a href={e.url}>{e.title}</a></h4>
      <p><strong>{dateRange(e.startsOn, e.endsOn)}</strong></p>
      <p class="outlet-address">{[e.venue.name, e.venue.provinceName].filter(Boolean).join(' · ')}</p>
      {e.summary ? <p>{e.summary}</p> : null}
      <p class="muted">{t('events.organiser')}: {e.organiser}{entry.exhibitors ? ` · ${t('events.exhibitorsN', { n: entry.exhibitors })}` : ''}</p>
      {e.isSample ? <SampleBadge label={t('common.sample')} /> : null}
    </li>
  );
}

/** Entries grouped by the month they start in (the list's order kept). */
function byMonth(entries: CalendarEntry[]): [string, CalendarEntry[]][] {
  const groups: [string, CalendarEntry[]][] = [];
  for (const entry of entries) {
    const m = monthOf(entry.item.startsOn);
    const last = groups[groups.length - 1];
    if (last && last[0] === m) last[1].push(entry); else groups.push([m, [entry]]);
  }
  return groups;
}

const monthLabel = (view: View, month: string) => view.t('events.month', { m: Number(month.slice(5, 7)), y: month.slice(0, 4) });

function MonthGroups({ view, entries, today, level }: { view: View; entries: CalendarEntry[]; today: string; level: 'upcoming' | 'past' }) {
  return (
    <>
      {byMonth(entries).map(([month, list]) => (
        <section class="card" aria-labelledby={`m-${level}-${month}`}>
          <h3 id={`m-${level}-${month}`} class="card-title">{monthLabel(view, month)}</h3>
          <ul class="outlet-list">{list.map((entry) => <EventEntry view={view} entry={entry} today={today} />)}</ul>
        </section>
      ))}
    </>
  );
}

/** The months a visitor may pick: a year back and a year ahead of today. */
export function monthChoices(today: string): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let k = -12; k <= 12; k++) {
    const d = new Date(Date.UTC(y, m - 1 + k, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

export function calendarHref(q: CalendarQuery, page = q.page): string {
  const p = new URLSearchParams();
  if (q.province) p.set('province', q.province);
  if (q.kind) p.set('kind', q.kind);
  if (q.month) p.set('month', q.month);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `${CALENDAR_PATH}?${s}` : CALENDAR_PATH;
}

export interface CalendarProps {
  view: View;
  q: CalendarQuery;
  today: string;
  upcoming: CalendarEntry[];
  past: { items: CalendarEntry[]; total: number; page: number; pageSize: number };
  provinces: { code: string; name: string }[];
  og?: OpenGraph;
}

export function CalendarPage({ view, q, today, upcoming, past, provinces, og }: CalendarProps) {
  const { t } = view;
  return (
    <EventsShell view={view} title={t('events.calendar.title')} og={og}>
      <div class="portal-page">
        <header class="portal-hero">
          <h1>{t('events.calendar.title')}</h1>
          <p class="lead">{t('events.calendar.lead')}</p>
        </header>
        <form method="get" action={CALENDAR_PATH} class="market-search" role="search" aria-label={t('events.filter')}>
          <div class="market-filters">
            <SelectField name="province" label={t('events.province')} value={q.province ?? ''} placeholder={t('common.all')}
              options={provinces.map((p) => ({ value: p.code, label: p.name }))} />
            <SelectField name="kind" label={t('events.kind')} value={q.kind ?? ''} placeholder={t('common.all')}
              options={TRADE_EVENT_KINDS.map((k) => ({ value: k, label: kindName(view.locale, k) }))} />
            <SelectField name="month" label={t('events.monthFilter')} value={q.month ?? ''} placeholder={t('common.all')}
              options={monthChoices(today).map((m) => ({ value: m, label: monthLabel(view, m) }))} />
          </div>
          <button type="submit" class="btn btn-primary">{t('events.filterSubmit')}</button>
          {(q.province || q.kind || q.month) ? <> <a class="btn btn-link" href={CALENDAR_PATH}>{t('events.filterReset')}</a></> : null}
        </form>
        <section aria-labelledby="upcoming-h">
          <h2 id="upcoming-h">{t('events.upcoming')}</h2>
          {upcoming.length ? <MonthGroups view={view} entries={upcoming} today={today} level="upcoming" /> : <Notice tone="info">{t('events.upcomingEmpty')}</Notice>}
        </section>
        <section aria-labelledby="past-h">
          <h2 id="past-h">{t('events.past')}</h2>
          {past.items.length ? <MonthGroups view={view} entries={past.items} today={today} level="past" /> : <p class="muted">{t('events.pastEmpty')}</p>}
          <Pagination page={past.page} pageSize={past.pageSize} total={past.total} href={(p) => calendarHref(q, p)} labels={{ ...pagerLabels(view), nav: t('events.pastPages') }} />
        </section>
      </div>
    </EventsShell>
  );
}

// ─── One event ───────────────────────────────────────────────────────────────

export interface EventPageProps {
  view: View;
  e: EventDetailDto;
  today: string;
  /** Where promotion posts tagged with the event go (news and videos about it). */
  aside?: VNode | undefined;
  og?: OpenGraph;
}

export const geoUrl = (lat: number, lon: number) => `geo:${lat},${lon}`;

function Exhibitors({ view, e }: { view: View; e: EventDetailDto }) {
  const { t } = view;
  return (
    <section aria-labelledby="exhibitors-h">
      <h2 id="exhibitors-h">{t('events.exhibitors')} ({e.exhibitors.length})</h2>
      {e.exhibitors.length === 0 ? <p class="muted">{t('events.exhibitorsEmpty')}</p> : (
        <div class="side-card"><ul class="outlet-list">
          {e.exhibitors.map((x) => (
            <li class="outlet">
              <p><strong>{x.producer.name}</strong>{x.booth ? <> <span class="outlet-kind">{t('events.boothN', { booth: x.booth })}</span></> : null}</p>
              <ul class="council-list">
                {x.products.map((p) => (
                  <li><a href={p.url}>{p.name}</a> {p.stars ? <Stars count={p.stars} showText /> : <span class="muted">({t('events.notCertifiedToday')})</span>}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul></div>
      )}
    </section>
  );
}

export function EventPage({ view, e, today, aside, og }: EventPageProps) {
  const { t } = view;
  const v = e.venue;
  const place = [v.name, v.address, v.communeName, v.provinceName].filter(Boolean).join(', ');
  const registration = e.status !== 'published' ? '—'
    : e.registrationOpen ? t('events.registrationOpenUntil', { date: formatDateVi(e.registrationClosesOn ?? dayBefore(e.startsOn)) })
      : t('events.registrationClosed');
  const facts = [
    { term: t('events.dates'), detail: dateRange(e.startsOn, e.endsOn) },
    { term: t('events.venue'), detail: place },
    { term: t('events.organiser'), detail: e.organiser },
    { term: t('events.boothFee'), detail: e.boothFee === 0 ? t('events.free') : dong(e.boothFee) },
    ...(e.support ? [{ term: t('events.support'), detail: e.support }] : []),
    ...(e.boothQuota !== null ? [{ term: t('events.booths'), detail: t('events.boothsOf', { n: e.approved, quota: e.boothQuota }) }] : []),
    { term: t('events.registration'), detail: registration },
  ];
  return (
    <EventsShell view={view} title={e.title} og={og}>
      <div class="portal-page">
        <Breadcrumbs items={[{ href: CALENDAR_PATH, label: t('events.calendar.title') }, { label: e.title }]} />
        {e.status === 'draft' ? <Notice tone="warning">{t('events.previewDraft')}</Notice> : null}
        {e.status === 'cancelled' ? <Notice tone="danger">{t('events.cancelledNote')}</Notice> : null}
        <div class="product-layout">
          <div class="product-main">
            <header class="product-header">
              <p><KindPill view={view} kind={e.kind} /> <StateNote view={view} e={e} today={today} /> {e.isSample ? <SampleBadge label={t('common.sample')} /> : null}</p>
              <h1>{e.title}</h1>
              <p class="product-producer-line"><strong>{dateRange(e.startsOn, e.endsOn)}</strong> · {v.provinceName}</p>
              <p>{place}</p>
              {v.mapUrl && v.latitude !== null && v.longitude !== null ? (
                <p>
                  <a class="btn btn-secondary btn-sm" href={v.mapUrl} rel="noopener">{t('events.map')}</a>{' '}
                  <a class="btn btn-link btn-sm" href={geoUrl(v.latitude, v.longitude)}>{t('events.mapApp')}</a>
                </p>
              ) : null}
              <p>{t('events.boothFee')}: <strong>{e.boothFee === 0 ? t('events.free') : dong(e.boothFee)}</strong> · {registration}</p>
              {e.registrationOpen ? <p><a class="btn btn-primary" href={`/admin/su-kien/${e.id}`}>{t('events.registerCta')}</a></p> : null}
              {e.summary ? <p class="lead">{e.summary}</p> : null}
            </header>
            {e.body ? (
              <section aria-labelledby="about-h">
                <h2 id="about-h" class="visually-hidden">{t('events.about')}</h2>
                {/* Stored sanitised (src/web/rich-text.ts): only the safe subset reaches this point. */}
                <div class="portal-about" dangerouslySetInnerHTML={{ __html: e.body }} />
              </section>
            ) : null}
            <Exhibitors view={view} e={e} />
            {e.boothPlan ? (
              <section aria-labelledby="plan-h">
                <h2 id="plan-h">{t('events.boothPlan')}</h2>
                <a class="product-photo-main" href={e.boothPlan}><img src={e.boothPlan} alt={t('events.boothPlanAlt', { title: e.title })} loading="lazy" decoding="async" /></a>
              </section>
            ) : null}
            {aside ? <section aria-label={t('events.related')}>{aside}</section> : null}
          </div>
          <aside class="product-side" aria-labelledby="facts-h">
            <div class="side-card">
              <h2 id="facts-h" class="side-card-title">{t('events.facts')}</h2>
              <DescriptionList items={facts} />
            </div>
          </aside>
        </div>
      </div>
    </EventsShell>
  );
}

// ─── What search engines read ───────────────────────────────────────────────

/** JSON for a <script> data block: "<" escaped so the text can never close the element. */
const jsonForScript = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** Description and canonical address of a page (noindex: a filtered list). */
export function pageHead(description: string, url: string, noindex = false): string {
  return renderToString(<>
    <meta name="description" content={description} />
    <link rel="canonical" href={url} />
    {noindex ? <meta name="robots" content="noindex" /> : null}
  </>);
}

/** An event's head: description, canonical address and schema.org Event (published events only; others are not indexed). */
export function eventHead(e: EventDetailDto, url: string): string {
  if (e.status !== 'published') return pageHead(e.summary || e.title, url, true);
  const ld = {
    '@context': 'https://schema.org', '@type': 'Event', name: e.title, description: e.summary || undefined, startDate: e.startsOn, endDate: e.endsOn, url,
    eventStatus: 'https://schema.org/EventScheduled', eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    location: {
      '@type': 'Place', name: e.venue.name || e.venue.address,
      address: { '@type': 'PostalAddress', streetAddress: e.venue.address, addressLocality: e.venue.communeName, addressRegion: e.venue.provinceName, addressCountry: 'VN' },
      ...(e.venue.latitude !== null && e.venue.longitude !== null ? { geo: { '@type': 'GeoCoordinates', latitude: e.venue.latitude, longitude: e.venue.longitude } } : {}),
    },
    organizer: { '@type': 'Organization', name: e.organiser },
  };
  return `${pageHead(e.summary || e.title, url)}<script type="application/ld+json">${jsonForScript(ld)}</script>`;
}
