/**
 * The news feeds: Atom 1.0 (RFC 4287) and RSS 2.0, built as text with every value escaped and
 * every link absolute (the portal's origin: PUBLIC_BASE_URL, else the request's, as the sitemap
 * does). Bodies are the stored, sanitised HTML, carried as escaped text (`type="html"`); texts
 * never hold characters XML forbids (stripped when stored, and again here).
 */
import { stripControls } from './promo.rules';

export interface FeedEntry {
  id: string;
  title: string;
  /** Absolute address of the post's page. */
  url: string;
  summary: string;
  /** Stored HTML of the safe subset. */
  html: string;
  published: Date;
  updated: Date;
  /** Absolute address of the cover picture. */
  image: string | null;
  categories: string[];
}

export interface Feed {
  title: string;
  subtitle: string;
  /** Absolute addresses: the list page and the feed itself. */
  pageUrl: string;
  selfUrl: string;
  /** The origin relative addresses in bodies resolve against. */
  base: string;
  language: string;
  entries: FeedEntry[];
  /** When nothing is published yet. */
  fallbackUpdated: Date;
}

/** Text for XML: forbidden characters dropped, markup characters escaped. */
export const xmlText = (s: string): string =>
  stripControls(s).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' }[c]!));

const updatedOf = (f: Feed) => (f.entries.length ? new Date(Math.max(...f.entries.map((e) => e.updated.getTime()))) : f.fallbackUpdated);
/** Links and pictures of the platform made absolute (a reader shows the body away from the site). */
const absolute = (html: string, base: string) => html.replace(/ (href|src)="\/(?!\/)/g, ` $1="${xmlText(base)}/`);
/** The HTML a reader shows: the cover, the summary, the body. */
const contentOf = (e: FeedEntry, base: string) =>
  (e.image ? `<p><img src="${xmlText(e.image)}" alt=""></p>` : '') + (e.summary ? `<p>${xmlText(e.summary)}</p>` : '') + absolute(e.html, base);

export function atomFeed(f: Feed): string {
  const entries = f.entries.map((e) => [
    '<entry>',
    `<title type="text">${xmlText(e.title)}</title>`,
    `<id>urn:uuid:${xmlText(e.id)}</id>`,
    `<link rel="alternate" type="text/html" href="${xmlText(e.url)}"/>`,
    `<published>${e.published.toISOString()}</published>`,
    `<updated>${e.updated.toISOString()}</updated>`,
    ...e.categories.map((c) => `<category term="${xmlText(c)}"/>`),
    e.summary ? `<summary type="text">${xmlText(e.summary)}</summary>` : '',
    `<content type="html">${xmlText(contentOf(e, f.base))}</content>`,
    '</entry>',
  ].filter(Boolean).join(''));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlText(f.language)}" xml:base="${xmlText(`${f.base}/`)}">`,
    `<title type="text">${xmlText(f.title)}</title>`,
    `<subtitle type="text">${xmlText(f.subtitle)}</subtitle>`,
    `<id>${xmlText(f.pageUrl)}</id>`,
    `<link rel="self" type="application/atom+xml" href="${xmlText(f.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlText(f.pageUrl)}"/>`,
    `<updated>${updatedOf(f).toISOString()}</updated>`,
    '<author><name>OCOP Việt Nam</name></author>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

export function rssFeed(f: Feed): string {
  const items = f.entries.map((e) => [
    '<item>',
    `<title>${xmlText(e.title)}</title>`,
    `<link>${xmlText(e.url)}</link>`,
    `<guid isPermaLink="true">${xmlText(e.url)}</guid>`,
    `<pubDate>${e.published.toUTCString()}</pubDate>`,
    ...e.categories.map((c) => `<category>${xmlText(c)}</category>`),
    `<description>${xmlText(contentOf(e, f.base))}</description>`,
    '</item>',
  ].join(''));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>${xmlText(f.title)}</title>`,
    `<link>${xmlText(f.pageUrl)}</link>`,
    `<description>${xmlText(f.subtitle)}</description>`,
    `<language>${xmlText(f.language)}</language>`,
    `<lastBuildDate>${updatedOf(f).toUTCString()}</lastBuildDate>`,
    `<atom:link href="${xmlText(f.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}
