/**
 * The pure rules of promotion posts: which video links are accepted (https pages of YouTube,
 * Facebook, TikTok or Zalo, shown as a link card — never embedded), what a tag reference is (an
 * id, or the address of its public page pasted from the browser), the transitions of a post
 * (draft → published → withdrawn, and withdrawn → published again) and a post's address (slug).
 */
import { slugify } from '../../domain/text';
import { UUID_PATTERN } from '../../domain/ids';

export const VIDEO_PLATFORMS = {
  youtube: { name: 'YouTube', hosts: ['youtube.com', 'youtu.be'] },
  facebook: { name: 'Facebook', hosts: ['facebook.com', 'fb.watch'] },
  tiktok: { name: 'TikTok', hosts: ['tiktok.com'] },
  zalo: { name: 'Zalo', hosts: ['zalo.me'] },
} as const;
export type VideoPlatform = keyof typeof VIDEO_PLATFORMS;

export const VIDEO_URL_MAX = 500;

/**
 * The video link as stored (the parsed, normalised address) and its platform; null when it is not
 * an https address on one of the platforms (no credentials, no other scheme, no look-alike host).
 */
export function videoLink(raw: string): { url: string; platform: VideoPlatform } | null {
  const s = raw.trim();
  if (!s || s.length > VIDEO_URL_MAX || /[\s<>"'`\\]/.test(s)) return null;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' || u.username || u.password || u.port) return null;
  const host = u.hostname.toLowerCase().replace(/\.$/, '');
  for (const [key, p] of Object.entries(VIDEO_PLATFORMS) as [VideoPlatform, (typeof VIDEO_PLATFORMS)[VideoPlatform]][]) {
    if (p.hosts.some((h) => host === h || host.endsWith(`.${h}`))) return { url: u.href, platform: key };
  }
  return null;
}

/** The platform of a stored video link (null when it no longer reads as one). */
export const videoPlatformOf = (url: string | null): VideoPlatform | null => (url ? videoLink(url)?.platform ?? null : null);

const UUID_AT_END = new RegExp(`(${UUID_PATTERN.source.slice(1, -1)})/?(?:[?#].*)?$`, 'i');

/** The id in a reference: an id, or an address ending with one (/san-pham/<slug>-<id>, /su-kien/<id>). */
export function idOfRef(ref: string): string | null {
  const m = UUID_AT_END.exec(ref.trim());
  return m ? m[1]!.toLowerCase() : null;
}

/** The province code in a reference: "38", or an address /tinh/38-thanh-hoa. */
export function provinceOfRef(ref: string): string | null {
  const s = ref.trim();
  const m = /^(\d{2})$/.exec(s) ?? /\/tinh\/(\d{2})(?:-[a-z0-9-]*)?\/?(?:[?#].*)?$/.exec(s);
  return m ? m[1]! : null;
}

/** References typed one per line (or separated by commas); blanks dropped, duplicates once. */
export const splitRefs = (text: string): string[] => [...new Set(text.split(/[\n,;]+/).map((r) => r.trim()).filter(Boolean))];

export const POST_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];
export type PostAction = 'publish' | 'withdraw';

/** The status a post moves to, or null when the action does not apply to its status. */
export function nextStatus(status: PostStatus, action: PostAction): PostStatus | null {
  if (action === 'publish') return status === 'draft' || status === 'withdrawn' ? 'published' : null;
  return status === 'published' ? 'withdrawn' : null;
}

/** The slug of a title ("tin" when the title has no Latin letter or digit). */
export const slugOf = (title: string): string => slugify(title) || 'tin';

/** The first of base, base-2, base-3… not in `taken`. */
export function freeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 80 - String(n).length - 1).replace(/-+$/, '')}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Characters XML 1.0 forbids and invisible controls: never part of a stored text. */
export const stripControls = (s: string): string =>
  // eslint-disable-next-line no-control-regex
  s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g, '').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
