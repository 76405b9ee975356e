/**
 * For search engines: `robots.txt` (the back office, the API and verification answers stay out)
 * and `sitemap.xml` (home, search, open data, every province, every product certified today and
 * every producer with one). The sitemap is rebuilt when the catalogue changes.
 */
import type { Deps } from '../../context';
import type { Database } from '../../db/client';
import type { App } from '../../web/http';
import { publicBase } from '../certification/certification.routes';
import { sitemapEntries } from './catalogue.service';

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' }[c]!));

const cache = new WeakMap<Database, { key: string; xml: string }>();

export function registerSeoRoutes(app: App, deps: Deps) {
  app.get('/robots.txt', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const base = publicBase(req, deps);
    const body = [
      'User-agent: *',
      'Allow: /',
      'Disallow: /admin',
      'Disallow: /api/',
      'Disallow: /login',
      'Disallow: /v/',
      'Disallow: /san-pham?',
      '',
      `Sitemap: ${base}/sitemap.xml`,
      '',
    ].join('\n');
    return reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600').send(body);
  });

  app.get('/sitemap.xml', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const base = publicBase(req, deps);
    const { today, version, entries } = await sitemapEntries(req.ctx);
    const key = `${base}|${today}|${version}`;
    let hit = cache.get(deps.database);
    if (!hit || hit.key !== key) {
      const url = (path: string, lastmod: string) => `<url><loc>${xmlEscape(base + path)}</loc><lastmod>${lastmod}</lastmod></url>`;
      const xml = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        url('/', today), url('/san-pham', today), url('/du-lieu-mo', today),
        ...entries.map((e) => url(e.path, e.lastmod)),
        '</urlset>',
      ].join('\n');
      cache.set(deps.database, (hit = { key, xml }));
    }
    return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=600').send(hit.xml);
  });
}
