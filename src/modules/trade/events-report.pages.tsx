/**
 * The event's report page (/admin/su-kien/:id/bao-cao): the table the XLSX and PDF carry (same
 * headings, events-report.ts), totals as figures first, and the two downloads.
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { DataTable } from '../../web/components/table';
import { BackLink, Card, DescriptionList, Notice, PageHeader, StatGrid } from '../../web/components/page';
import type { EventReportDto } from './events.schema';
import { dong } from './events.service';
import { AGREEMENTS_NOTE, NOT_REPORTED, REPORT_HEADER, TOTAL_LABEL, reportLines } from './events-report';
import { ADMIN_PATH, adminEventHref } from './events-admin.pages';

interface Line { key: string; n: string; name: string; booth: string; products: number; sales: number | null; visitors: number | null; agreements: number; value: number; total: boolean }

export function EventReportPage({ view, r }: { view: View; r: EventReportDto }) {
  const { t } = view;
  const base = `${adminEventHref(r.event.id)}/bao-cao`;
  const num = (n: number) => n.toLocaleString('vi-VN');
  const lines: Line[] = r.rows.map((x, i) => ({
    key: x.registrationId, n: String(i + 1), name: x.producer.name, booth: x.booth ?? '—', products: x.products, sales: x.salesValue, visitors: x.visitors,
    agreements: x.agreements.count, value: x.agreements.value, total: false,
  }));
  if (lines.length) {
    lines.push({
      key: 'total', n: '', name: TOTAL_LABEL, booth: '', products: r.rows.reduce((s, x) => s + x.products, 0), sales: r.totals.salesValue, visitors: r.totals.visitors,
      agreements: r.totals.agreements.count, value: r.totals.agreements.value, total: true,
    });
  }
  return (
    <Layout view={view} title={`${t('events.report')} · ${r.event.title}`} active={ADMIN_PATH}>
      <BackLink href={adminEventHref(r.event.id)}>{r.event.title}</BackLink>
      <PageHeader title={t('events.report')} caption={r.event.title}
        actions={<>
          <a class="btn btn-secondary" href={`${base}.xlsx`} download>{t('events.downloadXlsx')}</a>{' '}
          <a class="btn btn-secondary" href={`${base}.pdf`}>{t('events.downloadPdf')}</a>
        </>} />
      {r.event.isSample && <Notice tone="info">{t('common.sampleNote')}</Notice>}
      <StatGrid items={[
        { label: t('events.exhibitors'), value: num(r.totals.exhibitors), hint: t('events.reportedOf', { n: r.totals.reported, total: r.totals.exhibitors }) },
        { label: t('events.salesTotal'), value: dong(r.totals.salesValue) },
        { label: t('events.agreementsCount'), value: num(r.totals.agreements.count) },
        { label: t('events.agreementsValue'), value: dong(r.totals.agreements.value) },
      ]} />
      <Card>
        <DescriptionList items={reportLines(r).slice(0, 5).map(([term, detail]) => ({ term, detail }))} />
      </Card>
      <DataTable<Line> caption={t('events.report')} captionHidden rows={lines} empty={t('events.reportEmpty')} rowKey={(x) => x.key}
        columns={[
          { key: 'n', label: REPORT_HEADER[0], numeric: true, render: (x) => x.n },
          { key: 'producer', label: REPORT_HEADER[1], render: (x) => (x.total ? <strong>{x.name}</strong> : x.name) },
          { key: 'booth', label: REPORT_HEADER[2], render: (x) => x.booth },
          { key: 'products', label: REPORT_HEADER[3], numeric: true, render: (x) => num(x.products) },
          { key: 'sales', label: REPORT_HEADER[4], numeric: true, render: (x) => (x.sales === null ? <span class="muted">{NOT_REPORTED}</span> : num(x.sales)) },
          { key: 'visitors', label: REPORT_HEADER[5], numeric: true, render: (x) => (x.visitors === null ? '—' : num(x.visitors)) },
          { key: 'agreements', label: REPORT_HEADER[6], numeric: true, render: (x) => num(x.agreements) },
          { key: 'value', label: REPORT_HEADER[7], numeric: true, render: (x) => num(x.value) },
        ]} />
      <p class="muted">{AGREEMENTS_NOTE}</p>
    </Layout>
  );
}
