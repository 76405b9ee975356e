/**
 * Back-office pages of cycle steps 2–3 (product ideas and business plans): HTTP, parameters and
 * service calls; the views are idea.view.tsx, idea-detail.view.tsx and plan.view.tsx.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect, requireActor } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { FORM_CODES, formErrors, str, type FormBody } from '../../web/forms';
import type { TransitionAction } from '../../domain/review-cycle';
import { listProducers } from '../registry/producer.service';
import { listProducts, listProductSets } from '../registry/product.service';
import { CYCLE_ROLES } from './cycle.policy';
import { createIdea, getIdea, listIdeas, transitionIdea, updateIdea } from './idea.service';
import { savePlan, transitionPlan } from './plan.service';
import { IdeaListQuerySchema, type IdeaInput, type PlanInput } from './cycle.schema';
import { IdeaDetail, type DetailErrors } from './idea-detail.view';
import { IdeaForm, IdeasPage, type IdeaFormOptions } from './idea.view';
import { PlanForm } from './plan.view';

const access = CYCLE_ROLES;

/** State conflicts of the review cycle re-render the form too (as a summary), like validation errors. */
const RE_RENDER = [...FORM_CODES, 'invalid_transition', 'idea_not_accepted'];
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

/** Choices for the idea form: producers (officers), that producer's products, product sets. */
async function formOptions(req: FastifyRequest, producerId: string | undefined): Promise<IdeaFormOptions> {
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

export function registerIdeaPages(app: App, _deps: Deps) {
  app.get('/admin/ideas', { config: { access }, schema: { hide: true, querystring: IdeaListQuerySchema } }, async (req, reply) => {
    const actor = requireActor(req);
    const result = await listIdeas(req.ctx, req.query);
    return sendPage(reply, <IdeasPage view={viewOf(req)} producer={actor.role === 'producer'} query={req.query} result={result} />);
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
      const { fields, message, status } = formErrors(e, view.locale, RE_RENDER);
      return sendPage(reply, <IdeaForm view={view} action="/admin/ideas" title={view.t('ideas.new')} values={input} errors={fields} summary={message} options={await formOptions(req, input.producerId)} />, status);
    }
  });

  const detail = async (req: FastifyRequest, id: string, flash: z.infer<typeof Flash>, errors?: DetailErrors) => {
    const idea = await getIdea(req.ctx, id);
    return <IdeaDetail view={viewOf(req)} idea={idea} flash={flash} errors={errors} />;
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
      const { fields, message, status } = formErrors(e, view.locale, RE_RENDER);
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
        const { fields, message, status } = formErrors(e, viewOf(req).locale, RE_RENDER);
        return sendPage(reply, await detail(req, req.params.id, {}, { subject, fields, message, comment: input.comment ?? '' }), status);
      }
    });
  }

  app.get('/admin/ideas/:id/plan', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const idea = await getIdea(req.ctx, req.params.id);
    return sendPage(reply, <PlanForm view={viewOf(req)} idea={idea} values={idea.plan ?? {}} errors={{}} />);
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
      const { fields, message, status } = formErrors(e, view.locale, RE_RENDER);
      const idea = await getIdea(req.ctx, req.params.id);
      return sendPage(reply, <PlanForm view={view} idea={idea} values={input} errors={fields} summary={message} />, status);
    }
  });
}
