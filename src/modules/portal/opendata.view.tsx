/** The open-data page /du-lieu-mo: fields, licence, downloads, API (props only). */
import type { View } from '../../web/view';
import { DataTable } from '../../web/components/table';
import { formatDateVi } from '../../domain/dates';
import { camel, LICENCE, OPEN_FIELDS, OPEN_FORMATS as FORMATS, openFileUrl as fileUrl, type OpenField } from './opendata.service';
import { PortalShell } from './portal-page';
import { RATE_LIMITS } from './portal.limits';

export function OpenDataPage({ view, asOf }: { view: View; asOf: string }) {
  const { t } = view;
  return (
    <PortalShell view={view} title={t('portal.open.title')} active="openData">
      <h1>{t('portal.open.title')}</h1>
      <p class="lead">{t('portal.open.lead')}</p>
      <p class="muted small">{t('portal.asOf', { date: formatDateVi(asOf) })}</p>
      <h2>{t('portal.open.downloads')}</h2>
      <ul class="download-list">
        {FORMATS.map((f) => (
          <li><a class="btn btn-secondary" href={fileUrl(f)} download>{t(`portal.open.${f}`)}</a></li>
        ))}
      </ul>
      <h2>{t('portal.open.licence')}</h2>
      <p>{t('portal.open.licenceText')} <a href={LICENCE.url} rel="license">{LICENCE.name}</a></p>
      <p>{t('portal.open.attribution', { attribution: LICENCE.attribution })}</p>
      <p class="muted">{t('portal.open.privacy')}</p>
      <h2>{t('portal.open.fields')}</h2>
      <DataTable<OpenField>
        caption={t('portal.open.fields')} captionHidden rows={[...OPEN_FIELDS]} rowKey={(f) => f} empty=""
        columns={[
          { key: 'field', label: t('portal.open.field'), render: (f) => <><code>{f}</code><br /><code class="muted small">{camel(f)}</code></> },
          { key: 'meaning', label: t('portal.open.meaning'), render: (f) => t(`portal.f.${f}`) },
        ]}
      />
      <p class="muted small">{t('portal.open.sampleNote')}</p>
      <h2>{t('portal.open.api')}</h2>
      <p>{t('portal.open.apiText', { catalogue: RATE_LIMITS.catalogue.max, downloads: RATE_LIMITS.downloads.max, docs: '/api/docs' })}</p>
      <ul class="api-list">
        <li><code>GET /api/v1/catalogue/products?q=&amp;stars=&amp;group=&amp;set=&amp;province=&amp;kind=&amp;sort=&amp;page=&amp;pageSize=</code></li>
        <li><code>GET /api/v1/catalogue/products/:id</code></li>
        <li><code>GET /api/v1/catalogue/figures?province=</code></li>
        <li><code>GET /api/v1/open-data</code></li>
        <li><code>GET /01/:gtin?linkType=</code></li>
      </ul>
      <p><a href="/api/docs">/api/docs</a></p>
    </PortalShell>
  );
}
