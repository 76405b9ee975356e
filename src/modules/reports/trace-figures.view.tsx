/**
 * "Truy xuất nguồn gốc theo lô" on the statistics page (statistics.view.tsx): of the products
 * certified on the report's day in its area, those with a production lot recorded with trace
 * events — the share, then tables by province (with each star's share) and by star, each with
 * the area's total; the definition under them; SAMPLE (demo) lots, when counted, said so.
 */
import { SampleBadge } from '../../web/components/badges';
import { DataTable } from '../../web/components/table';
import { Notice, StatGrid } from '../../web/components/page';
import type { View } from '../../web/view';
import { formatDateVi } from '../../domain/dates';
import { formatShare, TRACE_STARS, type TraceCount, type TraceFigures, type TraceRow } from './trace-figures.service';

type Row = TraceRow & { strong?: boolean };

export function TraceFiguresSection({ view, trace }: { view: View; trace: TraceFigures }) {
  const { t, locale } = view;
  const fmt = (x: number) => new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB').format(x);
  const s = trace.total;
  const totalLabel = t(trace.national ? 'statistics.traced.country' : 'statistics.traced.total');
  const total: Row = { ...s, label: totalLabel, key: '_total', strong: true };
  const cell = (r: { strong?: boolean }, x: string) => (r.strong ? <strong>{x}</strong> : x);
  const counts = [
    { key: 'traced', label: t('statistics.traced.traced'), numeric: true, render: (r: TraceCount & { strong?: boolean }) => cell(r, fmt(r.traced)) },
    { key: 'certified', label: t('statistics.traced.certified'), numeric: true, render: (r: TraceCount & { strong?: boolean }) => cell(r, fmt(r.certified)) },
    { key: 'share', label: t('statistics.traced.shareShort'), numeric: true, render: (r: TraceCount & { strong?: boolean }) => cell(r, formatShare(r.share, locale)) },
  ];
  const starShare = (c: TraceCount) => (c.certified
    ? <>{formatShare(c.share, locale)}<br /><span class="muted small">{fmt(c.traced)}/{fmt(c.certified)}</span></>
    : '—');
  const stars: (TraceCount & { key: string; label: string; strong?: boolean })[] = [
    ...TRACE_STARS.map((k) => ({ key: k, label: t('statistics.traced.star', { n: k }), ...s.byStars[k] })),
    { key: '_total', label: totalLabel, traced: s.traced, certified: s.certified, share: s.share, strong: true },
  ];
  const none = t('statistics.traced.none');
  return (
    <section aria-labelledby="st-traced" class="stats-section" id="truy-xuat-lo">
      <h2 id="st-traced">{t('statistics.traced')}{trace.sample ? <> <SampleBadge label={t('statistics.traced.sampleBadge')} /></> : null}</h2>
      <p class="muted">{t('statistics.traced.lead', { asOf: formatDateVi(trace.asOf) })}</p>
      {trace.sample ? <Notice tone="info">{t('statistics.traced.sample', { n: trace.sample })}</Notice> : null}
      <StatGrid items={[
        { label: t('statistics.traced.share'), value: formatShare(s.share, locale), hint: t('statistics.traced.shareHint', { traced: fmt(s.traced), certified: fmt(s.certified) }) },
        ...TRACE_STARS.map((k) => ({ label: t('statistics.traced.starShare', { n: k }), value: formatShare(s.byStars[k].share, locale),
          hint: t('statistics.traced.shareHint', { traced: fmt(s.byStars[k].traced), certified: fmt(s.byStars[k].certified) }) })),
      ]} />
      <h3>{t('statistics.traced.byProvince')}</h3>
      <DataTable<Row>
        caption={t('statistics.traced.byProvince')} captionHidden rows={trace.byProvince.length ? [...trace.byProvince, total] : []} empty={none}
        rowKey={(r) => r.key}
        columns={[
          { key: 'label', label: t('statistics.traced.province'), render: (r) => cell(r, r.label) },
          ...counts,
          ...TRACE_STARS.map((k) => ({ key: `s${k}`, label: t('statistics.traced.starShare', { n: k }), numeric: true, render: (r: Row) => starShare(r.byStars[k]) })),
        ]}
      />
      <h3>{t('statistics.traced.byStars')}</h3>
      <DataTable
        caption={t('statistics.traced.byStars')} captionHidden rows={s.certified ? stars : []} empty={none} rowKey={(r) => r.key}
        columns={[{ key: 'label', label: t('statistics.traced.rank'), render: (r) => cell(r, r.label) }, ...counts]}
      />
      <p class="muted small">{t('statistics.traced.note')}</p>
    </section>
  );
}
