/**
 * The statistics page's section in the units of the report date (before 1/7/2025): each old
 * province that became the area, its headline figures with the denominators of that date, and
 * its districts (docs/decisions/031-administrative-history.md).
 */
import { DataTable } from '../../web/components/table';
import { StatGrid } from '../../web/components/page';
import type { View } from '../../web/view';
import { formatDateVi } from '../../domain/dates';
import type { DistrictThenRow, ThenSection } from './then.service';

export function UnitsThenSections({ view, asOf, sections }: { view: View; asOf: string; sections: ThenSection[] }) {
  const { t } = view;
  if (!sections.length) return null;
  return (
    <section aria-labelledby="st-then" class="stats-section">
      <h2 id="st-then">{t('statistics.then.title', { asOf: formatDateVi(asOf) })}</h2>
      <p class="muted">{t('statistics.then.lead', { list: formatDateVi(sections[0]!.summary.unitsListedOn) })}</p>
      {sections.map(({ summary: s, districts }) => (
        <div key={s.area.code ?? ''} class="stats-then">
          <h3>{s.area.name}</h3>
          <StatGrid items={[
            { label: t('statistics.then.products'), value: s.products.certified },
            { label: t('statistics.then.stars'), value: `${s.products.byStars['3']} · ${s.products.byStars['4']} · ${s.products.byStars['5']}` },
            { label: t('statistics.then.producers'), value: s.producers.withCertifiedProducts },
            { label: t('statistics.then.communes'), value: `${s.communes.withCertifiedProducts}/${s.communes.total}` },
            ...(s.districts ? [{ label: t('statistics.then.districts'), value: `${s.districts.withCertifiedProducts}/${s.districts.total}` }] : []),
          ]} />
          <DataTable<DistrictThenRow>
            caption={t('statistics.then.byDistrict', { province: s.area.name })}
            rows={districts} empty={t('statistics.noRows')} rowKey={(d) => d.code}
            columns={[
              { key: 'name', label: t('statistics.then.district'), render: (d) => d.name },
              { key: 'products', label: t('statistics.then.products'), numeric: true, render: (d) => d.products },
              { key: 'communes', label: t('statistics.then.communesOf'), numeric: true, render: (d) => `${d.communes_with}/${d.communes_total}` },
            ]}
          />
        </div>
      ))}
    </section>
  );
}
