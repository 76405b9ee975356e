import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
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
import { FilterBar } from '../../web/components/filter-bar';
import { BackLink, PageHeader } from '../../web/components/page';
import { AppError, type FieldErrors } from '../../errors';
import { tDynamic, type Locale } from '../../core/i18n';
import { formatDateTimeVi } from '../../domain/dates';
import { REVIEW_STATUSES, type TransitionAction } from '../../domain/review-cycle';
import { listProducers } from '../registry/producer.service';
import { listProducts, listProductSets } from '../registry/product.service';
import { listHref, pagerLabels } from '../../web/components/pager';
import { CYCLE_ROLES } from './cycle.policy';
import { createIdea, getIdea, listIdeas, transitionIdea, updateIdea } from './idea.service';
import { savePlan, transitionPlan } from './plan.service';
import { IdeaListQuerySchema, type IdeaInput, type IdeaSummaryDto, type PlanInput } from './cycle.schema';
import { IdeaDetail, StatusBadge, type DetailErrors } from './idea-detail.pages';
import { PlanForm } from './plan.pages';

const access = CYCLE_ROLES;

/** State conflicts of the review cycle re-render the form too (as a summary), like validation errors. */
function formErrors(e: unknown, locale: Locale) {
  if (e instanceof AppError && (e.code === 'invalid_transition' || e.code === 'idea_not_accepted')) {
    const message = tDynamic(locale, `errors.${e.code}`, e.message);
    return { fields: { form: message }, message, status: e.status };
  }
  return baseFormErrors(e, locale);
}
const Id = z.object({ id: z.string().max(64) });
const Flash = z.object({ saved: z.string().optional(), done: z.enum(['submit', 'accept', 'return']).optional() });

function ideaInput(body: FormBody): IdeaInput {
  return {
    producerId: str(body, 'producerId'),
    productId: str(body, 'productId') ?? null,
    name: str(body, 'name') ?? '',
    productSetCode: str(body, 'productSetCode') ?? '',
    description: str(body, 'description') ?? '',
    rawMaterials: str(body, 'rawMaterials') ?? '',
    expectedMarket: str(body, 'expectedMarket') ?? '',
  };
}

interface Options { producers: { value: string; label: string }[] | null; products: { value: string; label: string }[]; sets: { value: string; label: string }[] }

/** Choices for the idea form: producers (officers), that producer's products, product sets. */
async function formOptions(req: FastifyRequest, producerId: string | undefined): Promise<Options> {
  const actor = requireActor(req);
  const sets = (await listProductSets(req.ctx)).map((s) => ({ value: s.code, label: `${s.code}. ${s.name}` }));
  const producers = actor.role === 'producer' ? null
    : (await listProducers(req.ctx, { sort: 'name', page: 1, pageSize: 100 })).items.map((p) => ({ value: p.id, label: `${p.name} — ${p.communeName}` }));
  const owner = actor.role === 'producer' ? actor.producerId ?? undefined : producerId;
  const products = owner
    ? (await listProducts(req.ctx, { producerId: owner, sort: 'name', page: 1, pageSize: 100 })).items.map((p) => ({ value: p.id, label: p.name }))
    : [];
  return { producers, products, sets };
}

interface IdeaFormProps { view: View; action: string; title: string; values: Partial<IdeaInput>; errors: FieldErrors; summary?: string; options: Options; editing?: boolean }

