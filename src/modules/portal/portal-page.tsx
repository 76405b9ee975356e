/**
 * Public portal pages: the shared Layout (public variant) with the portal's own navigation, plus
 * what search engines and link previews read in <head> — description, canonical address, the other
 * language's address, robots, feeds, and schema.org JSON-LD. The Layout's <head> is shared by every
 * page, so these tags are added after rendering; the Open Graph tags and the share block are the
 * Layout's, from the page's meta given through OpenGraphContext (web/components/share.tsx).
 */
import type { ComponentChildren } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import type { Deps } from '../../context';
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { OpenGraphContext, type OpenGraph } from '../../web/components/share';
import { renderPage } from '../../web/render';
import { publicBase } from '../certification/certification.routes';
import { PRIVATE_CACHE, PUBLIC_CACHE } from './portal-http';

export interface PageMeta {
  title: string;
  description: string;
  /** Path (with query) of the page's canonical address. */
  path: string;
  image?: string | null;
  type?: 'website' | 'product' | 'article';
  /** Feeds of the page (<link rel="alternate">): Atom or RSS, path and title. */
  feeds?: { type: 'application/atom+xml' | 'application/rss+xml'; path: string; title: string }[];
  /** schema.org JSON-LD objects. */
  jsonLd?: object[];
  noindex?: boolean;
}

export type NavKey = 'home' | 'products' | 'market' | 'news' | 'events' | 'verify' | 'openData';

const NAV: { key: NavKey; href: string; label: 'portal.nav.home' | 'portal.nav.products' | 'portal.nav.market' | 'promo.nav' | 'events.nav' | 'portal.nav.verify' | 'portal.nav.openData' }[] = [
  { key: 'home', href: '/', label: 'portal.nav.home' },
  { key: 'products', href: '/san-pham', label: 'portal.nav.products' },
  { key: 'market', href: '/cho-ocop', label: 'portal.nav.market' },
  { key: 'news', href: '/tin-tuc', label: 'promo.nav' },
  // The trade events' calendar (the trade module's pages carry the same bar).
  { key: 'events', href: '/su-kien', label: 'events.nav' },
  { key: 'verify', href: '/v', label: 'portal.nav.verify' },
  { key: 'openData', href: '/du-lieu-mo', label: 'portal.nav.openData' },
];

export function PortalShell({ view, title, active, children }: { view: View; title: string; active?: NavKey; children: ComponentChildren }) {
  const { t } = view;
  return (
    <Layout view={view} title={title} variant="public">
      <nav class="portal-nav" aria-label={t('portal.nav')}>
        <ul>
          {NAV.map((n) => (
            <li><a href={n.href} aria-current={active === n.key ? 'page' : undefined}>{t(n.label)}</a></li>
          ))}
        </ul>
      </nav>
      {children}
    </Layout>
  );
}

/** JSON for a <script> data block: "<" escaped so the text can never close the element. */
export const jsonForScript = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function withLang(path: string, lang: string): string {
  const [p, q = ''] = path.split('?');
  const params = new URLSearchParams(q);
  params.delete('lang');
  if (lang !== 'vi') params.set('lang', lang);
  const s = params.toString();
  return s ? `${p}?${s}` : p!;
}

/** The page's link preview: its canonical address and picture made absolute. */
export function openGraphOf(base: string, locale: string, meta: PageMeta): OpenGraph {
  const image = meta.image ? (meta.image.startsWith('http') ? meta.image : `${base}${meta.image}`) : null;
  return { title: meta.title, description: meta.description, url: `${base}${withLang(meta.path, locale)}`, image, type: meta.type ?? 'website' };
}

export function headTags(base: string, locale: string, meta: PageMeta): string {
  const url = `${base}${withLang(meta.path, locale)}`;
  const tags = (
    <>
      <meta name="description" content={meta.description} />
      <link rel="canonical" href={url} />
      <link rel="alternate" hreflang="vi" href={`${base}${withLang(meta.path, 'vi')}`} />
      <link rel="alternate" hreflang="en" href={`${base}${withLang(meta.path, 'en')}`} />
      {(meta.feeds ?? []).map((f) => <link rel="alternate" type={f.type} href={`${base}${f.path}`} title={f.title} />)}
      {meta.noindex ? <meta name="robots" content="noindex" /> : null}
    </>
  );
  const ld = (meta.jsonLd ?? []).map((o) => `<script type="application/ld+json">${jsonForScript(o)}</script>`).join('');
  return renderToString(tags) + ld;
}

/**
 * Send a portal page. Anonymous visitors get a page shared caches may keep for a second (it
 * varies only by the language cookie; portal-http.ts); signed-in people (the header names them)
 * get a private one.
 */
export function sendPortalPage(req: FastifyRequest, reply: FastifyReply, deps: Deps, meta: PageMeta, node: ReturnType<typeof PortalShell>, status = 200) {
  const base = publicBase(req, deps);
  const page = <OpenGraphContext.Provider value={openGraphOf(base, req.ctx.locale, meta)}>{node}</OpenGraphContext.Provider>;
  const html = renderPage(page).replace('</head>', `${headTags(base, req.ctx.locale, meta)}</head>`);
  reply.header('cache-control', req.ctx.actor ? PRIVATE_CACHE : PUBLIC_CACHE).header('vary', 'Cookie');
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}
