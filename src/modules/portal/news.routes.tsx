/**
 * The portal's news (issue 16, item 4): /tin-tuc (published posts, newest first, filtered by one
 * tag: ?product=, ?producer=, ?event=, ?province=), /tin-tuc/<slug> (a post) and its feeds
 * /tin-tuc/atom.xml (Atom 1.0) and /tin-tuc/rss.xml (RSS 2.0), which take the same filter. Served
 * like the catalogue's pages (portal-http.ts): held in memory and dropped by the public-facts feed,
 * which the promotion module notifies when a post is published, withdrawn or edited while published.
 */
import { z } from 'zod';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { viewOf } from '../../web/view';
import { richTextToPlain } from '../../web/rich-text';
import { publicBase } from '../certification/certification.routes';
import { feedItems, filterLabel, publicPost, publishedPosts } from '../promo/promo.service';
import { PostFilterSchema, type PostFilter } from '../promo/promo.schema';
import { atomFeed, rssFeed, type Feed } from '../promo/promo.feed';
import { NewsListPage, NewsPostPage } from './news.pages';
import { sendPortalPage } from './portal-page';
import { portalCached } from './portal-http';

const PAGE_SIZE = 12;
/** A feed with no post yet still says when it was last updated (a fixed day: the answer stays the same). */
const FEEDS_SINCE = new Date(Date.UTC(2026, 0, 1));
/** A filter that does not read is no filter (a hostile address answers the whole list, never 500). */
const FilterQuery = z.object({
  province: PostFilterSchema.shape.province.catch(undefined),
  product: PostFilterSchema.shape.product.catch(undefined),
  producer: PostFilterSchema.shape.producer.catch(undefined),
  event: PostFilterSchema.shape.event.catch(undefined),
});
const ListQuery = FilterQuery.extend({ page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1) });

/** The one filter a list takes (the first given), as query parameters. */
function filterOf(q: PostFilter): { filter: PostFilter; query: string } {
  for (const key of ['product', 'producer', 'event', 'province'] as const) {
    const v = q[key];
    if (v) return { filter: { [key]: v }, query: `${key}=${encodeURIComponent(v)}` };
  }
  return { filter: {}, query: '' };
}

export function registerNewsRoutes(app: App, deps: Deps) {
  const page = { ...portalCached(deps, 'page'), config: { access: 'public' as const, rateLimit: false as const } };

  app.get('/tin-tuc', { ...page, schema: { hide: true, querystring: ListQuery } }, async (req, reply) => {
    const view = viewOf(req);
    const { t } = view;
    const { filter, query } = filterOf(req.query);
    const [list, about] = await Promise.all([publishedPosts(req.ctx, filter, req.query.page, PAGE_SIZE), filterLabel(req.ctx, filter)]);
    const feed = (file: string) => `/tin-tuc/${file}${query ? `?${query}` : ''}`;
    const name = about?.label ?? null;
    return sendPortalPage(req, reply, deps, {
      title: name ? t('promo.news.about', { name }) : t('promo.news.title'),
      description: t('promo.news.description'), path: req.url,
      noindex: list.items.length === 0 || req.query.page > 1 || (query !== '' && !about),
      feeds: [
        { type: 'application/atom+xml', path: feed('atom.xml'), title: `${t('promo.feed.title')} (Atom)` },
        { type: 'application/rss+xml', path: feed('rss.xml'), title: `${t('promo.feed.title')} (RSS)` },
      ],
    }, <NewsListPage view={view} list={list} about={name} feeds={{ atom: feed('atom.xml'), rss: feed('rss.xml') }}
      pageHref={(p) => `/tin-tuc?${query ? `${query}&` : ''}page=${p}`} />);
  });

  for (const format of ['atom', 'rss'] as const) {
    app.get(`/tin-tuc/${format}.xml`, { ...page, schema: { hide: true, querystring: FilterQuery } }, async (req, reply) => {
      const base = publicBase(req, deps);
      const { t } = viewOf(req);
      const { filter, query } = filterOf(req.query);
      const [items, about] = await Promise.all([feedItems(req.ctx, filter), filterLabel(req.ctx, filter)]);
      const f: Feed = {
        title: about ? t('promo.feed.titleAbout', { name: about.label }) : t('promo.feed.title'),
        subtitle: t('promo.feed.subtitle'), base, language: req.ctx.locale,
        pageUrl: `${base}/tin-tuc${query ? `?${query}` : ''}`, selfUrl: `${base}/tin-tuc/${format}.xml${query ? `?${query}` : ''}`,
        fallbackUpdated: FEEDS_SINCE,
        entries: items.map((i) => ({
          id: i.id, title: i.title, url: `${base}${i.path}`, summary: i.summary, html: i.html, published: i.published, updated: i.updated,
          image: i.image ? `${base}${i.image}` : null, categories: i.categories,
        })),
      };
      return reply.type(format === 'atom' ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=utf-8')
        .send(format === 'atom' ? atomFeed(f) : rssFeed(f));
    });
  }

  app.get('/tin-tuc/:slug', { ...page, schema: { hide: true, params: z.object({ slug: z.string().max(300) }) } }, async (req, reply) => {
    const { post, tags } = await publicPost(req.ctx, req.params.slug);
    const view = viewOf(req);
    const base = publicBase(req, deps);
    const description = post.summary || richTextToPlain(post.body).slice(0, 200) || view.t('promo.news.description');
    return sendPortalPage(req, reply, deps, {
      title: post.title, description, path: post.url, image: post.cover?.full ?? null, type: 'article',
      jsonLd: [{
        '@context': 'https://schema.org', '@type': 'NewsArticle', headline: post.title, description, url: `${base}${post.url}`,
        ...(post.publishedAt ? { datePublished: post.publishedAt } : {}), dateModified: post.updatedAt,
        ...(post.cover ? { image: [`${base}${post.cover.full}`] } : {}),
        publisher: { '@type': 'Organization', name: 'OCOP Việt Nam', url: `${base}/` },
      }],
    }, <NewsPostPage view={view} post={post} tags={tags} />);
  });
}