function IdeaForm({ view, action, title, values, errors, summary, options, editing }: IdeaFormProps) {
  const { t } = view;
  const v = (k: keyof IdeaInput) => (values[k] ?? '') as string;
  const labels = {
    producerId: t('idea.producer'), productId: t('idea.product'), name: t('idea.name'), productSetCode: t('idea.set'),
    description: t('idea.description'), rawMaterials: t('idea.rawMaterials'), expectedMarket: t('idea.expectedMarket'),
  };
  return (
    <Layout view={view} title={title} active="/admin/ideas">
      <BackLink href="/admin/ideas">{t('common.back')}</BackLink>
      <PageHeader title={title} lead={t('ideas.lead')} />
      {summary && <ErrorSummary title={t('form.errorSummary')} errors={errors} labels={labels} />}
      <form method="post" action={action} novalidate class="form-narrow">
        <CsrfField token={view.csrfToken} />
        {!editing && options.producers && (
          <SelectField name="producerId" label={labels.producerId} hint={t('idea.producerHint')} value={v('producerId')} options={options.producers} error={errors.producerId} required placeholder="—" />
        )}
        <TextField name="name" label={labels.name} value={v('name')} error={errors.name} required maxLength={300} />
        <SelectField name="productSetCode" label={labels.productSetCode} value={v('productSetCode')} options={options.sets} error={errors.productSetCode} required placeholder="—" />
        {options.products.length > 0 && (
          <SelectField name="productId" label={labels.productId} hint={t('idea.productHint')} value={v('productId')} options={options.products} error={errors.productId} placeholder="—" optionalLabel={t('form.optional')} />
        )}
        <TextArea name="description" label={labels.description} value={v('description')} error={errors.description} required maxLength={5000} />
        <TextArea name="rawMaterials" label={labels.rawMaterials} hint={t('idea.rawMaterialsHint')} value={v('rawMaterials')} error={errors.rawMaterials} required maxLength={5000} />
        <TextArea name="expectedMarket" label={labels.expectedMarket} value={v('expectedMarket')} error={errors.expectedMarket} required maxLength={5000} rows={3} />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{t('common.save')}</button>
          <a class="btn btn-ghost" href="/admin/ideas">{t('common.cancel')}</a>
        </SubmitRow>
      </form>
    </Layout>
  );
}

