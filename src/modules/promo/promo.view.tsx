/**
 * The public pieces of promotion posts (props only, no data loading): cards, the "Tin tức" section
 * of the product, producer and province pages, `PromoPostsAside` for the event page, the post
 * itself (title, date, cover, summary, video link card, the stored sanitised body, tags as links)
 * and the list's content. The portal wraps them in its shell (portal/news.pages.tsx); other
 * modules' public pages place the aside with `postsTagged` (promo.service.ts).
 */
import type { View } from '../../web/view';
import { SampleBadge, StatusBadge } from '../../web/components/badges';
import { EmptyState, Notice } from '../../web/components/page';
import { Pagination } from '../../web/components/pagination';
import { pagerLabels } from '../../web/components/pager';
import { formatDateVi, todayInVietnam } from '../../domain/dates';
import { VIDEO_PLATFORMS, type VideoPlatform } from './promo.rules';
import type { PostCard, PostDto, PromoTagKind } from './promo.schema';

/** The Vietnam calendar day of a timestamp, as dd/mm/yyyy. */
export const dayOf = (iso: string) => formatDateVi(todayInVietnam(new Date(iso)));
export const platformName = (p: VideoPlatform | null) => (p ? VIDEO_PLATFORMS[p].name : '');

function CardMeta({ view, post }: { view: View; post: PostCard }) {
  const { t } = view;
  return (
    <p class="news-card-meta">
      {post.kind === 'video' ? <span class="news-kind">{t('promo.kind.video')}</span> : null}
      {post.publishedAt ? <time dateTime={post.publishedAt}>{dayOf(post.publishedAt)}</time> : null}
    </p>
  );
}

export function PostCardItem({ view, post, headingLevel = 3 }: { view: View; post: PostCard; headingLevel?: 2 | 3 }) {
  const { t } = view;
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li class="product-card news-card">
      <div class="product-card-media" aria-hidden="true">
        {post.cover
          ? <img src={post.cover.thumb} alt="" width={320} height={240} loading="lazy" decoding="async" />
          : <span class="product-card-placeholder">{post.kind === 'video' ? '▶' : post.title.slice(0, 1)}</span>}
      </div>
      <div class="product-card-body">
        <H class="product-card-title"><a href={post.url}>{post.title}</a></H>
        <CardMeta view={view} post={post} />
        {post.summary ? <p class="news-card-summary">{post.summary}</p> : null}
        {post.isSample ? <SampleBadge label={t('promo.sample')} /> : null}
      </div>
    </li>
  );
}

export function PostGrid({ view, posts, label, headingLevel }: { view: View; posts: PostCard[]; label?: string; headingLevel?: 2 | 3 }) {
  return (
    <ul class="product-grid news-grid" aria-label={label}>
      {posts.map((p) => <PostCardItem key={p.id} view={view} post={p} headingLevel={headingLevel} />)}
    </ul>
  );
}

/** The list of posts tagged with one thing, filtered: /tin-tuc?product=<id> (and producer, event, province). */
export const newsHref = (kind: PromoTagKind, ref: string) => `/tin-tuc?${kind}=${encodeURIComponent(ref)}`;

/** "Tin tức" on a public page: the newest posts tagged to it (nothing when there is none). */
export function PromoPostsSection({ view, posts, moreHref }: { view: View; posts: PostCard[]; moreHref: string }) {
  const { t } = view;
  if (!posts.length) return null;
  return (
    <section class="news-section" aria-labelledby="news-section-title">
      <h2 id="news-section-title">{t('promo.section.title')}</h2>
      <PostGrid view={view} posts={posts} />
      <p><a href={moreHref}>{t('promo.section.more')}</a></p>
    </section>
  );
}

/** "Tin tức" beside an event (a narrow column): titles, dates, the sample label. */
export function PromoPostsAside({ view, posts, moreHref }: { view: View; posts: PostCard[]; moreHref: string }) {
  const { t } = view;
  if (!posts.length) return null;
  return (
    <aside class="side-card news-aside" aria-labelledby="news-aside-title">
      <h2 id="news-aside-title" class="side-card-title">{t('promo.section.title')}</h2>
      <ul class="news-aside-list">
        {posts.map((p) => (
          <li>
            <a href={p.url}>{p.title}</a>
            <CardMeta view={view} post={p} />
            {p.isSample ? <SampleBadge label={t('promo.sample')} /> : null}
          </li>
        ))}
      </ul>
      <p class="small"><a href={moreHref}>{t('promo.section.more')}</a></p>
    </aside>
  );
}

