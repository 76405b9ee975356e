/**
 * Back-office pages of decisions and certificates: the decisions and certificates lists (a
 * producer sees only their own certificates), drafting a decision from a closed round, the
 * decision page (edit while draft, approve, publish, PDFs), a certificate with its revoke form,
 * and the caller's notifications. Every form works without JavaScript.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect, requireActor } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf, type View } from '../../web/view';
import { formErrors as baseFormErrors, str, type FormBody } from '../../web/forms';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SelectField, SubmitRow, TextArea, TextField } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { Pagination } from '../../web/components/pagination';
import { FilterBar, SearchInput } from '../../web/components/filter-bar';
import { BackLink, Card, DescriptionList, Notice, PageHeader } from '../../web/components/page';
import { Stars, StatusBadge, type Tone } from '../../web/components/badges';
import { AppError, type FieldErrors } from '../../errors';
import { tDynamic, type Locale } from '../../core/i18n';
import { formatDateTimeVi, formatDateVi, todayInVietnam } from '../../domain/dates';
import { listHref, pagerLabels } from '../../web/components/pager';
import { CERTIFICATION_PAGE_ROLES, DECISION_ROLES } from './certification.policy';
import {
  addItem, approveDecision, draftDecision, getDecision, listDecisions, publishDecision, removeItem, roundPreview, roundsToDecide,
  updateDecision,
} from './decision.service';
import { getCertificate, listCertificates, revokeCertificate } from './certificate.service';
import { listNotifications, markRead } from './notification.service';
import { dayBefore } from '../../domain/dates';
import {
  CertificateListQuerySchema, type CertificateDto, type DecisionDto, type DecisionItemDto, type DecisionSummaryDto,
} from './certification.schema';

const AUTHORITIES = ['national_admin', 'province_officer'] as const;

/** State conflicts re-render the page with a summary, like validation errors. */
function formErrors(e: unknown, locale: Locale) {
  if (e instanceof AppError && ['invalid_transition', 'not_certifiable'].includes(e.code)) {
    const message = tDynamic(locale, `errors.${e.code}`, e.message);
    return { fields: { form: message } as FieldErrors, message, status: e.status };
  }
  return baseFormErrors(e, locale);
}

const Id = z.object({ id: z.string().max(64) });
const NumberParam = z.object({ number: z.string().min(1).max(100) });
const Done = z.object({ done: z.string().max(20).optional() });

const STATUS_TONE: Record<CertificateDto['status'], Tone> = { valid: 'success', expired: 'warning', revoked: 'danger', superseded: 'neutral' };

function CertStatus({ view, status }: { view: View; status: CertificateDto['status'] }) {
  return <StatusBadge tone={STATUS_TONE[status]}>{view.t(`certificates.status.${status}`)}</StatusBadge>;
}

function DecisionStatus({ view, d }: { view: View; d: Pick<DecisionSummaryDto, 'status' | 'published'> }) {
  if (d.published) return <StatusBadge tone="success">{view.t('decisions.status.published')}</StatusBadge>;
  return d.status === 'approved'
    ? <StatusBadge tone="info">{view.t('decisions.status.approved')}</StatusBadge>
    : <StatusBadge tone="warning">{view.t('decisions.status.draft')}</StatusBadge>;
}

const certHref = (n: string) => `/admin/certificates/${encodeURIComponent(n)}`;
const score = (n: number) => n.toFixed(2);

function PostButton({ view, action, label, fields = {}, variant = 'btn-secondary' }: {
  view: View; action: string; label: ComponentChildren; fields?: Record<string, string>; variant?: string;
}) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={view.csrfToken} />
      {Object.entries(fields).map(([k, v]) => <input type="hidden" name={k} value={v} />)}
      <button type="submit" class={`btn btn-sm ${variant}`}>{label}</button>
    </form>
  );
}

function CertificatesTable({ view, items, caption }: { view: View; items: CertificateDto[]; caption: string }) {
  const { t } = view;
  return (
    <DataTable<CertificateDto>
      caption={caption} captionHidden rows={items} empty={t('certificates.empty')} rowKey={(c) => c.number}
      columns={[
        { key: 'number', label: t('certificates.number'), render: (c) => <a href={certHref(c.number)}>{c.number}</a> },
        { key: 'product', label: t('items.product'), render: (c) => c.product.name },
        { key: 'producer', label: t('items.producer'), render: (c) => `${c.producer.name} — ${c.provinceName}` },
        { key: 'stars', label: t('items.stars'), render: (c) => <Stars count={c.stars} showText /> },
        { key: 'valid', label: t('certificates.validUntil'), render: (c) => formatDateVi(dayBefore(c.expiresOn)) },
        { key: 'status', label: t('certificates.status'), render: (c) => <CertStatus view={view} status={c.status} /> },
      ]}
    />
  );
}

