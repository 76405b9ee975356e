import type { ComponentChildren } from 'preact';
import type { View } from '../view';
import { assetUrl } from '../assets';
import type { MessageKey } from '../../core/i18n';
import type { Role } from '../../core/roles';
import type { Actor } from '../../context';
import { LocaleContext } from './ui-locale';
import { useContext } from 'preact/hooks';
import { OpenGraphContext, OpenGraphTags, ShareLinks, type OpenGraph } from './share';

interface NavItem { href: string; key: MessageKey; roles?: readonly Role[] }
interface NavGroup { key: MessageKey; items: NavItem[] }

const OFFICERS: readonly Role[] = ['national_admin', 'province_officer', 'commune_officer', 'inspector', 'council_member'];
/**
 * The back office's navigation, grouped by what people come to do. A role with few entries sees
 * them all in one row; a role with more sees the groups as menus, so nothing is pushed out of
 * sight on a phone or a laptop (docs/decisions/017).
 */
const NAV: (NavItem | NavGroup)[] = [
  { href: '/admin', key: 'nav.dashboard' },
  {
    key: 'nav.group.registry',
    items: [
      { href: '/admin/producers', key: 'nav.producers', roles: [...OFFICERS, 'producer'] },
      { href: '/admin/products', key: 'nav.products', roles: [...OFFICERS, 'producer'] },
      { href: '/admin/ideas', key: 'nav.ideas', roles: ['national_admin', 'province_officer', 'commune_officer', 'producer'] },
      { href: '/admin/account-requests', key: 'nav.accountRequests', roles: ['national_admin', 'province_officer', 'commune_officer'] },
      // The shop on the OCOP market (decisions/036): a producer's own, the shops of an officer's area.
      { href: '/admin/cua-hang', key: 'nav.shop', roles: ['national_admin', 'province_officer', 'commune_officer', 'producer'] },
    ],
  },
  {
    key: 'nav.group.evaluation',
    items: [
      { href: '/admin/dossiers', key: 'nav.dossiers', roles: ['national_admin', 'province_officer', 'commune_officer', 'producer'] },
      { href: '/admin/rounds', key: 'nav.rounds', roles: ['national_admin', 'province_officer', 'council_member'] },
      { href: '/admin/decisions', key: 'nav.decisions', roles: ['national_admin', 'province_officer', 'inspector', 'producer'] },
      // Commune officers read their communes' certificates (no decisions) on the same page.
      { href: '/admin/decisions', key: 'nav.certificates', roles: ['commune_officer'] },
      { href: '/admin/stamps', key: 'nav.stamps', roles: ['national_admin', 'province_officer', 'inspector'] },
    ],
  },
  {
    // Lot traceability (issue 17, decisions/041): lots and their journeys, raw-material areas, recalls.
    key: 'nav.group.trace',
    items: [
      { href: '/admin/truy-xuat', key: 'nav.traceLots', roles: ['national_admin', 'province_officer', 'commune_officer', 'inspector', 'council_member', 'producer'] },
      { href: '/admin/truy-xuat/vung-nguyen-lieu', key: 'nav.traceAreas', roles: ['producer'] },
      { href: '/admin/truy-xuat/thu-hoi', key: 'nav.traceRecalls', roles: ['national_admin', 'province_officer', 'commune_officer', 'inspector', 'producer'] },
    ],
  },
  {
    // Trade promotion (issue 16): demands and offers, buyer organisations, trade agreements, events, news.
    key: 'nav.group.trade',
    items: [
      { href: '/admin/ket-noi/nhu-cau', key: 'nav.tradeDemands', roles: ['national_admin', 'province_officer', 'commune_officer', 'producer'] },
      { href: '/admin/ket-noi/doanh-nghiep', key: 'nav.tradeOrgs', roles: ['national_admin', 'province_officer', 'commune_officer'] },
      { href: '/admin/ket-noi/hop-dong', key: 'nav.tradeAgreements', roles: ['national_admin', 'province_officer', 'commune_officer', 'producer'] },
      { href: '/admin/su-kien', key: 'nav.tradeEvents', roles: ['national_admin', 'province_officer', 'commune_officer', 'producer'] },
      // News and video posts on the portal (promo): the national office and the province offices.
      { href: '/admin/tin-tuc', key: 'nav.promo', roles: ['national_admin', 'province_officer'] },
    ],
  },
  {
    key: 'nav.group.programme',
    items: [
      { href: '/admin/statistics', key: 'nav.statistics', roles: ['national_admin', 'province_officer', 'commune_officer', 'inspector'] },
      { href: '/admin/programme', key: 'nav.programme', roles: ['national_admin', 'province_officer', 'commune_officer', 'inspector'] },
      { href: '/admin/reports', key: 'nav.reports', roles: ['national_admin', 'province_officer', 'inspector'] },
    ],
  },
  {
    key: 'nav.group.admin',
    items: [
      // Administering accounts (disable, role, temporary password, API tokens) within the officer's area.
      { href: '/admin/nguoi-dung', key: 'nav.users', roles: ['national_admin', 'province_officer', 'commune_officer'] },
      { href: '/admin/areas', key: 'nav.areas', roles: OFFICERS },
      { href: '/admin/imports', key: 'nav.imports', roles: ['national_admin', 'province_officer'] },
      { href: '/admin/criteria', key: 'nav.criteria', roles: ['national_admin'] },
      { href: '/admin/audit', key: 'nav.audit', roles: ['national_admin', 'province_officer'] },
    ],
  },
];
/** Up to this many entries are shown in one row without menus. */
export const FLAT_NAV_MAX = 6;