const hostOf = (url: string) => {
  try { return new URL(url).hostname; } catch { return url; }
};

/** A video as a link card: the platform's page opens; no player, frame or script of theirs. */
export function VideoCard({ view, url, platform }: { view: View; url: string; platform: VideoPlatform | null }) {
  const { t } = view;
  const host = hostOf(url);
  const name = platformName(platform) || host;
  return (
    <p class="video-card">
      <a class="video-card-link" href={url} rel="noopener nofollow">
        <span class="video-card-play" aria-hidden="true">▶</span>
        <span class="video-card-text">
          <strong>{t('promo.video.watch', { platform: name })}</strong>
          <span class="video-card-host">{host}</span>
        </span>
      </a>
      <span class="video-card-note small">{t('promo.video.note', { platform: name })}</span>
    </p>
  );
}

export interface TagLink { kind: PromoTagKind; label: string; href: string }

export function PostArticle({ view, post, tags }: { view: View; post: PostDto; tags: TagLink[] }) {
  const { t } = view;
  return (
    <article class="news-article">
      <header class="news-article-header">
        <h1>{post.title}</h1>
        <p class="news-card-meta">
          {post.kind === 'video' ? <span class="news-kind">{t('promo.kind.video')}</span> : null}
          {post.publishedAt ? <time dateTime={post.publishedAt}>{t('promo.publishedOn', { date: dayOf(post.publishedAt) })}</time> : null}
        </p>
        {post.isSample ? <Notice tone="info" title={t('promo.sample')}><p>{t('promo.sampleNote')}</p></Notice> : null}
      </header>
      {post.cover ? (
        <figure class="news-cover">
          <a href={post.cover.full}><img src={post.cover.full} alt={t('promo.cover.alt', { title: post.title })} decoding="async" /></a>
        </figure>
      ) : null}
      {post.summary ? <p class="lead news-summary">{post.summary}</p> : null}
      {post.videoUrl ? <VideoCard view={view} url={post.videoUrl} platform={post.videoPlatform} /> : null}
      {/* Stored sanitised (web/rich-text.ts): only the safe subset reaches this point. */}
      {post.body ? <div class="rich-text" dangerouslySetInnerHTML={{ __html: post.body }} /> : null}
      {tags.length ? (
        <section class="news-tags" aria-labelledby="news-tags-title">
          <h2 id="news-tags-title" class="news-tags-title">{t('promo.tags')}</h2>
          <ul class="news-tag-list">
            {tags.map((g) => <li><a class="chip" href={g.href}><span class="news-tag-kind">{t(`promo.tag.${g.kind}`)}:</span> {g.label}</a></li>)}
          </ul>
        </section>
      ) : null}
    </article>
  );
}

export interface NewsListProps {
  view: View;
  list: { items: PostCard[]; total: number; page: number; pageSize: number };
  /** The tag the list is filtered by (its label), with the address of the whole list. */
  about: string | null;
  /** The list's address with the current filter, for its pages. */
  pageHref: (page: number) => string;
  feeds: { atom: string; rss: string };
}

export function NewsList({ view, list, about, pageHref, feeds }: NewsListProps) {
  const { t } = view;
  return (
    <>
      <header class="news-list-header">
        <h1>{about ? t('promo.news.about', { name: about }) : t('promo.news.title')}</h1>
        <p class="lead">{t('promo.news.lead')}</p>
        {about ? <p><a class="chip" href="/tin-tuc">{t('promo.news.clearFilter')} <span class="chip-x" aria-hidden="true">×</span></a></p> : null}
      </header>
      {list.items.length ? <PostGrid view={view} posts={list.items} label={t('promo.news.list')} headingLevel={2} /> : <EmptyState>{t('promo.news.empty')}</EmptyState>}
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} href={pageHref} labels={pagerLabels(view)} />
      <p class="news-feeds small">
        {t('promo.news.feeds')} <a href={feeds.atom} type="application/atom+xml">{t('promo.news.atom')}</a> · <a href={feeds.rss} type="application/rss+xml">{t('promo.news.rss')}</a>
      </p>
    </>
  );
}

/** A post's status as a badge (the back office). */
export function PostStatusBadge({ view, status }: { view: View; status: PostDto['status'] }) {
  const tone = status === 'published' ? 'success' : status === 'draft' ? 'info' : 'neutral';
  return <StatusBadge tone={tone}>{view.t(`promo.status.${status}`)}</StatusBadge>;
}
