import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SubmitRow, TextArea } from '../../web/components/form';
import { BackLink, Card, DescriptionList, Notice, PageHeader } from '../../web/components/page';
import { StatusBadge as Badge, type Tone } from '../../web/components/badges';
import type { FieldMessages } from '../../errors';
import { formatDateTimeVi } from '../../domain/dates';
import type { ReviewAction, ReviewStatus } from '../../domain/review-cycle';
import type { CycleEventDto, IdeaDto } from './cycle.schema';

const TONES: Record<ReviewStatus, Tone> = { draft: 'neutral', submitted: 'info', returned: 'warning', accepted: 'success' };

export function StatusBadge({ view, status }: { view: View; status: ReviewStatus }) {
  return <Badge tone={TONES[status]}>{view.t(`cycle.status.${status}`)}</Badge>;
}

/** A failed transition, shown on the detail page next to the form it came from. */
export interface DetailErrors { subject: 'idea' | 'plan'; fields: FieldMessages; message: string; comment: string }

/** A failure without field errors (a state conflict) is listed as one line of its own. */
export const shown = (fields: FieldMessages, message: string): FieldMessages => (Object.keys(fields).length ? fields : { form: message });

const when = (iso: string | null) => (iso ? formatDateTimeVi(new Date(iso)) : '—');

function Timeline({ view, events }: { view: View; events: CycleEventDto[] }) {
  const { t } = view;
  if (events.length === 0) return <p class="muted">{t('cycle.timelineEmpty')}</p>;
  return (
    <ol class="timeline">
      {events.map((e) => (
        <li class="timeline-item" key={e.id}>
          <p class="timeline-head">
            <time dateTime={e.at}>{formatDateTimeVi(new Date(e.at))}</time>
            {' · '}<strong>{t(`cycle.subject.${e.subject}`)}: {eventLabel(view, e.action)}</strong>
            {' '}<StatusBadge view={view} status={e.toStatus} />
          </p>
          <p class="timeline-who muted">{e.actorLabel} ({roleLabel(view, e.actorRole)})</p>
          {e.comment && <blockquote class="timeline-comment">{e.comment}</blockquote>}
        </li>
      ))}
    </ol>
  );
}

function eventLabel(view: View, action: string): string {
  const known = ['create', 'edit', 'submit', 'accept', 'return'] as const;
  const a = known.find((k) => k === action);
  return a ? view.t(`cycle.event.${a}`) : action;
}

function roleLabel(view: View, role: string): string {
  const roles = ['national_admin', 'province_officer', 'commune_officer', 'council_member', 'inspector', 'producer', 'buyer'] as const;
  const r = roles.find((k) => k === role);
  return r ? view.t(`role.${r}`) : role;
}

/** Submit button (owner side) and accept / return form (reviewer side) for one subject. */
function Actions({ view, subject, ideaId, allowed, errors }: { view: View; subject: 'idea' | 'plan'; ideaId: string; allowed: ReviewAction[]; errors?: DetailErrors }) {
  const { t } = view;
  const action = subject === 'idea' ? `/admin/ideas/${ideaId}/transitions` : `/admin/ideas/${ideaId}/plan/transitions`;
  const mine = errors?.subject === subject ? errors : undefined;
  return (
    <>
      {allowed.includes('submit') && (
        <form method="post" action={action} class="inline-form">
          <CsrfField token={view.csrfToken} />
          <input type="hidden" name="action" value="submit" />
          <button type="submit" class="btn btn-primary">{t('cycle.submit')}</button>
        </form>
      )}
      {allowed.includes('accept') && (
        <form method="post" action={action} novalidate>
          <h3>{subject === 'idea' ? t('cycle.reviewIdea') : t('cycle.reviewPlan')}</h3>
          <CsrfField token={view.csrfToken} />
          <TextArea name="comment" label={t('cycle.comment')} hint={t('cycle.commentHint')} value={mine?.comment} error={mine?.fields.comment} rows={4} maxLength={5000} optionalLabel={t('form.optional')} />
          <SubmitRow>
            <button type="submit" name="action" value="accept" class="btn btn-primary">{t('cycle.accept')}</button>
            <button type="submit" name="action" value="return" class="btn btn-secondary">{t('cycle.return')}</button>
          </SubmitRow>
        </form>
      )}
    </>
  );
}

