/**
 * Views of recognition decisions (routes: certification-pages.routes.tsx): the decisions and
 * certificates list, choosing a closed round and drafting its decision, and the decision page
 * (edit while draft, items, approve, publish). Components only: data comes as props.
 */
import type { ComponentChildren } from 'preact';
import type { View } from '../../web/view';
import type { FieldMessages } from '../../errors';
import { Layout } from '../../web/components/layout';
import { Checkbox, CsrfField, ErrorSummary, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import { FilterBar, SearchInput } from '../../web/components/filter-bar';
import { BackLink, Card, DescriptionList, Notice, PageHeader } from '../../web/components/page';
import { Stars, StatusBadge } from '../../web/components/badges';
import { listHref, pagerLabels } from '../../web/components/pager';
import { formatDateTimeVi, formatDateVi } from '../../domain/dates';
import type { CertificateDto, CertificateListQuery, DecisionDto, DecisionItemDto, DecisionSummaryDto } from './certification.schema';
import { certHref, CertificatesTable, PostButton, score } from './certificate.view';
import { ValidUntil } from '../../web/components/valid-until';

interface Paged<T> { items: T[]; total: number; page: number; pageSize: number }

export function DecisionStatus({ view, d }: { view: View; d: Pick<DecisionSummaryDto, 'status' | 'published'> }) {
  if (d.published) return <StatusBadge tone="success">{view.t('decisions.status.published')}</StatusBadge>;
  return d.status === 'approved'
    ? <StatusBadge tone="info">{view.t('decisions.status.approved')}</StatusBadge>
    : <StatusBadge tone="warning">{view.t('decisions.status.draft')}</StatusBadge>;
}

export interface DecisionsPageProps {
  view: View;
  title: string;
  producer: boolean;
  showDecisions: boolean;
  authority: boolean;
  decisions: Paged<DecisionSummaryDto> | null;
  certs: Paged<CertificateDto>;
  /** The certificate filter (its page is `certs.page`). */
  cq: CertificateListQuery;
}

/** The decisions (for those who read them) and the certificates in scope. */
export function DecisionsPage({ view, title, producer, showDecisions, authority, decisions, certs, cq }: DecisionsPageProps) {
  const { t } = view;
  return (
    <Layout view={view} title={title} active="/admin/decisions">
      <PageHeader title={title} lead={showDecisions ? t('decisions.lead') : undefined}
        actions={<>
          {authority && <a class="btn btn-primary" href="/admin/decisions/new">{t('decisions.new')}</a>}
          <a class="btn btn-ghost" href="/admin/notifications">{t('decisions.notifications')}</a>
        </>} />
      {decisions && (
        <section aria-labelledby="decisions-h" class="cert-section">
          <h2 id="decisions-h">{t('decisions.list')}</h2>
          <DataTable<DecisionSummaryDto>
            caption={t('decisions.list')} captionHidden rows={decisions.items} empty={t('decisions.empty')} rowKey={(d) => d.id}
            columns={[
              { key: 'number', label: t('decisions.number'), render: (d) => <a href={`/admin/decisions/${d.id}`}>{d.number}</a> },
              { key: 'date', label: t('decisions.date'), render: (d) => formatDateVi(d.decisionDate) },
              { key: 'level', label: t('decisions.issuer'), render: (d) => `${d.issuer} (${t(`decisions.level.${d.level}`)})` },
              { key: 'items', label: t('decisions.itemCount'), numeric: true, render: (d) => d.itemCount },
              { key: 'status', label: t('decisions.status'), render: (d) => <DecisionStatus view={view} d={d} /> },
            ]}
          />
          <Pagination page={decisions.page} pageSize={decisions.pageSize} total={decisions.total}
            href={(p) => listHref('/admin/decisions', { ...cq, dpage: p })(cq.page)} labels={pagerLabels(view)} />
        </section>
      )}
      <section aria-labelledby="certs-h" class="cert-section">
        <h2 id="certs-h" class={showDecisions ? undefined : 'visually-hidden'}>{producer ? t('certificates.mine') : t('certificates.title')}</h2>
        <FilterBar action="/admin/decisions" submitLabel={t('common.filter')} reset={{ href: '/admin/decisions', label: t('common.all') }}>
          <SearchInput name="q" label={t('certificates.search')} value={cq.q} />
          <SelectField name="status" label={t('certificates.status')} value={cq.status} placeholder={t('common.all')} autoSubmit
            options={(['valid', 'expired', 'revoked', 'superseded'] as const).map((s) => ({ value: s, label: t(`certificates.status.${s}`) }))} />
          <SelectField name="stars" label={t('items.stars')} value={cq.stars ? String(cq.stars) : undefined} placeholder={t('common.all')} autoSubmit
            options={[3, 4, 5].map((s) => ({ value: String(s), label: t('stars.label', { count: s }) }))} />
        </FilterBar>
        <p class="muted">{t('common.total', { total: certs.total })}</p>
        <CertificatesTable view={view} items={certs.items} caption={t('certificates.title')} />
        <Pagination page={certs.page} pageSize={certs.pageSize} total={certs.total} href={listHref('/admin/decisions', cq)} labels={pagerLabels(view)} />
      </section>
    </Layout>
  );
}

export interface RoundChoice { round: { id: string; name: string; sessionDate: string; level: 'province' | 'national' }; decisions: number }

/** Step 1 of a new decision: the closed rounds the actor may decide. */
export function ChooseRoundPage({ view, rounds }: { view: View; rounds: RoundChoice[] }) {
  const { t } = view;
  const title = t('decisions.new');
  return (
    <Layout view={view} title={title} active="/admin/decisions">
      <BackLink href="/admin/decisions">{t('common.back')}</BackLink>
      <PageHeader title={title} lead={t('decisions.newLead')} />
      {rounds.length === 0 ? <Notice tone="info">{t('decisions.noRounds')}</Notice> : (
        <ul class="cert-round-list">
          {rounds.map((r) => (
            <li>
              {r.decisions > 0
                ? <span>{r.round.name} — <span class="muted">{t('decisions.roundHasDecision')}</span></span>
                : <a href={`/admin/decisions/new?round=${r.round.id}`}>{r.round.name}</a>}
              {' '}<span class="muted">({formatDateVi(r.round.sessionDate)}, {r.round.level === 'national' ? t('decisions.level.national') : t('decisions.level.province')})</span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export interface NewDecisionPageProps {
  view: View;
  round: { id: string; name: string; level: 'province' | 'national' };
  passing: DecisionItemDto[];
  hasDecision: boolean;
  today: string;
  values: Record<string, string>;
  errors: FieldMessages;
  summary?: string | undefined;
}

/** Step 2: what the round's decision would list, and the decision's details. */
export function NewDecisionPage({ view, round, passing, hasDecision, today, values, errors, summary }: NewDecisionPageProps) {
  const { t } = view;
  const title = t('decisions.new');
  const labels = {
    number: t('decisions.number'), decisionDate: t('decisions.date'), signerName: t('decisions.signerName'),
    signerTitle: t('decisions.signerTitle'), title: t('decisions.titleField'), form: t('decisions.new'),
  };
  const v = (k: string, d = '') => values[k] ?? d;
  return (
    <Layout view={view} title={title} active="/admin/decisions">
      <BackLink href="/admin/decisions/new">{t('common.back')}</BackLink>
      <PageHeader title={title} caption={round.name} lead={t('decisions.newLead')} />
      {hasDecision && <Notice tone="warning">{t('decisions.roundHasDecision')}</Notice>}
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      <ItemsTable view={view} items={passing} caption={t('decisions.items')} />
      <form method="post" action="/admin/decisions" novalidate class="form-narrow cert-form">
        <CsrfField token={view.csrfToken} />
        <input type="hidden" name="roundId" value={round.id} />
        <TextField name="number" label={labels.number} hint={t(round.level === 'national' ? 'decisions.numberHint.national' : 'decisions.numberHint.province')} value={v('number')} error={errors.number} required maxLength={40} width="md" spellcheck={false} />
        <TextField name="decisionDate" type="date" label={labels.decisionDate} value={v('decisionDate', today)} error={errors.decisionDate} required width="md" />
        <TextField name="signerName" label={labels.signerName} value={v('signerName')} error={errors.signerName} required maxLength={120} />
        <TextField name="signerTitle" label={labels.signerTitle} hint={t('decisions.signerTitleHint')} value={v('signerTitle')} error={errors.signerTitle} required maxLength={200} />
        <TextArea name="title" label={labels.title} value={v('title', t('decisions.titleDefault'))} error={errors.title} required maxLength={500} rows={2} />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{t('decisions.create')}</button>
          <a class="btn btn-ghost" href="/admin/decisions">{t('common.cancel')}</a>
        </SubmitRow>
      </form>
    </Layout>
  );
}

function ItemsTable({ view, items, caption, remove, add, captionHidden }: {
  view: View; items: DecisionItemDto[]; caption: string; captionHidden?: boolean;
  remove?: (i: DecisionItemDto) => ComponentChildren; add?: (i: DecisionItemDto) => ComponentChildren;
}) {
  const { t } = view;
  const action = remove ?? add;
  return (
    <DataTable<DecisionItemDto>
      caption={caption} captionHidden={captionHidden} rows={items} empty={t('decisions.itemsEmpty')} rowKey={(i) => i.dossierId}
      columns={[
        { key: 'product', label: t('items.product'), render: (i) => <strong>{i.productName}</strong> },
        { key: 'producer', label: t('items.producer'), render: (i) => i.producerName },
        { key: 'dossier', label: t('items.dossier'), render: (i) => i.dossierNumber ?? '—' },
        { key: 'score', label: t('items.score'), numeric: true, render: (i) => score(i.score) },
        { key: 'stars', label: t('items.stars'), render: (i) => <Stars count={i.stars} showText /> },
        { key: 'potential', label: t('items.potential'), render: (i) => (i.potentialFiveStar ? '✓' : '—') },
        { key: 'cert', label: t('items.certificate'), render: (i) => (i.certificateNumber
          ? <><a href={certHref(i.certificateNumber)}>{i.certificateNumber}</a>{i.certificateExpiresOn && <><br /><ValidUntil expiresOn={i.certificateExpiresOn} /></>}</>
          : '—') },
        ...(action ? [{ key: 'action', label: '', render: (i: DecisionItemDto) => action(i) }] : []),
      ]}
    />
  );
}

export function DecisionPage({ view, d, done, errors, summary, values }: {
  view: View; d: DecisionDto; done?: string; errors: FieldMessages; summary?: string; values?: Record<string, string>;
}) {
  const { t } = view;
  const labels = {
    number: t('decisions.number'), decisionDate: t('decisions.date'), signerName: t('decisions.signerName'),
    signerTitle: t('decisions.signerTitle'), title: t('decisions.titleField'), items: t('decisions.items'), form: t('decisions.title'),
  };
  const v = (k: keyof DecisionDto & string) => values?.[k] ?? String(d[k] ?? '');
  const draft = d.status === 'draft';
  const doneKey = done && ['draft', 'saved', 'approve', 'publish', 'items'].includes(done) ? done : null;
  return (
    <Layout view={view} title={`${t('certificates.decision')} ${d.number}`} active="/admin/decisions">
      <BackLink href="/admin/decisions">{t('common.back')}</BackLink>
      <PageHeader title={`${t('certificates.decision')} ${d.number}`} caption={d.roundName ?? undefined} lead={d.title ?? undefined}
        actions={d.roundId ? <a class="btn btn-secondary" href={`/api/v1/rounds/${d.roundId}/minutes.pdf`}>{t('decisions.minutes')}</a> : undefined} />
      {doneKey && <Notice tone="success">{t(`decisions.done.${doneKey}` as 'decisions.done.draft')}</Notice>}
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      {!d.actions.edit && !d.actions.publish && draft && <Notice tone="info">{t('decisions.notAuthority')}</Notice>}
      <Card title={t('decisions.editDraft')}>
        <DescriptionList items={[
          { term: t('decisions.status'), detail: <DecisionStatus view={view} d={d} /> },
          { term: t('decisions.issuer'), detail: <span data-issuer>{d.issuer}</span> },
          { term: t('decisions.level'), detail: t(`decisions.level.${d.level}`) },
          { term: t('decisions.date'), detail: formatDateVi(d.decisionDate) },
          { term: t('decisions.signerName'), detail: `${d.signerName}${d.signerTitle ? ` — ${d.signerTitle}` : ''}` },
          { term: t('decisions.draftedBy'), detail: d.draftedBy },
          ...(d.approvedBy ? [{ term: t('decisions.approvedBy'), detail: `${d.approvedBy} (${formatDateTimeVi(new Date(d.approvedAt!))})` }] : []),
          ...(d.publishedAt ? [{ term: t('decisions.publishedAt'), detail: formatDateTimeVi(new Date(d.publishedAt)) }] : []),
        ]} />
        {d.actions.edit && (
          <form method="post" action={`/admin/decisions/${d.id}/edit`} novalidate class="form-narrow cert-form">
            <CsrfField token={view.csrfToken} />
            <input type="hidden" name="version" value={String(d.version)} />
            <TextField name="number" label={labels.number} hint={t(d.level === 'national' ? 'decisions.numberHint.national' : 'decisions.numberHint.province')} value={v('number')} error={errors.number} required maxLength={40} width="md" spellcheck={false} />
            <TextField name="decisionDate" type="date" label={labels.decisionDate} value={v('decisionDate')} error={errors.decisionDate} required width="md" />
            <TextField name="signerName" label={labels.signerName} value={v('signerName')} error={errors.signerName} required maxLength={120} />
            <TextField name="signerTitle" label={labels.signerTitle} value={v('signerTitle')} error={errors.signerTitle} required maxLength={200} />
            <TextArea name="title" label={labels.title} value={v('title')} error={errors.title} required maxLength={500} rows={2} />
            <SubmitRow><button type="submit" class="btn btn-secondary">{t('decisions.saveDraft')}</button></SubmitRow>
          </form>
        )}
      </Card>
      <section class="cert-section" aria-labelledby="items-h">
        <h2 id="items-h">{t('decisions.items')}</h2>
        <ItemsTable view={view} items={d.items} caption={t('decisions.items')} captionHidden
          remove={d.actions.edit ? (i) => <PostButton view={view} action={`/admin/decisions/${d.id}/items/remove`} fields={{ dossierId: i.dossierId }} label={t('decisions.remove')} variant="btn-ghost" /> : undefined} />
      </section>
      {d.actions.edit && d.candidates.length > 0 && (
        <section class="cert-section" aria-labelledby="cand-h">
          <h2 id="cand-h">{t('decisions.candidates')}</h2>
          <ItemsTable view={view} items={d.candidates} caption={t('decisions.candidates')} captionHidden
            add={(i) => <PostButton view={view} action={`/admin/decisions/${d.id}/items/add`} fields={{ dossierId: i.dossierId }} label={t('decisions.add')} />} />
        </section>
      )}
      {(d.actions.approve || d.actions.publish) && (
        <Card title={d.actions.approve ? t('decisions.approve') : t('decisions.publish')} variant="accent">
          <p>{d.actions.approve ? t('decisions.approveHint') : t('decisions.publishHint')}</p>
          {d.actions.approve && !d.dateAhead && <PostButton view={view} action={`/admin/decisions/${d.id}/approve`} fields={{ version: String(d.version) }} label={t('decisions.approve')} variant="btn-primary" />}
          {d.actions.approve && d.dateAhead && (
            // Signed ahead of its date: the authority says so before approving (docs/decisions/008).
            <form method="post" action={`/admin/decisions/${d.id}/approve`} class="form-narrow" novalidate>
              <CsrfField token={view.csrfToken} />
              <input type="hidden" name="version" value={String(d.version)} />
              <Checkbox name="scheduled" label={t('decisions.scheduled', { date: formatDateVi(d.decisionDate) })} hint={t('decisions.scheduledHint')} />
              <SubmitRow><button type="submit" class="btn btn-primary">{t('decisions.approve')}</button></SubmitRow>
            </form>
          )}
          {d.actions.publish && <PostButton view={view} action={`/admin/decisions/${d.id}/publish`} label={t('decisions.publish')} variant="btn-primary" />}
        </Card>
      )}
    </Layout>
  );
}