export function registerCyclePages(app: App, _deps: Deps) {
  app.get('/admin/ideas', { config: { access }, schema: { hide: true, querystring: IdeaListQuerySchema } }, async (req, reply) => {
    const actor = requireActor(req);
    const view = viewOf(req);
    const { t } = view;
    const q = req.query;
    const r = await listIdeas(req.ctx, q);
    const producer = actor.role === 'producer';
    const statusOptions = REVIEW_STATUSES.map((s) => ({ value: s, label: t(`cycle.status.${s}`) }));
    const title = producer ? t('ideas.mine') : t('ideas.title');
    return sendPage(reply, (
      <Layout view={view} title={title} active="/admin/ideas">
        <PageHeader title={title} lead={producer ? t('ideas.lead') : t('ideas.queueLead')} caption={t('common.total', { total: r.total })}
          actions={<a class="btn btn-primary" href="/admin/ideas/new">{t('ideas.new')}</a>} />
        <FilterBar action="/admin/ideas" submitLabel={t('common.filter')} reset={{ href: '/admin/ideas', label: t('common.all') }}>
          {!producer && <SelectField name="queue" label={t('cycle.filter.queue')} value={q.queue} options={[{ value: 'review', label: t('ideas.queue') }]} placeholder={t('common.all')} autoSubmit />}
          <SelectField name="status" label={t('cycle.filter.status')} value={q.status} options={statusOptions} placeholder={t('common.all')} autoSubmit />
          <SelectField name="planStatus" label={t('cycle.filter.planStatus')} value={q.planStatus} placeholder={t('common.all')} autoSubmit
            options={[{ value: 'none', label: t('cycle.status.none') }, ...statusOptions]} />
        </FilterBar>
        <DataTable<IdeaSummaryDto>
          caption={title} captionHidden rows={r.items} empty={t('ideas.empty')} rowKey={(i) => i.id}
          columns={[
            { key: 'name', label: t('idea.name'), render: (i) => <a href={`/admin/ideas/${i.id}`}>{i.name}</a> },
            ...(producer ? [] : [{ key: 'producer', label: t('idea.producer'), render: (i: IdeaSummaryDto) => `${i.producerName} — ${i.communeName}` }]),
            { key: 'status', label: t('idea.status'), render: (i) => <StatusBadge view={view} status={i.status} /> },
            { key: 'plan', label: t('idea.planStatus'), render: (i) => (i.planStatus ? <StatusBadge view={view} status={i.planStatus} /> : t('cycle.status.none')) },
            { key: 'updated', label: t('idea.updatedAt'), render: (i) => formatDateTimeVi(new Date(i.updatedAt)) },
          ]}
        />
        <Pagination page={r.page} pageSize={r.pageSize} total={r.total} href={listHref('/admin/ideas', q)} labels={pagerLabels(view)} />
      </Layout>
    ));
  });

  app.get('/admin/ideas/new', { config: { access }, schema: { hide: true, querystring: z.object({ producerId: z.string().uuid().optional() }) } }, async (req, reply) => {
    const view = viewOf(req);
    const values = { producerId: req.query.producerId };
    return sendPage(reply, <IdeaForm view={view} action="/admin/ideas" title={view.t('ideas.new')} values={values} errors={{}} options={await formOptions(req, req.query.producerId)} />);
  });

  app.post('/admin/ideas', { config: { access }, schema: { hide: true } }, async (req, reply) => {
    const view = viewOf(req);
    const input = ideaInput(req.body as FormBody);
    try {
      const idea = await createIdea(req.ctx, input);
      return redirect(reply, `/admin/ideas/${idea.id}?saved=1`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, view.locale);
      return sendPage(reply, <IdeaForm view={view} action="/admin/ideas" title={view.t('ideas.new')} values={input} errors={fields} summary={message} options={await formOptions(req, input.producerId)} />, status);
    }
  });

  const detail = async (req: FastifyRequest, id: string, flash: z.infer<typeof Flash>, errors?: DetailErrors) => {
    const view = viewOf(req);
    const idea = await getIdea(req.ctx, id);
    return <IdeaDetail view={view} idea={idea} flash={flash} errors={errors} />;
  };

  app.get('/admin/ideas/:id', { config: { access }, schema: { hide: true, params: Id, querystring: Flash } }, async (req, reply) =>
    sendPage(reply, await detail(req, req.params.id, req.query)));

  app.get('/admin/ideas/:id/edit', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const view = viewOf(req);
    const idea = await getIdea(req.ctx, req.params.id);
    return sendPage(reply, <IdeaForm view={view} action={`/admin/ideas/${idea.id}/edit`} title={view.t('ideas.edit')} values={idea} errors={{}} options={await formOptions(req, idea.producerId)} editing />);
  });

  app.post('/admin/ideas/:id/edit', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const view = viewOf(req);
    const { producerId: _ignored, ...input } = ideaInput(req.body as FormBody);
    try {
      await updateIdea(req.ctx, req.params.id, input);
      return redirect(reply, `/admin/ideas/${req.params.id}?saved=1`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, view.locale);
      const idea = await getIdea(req.ctx, req.params.id);
      return sendPage(reply, <IdeaForm view={view} action={`/admin/ideas/${req.params.id}/edit`} title={view.t('ideas.edit')} values={input} errors={fields} summary={message} options={await formOptions(req, idea.producerId)} editing />, status);
    }
  });

  // Submit / accept / return, for the idea or its plan; errors re-render the detail page.
  for (const subject of ['idea', 'plan'] as const) {
    const path = subject === 'idea' ? '/admin/ideas/:id/transitions' : '/admin/ideas/:id/plan/transitions';
    app.post(path, { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) => {
      const body = req.body as FormBody;
      const input = { action: str(body, 'action') as TransitionAction, comment: str(body, 'comment') ?? null };
      try {
        if (subject === 'idea') await transitionIdea(req.ctx, req.params.id, input);
        else await transitionPlan(req.ctx, req.params.id, input);
        return redirect(reply, `/admin/ideas/${req.params.id}?done=${input.action}`);
      } catch (e) {
        const { fields, message, status } = formErrors(e, viewOf(req).locale);
        return sendPage(reply, await detail(req, req.params.id, {}, { subject, fields, message, comment: input.comment ?? '' }), status);
      }
    });
  }

  app.get('/admin/ideas/:id/plan', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const view = viewOf(req);
    const idea = await getIdea(req.ctx, req.params.id);
    return sendPage(reply, <PlanForm view={view} idea={idea} values={idea.plan ?? {}} errors={{}} />);
  });

  app.post('/admin/ideas/:id/plan', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const view = viewOf(req);
    const body = req.body as FormBody;
    const input: PlanInput = {
      productDescription: str(body, 'productDescription') ?? '', marketAndCustomers: str(body, 'marketAndCustomers') ?? '',
      productionCapacity: str(body, 'productionCapacity') ?? '', investmentAndFunding: str(body, 'investmentAndFunding') ?? '',
      salesChannels: str(body, 'salesChannels') ?? '',
    };
    try {
      await savePlan(req.ctx, req.params.id, input);
      if (str(body, 'then') === 'submit') {
        await transitionPlan(req.ctx, req.params.id, { action: 'submit' });
        return redirect(reply, `/admin/ideas/${req.params.id}?done=submit`);
      }
      return redirect(reply, `/admin/ideas/${req.params.id}?saved=1`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, view.locale);
      const idea = await getIdea(req.ctx, req.params.id);
      return sendPage(reply, <PlanForm view={view} idea={idea} values={input} errors={fields} summary={message} />, status);
    }
  });
}
