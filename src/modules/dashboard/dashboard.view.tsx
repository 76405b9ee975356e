/**
 * The dashboard of the report roles on /admin (home.routes.tsx): the
 * area's headline figures, charts drawn on the server as SVG (src/web/charts), the certificates
 * expiring in the next 90 days, the dossiers waiting per step and the targets panel.
 */
import type { JSX } from 'preact';
import { formatDateVi } from '../../domain/dates';
import { ValidUntil } from '../../web/components/valid-until';
import { PRODUCER_KIND_LABELS } from '../../domain/producer-kind';
import { BarChart, Funnel, LineChart } from '../../web/charts';
import { Stars, StatusBadge } from '../../web/components/badges';
import { SelectField } from '../../web/components/form';
import { FilterBar } from '../../web/components/filter-bar';
import { Card, EmptyState, StatGrid } from '../../web/components/page';
import { DataTable } from '../../web/components/table';
import type { View } from '../../web/view';
import { CERTIFICATION_PAGE_ROLES } from '../certification/certification.policy';
import type { ReportArea } from '../reports/report-scope';
import { formatDong } from '../reports/market-sales.service';
import { formatShare, TRACE_STARS } from '../reports/trace-figures.service';
import { SampleBadge } from '../../web/components/badges';
import { EXPIRING_LIMIT, type AreaOption, type Dashboard } from './dashboard.service';

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

export function AreaSwitch({ view, area, home, options: choices }: { view: View; area: ReportArea; home: ReportArea; options: AreaOption[] }) {
  const { t } = view;
  const current = area.code ?? '';
  const options = choices.map((o) => ({ value: o.value, label: o.whole ? t('dashboards.switch.whole', { area: o.label }) : o.label }));
  return (
    <FilterBar action="/admin" submitLabel={t('dashboards.switch.show')} label={t('dashboards.switch.label')}
      reset={current !== (home.code ?? '') ? { href: '/admin', label: t('dashboards.switch.back', { area: home.name }) } : undefined}>
      <SelectField name="area" label={t('dashboards.switch')} value={current} options={options} autoSubmit />
    </FilterBar>
  );
}

/** The year's sales through the OCOP market in the area, with a link to their tables in the statistics report. */
function MarketSalesCard({ view, data }: { view: View; data: Dashboard }) {
  const { t } = view;
  const m = data.market;
  const report = `/admin/statistics?${new URLSearchParams({ ...(data.area.code ? { area: data.area.code } : {}), from: m.from, to: m.to })}#doanh-thu-qua-san`;
  return (
    <Card title={<>{t('dashboards.sales.title', { year: data.year })}{m.sample.orders ? <> <SampleBadge label={t('dashboards.sales.sampleBadge')} /></> : null}</>}>
      <StatGrid items={[
        { label: t('dashboards.sales.amount'), value: formatDong(m.total.amount), hint: t('dashboards.sales.hint') },
        { label: t('dashboards.sales.orders'), value: m.total.orders },
        { label: t('dashboards.sales.units'), value: m.total.units },
      ]} />
      {m.sample.orders ? <p class="chart-note">{t('dashboards.sales.sample', { orders: m.sample.orders, amount: formatDong(m.sample.amount) })}</p> : null}
      <p><a href={report}>{t('dashboards.sales.details')}</a></p>
    </Card>
  );
}

/** The year's trade connection in the area (agreements counted as results, events and their sales), linked to its tables in the statistics report. */
function TradeCard({ view, data }: { view: View; data: Dashboard }) {
  const { t } = view;
  const m = data.trade;
  const report = `/admin/statistics?${new URLSearchParams({ ...(data.area.code ? { area: data.area.code } : {}), from: m.from, to: m.to })}#ket-noi-cung-cau`;
  return (
    <Card title={<>{t('dashboards.trade.title', { year: data.year })}{m.sample ? <> <SampleBadge label={t('statistics.trade.sampleBadge')} /></> : null}</>}>
      <StatGrid items={[
        { label: t('dashboards.trade.agreements'), value: m.total.agreements, hint: t('dashboards.trade.hint') },
        { label: t('dashboards.trade.agreementValue'), value: formatDong(m.total.agreementValue) },
        { label: t('dashboards.trade.events'), value: m.total.events },
        { label: t('dashboards.trade.sales'), value: formatDong(m.total.sales), hint: t('dashboards.trade.salesHint', { n: m.total.results }) },
      ]} />
      {m.total.negotiating ? <p class="chart-note">{t('statistics.trade.negotiatingLine', { n: m.total.negotiating, amount: formatDong(m.total.negotiatingValue) })}</p> : null}
      {m.sample ? <p class="chart-note">{t('statistics.trade.sample', { n: m.sample })}</p> : null}
      <p><a href={report}>{t('dashboards.trade.details')}</a></p>
    </Card>
  );
}

