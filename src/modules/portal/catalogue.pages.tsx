/**
 * The catalogue's pages (server-rendered, no JavaScript needed): home, search, product,
 * producer and province. Only public facts appear: a producer's name, kind, commune and province.
 */
import type { View } from '../../web/view';
import { Stars, StatusBadge, SampleBadge } from '../../web/components/badges';
import { Breadcrumbs, DescriptionList, Notice, EmptyState } from '../../web/components/page';
import { Pagination } from '../../web/components/pagination';
import { lastValidDay } from '../../domain/certificate';
import { formatDateVi } from '../../domain/dates';
import { ValidUntilDate, validUntilLabel } from '../../web/components/valid-until';
import { PRODUCER_KIND_LABELS } from '../../domain/producer-kind';
import { PortalShell } from './portal-page';
import { ActiveFilters, FacetPanel, FigureGrid, KindFigures, ProductGrid, searchHref, type SearchState } from './catalogue.components';
import { QR_PRINT_SIZES_MM } from './qr';
import type { CatalogueItem, CatalogueResult, Figures, ProvinceLink, PublicProducer, PublicProduct } from './catalogue.service';
import { CATALOGUE_SORTS } from './catalogue.index';
import { newsHref, PromoPostsSection } from '../promo/promo.view';
import type { PostCard } from '../promo/promo.schema';

const date = (d: string) => formatDateVi(d);

function SearchBox({ view, q, big, hidden }: { view: View; q?: string; big?: boolean; hidden?: Record<string, string | undefined> }) {
  const { t } = view;
  return (
    <form class={big ? 'portal-search portal-search--big' : 'portal-search'} method="get" action="/san-pham" role="search" aria-label={t('portal.home.searchLabel')}>
      <label class="field-label" for="portal-q">{big ? t('portal.home.searchLabel') : t('portal.search.q')}</label>
      {big ? <p class="field-hint" id="portal-q-hint">{t('portal.home.searchHint')}</p> : null}
      <div class="portal-search-row">
        <input id="portal-q" class="input input--search" type="search" name="q" value={q ?? ''} maxLength={200}
          placeholder={t('portal.search.placeholder')} autocomplete="off" spellcheck={false} enterKeyHint="search"
          aria-describedby={big ? 'portal-q-hint' : undefined} />
        {Object.entries(hidden ?? {}).map(([k, v]) => (v ? <input type="hidden" name={k} value={v} /> : null))}
        <button type="submit" class="btn btn-primary">{t('portal.search.submit')}</button>
      </div>
    </form>
  );
}

// ─── Home ──────────────────────────────────────────────────────────────────

