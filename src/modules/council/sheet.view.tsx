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
  flash: { done?: string | undefined; confirm?: boolean; error?: { message: string; fields: FieldMessages } | undefined };
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
      {dto.roundStatus === 'scoring' && dto.scoringEnded && dto.status !== 'submitted' && dto.attempt === 1 && <Notice tone="warning">{t('score.ended')}</Notice>}
      {flash.confirm && !readOnly && <ConfirmStep view={view} action={action} dto={dto} />}
      <form method="post" action={action} class="council-score" novalidate>
        <CsrfField token={view.csrfToken} />
        <input type="hidden" name="rowVersion" value={String(dto.rowVersion)} />
        <SheetForm sheet={sheet} answers={dto.answers} starBands={starBands} minCertifiableStars={minCertifiableStars} readOnly={readOnly}
          autosaveUrl={`${action}/autosave`}
          confirmSubmit={{ title: t('score.confirm.title'), body: t('score.confirm.body'), confirm: t('score.confirm.yes'), cancel: t('score.confirm.no') }}>
          {!readOnly && (
            <SubmitRow>
              <button type="submit" name="then" value="save" class="btn btn-secondary">{t('score.save')}</button>
              <button type="submit" name="then" value="submit" class="btn btn-primary" data-confirm-submit>{t('score.submit')}</button>
            </SubmitRow>
          )}
        </SheetForm>
      </form>
    </Layout>
  );
}

/** The confirmation step without JavaScript: the saved draft's figures, then "submit" or "back to the sheet". */
function ConfirmStep({ view, action, dto }: { view: View; action: string; dto: ScoreSheetDto }) {
  const { t } = view;
  const s = dto.score;
  const knocked = !!s && s.outcome !== 'scored';
  return (
    <section class="card sheet-confirm-step" aria-labelledby="confirm-step-title">
      <h2 id="confirm-step-title">{t('score.confirm.title')}</h2>
      <p>{t('score.confirm.body')}</p>
      {s && (
        <p class="sheet-confirm-figures">
          <span class="sheet-score">{t('score.confirm.total', { total: s.total })}</span>
          {knocked && s.knockOut ? <> · {t(s.outcome === 'eliminated' ? 'sheetForm.outcome.eliminated' : 'sheetForm.outcome.stopped', { code: s.knockOut.code })}</> : null}
        </p>
      )}
      <form method="post" action={action} class="cluster">
        <CsrfField token={view.csrfToken} />
        <input type="hidden" name="rowVersion" value={String(dto.rowVersion)} />
        <input type="hidden" name="confirm" value="1" />
        <input type="hidden" name="useDraft" value="1" />
        <button type="submit" name="then" value="submit" class="btn btn-primary">{t('score.confirm.yes')}</button>
        <a class="btn btn-secondary" href={action}>{t('score.confirm.no')}</a>
      </form>
    </section>
  );
}
