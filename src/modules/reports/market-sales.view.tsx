/**
 * "Doanh thu qua sàn" on the statistics page (statistics.view.tsx): sales through the OCOP market
 * in the report's area and period — the total, then tables by province, product set and star
 * (orders, items, revenue in whole đồng); SAMPLE (demo) orders, when counted, said so.
 */
import { SampleBadge } from '../../web/components/badges';
import { DataTable } from '../../web/components/table';
import { Notice, StatGrid } from '../../web/components/page';
import type { View } from '../../web/view';
import { formatDateVi } from '../../domain/dates';
import { formatDong, type MarketSales, type SalesFigure } from './market-sales.service';

function SalesTable({ view, caption, first, rows, total }: { view: View; caption: string; first: string; rows: SalesFigure[]; total: MarketSales['total'] }) {
  const { t } = view;
  const fmt = (x: number) => new Intl.NumberFormat(view.locale === 'vi' ? 'vi-VN' : 'en-GB').format(x);
  const all: (SalesFigure & { strong?: boolean })[] = rows.length ? [...rows, { key: '_total', label: t('statistics.total'), ...total, strong: true }] : [];
  const cell = (r: { strong?: boolean }, x: string) => (r.strong ? <strong>{x}</strong> : x);
  return (
    <DataTable<SalesFigure & { strong?: boolean }>
      caption={caption} captionHidden rows={all} empty={t('statistics.sales.none')} rowKey={(r) => r.key}
      columns={[
        { key: 'label', label: first, render: (r) => cell(r, r.label) },
        { key: 'orders', label: t('statistics.sales.orders'), numeric: true, render: (r) => cell(r, fmt(r.orders)) },
        { key: 'units', label: t('statistics.sales.units'), numeric: true, render: (r) => cell(r, fmt(r.units)) },
        { key: 'amount', label: t('statistics.sales.amount'), numeric: true, render: (r) => cell(r, formatDong(r.amount)) },
      ]}
    />
  );
}

export function MarketSalesSection({ view, sales }: { view: View; sales: MarketSales }) {
  const { t } = view;
  return (
    <section aria-labelledby="st-sales" class="stats-section" id="doanh-thu-qua-san">
      <h2 id="st-sales">{t('statistics.sales')}{sales.sample.orders ? <> <SampleBadge label={t('statistics.sales.sampleBadge')} /></> : null}</h2>
      <p class="muted">{t('statistics.sales.lead', { from: formatDateVi(sales.from), to: formatDateVi(sales.to) })}</p>
      {sales.sample.orders ? (
        <Notice tone="info">{t('statistics.sales.sample', { orders: sales.sample.orders, amount: formatDong(sales.sample.amount) })}</Notice>
      ) : null}
      <StatGrid items={[
        { label: t('statistics.sales.amount'), value: formatDong(sales.total.amount) },
        { label: t('statistics.sales.orders'), value: sales.total.orders },
        { label: t('statistics.sales.units'), value: sales.total.units },
      ]} />
      <h3>{t('statistics.sales.byProvince')}</h3>
      <SalesTable view={view} caption={t('statistics.sales.byProvince')} first={t('statistics.sales.province')} rows={sales.byProvince} total={sales.total} />
      <h3>{t('statistics.sales.bySet')}</h3>
      <SalesTable view={view} caption={t('statistics.sales.bySet')} first={t('statistics.set')} rows={sales.bySet} total={sales.total} />
      <h3>{t('statistics.sales.byStars')}</h3>
      <SalesTable view={view} caption={t('statistics.sales.byStars')} first={t('statistics.rank')} rows={sales.byStars.map((r) => ({ ...r, label: r.key ? t('statistics.sales.star', { n: r.key }) : '—' }))} total={sales.total} />
      <p class="muted small">{t('statistics.sales.note')}</p>
    </section>
  );
}