export function HomePage({ view, figures, fiveStar, recent, provinces }: {
  view: View; figures: Figures; fiveStar: CatalogueItem[]; recent: CatalogueItem[]; provinces: ProvinceLink[];
}) {
  const { t } = view;
  return (
    <PortalShell view={view} title={t('portal.home.title')} active="home">
      <section class="portal-hero">
        <h1>{t('portal.home.title')}</h1>
        <p class="lead">{t('portal.home.lead')}</p>
        <SearchBox view={view} big />
        <p class="portal-hero-verify"><a href="/v">{t('portal.home.verify')}</a></p>
      </section>

      <section aria-labelledby="home-figures">
        <h2 id="home-figures">{t('portal.home.figures')}</h2>
        <FigureGrid view={view} figures={figures} />
        <p class="muted small">{t('portal.asOf', { date: date(figures.asOf) })}</p>
      </section>

      <section class="portal-about" aria-labelledby="home-stars">
        <h2 id="home-stars">{t('portal.home.stars')}</h2>
        <p>{t('portal.home.what')}</p>
        <ul class="star-meanings">
          {([3, 4, 5] as const).map((n) => (
            <li><Stars count={n} /> <span>{t(`portal.home.star${n}`)}</span></li>
          ))}
        </ul>
      </section>

      {fiveStar.length > 0 && (
        <section aria-labelledby="home-five">
          <h2 id="home-five">{t('portal.home.fiveStar')}</h2>
          <ProductGrid view={view} items={fiveStar} />
          <p><a href={searchHref({ stars: 5 })}>{t('portal.home.all')}</a></p>
        </section>
      )}
      {recent.length > 0 && (
        <section aria-labelledby="home-recent">
          <h2 id="home-recent">{t('portal.home.recent')}</h2>
          <ProductGrid view={view} items={recent} />
          <p><a class="btn btn-secondary" href={searchHref({ sort: 'newest' })}>{t('portal.home.all')}</a></p>
        </section>
      )}

      <section aria-labelledby="home-provinces">
        <h2 id="home-provinces">{t('portal.home.provinces')}</h2>
        <ul class="province-links">
          {provinces.map((p) => (
            <li><a href={p.url}><span>{p.name}</span> <span class="province-count">{p.products.toLocaleString('vi-VN')}</span></a></li>
          ))}
        </ul>
      </section>
      <ul class="home-links">
        <li><a href="/du-lieu-mo">{t('portal.home.openData')}</a></li>
        <li>{view.actor ? <a href="/admin">{t('nav.dashboard')}</a> : <a href="/login">{t('home.officerLogin')}</a>}</li>
      </ul>
    </PortalShell>
  );
}

// ─── Search ────────────────────────────────────────────────────────────────

export function SearchPage({ view, result, state }: { view: View; result: CatalogueResult; state: SearchState }) {
  const { t } = view;
  const title = result.q ? t('portal.search.titleFor', { q: result.q }) : t('portal.search.title');
  const keep = { stars: state.stars?.toString(), group: state.group, set: state.set, province: state.province, kind: state.kind, sort: state.sort };
  return (
    <PortalShell view={view} title={title} active="products">
      <h1>{title}</h1>
      <SearchBox view={view} q={result.q} hidden={keep} />
      <div class="search-layout">
        <section class="search-results" aria-labelledby="results-title">
          <h2 id="results-title" class="visually-hidden">{t('portal.search.results')}</h2>
          <div class="search-toolbar">
            <p class="search-count" role="status">{t('portal.search.count', { count: result.total.toLocaleString('vi-VN') })}</p>
            <a class="filters-jump" href="#filters">{t('portal.search.filters')}</a>
            <form method="get" action="/san-pham" class="search-sort">
              {Object.entries({ q: state.q, ...keep, sort: undefined }).map(([k, v]) => (v ? <input type="hidden" name={k} value={String(v)} /> : null))}
              <label for="portal-sort">{t('portal.search.sort')}</label>
              <select id="portal-sort" name="sort" class="select" data-module="autosubmit">
                {CATALOGUE_SORTS.map((s) => <option value={s} selected={result.sort === s}>{t(`portal.search.sort.${s}`)}</option>)}
              </select>
              <button type="submit" class="btn btn-secondary btn-sm">{t('common.sortBy')}</button>
            </form>
          </div>
          {result.match === 'fuzzy' && result.corrected
            ? <Notice tone="info">{t('portal.search.fuzzy', { q: result.q, corrected: result.corrected })}</Notice> : null}
          <ActiveFilters view={view} result={result} state={state} />
          {result.items.length
            ? <ProductGrid view={view} items={result.items} label={t('portal.search.results')} />
            : <EmptyState>{t('portal.search.none')}</EmptyState>}
          <Pagination page={result.page} pageSize={result.pageSize} total={result.total}
            href={(p) => searchHref(state, { page: p })}
            labels={{ prev: t('common.prev'), next: t('common.next'), page: (p, n) => t('common.page', { page: p, pages: n }) }} />
        </section>
        <aside class="search-filters" id="filters" aria-labelledby="filters-title">
          <h2 id="filters-title" class="search-filters-title">{t('portal.search.filters')}</h2>
          <FacetPanel view={view} result={result} state={state} />
        </aside>
      </div>
    </PortalShell>
  );
}