/** The share of the area's certified products with lot traceability today, by star, linked to its tables in the statistics report. */
function TraceCard({ view, data }: { view: View; data: Dashboard }) {
  const { t, locale } = view;
  const m = data.trace;
  const fmt = (v: number) => v.toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-GB');
  const hint = (c: { traced: number; certified: number }) => t('statistics.traced.shareHint', { traced: fmt(c.traced), certified: fmt(c.certified) });
  const report = `/admin/statistics?${new URLSearchParams({ ...(data.area.code ? { area: data.area.code } : {}), asOf: m.asOf })}#truy-xuat-lo`;
  return (
    <Card title={<>{t('dashboards.traced.title')}{m.sample ? <> <SampleBadge label={t('statistics.traced.sampleBadge')} /></> : null}</>}>
      <StatGrid items={[
        { label: t('dashboards.traced.share'), value: formatShare(m.total.share, locale), hint: `${hint(m.total)} · ${t('dashboards.traced.hint')}` },
        ...TRACE_STARS.map((k) => ({ label: t('dashboards.traced.starShare', { n: k }), value: formatShare(m.total.byStars[k].share, locale), hint: hint(m.total.byStars[k]) })),
      ]} />
      {m.sample ? <p class="chart-note">{t('statistics.traced.sample', { n: m.sample })}</p> : null}
      <p><a href={report}>{t('dashboards.traced.details')}</a></p>
    </Card>
  );
}

