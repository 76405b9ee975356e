/**
 * What a producer needs around a dossier: what happens next (who acts, the next round cut-off),
 * the blank forms of the regime in force (Mẫu 01, Mẫu 02 as PDFs, prefilled when the dossier is
 * known) and the one-tap upload of a checklist item. Components only.
 */
import type { View } from '../../web/view';
import { formatDateVi } from '../../domain/dates';
import type { DossierStatus } from '../../domain/dossier';
import { Card } from '../../web/components/page';
import { DOCUMENT_LIMITS, DOCUMENT_TYPES_LABEL } from './dossier-documents.service';
import type { DossierDto } from './dossier.schema';

/** The short "what happens next" of a status, for lists (the producer's dashboard). */
export function nextStepShort(view: View, status: DossierStatus): string {
  return view.t(`dossier.nextShort.${status}`);
}

/** The card that says who processes the dossier next and by when (the next round cut-off). */
export function NextStepCard({ view, d, justSubmitted }: { view: View; d: DossierDto; justSubmitted: boolean }) {
  const { t } = view;
  const n = d.nextStep;
  if (!n.side && d.status !== 'recognised') return null;
  const lead = t(`dossier.next.${d.status}`, { commune: d.communeName, province: d.provinceName });
  return (
    <Card title={justSubmitted ? t('dossier.next.submittedTitle', { number: d.number }) : t('dossier.next.title')} variant="accent">
      <p class="next-step-lead">{lead}</p>
      {n.cutoff ? (
        <p class="next-step-cutoff">
          {t('dossier.next.cutoff', { date: formatDateVi(n.cutoff), regime: d.regimeName })}
        </p>
      ) : null}
      {n.side && n.side !== 'owner' && n.side !== 'decision' ? <p class="small muted">{t('dossier.next.noLegalTime')}</p> : null}
    </Card>
  );
}

export type BlankForm = '01' | '02';

/** Links to the two forms of the regime's dossier as PDFs: blank, or prefilled with the dossier's product and producer. */
export function BlankFormsCard({ view, dossierId, regimeName }: { view: View; dossierId?: string; regimeName: string }) {
  const { t } = view;
  const href = (f: BlankForm) => (dossierId ? `/admin/dossiers/${dossierId}/forms/${f}.pdf` : `/admin/dossiers/forms/${f}.pdf`);
  return (
    <Card title={t('dossier.forms.title')}>
      <p class="small">{t(dossierId ? 'dossier.forms.leadPrefilled' : 'dossier.forms.lead', { regime: regimeName })}</p>
      <ul class="forms-list">
        <li><a href={href('01')} download>{t('dossier.forms.01')}</a> <span class="small muted">PDF</span></li>
        <li><a href={href('02')} download>{t('dossier.forms.02')}</a> <span class="small muted">PDF</span></li>
      </ul>
    </Card>
  );
}

/**
 * One checklist item's upload: choosing the file sends it (src/web/client/dossier-upload.ts);
 * without script the "Tải lên" button sends it. The accepted types and the limit are said up front.
 */
export function UploadForm({ view, dossierId, code, title }: { view: View; dossierId: string; code: string; title: string }) {
  const { t } = view;
  const inputId = `field-upload-${code}`;
  const limit = t('dossier.uploadLimit', { types: DOCUMENT_TYPES_LABEL, maxMb: DOCUMENT_LIMITS.maxBytes / 1024 / 1024 });
  return (
    <form method="post" action={`/admin/dossiers/${dossierId}/documents`} enctype="multipart/form-data" class="inline-form upload-form" data-upload-auto="">
      <input type="hidden" name="_csrf" value={view.csrfToken ?? ''} />
      <input type="hidden" name="docType" value={code} />
      <label class="upload-label" for={inputId}>{t('dossier.uploadChoose')}<span class="visually-hidden">: {title}</span></label>
      <input class="file-input" type="file" id={inputId} name="file" accept="application/pdf,image/jpeg,image/png,image/webp"
        aria-describedby={`${inputId}-hint ${inputId}-status`}
        data-module="file-size" data-max-bytes={String(DOCUMENT_LIMITS.maxBytes)}
        data-msg-selected={t('dossier.uploadSending')} data-msg-too-large={t('file.tooLarge')} />
      <button type="submit" class="btn btn-secondary btn-sm upload-submit">{t('dossier.upload')}</button>
      <p class="small muted upload-hint" id={`${inputId}-hint`}>{limit}</p>
      <p class="file-status" id={`${inputId}-status`} aria-live="polite" />
    </form>
  );
}