export function registerCertificationPages(app: App, _deps: Deps) {
  app.get('/admin/decisions', { config: { access: CERTIFICATION_PAGE_ROLES }, schema: { hide: true, querystring: CertificateListQuerySchema.extend({ dpage: z.coerce.number().int().min(1).default(1) }) } }, async (req, reply) => {
    const actor = requireActor(req);
    const view = viewOf(req);
    const { t } = view;
    const { dpage, ...cq } = req.query;
    const producer = actor.role === 'producer';
    const showDecisions = (DECISION_ROLES as readonly string[]).includes(actor.role);
    const [certs, decisions] = await Promise.all([
      listCertificates(req.ctx, cq),
      showDecisions ? listDecisions(req.ctx, { page: dpage, pageSize: 20 }) : Promise.resolve(null),
    ]);
    const title = producer ? t('certificates.mine') : showDecisions ? t('decisions.title') : t('certificates.title');
    const authority = (AUTHORITIES as readonly string[]).includes(actor.role);
    return sendPage(reply, (
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
                { key: 'level', label: t('decisions.level'), render: (d) => (d.level === 'national' ? t('decisions.level.national') : `${t(`decisions.level.${d.level}`)} — ${d.areaName}`) },
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
    ));
  });

  // ---- drafting --------------------------------------------------------------------------

  const newPage = async (req: FastifyRequest, roundId: string | undefined, values: Record<string, string> = {}, errors: FieldErrors = {}, summary?: string) => {
    const view = viewOf(req);
    const { t } = view;
    const title = t('decisions.new');
    if (!roundId) {
      const rounds = await roundsToDecide(req.ctx);
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
    const { round, passing, decisions } = await roundPreview(req.ctx, roundId);
    const labels = {
      number: t('decisions.number'), decisionDate: t('decisions.date'), signerName: t('decisions.signerName'),
      signerTitle: t('decisions.signerTitle'), title: t('decisions.titleField'), form: t('decisions.new'),
    };
    const v = (k: string, d = '') => values[k] ?? d;
    return (
      <Layout view={view} title={title} active="/admin/decisions">
        <BackLink href="/admin/decisions/new">{t('common.back')}</BackLink>
        <PageHeader title={title} caption={round.name} lead={t('decisions.newLead')} />
        {decisions.length > 0 && <Notice tone="warning">{t('decisions.roundHasDecision')}</Notice>}
        {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
        <ItemsTable view={view} items={passing} caption={t('decisions.items')} />
        <form method="post" action="/admin/decisions" novalidate class="form-narrow cert-form">
          <CsrfField token={view.csrfToken} />
          <input type="hidden" name="roundId" value={round.id} />
          <TextField name="number" label={labels.number} hint={t(round.level === 'national' ? 'decisions.numberHint.national' : 'decisions.numberHint.province')} value={v('number')} error={errors.number} required maxLength={40} width="md" spellcheck={false} />
          <TextField name="decisionDate" type="date" label={labels.decisionDate} value={v('decisionDate', todayInVietnam(req.ctx.deps.clock()))} error={errors.decisionDate} required width="md" />
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
  };

  app.get('/admin/decisions/new', { config: { access: AUTHORITIES }, schema: { hide: true, querystring: z.object({ round: z.string().max(64).optional() }) } }, async (req, reply) =>
    sendPage(reply, await newPage(req, req.query.round)));

  app.post('/admin/decisions', { config: { access: AUTHORITIES }, schema: { hide: true } }, async (req, reply) => {
    const body = req.body as FormBody;
    const values = Object.fromEntries(['roundId', 'number', 'decisionDate', 'signerName', 'signerTitle', 'title'].map((k) => [k, str(body, k) ?? '']));
    try {
      const d = await draftDecision(req.ctx, values as never);
      return redirect(reply, `/admin/decisions/${d.id}?done=draft`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, viewOf(req).locale);
      return sendPage(reply, await newPage(req, values.roundId || undefined, values, fields, message), status);
    }
  });

  // ---- one decision ----------------------------------------------------------------------

  const detail = async (req: FastifyRequest, id: string, done?: string, errors: FieldErrors = {}, summary?: string, values?: Record<string, string>) => {
    const view = viewOf(req);
    const d = await getDecision(req.ctx, id);
    return <DecisionPage view={view} d={d} done={done} errors={errors} summary={summary} values={values} />;
  };

  app.get('/admin/decisions/:id', { config: { access: DECISION_ROLES }, schema: { hide: true, params: Id, querystring: Done } }, async (req, reply) =>
    sendPage(reply, await detail(req, req.params.id, req.query.done)));

  const act = (path: string, run: (req: FastifyRequest, id: string, body: FormBody) => Promise<unknown>, done: string) => {
    app.post(path, { config: { access: AUTHORITIES }, schema: { hide: true, params: Id } }, async (req, reply) => {
      const body = req.body as FormBody;
      const { id } = req.params;
      try {
        await run(req, id, body);
        return redirect(reply, `/admin/decisions/${id}?done=${done}`);
      } catch (e) {
        const { fields, message, status } = formErrors(e, viewOf(req).locale);
        const values = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
        return sendPage(reply, await detail(req, id, undefined, fields, message, values), status);
      }
    });
  };
  const version = (body: FormBody) => (str(body, 'version') ? Number(str(body, 'version')) : undefined);
  act('/admin/decisions/:id/edit', (req, id, body) => updateDecision(req.ctx, id, {
    number: str(body, 'number') ?? '', decisionDate: str(body, 'decisionDate') ?? '', signerName: str(body, 'signerName') ?? '',
    signerTitle: str(body, 'signerTitle') ?? '', title: str(body, 'title') ?? '', version: version(body),
  }), 'saved');
  act('/admin/decisions/:id/items/add', (req, id, body) => addItem(req.ctx, id, { dossierId: str(body, 'dossierId') }), 'items');
  act('/admin/decisions/:id/items/remove', (req, id, body) => removeItem(req.ctx, id, str(body, 'dossierId') ?? ''), 'items');
  act('/admin/decisions/:id/approve', (req, id, body) => approveDecision(req.ctx, id, { version: version(body) }), 'approve');
  act('/admin/decisions/:id/publish', (req, id) => publishDecision(req.ctx, id), 'publish');

  // ---- one certificate -------------------------------------------------------------------

  const certPage = async (req: FastifyRequest, number: string, done?: string, errors: FieldErrors = {}, summary?: string, values: Record<string, string> = {}) => {
    const view = viewOf(req);
    const c = await getCertificate(req.ctx, number);
    return <CertificatePage view={view} c={c} done={done} errors={errors} summary={summary} values={values} />;
  };

  app.get('/admin/certificates/:number', { config: { access: CERTIFICATION_PAGE_ROLES }, schema: { hide: true, params: NumberParam, querystring: Done } }, async (req, reply) =>
    sendPage(reply, await certPage(req, req.params.number, req.query.done)));

  app.post('/admin/certificates/:number/revoke', { config: { access: AUTHORITIES }, schema: { hide: true, params: NumberParam } }, async (req, reply) => {
    const body = req.body as FormBody;
    const values = { reason: str(body, 'reason') ?? '', legalBasis: str(body, 'legalBasis') ?? '', revokedOn: str(body, 'revokedOn') ?? '' };
    try {
      const c = await revokeCertificate(req.ctx, req.params.number, { reason: values.reason, legalBasis: values.legalBasis, revokedOn: values.revokedOn || undefined });
      return redirect(reply, `${certHref(c.number)}?done=revoked`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, viewOf(req).locale);
      return sendPage(reply, await certPage(req, req.params.number, undefined, fields, message, values), status);
    }
  });

  // ---- notifications ---------------------------------------------------------------------

  app.get('/admin/notifications', { config: { access: 'user' }, schema: { hide: true, querystring: z.object({ page: z.coerce.number().int().min(1).default(1) }) } }, async (req, reply) => {
    const view = viewOf(req);
    const { t } = view;
    const r = await listNotifications(req.ctx, { page: req.query.page, pageSize: 20 });
    return sendPage(reply, (
      <Layout view={view} title={t('notifications.title')} active="/admin/decisions">
        <PageHeader title={t('notifications.title')} caption={r.unread ? `${t('notifications.unread')}: ${r.unread}` : undefined} />
        {r.items.length === 0 ? <Notice tone="info">{t('notifications.empty')}</Notice> : (
          <ul class="cert-notifications">
            {r.items.map((n) => (
              <li class={n.readAt ? 'cert-note' : 'cert-note cert-note--unread'}>
                <h2 class="cert-note-title">
                  {!n.readAt && <StatusBadge tone="info">{t('notifications.unread')}</StatusBadge>} {n.title}
                </h2>
                <p>{n.body}</p>
                <p class="muted">{formatDateTimeVi(new Date(n.createdAt))}</p>
                <div class="cert-note-actions">
                  {n.link && <a class="btn btn-sm btn-secondary" href={n.link}>{t('notifications.open')}</a>}
                  {!n.readAt && <PostButton view={view} action={`/admin/notifications/${n.id}/read`} label={t('notifications.markRead')} variant="btn-ghost" />}
                </div>
              </li>
            ))}
          </ul>
        )}
        <Pagination page={r.page} pageSize={r.pageSize} total={r.total} href={(p) => `/admin/notifications?page=${p}`} labels={pagerLabels(view)} />
      </Layout>
    ));
  });

  app.post('/admin/notifications/:id/read', { config: { access: 'user' }, schema: { hide: true, params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }) } }, async (req, reply) => {
    await markRead(req.ctx, req.params.id);
    return redirect(reply, '/admin/notifications');
  });
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
        { key: 'cert', label: t('items.certificate'), render: (i) => (i.certificateNumber ? <a href={certHref(i.certificateNumber)}>{i.certificateNumber}</a> : '—') },
        ...(action ? [{ key: 'action', label: '', render: (i: DecisionItemDto) => action(i) }] : []),
      ]}
    />
  );
}

