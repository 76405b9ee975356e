/**
 * The member's tablet scoring form: the sheet (SheetForm, live subtotals and autosave), notices
 * for the sheet's state, save and submit. A view only: the data comes as props from
 * sheet.routes.tsx.
 */
import type { View } from '../../web/view';
import type { FieldMessages } from '../../errors';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SubmitRow } from '../../web/components/form';
import { BackLink, Notice, PageHeader } from '../../web/components/page';
import { SheetForm, type SheetFormProps } from '../../web/components/sheet-form';
import { formatDateTimeVi } from '../../domain/dates';
import type { ScoreSheetDto } from './council.schema';

export interface ScorePageProps {
  view: View;
  id: string;
  dossierId: string;
  dto: ScoreSheetDto;
  sheet: SheetFormProps['sheet'];
  starBands: SheetFormProps['starBands'];
  minCertifiableStars: number;
  flash: { done?: string | undefined; error?: { message: string; fields: FieldMessages } | undefined };
}

export function ScorePage({ view, id, dossierId, dto, sheet, starBands, minCertifiableStars, flash }: ScorePageProps) {
  const { t } = view;
  const action = `/admin/rounds/${id}/dossiers/${dossierId}/score`;
  const readOnly = !dto.editable;
  return (
    <Layout view={view} title={t('score.title', { product: dto.dossier.productName })} active="/admin/rounds">
      <BackLink href={`/admin/rounds/${id}`}>{t('rounds.title')}</BackLink>
      {flash.done === 'saved' && <Notice tone="success">{t('score.saved')}</Notice>}
      {flash.done === 'submitted' && <Notice tone="success">{t('score.done')}</Notice>}
      {flash.error && (Object.keys(flash.error.fields).length
      ? <ErrorSummary title={flash.error.message} errors={flash.error.fields} labels={{}} />
      : <Notice tone="danger">{flash.error.message}</Notice>)}
      <PageHeader title={t('score.title', { product: dto.dossier.productName })} caption={`${dto.dossier.number} · ${dto.dossier.producerName}`} lead={t('score.lead')} />
      {dto.rescoreReason && dto.status !== 'submitted' && <Notice tone="warning">{t('score.rescoreNote', { attempt: dto.attempt, reason: dto.rescoreReason })}</Notice>}
      {dto.status === 'submitted' && dto.submittedAt && <Notice tone="info">{t('score.submitted', { at: formatDateTimeVi(new Date(dto.submittedAt)) })}</Notice>}
      {dto.fieldVisitRequired && !dto.fieldVisitRecorded && <Notice tone="warning">{t('score.visitFirst')}</Notice>}
      {dto.roundStatus !== 'scoring' && <Notice tone="info">{t('score.notOpen')}</Notice>}
      <form method="post" action={action} class="council-score" novalidate>
        <CsrfField token={view.csrfToken} />
        <input type="hidden" name="rowVersion" value={String(dto.rowVersion)} />
        <SheetForm sheet={sheet} answers={dto.answers} starBands={starBands} minCertifiableStars={minCertifiableStars} readOnly={readOnly}
          autosaveUrl={readOnly ? null : `${action}/autosave`}>
          {!readOnly && (
            <SubmitRow>
              <button type="submit" name="then" value="save" class="btn btn-secondary">{t('score.save')}</button>
              <button type="submit" name="then" value="submit" class="btn btn-primary">{t('score.submit')}</button>
            </SubmitRow>
          )}
        </SheetForm>
      </form>
    </Layout>
  );
}