// ─── Product ───────────────────────────────────────────────────────────────

function CertificateBox({ view, p }: { view: View; p: PublicProduct }) {
  const { t } = view;
  const c = p.certificate;
  const state = p.certified
    ? <StatusBadge tone="success">{t('portal.product.valid', { date: date(lastValidDay(c.expiresOn)) })}</StatusBadge>
    : c.status === 'revoked' ? <StatusBadge tone="danger">{t('portal.product.revoked', { date: date(c.revokedOn ?? c.expiresOn) })}</StatusBadge>
    : c.status === 'superseded' ? <StatusBadge tone="warning">{t('portal.product.superseded')}</StatusBadge>
    : c.status === 'not_yet_valid' ? <StatusBadge tone="warning">{t('portal.product.notYetValid', { date: date(c.issuedOn) })}</StatusBadge>
    : <StatusBadge tone="warning">{t('portal.product.expired')}</StatusBadge>;
  return (
    <section class={p.certified ? 'cert-box' : 'cert-box cert-box--invalid'} aria-labelledby="cert-title" data-certified={String(p.certified)}>
      <h2 id="cert-title" class="cert-box-title">{t('portal.product.certificate')}</h2>
      <p class="cert-box-stars"><Stars count={c.stars} showText /></p>
      <p class="cert-box-state">{state}</p>
      <DescriptionList items={[
        { term: t('portal.product.number'), detail: <code>{c.number}</code> },
        { term: t('portal.product.issuedOn'), detail: date(c.issuedOn) },
        { term: validUntilLabel(t), detail: <ValidUntilDate expiresOn={c.expiresOn} /> },
        { term: t('portal.product.issuer'), detail: <span data-issuer>{c.issuer}</span> },
      ]} />
      <p class="cert-box-verify"><a class="btn btn-secondary btn-block" href={p.links.verify}>{t('portal.product.verify')}</a></p>
    </section>
  );
}