export function DashboardBody({ view, data, targets }: { view: View; data: Dashboard; targets: JSX.Element | null }) {
  const { t, locale } = view;
  const actor = view.actor;
  const s = data.summary;
  const fmt = (v: number) => v.toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-GB');
  const star = (k: 3 | 4 | 5) => t('dashboards.star', { n: k });
  const waitingTotal = data.waiting.reduce((sum, w) => sum + w.count, 0);
  const last = data.series.length - 1;
  const monthShort = (d: string) => `${Number(d.slice(5, 7))}/${d.slice(2, 4)}`;
  const certLinks = actor ? (CERTIFICATION_PAGE_ROLES as readonly string[]).includes(actor.role) : false;
  const dossierLinks = actor ? ['national_admin', 'province_officer', 'commune_officer'].includes(actor.role) : false;
  const kindName = (k: keyof typeof PRODUCER_KIND_LABELS) => PRODUCER_KIND_LABELS[k][locale === 'vi' ? 'vi' : 'en'];
  return (
    <div class="dashboard">
      <p class="dashboard-asof">{t('dashboards.asOf', { area: data.area.name, date: formatDateVi(data.today) })}</p>
      <StatGrid items={[
        { label: t('dashboards.stat.certified'), value: s.products.certified, hint: `${star(3)} ${fmt(s.products.byStars['3'])} · ${star(4)} ${fmt(s.products.byStars['4'])} · ${star(5)} ${fmt(s.products.byStars['5'])}` },
        { label: t('dashboards.stat.potential'), value: s.products.potentialFiveStar },
        { label: t('dashboards.stat.producers'), value: s.producers.withCertifiedProducts },
        { label: t('dashboards.stat.communes'), value: t('dashboards.stat.communesOf', { n: fmt(s.communes.withCertifiedProducts), total: fmt(s.communes.total) }) },
        { label: t('dashboards.stat.expiring'), value: data.expiring.total },
        { label: t('dashboards.stat.waiting'), value: waitingTotal },
      ]} />
      {s.products.certified === 0 && <EmptyState><p>{t('dashboards.empty')}</p></EmptyState>}

      {targets}

      <MarketSalesCard view={view} data={data} />

      <TradeCard view={view} data={data} />

      <TraceCard view={view} data={data} />

      <div class="grid grid-2 dashboard-grid">
        <Card title={t('dashboards.series.title')}>
          <p class="chart-lead">{t('dashboards.series.lead')}</p>
          <LineChart id="chart-stars" title={t('dashboards.series.title')} timeLabel={t('dashboards.series.time')}
            labels={data.series.map((p, i) => (i === last ? t('dashboards.series.today') : monthShort(p.day)))}
            fullLabels={data.series.map((p) => formatDateVi(p.day))}
            series={[
              { name: star(3), values: data.series.map((p) => p.s3) },
              { name: star(4), values: data.series.map((p) => p.s4) },
              { name: star(5), values: data.series.map((p) => p.s5) },
            ]} emptyText={t('dashboards.emptyChart')} />
        </Card>
        <Card title={t('dashboards.funnel.title', { year: data.year })}>
          <p class="chart-lead">{t('dashboards.funnel.lead')}</p>
          <Funnel id="chart-funnel" title={t('dashboards.funnel.title', { year: data.year })}
            stepLabel={t('dashboards.funnel.step')} valueLabel={t('dashboards.funnel.count')}
            steps={[
              { key: 'ideas', label: t('dashboards.funnel.ideas'), value: data.pipeline.ideas },
              { key: 'plans', label: t('dashboards.funnel.plans'), value: data.pipeline.plans },
              { key: 'dossiers', label: t('dashboards.funnel.dossiers'), value: data.pipeline.dossiers },
              { key: 'certified', label: t('dashboards.funnel.certified'), value: data.pipeline.certified },
            ]} />
        </Card>
        <Card title={t('dashboards.group.title')}>
          <BarChart id="chart-groups" title={t('dashboards.group.title')} categoryLabel={t('dashboards.group.category')}
            series={[star(3), star(4), star(5)]} emptyText={t('dashboards.emptyChart')}
            rows={data.byGroup.filter((g) => g.products > 0).map((g) => ({ key: g.key || '-', label: g.name, values: [g.byStars['3'], g.byStars['4'], g.byStars['5']] }))} />
        </Card>
        <Card title={t('dashboards.kind.title')}>
          <BarChart id="chart-kinds" title={t('dashboards.kind.title')} categoryLabel={t('dashboards.kind.category')}
            series={[t('dashboards.products')]}
            rows={data.byKind.map((k) => ({ key: k.kind, label: t('dashboards.kind.row', { kind: kindName(k.kind), n: fmt(k.producers) }), values: [k.products] }))} />
        </Card>
      </div>

      {data.comparison && (
        <Card title={t(data.comparison.level === 'province' ? 'dashboards.compare.provinces' : 'dashboards.compare.communes')}>
          <p class="chart-lead">{data.comparison.level === 'province'
            ? t('dashboards.compare.provincesLead')
            : t('dashboards.compare.communesLead', { shown: fmt(data.comparison.rows.length), total: fmt(data.comparison.total) })}</p>
          <BarChart id="chart-areas" title={t(data.comparison.level === 'province' ? 'dashboards.compare.provinces' : 'dashboards.compare.communes')}
            categoryLabel={t(data.comparison.level === 'province' ? 'dashboards.compare.province' : 'dashboards.compare.commune')}
            series={[star(3), star(4), star(5)]} emptyText={t('dashboards.emptyChart')}
            rows={data.comparison.rows.filter((r) => r.products > 0).map((r) => ({ key: r.code, label: r.name, values: [r.byStars[3], r.byStars[4], r.byStars[5]] }))} />
          {data.comparison.level === 'province' && data.comparison.rows.some((r) => r.products === 0) && (
            <p class="chart-note">{t('dashboards.compare.none', {
              names: data.comparison.rows.filter((r) => r.products === 0).map((r) => r.name).join(', '),
            })}</p>
          )}
        </Card>
      )}

      <div class="grid grid-2 dashboard-grid">
        <Card title={t('dashboards.expiring.title')}>
          <p>{t('dashboards.expiring.lead', { until: formatDateVi(data.expiring.until), total: fmt(data.expiring.total) })}
            {data.expiring.total > EXPIRING_LIMIT && <> {t('dashboards.expiring.more', { shown: fmt(data.expiring.items.length) })}</>}</p>
          {data.expiring.items.length === 0
            ? <EmptyState><p>{t('dashboards.expiring.empty')}</p></EmptyState>
            : (
              <ul class="expiring-list">
                {data.expiring.items.map((c) => {
                  const left = daysBetween(data.today, c.expiresOn);
                  return (
                    <li key={c.number} class="expiring-item">
                      <div class="expiring-main">
                        <a href={`/admin/products/${c.productId}`} class="expiring-product">{c.productName}</a>
                        <span class="expiring-meta">{c.producerName} · {c.communeName}</span>
                        <span class="expiring-meta">
                          {t('dashboards.expiring.certificate')}{' '}
                          {certLinks ? <a href={`/admin/certificates/${encodeURIComponent(c.number)}`}>{c.number}</a> : c.number}
                        </span>
                      </div>
                      <div class="expiring-side">
                        <Stars count={c.stars} />
                        <StatusBadge tone={left <= 30 ? 'danger' : 'warning'}>
                          <ValidUntil expiresOn={c.expiresOn} /> · {t('dashboards.expiring.daysLeft', { n: left })}
                        </StatusBadge>
                      </div>
                    </li>
                  );
                })}
              </ul>
            )}
        </Card>
        <Card title={t('dashboards.waiting.title')}>
          <p>{t('dashboards.waiting.lead')}</p>
          {waitingTotal === 0 ? <EmptyState><p>{t('dashboards.waiting.none')}</p></EmptyState> : <DataTable caption={t('dashboards.waiting.title')} captionHidden empty={t('dashboards.waiting.none')}
            rows={data.waiting} rowKey={(w) => w.status}
            columns={[
              { key: 'status', label: t('dashboards.waiting.step'), render: (w) => (dossierLinks && w.count > 0
                ? <a href={`/admin/dossiers?status=${w.status}`}>{t(`dossier.status.${w.status}`)}</a>
                : t(`dossier.status.${w.status}`)) },
              { key: 'next', label: t('dashboards.waiting.next'), render: (w) => (w.side ? t(`dashboards.side.${w.side}`) : '—') },
              { key: 'count', label: t('dashboards.waiting.count'), numeric: true, render: (w) => <strong>{fmt(w.count)}</strong> },
            ]} />}
        </Card>
      </div>
    </div>
  );
}