function DecisionPage({ view, d, done, errors, summary, values }: {
  view: View; d: DecisionDto; done?: string; errors: FieldErrors; summary?: string; values?: Record<string, string>;
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
          { term: t('decisions.level'), detail: d.level === 'national' ? t('decisions.level.national') : `${t(`decisions.level.${d.level}`)} — ${d.areaName}` },
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
          {d.actions.approve && <PostButton view={view} action={`/admin/decisions/${d.id}/approve`} fields={{ version: String(d.version) }} label={t('decisions.approve')} variant="btn-primary" />}
          {d.actions.publish && <PostButton view={view} action={`/admin/decisions/${d.id}/publish`} label={t('decisions.publish')} variant="btn-primary" />}
        </Card>
      )}
    </Layout>
  );
}

function CertificatePage({ view, c, done, errors, summary, values }: {
  view: View; c: CertificateDto; done?: string; errors: FieldErrors; summary?: string; values: Record<string, string>;
}) {
  const { t } = view;
  const labels = { reason: t('certificates.reason'), legalBasis: t('certificates.legalBasis'), revokedOn: t('certificates.revokeDate'), form: t('certificates.revoke') };
  const pdf = `/api/v1/certificates/${encodeURIComponent(c.number)}/pdf`;
  return (
    <Layout view={view} title={`${t('items.certificate')} ${c.number}`} active="/admin/decisions">
      <BackLink href="/admin/decisions">{t('common.back')}</BackLink>
      <PageHeader title={c.product.name} caption={`${t('items.certificate')} ${c.number}`}
        actions={<>
          <a class="btn btn-primary" href={pdf}>{t('certificates.pdf')}</a>
          <a class="btn btn-ghost" href={`/v/${encodeURIComponent(c.number)}`}>{t('certificates.verifyPage')}</a>
        </>} />
      {done === 'revoked' && <Notice tone="success">{t('certificates.revoked')}</Notice>}
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      <Card>
        <DescriptionList items={[
          { term: t('certificates.status'), detail: <CertStatus view={view} status={c.status} /> },
          { term: t('items.stars'), detail: <Stars count={c.stars} showText /> },
          { term: t('items.score'), detail: c.score === null ? '—' : score(c.score) },
          { term: t('items.producer'), detail: c.producer.name },
          { term: t('certificates.address'), detail: [c.producer.address, c.communeName, c.provinceName].filter(Boolean).join(', ') },
          { term: t('certificates.decision'), detail: `${c.decision.number} (${formatDateVi(c.decision.decisionDate)})` },
          { term: t('certificates.issuedOn'), detail: formatDateVi(c.issuedOn) },
          { term: t('certificates.validUntil'), detail: formatDateVi(dayBefore(c.expiresOn)) },
          ...(c.potentialFiveStar ? [{ term: t('items.potential'), detail: '✓' }] : []),
          ...(c.revokedOn ? [
            { term: t('certificates.revokedOn'), detail: formatDateVi(c.revokedOn) },
            { term: t('certificates.revokedReason'), detail: c.revokedReason },
            { term: t('certificates.revocationBasis'), detail: c.revocationBasis },
          ] : []),
          ...(c.supersededBy ? [{ term: t('certificates.supersededBy'), detail: <a href={certHref(c.supersededBy.number)}>{c.supersededBy.number}</a> }] : []),
        ]} />
      </Card>
      {c.canRevoke && (
        <Card title={t('certificates.revoke')}>
          <p>{t('certificates.revokeLead')}</p>
          <form method="post" action={`/admin/certificates/${encodeURIComponent(c.number)}/revoke`} novalidate class="form-narrow">
            <CsrfField token={view.csrfToken} />
            <TextArea name="reason" label={labels.reason} value={values.reason} error={errors.reason} required maxLength={2000} rows={3} />
            <TextField name="legalBasis" label={labels.legalBasis} hint={t('certificates.legalBasisHint')} value={values.legalBasis} error={errors.legalBasis} required maxLength={1000} />
            <TextField name="revokedOn" type="date" label={labels.revokedOn} hint={t('certificates.revokeDateHint')} value={values.revokedOn} error={errors.revokedOn} width="md" optionalLabel={t('form.optional')} />
            <SubmitRow><button type="submit" class="btn btn-danger">{t('certificates.revoke')}</button></SubmitRow>
          </form>
        </Card>
      )}
    </Layout>
  );
}
