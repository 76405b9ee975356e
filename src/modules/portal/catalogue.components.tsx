/**
 * Pieces of the catalogue pages: product cards, the facet lists (plain links, so filtering works
 * without JavaScript and every state is a shareable address), active-filter chips and figures.
 */
import type { View } from '../../web/view';
import { Stars, SampleBadge } from '../../web/components/badges';
import { ValidUntil } from '../../web/components/valid-until';
import { PRODUCER_KIND_LABELS, type ProducerKind } from '../../domain/producer-kind';
import { shortProvinceName, type CatalogueItem, type CatalogueResult, type FacetValue, type Figures } from './catalogue.service';
import type { FacetName } from './catalogue.index';

export function ProductCard({ view, item, headingLevel = 3 }: { view: View; item: CatalogueItem; headingLevel?: 2 | 3 }) {
  const { t } = view;
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li class="product-card">
      <div class="product-card-media" aria-hidden={item.image ? undefined : 'true'}>
        {item.image
          ? <img src={item.image.thumb} alt={item.image.sample ? t('portal.samplePicture.alt', { name: item.name }) : ''}
              width={320} height={320} loading="lazy" decoding="async" data-sample-picture={item.image.sample ? 'true' : undefined} />
          : <span class="product-card-placeholder">{item.name.slice(0, 1)}</span>}
        {item.image?.sample ? <span class="sample-picture-tag" aria-hidden="true">{t('portal.samplePicture')}</span> : null}
      </div>
      <div class="product-card-body">
        <H class="product-card-title"><a href={item.url}>{item.name}</a></H>
        <Stars count={item.stars} showText />
        <p class="product-card-producer">{item.producer.name}</p>
        <p class="product-card-place">{item.province.name}</p>
        <p class="product-card-valid"><ValidUntil expiresOn={item.certificate.expiresOn} /></p>
        {item.isSample ? <SampleBadge label={t('portal.sample')} /> : null}
      </div>
    </li>
  );
}

export function ProductGrid({ view, items, label }: { view: View; items: CatalogueItem[]; label?: string }) {
  return (
    <ul class="product-grid" aria-label={label}>
      {items.map((item) => <ProductCard key={item.id} view={view} item={item} />)}
    </ul>
  );
}

/** The filter state of a search page, as query parameters (the page's address). */
export interface SearchState {
  q?: string | undefined;
  stars?: number | undefined;
  group?: string | undefined;
  set?: string | undefined;
  province?: string | undefined;
  kind?: string | undefined;
  sort?: string | undefined;
  page?: number | undefined;
}

export function searchHref(s: SearchState, change: Partial<Record<keyof SearchState, string | number | undefined>> = {}, path = '/san-pham'): string {
  const merged: Record<string, unknown> = { ...s, page: undefined, ...change };
  const params = new URLSearchParams();
  for (const key of ['q', 'stars', 'group', 'set', 'province', 'kind', 'sort', 'page'] as const) {
    const v = merged[key];
    if (v === undefined || v === null || v === '' || (key === 'sort' && v === 'relevance') || (key === 'page' && v === 1)) continue;
    params.set(key, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

const FACET_ORDER: FacetName[] = ['stars', 'group', 'set', 'province', 'kind'];

export function facetLabel(view: View, facet: FacetName, v: FacetValue): string {
  if (facet === 'stars') return view.t('stars.label', { count: Number(v.value) });
  if (facet === 'kind') return PRODUCER_KIND_LABELS[v.value as ProducerKind]?.[view.locale] ?? v.label;
  if (facet === 'province') return shortProvinceName(v.label);
  return v.label;
}

export function FacetPanel({ view, result, state }: { view: View; result: CatalogueResult; state: SearchState }) {
  const { t } = view;
  return (
    <div class="facets">
      {FACET_ORDER.map((f) => {
        // A filter is shown only with choices to make, and always open: its heading alone offers nothing.
        const values = result.facets[f].filter((v) => v.value !== '' && v.count > 0);
        if (!values.length) return null;
        const current = state[f] === undefined ? undefined : String(state[f]);
        return (
          <details class="facet" open>
            <summary class="facet-title">{t(`portal.facet.${f}`)}</summary>
            <ul class="facet-list">
              {values.map((v) => {
                const selected = current === v.value;
                const label = facetLabel(view, f, v);
                return (
                  <li>
                    <a class={selected ? 'facet-link is-selected' : 'facet-link'} href={searchHref(state, { [f]: selected ? undefined : v.value })}
                      aria-current={selected ? 'true' : undefined}>
                      <span class="facet-label">{label}</span>
                      <span class="facet-count">{v.count.toLocaleString('vi-VN')}<span class="visually-hidden"> {t('portal.facet.unit')}</span></span>
                    </a>
                  </li>
                );
              })}
            </ul>
          </details>
        );
      })}
    </div>
  );
}

/** Chips for the filters in force, each a link that removes it. */
export function ActiveFilters({ view, result, state }: { view: View; result: CatalogueResult; state: SearchState }) {
  const { t } = view;
  const chips = FACET_ORDER.filter((f) => state[f] !== undefined).map((f) => {
    const value = String(state[f]);
    const found = result.facets[f].find((v) => v.value === value) ?? { value, label: value, count: 0 };
    return { f, label: `${t(`portal.facet.${f}`)}: ${facetLabel(view, f, found)}` };
  });
  if (!chips.length) return null;
  return (
    <div class="active-filters">
      <p class="active-filters-title">{t('portal.search.active')}</p>
      <ul>
        {chips.map((c) => (
          <li><a class="chip" href={searchHref(state, { [c.f]: undefined })} aria-label={t('portal.search.remove', { label: c.label })}>
            <span>{c.label}</span><span class="chip-x" aria-hidden="true">×</span>
          </a></li>
        ))}
      </ul>
      <a class="active-filters-clear" href={searchHref({ q: state.q, sort: state.sort })}>{t('portal.search.clear')}</a>
    </div>
  );
}

export function FigureGrid({ view, figures, withPlaces = true }: { view: View; figures: Figures; withPlaces?: boolean }) {
  const { t } = view;
  const n = (x: number) => x.toLocaleString('vi-VN');
  const items = [
    { label: t('portal.fig.products'), value: n(figures.products), accent: true },
    { label: t('portal.fig.stars', { count: 5 }), value: n(figures.byStars['5']) },
    { label: t('portal.fig.stars', { count: 4 }), value: n(figures.byStars['4']) },
    { label: t('portal.fig.stars', { count: 3 }), value: n(figures.byStars['3']) },
    { label: t('portal.fig.producers'), value: n(figures.producers) },
    ...(withPlaces ? [{ label: t('portal.fig.provinces'), value: n(figures.provinces) }] : []),
    { label: t('portal.fig.communes'), value: n(figures.communes) },
  ];
  return (
    <dl class="figure-grid">
      {items.map((i) => (
        <div class={i.accent ? 'figure figure--accent' : 'figure'}>
          <dt class="figure-label">{i.label}</dt>
          <dd class="figure-value">{i.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function KindFigures({ view, figures }: { view: View; figures: Figures }) {
  const kinds = Object.entries(figures.producersByKind) as [ProducerKind, number][];
  return (
    <dl class="kind-figures">
      {kinds.map(([k, count]) => (
        <div class="kind-figure">
          <dt>{PRODUCER_KIND_LABELS[k][view.locale]}</dt>
          <dd>{count.toLocaleString('vi-VN')}</dd>
        </div>
      ))}
    </dl>
  );
}
