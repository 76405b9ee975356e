/**
 * The views of the back-office pages of inspections (inspections-admin.routes.tsx): the plans with
 * the area's counts and a new plan, a plan (status moves, team, counts, visits), the visit form
 * (choose a producer, then the products checked with findings and the outcome) and a visit.
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { Checkbox, CsrfField, ErrorSummary, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import { BackLink, Card, DescriptionList, Notice, PageHeader } from '../../web/components/page';
import { SampleBadge, Stars } from '../../web/components/badges';
import type { FieldMessages } from '../../errors';
import { formatDateVi } from '../../domain/dates';
import { ValidUntil } from '../../web/components/valid-until';
import { listHref, pagerLabels } from '../../web/components/pager';
import { INSPECTION_FINDINGS, INSPECTION_OUTCOMES, type PlanDto, type StatsDto, type VisitDto } from './inspections.schema';
import type { producerProducts } from './inspections.service';
import { Outcome, ofPlanned, PlanStatus, StatsBlock, tk } from './inspections.view';

export const planHref = (id: string) => `/admin/inspections/${id}`;

type AreaStats = StatsDto & { scope: { areaName: string } };
type ProducerProducts = Awaited<ReturnType<typeof producerProducts>>;

function PostButton({ view, action, label, hidden = {}, variant = 'btn-secondary' }: { view: View; action: string; label: string; hidden?: Record<string, string>; variant?: string }) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={view.csrfToken} />
      {Object.entries(hidden).map(([k, v]) => <input type="hidden" name={k} value={v} />)}
      <button type="submit" class={`btn btn-sm ${variant}`}>{label}</button>
    </form>
  );
}

export function VisitsTable({ view, items }: { view: View; items: VisitDto[] }) {
  const { t } = view;
  return (
    <DataTable<VisitDto> caption={t('insp.visits')} captionHidden rows={items} empty={t('insp.visitsEmpty')} rowKey={(v) => v.id}
      columns={[
        { key: 'producer', label: t('insp.producer'), render: (v) => <><a href={`/admin/inspections/visits/${v.id}`}>{v.producer.name}</a>{v.isSample && <> <SampleBadge label={t('common.sample')} /></>}<br /><span class="muted">{v.communeName}</span></> },
        { key: 'date', label: t('insp.visitedOn'), render: (v) => formatDateVi(v.visitedOn) },
        { key: 'products', label: t('insp.productsChecked'), numeric: true, render: (v) => v.checks.length },
        { key: 'findings', label: t('insp.finding'), render: (v) => v.checks.filter((c) => c.finding).map((c) => tk(view, `insp.finding.${c.finding}`)).join('; ') || t('insp.finding.none') },
        { key: 'outcome', label: t('insp.outcome'), render: (v) => <Outcome view={view} outcome={v.outcome} /> },
      ]} />
  );
}

export interface PlanListProps {
  view: View;
  done?: string | undefined;
  values: Record<string, string>;
  errors: FieldMessages;
  summary?: string | undefined;
  plans: { items: PlanDto[]; total: number; page: number; pageSize: number };
  stats: AreaStats;
  provinces: { code: string; name: string }[];
}

export function PlanListPage({ view, done, values, errors, summary, plans, stats, provinces }: PlanListProps) {
  const { t } = view;
  const labels = { title: t('insp.planTitle'), provinceCode: t('insp.province'), periodStart: t('insp.periodStart'), periodEnd: t('insp.periodEnd'), plannedProducers: t('insp.plannedProducers'), form: t('insp.newPlan') };
  return (
    <Layout view={view} title={t('insp.title')} active="/admin/programme">
      <PageHeader title={t('insp.title')} lead={t('insp.lead')} actions={<a class="btn btn-secondary" href="/admin/inspections/proposals">{t('insp.viewProposals')}</a>} />
      {done === 'created' && <Notice tone="success">{t('insp.planSaved')}</Notice>}
      <section aria-labelledby="insp-stats-h" class="insp-section">
        <h2 id="insp-stats-h">{t('insp.statsArea')} — {stats.scope.areaName}</h2>
        <StatsBlock view={view} stats={stats} />
      </section>
      <section aria-labelledby="insp-plans-h" class="insp-section">
        <h2 id="insp-plans-h">{t('insp.plans')}</h2>
        <p class="muted">{t('common.total', { total: plans.total })}</p>
        <DataTable<PlanDto> caption={t('insp.plans')} captionHidden rows={plans.items} empty={t('insp.plansEmpty')} rowKey={(p) => p.id}
          columns={[
            { key: 'title', label: t('insp.planTitle'), render: (p) => <><a href={planHref(p.id)}>{p.title}</a>{p.isSample && <> <SampleBadge label={t('common.sample')} /></>}<br /><span class="muted">{p.provinceName}</span></> },
            { key: 'period', label: t('insp.period'), render: (p) => `${formatDateVi(p.periodStart)} – ${formatDateVi(p.periodEnd)}` },
            { key: 'status', label: t('insp.status'), render: (p) => <PlanStatus view={view} status={p.status} /> },
            { key: 'progress', label: t('insp.progress'), render: (p) => p.stats.text },
          ]} />
        <Pagination page={plans.page} pageSize={plans.pageSize} total={plans.total} href={listHref('/admin/inspections', {})} labels={pagerLabels(view)} />
      </section>
      {provinces.length > 0 && (
        <Card title={t('insp.newPlan')}>
          {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
          <form method="post" action="/admin/inspections" novalidate class="form-narrow">
            <CsrfField token={view.csrfToken} />
            <TextField name="title" label={labels.title} value={values.title} error={errors.title} required maxLength={300} />
            <SelectField name="provinceCode" label={labels.provinceCode} value={values.provinceCode ?? (provinces.length === 1 ? provinces[0]!.code : '')} error={errors.provinceCode} required
              placeholder={provinces.length > 1 ? t('insp.province') : undefined} options={provinces.map((p) => ({ value: p.code, label: p.name }))} />
            <TextField name="periodStart" type="date" label={labels.periodStart} value={values.periodStart} error={errors.periodStart} required width="md" />
            <TextField name="periodEnd" type="date" label={labels.periodEnd} value={values.periodEnd} error={errors.periodEnd} required width="md" />
            <TextField name="plannedProducers" type="number" inputMode="numeric" label={labels.plannedProducers} value={values.plannedProducers} error={errors.plannedProducers} width="sm" optionalLabel={t('form.optional')} />
            <SubmitRow><button type="submit" class="btn btn-primary">{t('insp.createPlan')}</button></SubmitRow>
          </form>
        </Card>
      )}
    </Layout>
  );
}

export interface PlanPageProps {
  view: View;
  p: PlanDto;
  visits: VisitDto[];
  done?: string | undefined;
  errors: FieldMessages;
  summary?: string | undefined;
  values: Record<string, string>;
}

export function PlanPage({ view, p, visits, done, errors, summary, values }: PlanPageProps) {
  const { t } = view;
  const labels = { fullName: t('insp.fullName'), agency: t('insp.agency'), role: t('insp.role'), comment: t('insp.reopenComment'), form: p.title };
  const doneKey = ({ created: 'insp.planSaved', moved: 'insp.planMoved', team: 'insp.teamSaved', visit: 'insp.visitSaved' } as const)[done as 'created'];
  return (
    <Layout view={view} title={p.title} active="/admin/programme">
      <BackLink href="/admin/inspections">{t('common.back')}</BackLink>
      <PageHeader title={p.title} caption={p.provinceName}
        actions={p.actions.recordVisit ? <a class="btn btn-primary" href={`${planHref(p.id)}/visits/new`}>{t('insp.recordVisit')}</a> : undefined} />
      {doneKey && <Notice tone="success">{t(doneKey)}</Notice>}
      {p.isSample && <Notice tone="info">{t('common.sampleNote')}</Notice>}
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      <Card>
        <DescriptionList items={[
          { term: t('insp.status'), detail: <PlanStatus view={view} status={p.status} /> },
          { term: t('insp.period'), detail: `${formatDateVi(p.periodStart)} – ${formatDateVi(p.periodEnd)}` },
          { term: t('insp.plannedProducers'), detail: p.plannedProducers ?? '—' },
          { term: t('insp.progress'), detail: <>{ofPlanned(view, p.stats)} · {p.stats.text}</> },
        ]} />
        {p.actions.transitions.length > 0 && (
          <div class="insp-actions">
            {p.actions.transitions.filter((a) => a !== 'reopen').map((a) => (
              <PostButton view={view} action={`${planHref(p.id)}/transition`} label={tk(view, `insp.action.${a}`)} hidden={{ action: a, version: String(p.version) }} />
            ))}
            {p.actions.transitions.includes('reopen') && (
              <form method="post" action={`${planHref(p.id)}/transition`} novalidate class="form-narrow">
                <CsrfField token={view.csrfToken} />
                <input type="hidden" name="action" value="reopen" />
                <input type="hidden" name="version" value={String(p.version)} />
                <TextField name="comment" label={labels.comment} value={values.comment} error={errors.comment} required />
                <SubmitRow><button type="submit" class="btn btn-secondary">{t('insp.action.reopen')}</button></SubmitRow>
              </form>
            )}
          </div>
        )}
      </Card>
      <section aria-labelledby="insp-team-h" class="insp-section">
        <h2 id="insp-team-h">{t('insp.team')}</h2>
        <DataTable caption={t('insp.team')} captionHidden rows={p.team} empty={t('insp.teamEmpty')} rowKey={(m) => m.id}
          columns={[
            { key: 'name', label: t('insp.fullName'), render: (m) => <strong>{m.fullName}</strong> },
            { key: 'agency', label: t('insp.agency'), render: (m) => m.agency },
            { key: 'role', label: t('insp.role'), render: (m) => tk(view, `insp.role.${m.role}`) },
            ...(p.actions.manage && p.status !== 'closed' ? [{
              key: 'remove', label: t('common.actions'),
              render: (m: PlanDto['team'][number]) => <PostButton view={view} action={`${planHref(p.id)}/team/${m.id}/delete`} label={`${t('insp.removeMember')} ${m.fullName}`} />,
            }] : []),
          ]} />
        {p.actions.manage && p.status !== 'closed' && (
          <form method="post" action={`${planHref(p.id)}/team`} novalidate class="form-narrow insp-team-form">
            <CsrfField token={view.csrfToken} />
            <TextField name="fullName" label={labels.fullName} value={values.fullName} error={errors.fullName} required maxLength={200} />
            <TextField name="agency" label={labels.agency} hint={t('insp.agencyHint')} value={values.agency} error={errors.agency} required maxLength={200} />
            <SelectField name="role" label={labels.role} value={values.role ?? 'member'} options={(['member', 'lead'] as const).map((r) => ({ value: r, label: tk(view, `insp.role.${r}`) }))} />
            <SubmitRow><button type="submit" class="btn btn-secondary">{t('insp.addMember')}</button></SubmitRow>
          </form>
        )}
      </section>
      <section aria-labelledby="insp-pstats-h" class="insp-section">
        <h2 id="insp-pstats-h">{t('insp.stats')}</h2>
        <StatsBlock view={view} stats={p.stats} />
      </section>
      <section aria-labelledby="insp-visits-h" class="insp-section">
        <h2 id="insp-visits-h">{t('insp.visits')}</h2>
        <VisitsTable view={view} items={visits} />
      </section>
    </Layout>
  );
}

export function ChooseProducerPage({ view, p, producers, errors }: { view: View; p: PlanDto; producers: { id: string; name: string; communeName: string }[]; errors: FieldMessages }) {
  const { t } = view;
  const title = t('insp.recordVisit');
  const planId = p.id;
  return (
    <Layout view={view} title={title} active="/admin/programme">
      <BackLink href={planHref(planId)}>{p.title}</BackLink>
      <PageHeader title={title} caption={p.title} lead={t('insp.chooseProducerLead')} />
      <form method="get" action={`${planHref(planId)}/visits/new`} class="form-narrow">
        <SelectField name="producer" label={t('insp.producer')} required placeholder={t('insp.chooseProducer')} error={errors.producerId}
          options={producers.map((x) => ({ value: x.id, label: `${x.name} — ${x.communeName}` }))} />
        <SubmitRow><button type="submit" class="btn btn-primary">{t('insp.next')}</button></SubmitRow>
      </form>
    </Layout>
  );
}

export interface VisitFormProps {
  view: View;
  p: PlanDto;
  producer: ProducerProducts['producer'];
  products: ProducerProducts['products'];
  today: string;
  values: Record<string, string>;
  errors: FieldMessages;
  summary?: string | undefined;
}

export function VisitFormPage({ view, p, producer, products, today, values, errors, summary }: VisitFormProps) {
  const { t } = view;
  const title = t('insp.recordVisit');
  const planId = p.id;
  const labels = {
    visitedOn: t('insp.visitedOn'), checks: t('insp.products'), outcome: t('insp.outcome'), proposalProductId: t('insp.proposalProduct'),
    proposalReason: t('insp.proposalReason'), producerId: t('insp.producer'), note: t('insp.visitNote'), form: title,
  };
  const certified = products.filter((x) => x.certificate);
  return (
    <Layout view={view} title={title} active="/admin/programme">
      <BackLink href={`${planHref(planId)}/visits/new`}>{t('insp.chooseProducer')}</BackLink>
      <PageHeader title={title} caption={p.title} lead={producer.name} />
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      <form method="post" action={`${planHref(planId)}/visits`} novalidate class="insp-visit-form">
        <CsrfField token={view.csrfToken} />
        <input type="hidden" name="producerId" value={producer.id} />
        <TextField name="visitedOn" type="date" label={labels.visitedOn} hint={`${formatDateVi(p.periodStart)} – ${formatDateVi(p.periodEnd)}`}
          value={values.visitedOn ?? (today <= p.periodEnd ? today : p.periodEnd)} error={errors.visitedOn} required width="md" />
        <fieldset class="insp-products" aria-describedby="insp-products-lead">
          <legend>{labels.checks}</legend>
          <p id="insp-products-lead" class="field-hint">{t('insp.productsLead')}</p>
          {errors.checks && <p class="field-error" id="field-checks-error">{errors.checks}</p>}
          {products.length === 0 && <Notice tone="info">{t('insp.noProducts')}</Notice>}
          <ul class="insp-product-list">
            {products.map((x) => (
              <li class="card insp-product">
                <Checkbox name={`check_${x.id}`} label={`${t('insp.checked')}: ${x.name}`} checked={values[`check_${x.id}`] === 'on'} />
                <p class="muted">
                  {x.certificate
                    ? <>{t('insp.certificate')}: {x.certificate.number} · <Stars count={x.certificate.stars} showText /> · <ValidUntil expiresOn={x.certificate.expiresOn} /></>
                    : t('insp.noCertificate')}
                </p>
                <SelectField name={`finding_${x.id}`} label={`${t('insp.finding')} — ${x.name}`} value={values[`finding_${x.id}`] ?? ''}
                  placeholder={t('insp.finding.none')} options={INSPECTION_FINDINGS.map((f) => ({ value: f, label: tk(view, `insp.finding.${f}`) }))} />
                <TextField name={`note_${x.id}`} label={`${t('insp.checkNote')} — ${x.name}`} value={values[`note_${x.id}`]} maxLength={2000} optionalLabel={t('form.optional')} />
              </li>
            ))}
          </ul>
        </fieldset>
        <SelectField name="outcome" label={labels.outcome} value={values.outcome} error={errors.outcome} required placeholder={t('insp.chooseOutcome')}
          options={INSPECTION_OUTCOMES.map((o) => ({ value: o, label: tk(view, `insp.outcome.${o}`) }))} />
        <SelectField name="proposalProductId" label={labels.proposalProductId} hint={t('insp.proposalProductHint')} value={values.proposalProductId} error={errors.proposalProductId}
          placeholder={t('insp.chooseProduct')} optionalLabel={t('form.optional')}
          options={certified.map((x) => ({ value: x.id, label: `${x.name} (${x.certificate!.number})` }))} />
        <TextArea name="proposalReason" label={labels.proposalReason} value={values.proposalReason} error={errors.proposalReason} rows={3} maxLength={4000} optionalLabel={t('form.optional')} />
        <TextArea name="note" label={labels.note} value={values.note} error={errors.note} rows={3} maxLength={4000} optionalLabel={t('form.optional')} />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{t('insp.saveVisit')}</button>
          <a class="btn btn-ghost" href={planHref(planId)}>{t('common.cancel')}</a>
        </SubmitRow>
      </form>
    </Layout>
  );
}

export function VisitPage({ view, v, manager, done }: { view: View; v: VisitDto; manager: boolean; done: string | undefined }) {
  const { t } = view;
  return (
    <Layout view={view} title={`${t('insp.visit')} — ${v.producer.name}`} active="/admin/programme">
      {manager && <BackLink href={planHref(v.plan.id)}>{v.plan.title}</BackLink>}
      <PageHeader title={`${t('insp.visit')} — ${v.producer.name}`} caption={v.plan.title} />
      {done === 'visit' && <Notice tone="success">{t('insp.visitSaved')}</Notice>}
      {v.isSample && <Notice tone="info">{t('common.sampleNote')}</Notice>}
      <Card>
        <DescriptionList items={[
          { term: t('insp.producer'), detail: <>{v.producer.name}<br /><span class="muted">{v.communeName}</span></> },
          { term: t('insp.visitedOn'), detail: formatDateVi(v.visitedOn) },
          { term: t('insp.outcome'), detail: <Outcome view={view} outcome={v.outcome} /> },
          ...(v.note ? [{ term: t('insp.visitNote'), detail: v.note }] : []),
          ...v.proposals.map((pr) => ({ term: t('insp.proposals'), detail: <>{pr.certificateNumber} · {tk(view, `insp.pstatus.${pr.status}`)}{manager && <> · <a href="/admin/inspections/proposals?status=all">{t('insp.viewProposals')}</a></>}</> })),
        ]} />
      </Card>
      <DataTable caption={t('insp.products')} rows={v.checks} empty={t('insp.noProducts')} rowKey={(c) => c.product.id}
        columns={[
          { key: 'product', label: t('insp.products'), render: (c) => <strong>{c.product.name}</strong> },
          { key: 'cert', label: t('insp.certificate'), render: (c) => (c.certificate ? <>{c.certificate.number} <Stars count={c.certificate.stars} /></> : t('insp.noCertificate')) },
          { key: 'finding', label: t('insp.finding'), render: (c) => tk(view, `insp.finding.${c.finding ?? 'none'}`) },
          { key: 'note', label: t('insp.checkNote'), render: (c) => c.note },
        ]} />
    </Layout>
  );
}