const isGroup = (n: NavItem | NavGroup): n is NavGroup => 'items' in n;
const allowed = (n: NavItem, role: Role) => !n.roles || n.roles.includes(role);

/** The entries `role` sees: links, or groups of at least two links (a lone link stands alone). */
export function navFor(role: Role): { flat: boolean; entries: (NavItem | NavGroup)[] } {
  const entries = NAV.flatMap((n): (NavItem | NavGroup)[] => {
    if (!isGroup(n)) return allowed(n, role) ? [n] : [];
    const items = n.items.filter((i) => allowed(i, role));
    return items.length >= 2 ? [{ key: n.key, items }] : items;
  });
  const links = entries.flatMap((e) => (isGroup(e) ? e.items : [e]));
  return links.length <= FLAT_NAV_MAX ? { flat: true, entries: links } : { flat: false, entries };
}

/**
 * The header's bell: the signed-in person's unread notices, counted up to `cap` (shown "9+").
 * The notices module sets it for the request's actor on the pages that show it (the back office,
 * a buyer's account pages); public pages never count anything and show no bell.
 */
export interface HeaderBell { href: string; count: number; cap: number }
const bells = new WeakMap<Actor, HeaderBell>();
export const setHeaderBell = (actor: Actor, bell: HeaderBell): void => { bells.set(actor, bell); };

function Bell({ view, bell }: { view: View; bell: HeaderBell }) {
  const shown = bell.count >= bell.cap ? `${bell.cap - 1}+` : String(bell.count);
  // The link's name says it all (an icon and a number are not read out on their own).
  const label = bell.count ? view.t('notices.bell.unread', { count: shown }) : view.t('notices.bell');
  return (
    <a class="btn btn-ghost btn-sm header-bell" href={bell.href} aria-label={label} title={label}>
      <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
        <path fill="currentColor" d="M12 22c1.1 0 2-.9 2-2h-4c0 1.1.89 2 2 2zm6-6v-5c0-3.07-1.64-5.64-4.5-6.32V4c0-.83-.67-1.5-1.5-1.5s-1.5.67-1.5 1.5v.68C7.63 5.36 6 7.92 6 11v5l-2 2v1h16v-1l-2-2z" />
      </svg>
      {bell.count ? <span class="badge badge--info" aria-hidden="true">{shown}</span> : null}
    </a>
  );
}

/** Id of the back office's navigation: the phone menu button controls it, the no-script link targets it. */
export const MAIN_NAV_ID = 'main-nav';

/**
 * The back office's navigation. From 640 px: the bar (one row of links, or the groups as menus).
 * On a phone: a menu button ("Danh mục") opening the same entries as a vertical panel, the groups
 * unfolded (docs/decisions/021). Without script the button is a link to the panel (`:target`).
 */
function MainNav({ view, active }: { view: View; active?: string }) {
  const { t, actor } = view;
  if (!actor) return null;
  const { flat, entries } = navFor(actor.role);
  const link = (n: NavItem) => <a href={n.href} aria-current={active === n.href ? 'page' : undefined}>{t(n.key)}</a>;
  return (
    <div class="nav-band">
      <div class="container nav-toggle-row">
        <a class="nav-toggle" href={`#${MAIN_NAV_ID}`}>{t('nav.menu')}</a>
        <button type="button" class="nav-toggle" aria-expanded="false" aria-controls={MAIN_NAV_ID} data-module="nav-toggle" hidden>
          {t('nav.menu')}
        </button>
      </div>
      <nav id={MAIN_NAV_ID} class="main-nav" aria-label={t('nav.menu')}>
        <ul class={flat ? 'container' : 'container main-nav-groups'} data-module={flat ? undefined : 'nav-menus'}>
          {entries.map((e) => (isGroup(e) ? (
            <li class="nav-group">
              <details>
                <summary class={e.items.some((i) => i.href === active) ? 'nav-group-current' : undefined}>{t(e.key)}</summary>
                <ul class="nav-menu">
                  {e.items.map((i) => <li>{link(i)}</li>)}
                </ul>
              </details>
            </li>
          ) : <li>{link(e)}</li>))}
        </ul>
      </nav>
    </div>
  );
}

