/**
 * The self-assessment of a product (SheetForm): the producer scores the product on the sheet in
 * force, with the estimated stars and what would raise them. A component only: the data comes from
 * dossier-pages.routes.tsx.
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SubmitRow } from '../../web/components/form';
import { BackLink, Card, Notice, PageHeader } from '../../web/components/page';
import { StatusBadge } from '../../web/components/badges';
import { SheetForm } from '../../web/components/sheet-form';
import type { FieldMessages } from '../../errors';
import type { SelfAssessmentWithSheet } from './self-assessment.service';

const fmt = (view: View, n: number) => new Intl.NumberFormat(view.locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(n);

interface SelfAssessmentPageProps {
  view: View;
  sa: SelfAssessmentWithSheet;
  flash: { saved?: boolean; errors?: FieldMessages; message?: string };
}

export function SelfAssessmentPage({ view, sa, flash }: SelfAssessmentPageProps) {
  const { t } = view;
  const sheet = sa.sheetDto;
  const title = t('selfAssessment.title');
  return (
    <Layout view={view} title={title} active="/admin/products">
      <BackLink href={`/admin/products/${sa.productId}`}>{t('common.back')}</BackLink>
      <PageHeader title={title} lead={sa.canEdit ? t('selfAssessment.lead') : t('selfAssessment.readOnly')}
        caption={t('selfAssessment.sheet', { set: `${sheet.productSet.code}. ${sheet.productSet.name}`, version: sheet.sheetsFrom, revision: sheet.revision })} />
      {sa.assistedDossier ? (
        <Notice tone="info">
          <p>{t(sa.canEdit ? 'assisted.selfAssessmentOfficer' : 'assisted.selfAssessmentHeld', { number: sa.assistedDossier.number })}</p>
          <p><a href={`/admin/dossiers/${sa.assistedDossier.id}`}>{t('assisted.openDossier', { number: sa.assistedDossier.number })}</a></p>
        </Notice>
      ) : null}
      {flash.saved ? <Notice tone="success">{t('selfAssessment.saved')}</Notice> : null}
      {flash.errors ? <ErrorSummary title={flash.message ?? t('form.errorSummary')} errors={flash.errors} /> : null}
      {!sheet.official ? (
        <Notice tone="warning" title={t('criteria.notOfficial')}>
          <p>{t('criteria.notOfficialLead')}</p>
          {sheet.provenance ? <p><strong>{t('criteria.provenance')}:</strong> {sheet.provenance}</p> : null}
        </Notice>
      ) : <p><StatusBadge tone="success">{t('selfAssessment.official')}</StatusBadge></p>}
      <Card title={t('selfAssessment.suggestions')}>
        <p>{sa.nextStar.stars ? t('selfAssessment.nextStar', { points: fmt(view, sa.nextStar.pointsNeeded!), stars: sa.nextStar.stars }) : t('selfAssessment.top')}</p>
        {sa.missing.length ? <p class="small">{t('selfAssessment.missing', { count: sa.missing.length, codes: sa.missing.join(', ') })}</p> : null}
        {sa.suggestions.length ? (
          <ol>
            {sa.suggestions.slice(0, 10).map((s) => (
              <li key={s.code}>
                <strong class="nowrap">{t('selfAssessment.gain', { points: fmt(view, s.gain) })}</strong>{' '}
                {t('selfAssessment.suggestion', { code: s.code, title: s.title, current: fmt(view, s.current), best: fmt(view, s.best), option: s.bestOption.text })}
              </li>
            ))}
          </ol>
        ) : <p class="muted">{t('selfAssessment.noSuggestions')}</p>}
      </Card>
      <form method="post" action={`/admin/products/${sa.productId}/self-assessment`} novalidate>
        <CsrfField token={view.csrfToken} />
        <SheetForm sheet={sheet} answers={sa.answers} starBands={sa.starBands} minCertifiableStars={sa.minCertifiableStars}
          readOnly={!sa.canEdit} allowLeave autosaveUrl={sa.canEdit ? `/api/v1/products/${sa.productId}/self-assessment` : null}>
          {sa.canEdit ? <SubmitRow><button type="submit" class="btn btn-primary btn-block">{t('selfAssessment.save')}</button></SubmitRow> : null}
        </SheetForm>
      </form>
    </Layout>
  );
}
