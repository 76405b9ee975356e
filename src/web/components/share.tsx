/**
 * What a shared link shows and how to share it, for public pages: the Open Graph tags the Layout
 * puts in <head> (og:title, og:description, og:image, og:url, og:type) and a share block of plain
 * links — Facebook's sharer and Zalo's share page — with the page's address to copy. No script,
 * iframe or widget of theirs is loaded (the Content-Security-Policy stays `'self'`); the links open
 * their sites, which read the page's Open Graph tags.
 *
 * A page gives its link preview either as the Layout's `og` prop or, for portal pages sent with
 * their head tags (portal-page.tsx `sendPortalPage`), through `OpenGraphContext`. The share block
 * appears on public pages whose absolute address is known.
 */
import { createContext } from 'preact';
import { useUiText } from './ui-locale';

export interface OpenGraph {
  title?: string;
  description?: string;
  /** Absolute address of the page (its canonical address); without it no og:url and no share block. */
  url?: string;
  /** Absolute address of a picture (JPEG, PNG or WebP). */
  image?: string | null;
  type?: 'website' | 'article' | 'product';
  /** false: no share block on this page (a form, a personal page). */
  share?: boolean;
}

/** The page's link preview, provided around the page by whoever knows its address. */
export const OpenGraphContext = createContext<OpenGraph | null>(null);

export const OG_SITE_NAME = 'OCOP Việt Nam';

/**
 * The share addresses of a page. Facebook: the documented sharer (`u` = the address). Zalo: its
 * share page with the address in `url` (Zalo documents only its script button, which needs an
 * Official Account id; this is the page that button opens). Both parameters percent-encoded.
 */
export function shareTargets(url: string): { facebook: string; zalo: string } {
  const u = encodeURIComponent(url);
  return {
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${u}`,
    zalo: `https://sp.zalo.me/share_inline?url=${u}`,
  };
}

/** The Open Graph tags (and the Twitter card kind) of a page; nothing for a missing value. */
export function OpenGraphTags({ og, locale }: { og: OpenGraph & { title: string; description: string }; locale: string }) {
  return (
    <>
      <meta property="og:type" content={og.type ?? 'website'} />
      <meta property="og:title" content={og.title} />
      <meta property="og:description" content={og.description} />
      {og.url ? <meta property="og:url" content={og.url} /> : null}
      <meta property="og:site_name" content={OG_SITE_NAME} />
      <meta property="og:locale" content={locale === 'en' ? 'en_US' : 'vi_VN'} />
      {og.image ? <meta property="og:image" content={og.image} /> : null}
      <meta name="twitter:card" content={og.image ? 'summary_large_image' : 'summary'} />
    </>
  );
}

/** Plain share links and the address to copy (works without JavaScript). */
export function ShareLinks({ url }: { url: string }) {
  const { t } = useUiText();
  const to = shareTargets(url);
  return (
    <section class="share-block" aria-labelledby="share-title">
      <h2 id="share-title" class="share-title">{t('share.title')}</h2>
      <ul class="share-links">
        <li><a class="share-link share-link--facebook" href={to.facebook} rel="noopener nofollow" aria-label={t('share.facebookLabel')}>{t('share.facebook')}</a></li>
        <li><a class="share-link share-link--zalo" href={to.zalo} rel="noopener nofollow" aria-label={t('share.zaloLabel')}>{t('share.zalo')}</a></li>
      </ul>
      <label class="share-address">
        <span class="share-address-label">{t('share.link')}</span>
        <input class="input share-address-input" type="url" value={url} readOnly spellcheck={false} />
      </label>
    </section>
  );
}
