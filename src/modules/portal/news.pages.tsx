/**
 * The portal's news pages (/tin-tuc and /tin-tuc/<slug>): the promotion module's views in the
 * portal's shell, with the tags of a post turned into links to the catalogue's pages.
 */
import type { View } from '../../web/view';
import { Breadcrumbs } from '../../web/components/page';
import { NewsList, PostArticle, type NewsListProps, type TagLink } from '../promo/promo.view';
import type { PostDto, TagDto } from '../promo/promo.schema';
import { PortalShell } from './portal-page';
import { producerPath, productPath, provincePath } from './catalogue.service';

/** Where a tag leads: the product, producer or province page of the catalogue, or the event page. */
export function tagHref(tag: TagDto): string {
  switch (tag.kind) {
    case 'product': return productPath(tag.ref, tag.label);
    case 'producer': return producerPath(tag.ref, tag.label);
    case 'province': return provincePath(tag.ref, tag.label);
    default: return `/su-kien/${tag.ref}`;
  }
}

export function NewsListPage(props: NewsListProps) {
  const { view, about } = props;
  const { t } = view;
  const title = about ? t('promo.news.about', { name: about }) : t('promo.news.title');
  return (
    <PortalShell view={view} title={title} active="news">
      <Breadcrumbs items={about ? [{ href: '/', label: t('portal.nav.home') }, { href: '/tin-tuc', label: t('promo.breadcrumb') }, { label: about }]
        : [{ href: '/', label: t('portal.nav.home') }, { label: t('promo.breadcrumb') }]} />
      <NewsList {...props} />
    </PortalShell>
  );
}

export function NewsPostPage({ view, post, tags }: { view: View; post: PostDto; tags: TagDto[] }) {
  const { t } = view;
  const links: TagLink[] = tags.map((g) => ({ kind: g.kind, label: g.label, href: tagHref(g) }));
  return (
    <PortalShell view={view} title={post.title} active="news">
      <Breadcrumbs items={[{ href: '/', label: t('portal.nav.home') }, { href: '/tin-tuc', label: t('promo.breadcrumb') }, { label: post.title }]} />
      <PostArticle view={view} post={post} tags={links} />
    </PortalShell>
  );
}