function lastReturn(events: CycleEventDto[], subject: 'idea' | 'plan') {
  return [...events].reverse().find((e) => e.subject === subject && e.action === 'return');
}

export function IdeaDetail({ view, idea, flash, errors }: { view: View; idea: IdeaDto; flash: { saved?: string; done?: string }; errors?: DetailErrors }) {
  const { t } = view;
  const plan = idea.plan;
  const returned = (subject: 'idea' | 'plan') => {
    const status = subject === 'idea' ? idea.status : plan?.status;
    const e = status === 'returned' ? lastReturn(idea.history, subject) : undefined;
    return e?.comment ? <Notice tone="warning">{t('cycle.returnedNote', { comment: e.comment })}</Notice> : null;
  };
  const done = flash.done === 'submit' || flash.done === 'accept' || flash.done === 'return' ? flash.done : null;
  return (
    <Layout view={view} title={idea.name} active="/admin/ideas">
      <BackLink href="/admin/ideas">{t('ideas.title')}</BackLink>
      {flash.saved && <Notice tone="success">{t('ideas.saved')}</Notice>}
      {done && <Notice tone="success">{t(`cycle.done.${done}`)}</Notice>}
      {errors && <ErrorSummary title={errors.message} errors={shown(errors.fields, errors.message)} labels={{ comment: t('cycle.comment') }} />}
      <PageHeader title={idea.name} caption={`${idea.producerName} — ${idea.communeName}`}
        actions={<>
          {idea.allowedActions.includes('edit') && <a class="btn btn-secondary" href={`/admin/ideas/${idea.id}/edit`}>{t('common.edit')}</a>}
          {idea.mayFilePlan && <a class="btn btn-primary" href={`/admin/ideas/${idea.id}/plan`}>{plan ? t('plan.edit') : t('plan.file')}</a>}
        </>} />
      <Card title={<>{t('idea.status')}: <StatusBadge view={view} status={idea.status} /></>}>
        {returned('idea')}
        <DescriptionList items={[
          { term: t('idea.producer'), detail: idea.producerName },
          { term: t('idea.commune'), detail: `${idea.communeName} (${idea.communeCode})` },
          { term: t('idea.set'), detail: `${idea.productSetCode}. ${idea.productSetName}` },
          { term: t('idea.description'), detail: idea.description },
          { term: t('idea.rawMaterials'), detail: idea.rawMaterials },
          { term: t('idea.expectedMarket'), detail: idea.expectedMarket },
          { term: t('idea.submittedAt'), detail: when(idea.submittedAt) },
        ]} />
        <Actions view={view} subject="idea" ideaId={idea.id} allowed={idea.allowedActions} errors={errors} />
      </Card>
      <Card title={plan ? <>{t('plan.title')}: <StatusBadge view={view} status={plan.status} /></> : t('plan.title')}>
        {plan ? (
          <>
            {returned('plan')}
            <DescriptionList items={[
              { term: t('plan.productDescription'), detail: plan.productDescription },
              { term: t('plan.marketAndCustomers'), detail: plan.marketAndCustomers },
              { term: t('plan.productionCapacity'), detail: plan.productionCapacity },
              { term: t('plan.investmentAndFunding'), detail: plan.investmentAndFunding },
              { term: t('plan.salesChannels'), detail: plan.salesChannels },
              { term: t('idea.submittedAt'), detail: when(plan.submittedAt) },
            ]} />
            <Actions view={view} subject="plan" ideaId={idea.id} allowed={plan.allowedActions} errors={errors} />
          </>
        ) : <p class="muted">{idea.status === 'accepted' ? t('plan.none') : t('plan.afterIdea')}</p>}
      </Card>
      <Card title={t('cycle.timeline')}>
        <Timeline view={view} events={idea.history} />
      </Card>
    </Layout>
  );
}