export function ProductPage({ view, p, more, news = [] }: { view: View; p: PublicProduct; more: CatalogueItem[]; news?: PostCard[] }) {
  const { t } = view;
  const details = [
    p.ingredients && { term: t('portal.product.ingredients'), detail: p.ingredients },
    p.packaging && { term: t('portal.product.packaging'), detail: p.packaging },
    p.shelfLife && { term: t('portal.product.shelfLife'), detail: p.shelfLife },
    p.productSet.name && { term: t('portal.product.set'), detail: `${p.productSet.code}. ${p.productSet.name}` },
    p.group.name && { term: t('portal.product.group'), detail: p.group.name },
    p.gtin && { term: t('portal.product.gtin'), detail: <code>{p.gtin}</code> },
  ].filter(Boolean) as { term: string; detail: string }[];
  const [main, ...others] = p.images;
  return (
    <PortalShell view={view} title={p.name} active="products">
      <Breadcrumbs items={[
        { href: '/', label: t('portal.nav.home') },
        { href: '/san-pham', label: t('portal.nav.products') },
        { href: p.province.url, label: p.province.name },
        { label: p.name },
      ]} />
      {!p.certified && (
        <Notice tone="warning" title={t('portal.product.notCertified')}>
          <p>{t('portal.product.notCertifiedText')}</p>
        </Notice>
      )}
      <div class="product-layout">
        <div class="product-main">
          <header class="product-header">
            <h1>{p.name}</h1>
            <p class="product-producer-line"><a href={p.producer.url}>{p.producer.name}</a> · {p.communeName}, {p.province.name}</p>
            {p.isSample ? <SampleBadge label={t('portal.sample')} /> : null}
          </header>
          {main && (
            <section class="product-photos" aria-label={t('portal.product.photos')}>
              <figure class="product-photo-figure">
                <a href={main.full} class="product-photo-main">
                  <img src={main.full} alt={main.sample ? t('portal.samplePicture.alt', { name: p.name }) : t('portal.product.photo', { n: 1, name: p.name })}
                    width={main.width} height={main.height} decoding="async" data-sample-picture={main.sample ? 'true' : undefined} />
                  {main.sample ? <span class="sample-picture-tag" aria-hidden="true">{t('portal.samplePicture')}</span> : null}
                </a>
                {main.sample ? <figcaption class="sample-picture-note">{t('portal.samplePicture.note')}</figcaption> : null}
              </figure>
              {others.length > 0 && (
                <ul class="product-thumbs">
                  {others.map((img, i) => (
                    <li><a href={img.full} aria-label={t('portal.product.openPhoto', { n: i + 2 })}>
                      <img src={img.thumb} alt={img.sample ? t('portal.samplePicture.alt', { name: p.name }) : t('portal.product.photo', { n: i + 2, name: p.name })}
                        width={96} height={96} loading="lazy" decoding="async" />
                    </a></li>
                  ))}
                </ul>
              )}
            </section>
          )}
          {p.description && (
            <section aria-labelledby="about-title">
              <h2 id="about-title">{t('portal.product.about')}</h2>
              <p class="product-text">{p.description}</p>
            </section>
          )}
          {p.story && (
            <section aria-labelledby="story-title">
              <h2 id="story-title">{t('portal.product.story')}</h2>
              {p.story.split(/\n{2,}/).map((para) => <p class="product-text">{para}</p>)}
            </section>
          )}
          {details.length > 0 && (
            <section aria-labelledby="details-title">
              <h2 id="details-title">{t('portal.product.details')}</h2>
              <DescriptionList items={details} />
            </section>
          )}
        </div>
        <div class="product-side">
          <CertificateBox view={view} p={p} />
          <section class="side-card" aria-labelledby="producer-title">
            <h2 id="producer-title" class="side-card-title">{t('portal.product.producer')}</h2>
            <p class="side-card-name"><a href={p.producer.url}>{p.producer.name}</a></p>
            <DescriptionList items={[
              { term: t('portal.product.kind'), detail: PRODUCER_KIND_LABELS[p.producer.kind][view.locale] },
              { term: t('portal.product.place'), detail: <>{p.communeName}, <a href={p.province.url}>{p.province.name}</a></> },
            ]} />
          </section>
          {p.listing ? (
            <section class="side-card buy-card" aria-labelledby="buy-title">
              <h2 id="buy-title" class="side-card-title">{t('portal.product.buy')}</h2>
              {p.listing.priceFrom !== null ? <p class="listing-price">{t('portal.product.priceFrom', { price: `${p.listing.priceFrom.toLocaleString('vi-VN')} ₫` })}</p> : null}
              <p><a class="btn btn-primary" href={p.listing.url}>{t('portal.product.buyNow')}</a></p>
            </section>
          ) : null}
          {p.certified && (
            <section class="side-card" aria-labelledby="where-title">
              <h2 id="where-title" class="side-card-title">{t('portal.product.where')}</h2>
              {p.outlets.length ? (
                <ul class="outlet-list">
                  {p.outlets.map((o) => (
                    <li class="outlet">
                      <p class="outlet-name"><strong>{o.name}</strong> <span class="outlet-kind">{t(`portal.outlet.${o.kind}`)}</span></p>
                      <p class="outlet-address">{[o.address, o.communeName, o.provinceName].filter(Boolean).join(', ')}</p>
                      {o.website ? <p class="outlet-link"><a href={o.website} rel="nofollow noopener">{t('portal.product.website')}</a></p> : null}
                      {o.phone ? <p class="outlet-phone">{t('portal.product.phone')}: <a href={`tel:${o.phone.replace(/[^\d+]/g, '')}`}>{o.phone}</a></p> : null}
                      {o.isSample ? <SampleBadge label={t('portal.sample')} /> : null}
                    </li>
                  ))}
                </ul>
              ) : <p class="muted">{t('portal.product.noOutlets')}</p>}
            </section>
          )}
          {p.certified && p.links.qrSvg && (
            <section class="side-card qr-card" aria-labelledby="qr-title">
              <h2 id="qr-title" class="side-card-title">{t('portal.product.qr')}</h2>
              <img class="qr-image" src={`${p.links.qrSvg}?size=240px`} width={160} height={160} alt={t('portal.product.qrAlt', { number: p.certificate.number })} />
              <p class="small">{t('portal.product.qrText')}</p>
              <p class="small qr-downloads"><span>{t('portal.product.qrDownload')}:</span>{' '}
                {QR_PRINT_SIZES_MM.map((mm) => (
                  <><a href={`${p.links.qrSvg}?size=${mm}mm`} download>SVG {t('portal.product.qrSize', { size: mm })}</a>{' · '}</>
                ))}
                <a href={`${p.links.qrPng}?size=30mm&dpi=300`} download>PNG 30 mm, 300 dpi</a>
              </p>
            </section>
          )}
        </div>
      </div>
      {more.length > 0 && (
        <section aria-labelledby="more-title">
          <h2 id="more-title">{t('portal.product.moreFrom')}</h2>
          <ProductGrid view={view} items={more} />
        </section>
      )}
      <PromoPostsSection view={view} posts={news} moreHref={newsHref('product', p.id)} />
    </PortalShell>
  );
}

