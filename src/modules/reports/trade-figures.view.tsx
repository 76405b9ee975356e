/**
 * "Kết nối cung – cầu" on the statistics page (statistics.view.tsx): the trade connection figures
 * of the report's area and period — the totals (agreements counted as results and their value,
 * demands, offers, events and their sales; those still negotiated apart), then tables by province,
 * product set and star; SAMPLE (demo) records, when counted, said so.
 */
import { SampleBadge } from '../../web/components/badges';
import { DataTable } from '../../web/components/table';
import { Notice, StatGrid } from '../../web/components/page';
import type { View } from '../../web/view';
import { formatDateVi } from '../../domain/dates';
import { formatDong } from './market-sales.service';
import type { TradeFigure, TradeFigures } from './trade-figures.service';

type Row = TradeFigure & { strong?: boolean };

function TradeTable({ view, caption, first, rows, total }: { view: View; caption: string; first: string; rows: TradeFigure[]; total: TradeFigures['total'] }) {
  const { t } = view;
  const fmt = (x: number) => new Intl.NumberFormat(view.locale === 'vi' ? 'vi-VN' : 'en-GB').format(x);
  const all: Row[] = rows.length ? [...rows, { key: '_total', label: t('statistics.trade.total'), ...total, strong: true }] : [];
  const cell = (r: Row, x: string) => (r.strong ? <strong>{x}</strong> : x);
  const count = (key: keyof TradeFigure & string, label: string) => ({ key, label, numeric: true, render: (r: Row) => cell(r, fmt(r[key] as number)) });
  const money = (key: keyof TradeFigure & string, label: string) => ({ key, label, numeric: true, render: (r: Row) => cell(r, formatDong(r[key] as number)) });
  return (
    <DataTable<Row>
      caption={caption} captionHidden rows={all} empty={t('statistics.trade.none')} rowKey={(r) => r.key || '_none'}
      columns={[
        { key: 'label', label: first, render: (r) => cell(r, r.label) },
        count('demands', t('statistics.trade.demands')),
        count('offers', t('statistics.trade.offers')),
        money('offerValue', t('statistics.trade.offerValue')),
        count('agreements', t('statistics.trade.agreements')),
        money('agreementValue', t('statistics.trade.agreementValue')),
        count('results', t('statistics.trade.results')),
        money('sales', t('statistics.trade.sales')),
      ]}
    />
  );
}

export function TradeFiguresSection({ view, trade }: { view: View; trade: TradeFigures }) {
  const { t } = view;
  const s = trade.total;
  const star = (r: TradeFigure) => ({ ...r, label: r.key ? t('statistics.trade.star', { n: r.key }) : t('statistics.trade.noStars') });
  const set = (r: TradeFigure) => (r.key ? r : { ...r, label: t('statistics.trade.noSet') });
  return (
    <section aria-labelledby="st-trade" class="stats-section" id="ket-noi-cung-cau">
      <h2 id="st-trade">{t('statistics.trade')}{trade.sample ? <> <SampleBadge label={t('statistics.trade.sampleBadge')} /></> : null}</h2>
      <p class="muted">{t('statistics.trade.lead', { from: formatDateVi(trade.from), to: formatDateVi(trade.to) })}</p>
      {trade.sample ? <Notice tone="info">{t('statistics.trade.sample', { n: trade.sample })}</Notice> : null}
      <StatGrid items={[
        { label: t('statistics.trade.agreements'), value: s.agreements },
        { label: t('statistics.trade.agreementValue'), value: formatDong(s.agreementValue) },
        { label: t('statistics.trade.negotiating'), value: formatDong(s.negotiatingValue), hint: t('statistics.trade.negotiatingHint', { n: s.negotiating }) },
        { label: t('statistics.trade.demands'), value: s.demands },
        { label: t('statistics.trade.offers'), value: s.offers, hint: `${t('statistics.trade.offerValue')}: ${formatDong(s.offerValue)}` },
        { label: t('statistics.trade.events'), value: s.events },
        { label: t('statistics.trade.sales'), value: formatDong(s.sales), hint: `${t('statistics.trade.results')}: ${s.results}` },
      ]} />
      {s.atEvents ? <p>{t('statistics.trade.atEvents', { n: s.atEvents, amount: formatDong(s.atEventsValue) })}</p> : null}
      <h3>{t('statistics.trade.byProvince')}</h3>
      <TradeTable view={view} caption={t('statistics.trade.byProvince')} first={t('statistics.trade.province')} rows={trade.byProvince} total={s} />
      <h3>{t('statistics.trade.bySet')}</h3>
      <TradeTable view={view} caption={t('statistics.trade.bySet')} first={t('statistics.trade.set')} rows={trade.bySet.map(set)} total={s} />
      <h3>{t('statistics.trade.byStars')}</h3>
      <TradeTable view={view} caption={t('statistics.trade.byStars')} first={t('statistics.trade.rank')} rows={trade.byStars.map(star)} total={s} />
      <p class="muted small">{t('statistics.trade.note')}</p>
    </section>
  );
}
