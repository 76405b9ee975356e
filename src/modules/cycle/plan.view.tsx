import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SubmitRow, TextArea } from '../../web/components/form';
import { BackLink, Notice, PageHeader } from '../../web/components/page';
import type { FieldMessages } from '../../errors';
import { shown } from './idea-detail.view';
import type { IdeaDto, PlanInput } from './cycle.schema';

const SECTIONS = ['productDescription', 'marketAndCustomers', 'productionCapacity', 'investmentAndFunding', 'salesChannels'] as const;

interface PlanFormProps { view: View; idea: IdeaDto; values: Partial<PlanInput>; errors: FieldMessages; summary?: string }

/** The structured business plan (five text sections); save as draft, or save and submit. */
export function PlanForm({ view, idea, values, errors, summary }: PlanFormProps) {
  const { t } = view;
  const title = idea.plan ? t('plan.edit') : t('plan.file');
  const labels = Object.fromEntries(SECTIONS.map((s) => [s, t(`plan.${s}`)]));
  return (
    <Layout view={view} title={title} active="/admin/ideas">
      <BackLink href={`/admin/ideas/${idea.id}`}>{idea.name}</BackLink>
      <PageHeader title={title} caption={`${idea.name} — ${idea.producerName}`} />
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={shown(errors, summary)} labels={labels} />}
      <Notice tone="info">{t('plan.textOnly')}</Notice>
      <form method="post" action={`/admin/ideas/${idea.id}/plan`} novalidate class="form-narrow">
        <CsrfField token={view.csrfToken} />
        {SECTIONS.map((s) => (
          <TextArea name={s} label={labels[s]!} value={values[s] ?? ''} error={errors[s]} required maxLength={10000} rows={6} />
        ))}
        <SubmitRow>
          <button type="submit" name="then" value="submit" class="btn btn-primary">{t('plan.saveAndSubmit')}</button>
          <button type="submit" name="then" value="save" class="btn btn-secondary">{t('plan.saveDraft')}</button>
          <a class="btn btn-ghost" href={`/admin/ideas/${idea.id}`}>{t('common.cancel')}</a>
        </SubmitRow>
      </form>
    </Layout>
  );
}