// ─── Producer and province ─────────────────────────────────────────────────

export function ProducerPage({ view, p, news = [] }: { view: View; p: PublicProducer; news?: PostCard[] }) {
  const { t } = view;
  return (
    <PortalShell view={view} title={p.name} active="products">
      <Breadcrumbs items={[
        { href: '/', label: t('portal.nav.home') },
        { href: p.province.url, label: p.province.name },
        { label: p.name },
      ]} />
      <h1>{p.name}</h1>
      <p class="lead">{PRODUCER_KIND_LABELS[p.kind][view.locale]} · {p.communeName}, <a href={p.province.url}>{p.province.name}</a></p>
      {p.isSample ? <SampleBadge label={t('portal.sample')} /> : null}
      <h2>{t('portal.producer.products')}</h2>
      {p.products.length ? <ProductGrid view={view} items={p.products} /> : <EmptyState>{t('portal.producer.none')}</EmptyState>}
      <PromoPostsSection view={view} posts={news} moreHref={newsHref('producer', p.id)} />
    </PortalShell>
  );
}

export function ProvincePage({ view, province, figures, products, news = [] }: {
  view: View; province: { code: string; name: string }; figures: Figures; products: CatalogueResult; news?: PostCard[];
}) {
  const { t } = view;
  const title = t('portal.province.title', { name: province.name });
  return (
    <PortalShell view={view} title={title} active="products">
      <Breadcrumbs items={[{ href: '/', label: t('portal.nav.home') }, { label: province.name }]} />
      <h1>{title}</h1>
      <h2>{t('portal.province.figures')}</h2>
      <FigureGrid view={view} figures={figures} withPlaces={false} />
      <h3>{t('portal.fig.byKind')}</h3>
      <KindFigures view={view} figures={figures} />
      <p class="muted small">{t('portal.asOf', { date: date(figures.asOf) })}</p>
      <h2>{t('portal.province.products')}</h2>
      {products.items.length ? (
        <>
          <ProductGrid view={view} items={products.items} />
          <p><a class="btn btn-secondary" href={searchHref({ province: province.code })}>
            {t('portal.province.all', { count: products.total.toLocaleString('vi-VN'), name: province.name })}
          </a></p>
        </>
      ) : <EmptyState>{t('portal.province.none')}</EmptyState>}
      <PromoPostsSection view={view} posts={news} moreHref={newsHref('province', province.code)} />
    </PortalShell>
  );
}