export interface LayoutProps {
  view: View;
  title: string;
  children: ComponentChildren;
  /** Path prefix of the active navigation item. */
  active?: string;
  /**
   * Public pages get a lighter chrome and no back-office navigation (their own navigation is the
   * portal's); a signed-in person finds the back office under "Trang quản lý" in the header.
   */
  variant?: 'admin' | 'public';
  /**
   * A public page's link preview (Open Graph) and share block; defaults: the title, the tagline,
   * and what the page's sender provides (OpenGraphContext). See share.tsx.
   */
  og?: OpenGraph;
}

function langSwitchHref(url: string, locale: string): string {
  const [path, query = ''] = url.split('?');
  const params = new URLSearchParams(query);
  params.set('lang', locale === 'vi' ? 'en' : 'vi');
  return `${path}?${params.toString()}`;
}

export function Layout({ view, title, children, active, variant = 'admin', og }: LayoutProps) {
  const { t, actor } = view;
  const preview = { title, description: t('app.tagline'), ...useContext(OpenGraphContext), ...og };
  const other = view.locale === 'vi' ? 'en' : 'vi';
  return (
    <html lang={view.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="theme-color" content="#0b5d3b" />
        <title>{`${title} · ${t('app.name')}`}</title>
        <link rel="stylesheet" href={assetUrl('app.css')} />
        <link rel="icon" href={assetUrl('favicon.svg')} type="image/svg+xml" />
        {variant === 'public' ? <OpenGraphTags og={preview} locale={view.locale} /> : null}
        <script type="module" src={assetUrl('app.js')} defer />
      </head>
      <body class={`layout-${variant}`}>
        <LocaleContext.Provider value={view.locale}>
          <a class="skip-link" href="#main">{t('nav.skip')}</a>
          <header class="site-header">
            <div class="container header-row">
              <a class="brand" href={actor && variant === 'admin' ? '/admin' : '/'}>
                <span class="brand-mark" aria-hidden="true">OCOP</span>
                <span class="brand-text">
                  <strong class="brand-name">{t('app.name')}</strong>
                  <span class="brand-tagline">{t('app.tagline')}</span>
                </span>
              </a>
              <div class="header-tools">
                <a class="lang-switch" href={langSwitchHref(view.url, view.locale)} hreflang={other} lang={other}>
                  {t('nav.language')}
                </a>
                {actor && bells.has(actor) ? <Bell view={view} bell={bells.get(actor)!} /> : null}
                {actor ? (
                  <form method="post" action="/logout" class="inline-form header-account">
                    <input type="hidden" name="_csrf" value={view.csrfToken ?? ''} />
                    {/* The name leads to one's own account (password, API tokens, sessions), coloured as the header's other text link. */}
                    <a class="who" href={actor.role === 'buyer' ? '/tai-khoan/bao-mat' : '/admin/tai-khoan'}>
                      <span class="who-name">{actor.displayName}</span>
                      <span class="who-role">{t(`role.${actor.role}`)}</span>
                    </a>
                    {variant === 'public' ? (actor.role === 'buyer'
                      ? <a class="btn btn-primary btn-sm header-back-office" href="/tai-khoan">{t('nav.myAccount')}</a>
                      : <a class="btn btn-primary btn-sm header-back-office" href="/admin">{t('nav.backOffice')}</a>) : null}
                    <button type="submit" class="btn btn-ghost btn-sm">{t('nav.logout')}</button>
                  </form>
                ) : (
                  <a class="btn btn-ghost btn-sm" href={`/login?next=${encodeURIComponent(view.url)}`}>{t('nav.login')}</a>
                )}
              </div>
            </div>
            {variant === 'admin' ? <MainNav view={view} active={active} /> : null}
          </header>
          <main id="main" class="container site-main" tabIndex={-1}>
            {children}
            {variant === 'public' && preview.url && preview.share !== false ? <ShareLinks url={preview.url} /> : null}
          </main>
          <footer class="site-footer">
            <div class="container footer-row">
              <p class="footer-brand">
                <span class="brand-mark brand-mark--small" aria-hidden="true">OCOP</span>
                <span>{t('footer.note')}</span>
              </p>
              <ul class="footer-links">
                <li><a href="/api/docs">{t('nav.apiDocs')}</a></li>
                <li><a href={langSwitchHref(view.url, view.locale)} hreflang={other} lang={other}>{t('nav.language')}</a></li>
              </ul>
            </div>
          </footer>
        </LocaleContext.Provider>
      </body>
    </html>
  );
}
