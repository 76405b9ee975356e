/**
 * Back-office pages of inspections: /admin/inspections (counts in the caller's area, plans, a new
 * plan), /admin/inspections/:id (a plan: status moves, team, counts, visits),
 * /admin/inspections/:id/visits/new (choose a producer, then the products checked with findings
 * and the outcome) and /admin/inspections/visits/:id; the views are in inspections.pages.tsx. The
 * proposals board is in proposals.routes.tsx. Every form works without JavaScript (post/redirect/get).
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect, requireActor } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { str, type FormBody } from '../../web/forms';
import type { FieldMessages } from '../../errors';
import { todayInVietnam } from '../../domain/dates';
import { INSPECTION_MANAGERS, VISIT_READERS } from './inspections.policy';
import {
  addMember, createPlan, getPlan, getVisit, inspectionStats, listPlans, listVisits, plannableProvinces, producerProducts, recordVisit,
  removeMember, transitionPlan, visitableProducers,
} from './inspections.service';
import { registerProposalPages } from './proposals.routes';
import { inspectionFailure } from './inspections.forms';
import { ChooseProducerPage, PlanListPage, PlanPage, planHref, VisitFormPage, VisitPage } from './inspections.pages';

const Id = z.object({ id: z.string().max(64) });

export function registerInspectionsPages(app: App, _deps: Deps) {
  // ---- plans list and a new plan -----------------------------------------------------------

  const listPage = async (req: FastifyRequest, page: number, done?: string, values: Record<string, string> = {}, errors: FieldMessages = {}, summary?: string) => {
    const [plans, stats, provinces] = await Promise.all([
      listPlans(req.ctx, { page, pageSize: 20 }), inspectionStats(req.ctx, {}), plannableProvinces(req.ctx),
    ]);
    return <PlanListPage view={viewOf(req)} done={done} values={values} errors={errors} summary={summary} plans={plans} stats={stats} provinces={provinces} />;
  };

  app.get('/admin/inspections', {
    config: { access: INSPECTION_MANAGERS },
    schema: { hide: true, querystring: z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1), done: z.string().max(20).optional() }) },
  }, async (req, reply) => sendPage(reply, await listPage(req, req.query.page, req.query.done)));

  app.post('/admin/inspections', { config: { access: INSPECTION_MANAGERS }, schema: { hide: true } }, async (req, reply) => {
    const body = req.body as FormBody;
    const values = Object.fromEntries(['title', 'provinceCode', 'periodStart', 'periodEnd', 'plannedProducers'].map((k) => [k, str(body, k) ?? '']));
    try {
      const p = await createPlan(req.ctx, {
        title: values.title, provinceCode: values.provinceCode, periodStart: values.periodStart, periodEnd: values.periodEnd,
        plannedProducers: values.plannedProducers ? Number(values.plannedProducers) : null,
      });
      return redirect(reply, `${planHref(p.id)}?done=created`);
    } catch (e) {
      const { fields, message, status } = inspectionFailure(viewOf(req), e);
      return sendPage(reply, await listPage(req, 1, undefined, values, fields, message), status);
    }
  });

  // ---- a plan ------------------------------------------------------------------------------

  const detail = async (req: FastifyRequest, id: string, done?: string, errors: FieldMessages = {}, summary?: string, values: Record<string, string> = {}) => {
    const [p, visits] = await Promise.all([getPlan(req.ctx, id), listVisits(req.ctx, { planId: id, page: 1, pageSize: 100 })]);
    return <PlanPage view={viewOf(req)} p={p} visits={visits.items} done={done} errors={errors} summary={summary} values={values} />;
  };

  app.get('/admin/inspections/:id', {
    config: { access: INSPECTION_MANAGERS }, schema: { hide: true, params: Id, querystring: z.object({ done: z.string().max(20).optional() }) },
  }, async (req, reply) => sendPage(reply, await detail(req, req.params.id, req.query.done)));

  const act = (path: string, run: (req: FastifyRequest, id: string, body: FormBody) => Promise<unknown>, done: string) => {
    app.post(path, { config: { access: INSPECTION_MANAGERS }, schema: { hide: true, params: z.object({ id: z.string().max(64), memberId: z.string().max(64).optional() }) } }, async (req, reply) => {
      const body = req.body as FormBody;
      const { id } = req.params;
      try {
        await run(req, id, body);
        return redirect(reply, `${planHref(id)}?done=${done}`);
      } catch (e) {
        const { fields, message, status } = inspectionFailure(viewOf(req), e, path.endsWith('/team') ? 'insp.err.lead' : undefined);
        const values = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
        return sendPage(reply, await detail(req, id, undefined, fields, message, values), status);
      }
    });
  };
  act('/admin/inspections/:id/transition', (req, id, body) => transitionPlan(req.ctx, id, {
    action: str(body, 'action'), comment: str(body, 'comment'), version: str(body, 'version') ? Number(str(body, 'version')) : undefined,
  }), 'moved');
  act('/admin/inspections/:id/team', (req, id, body) => addMember(req.ctx, id, { fullName: str(body, 'fullName') ?? '', agency: str(body, 'agency') ?? '', role: str(body, 'role') ?? 'member' }), 'team');
  act('/admin/inspections/:id/team/:memberId/delete', (req, id) => removeMember(req.ctx, id, (req.params as { memberId: string }).memberId), 'team');

  // ---- recording a visit -------------------------------------------------------------------

  const visitForm = async (req: FastifyRequest, planId: string, producerId: string | undefined, values: Record<string, string> = {}, errors: FieldMessages = {}, summary?: string) => {
    const view = viewOf(req);
    const p = await getPlan(req.ctx, planId);
    if (!producerId) return <ChooseProducerPage view={view} p={p} producers={await visitableProducers(req.ctx, planId)} errors={errors} />;
    const { producer, products } = await producerProducts(req.ctx, planId, producerId);
    return <VisitFormPage view={view} p={p} producer={producer} products={products} today={todayInVietnam(req.ctx.deps.clock())}
      values={values} errors={errors} summary={summary} />;
  };

  app.get('/admin/inspections/:id/visits/new', {
    config: { access: INSPECTION_MANAGERS }, schema: { hide: true, params: Id, querystring: z.object({ producer: z.string().max(64).optional() }) },
  }, async (req, reply) => sendPage(reply, await visitForm(req, req.params.id, req.query.producer || undefined)));

  app.post('/admin/inspections/:id/visits', { config: { access: INSPECTION_MANAGERS }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const body = req.body as FormBody;
    const values = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    const productIds = Object.keys(body).filter((k) => k.startsWith('check_') && body[k] === 'on').map((k) => k.slice('check_'.length));
    const outcome = str(body, 'outcome');
    const proposalProductId = str(body, 'proposalProductId');
    try {
      const v = await recordVisit(req.ctx, req.params.id, {
        producerId: str(body, 'producerId'), visitedOn: str(body, 'visitedOn'), note: str(body, 'note'), outcome,
        checks: productIds.map((productId) => ({ productId, finding: str(body, `finding_${productId}`) ?? null, note: str(body, `note_${productId}`) })),
        ...(proposalProductId || outcome === 'revocation_proposal' ? { proposal: { productId: proposalProductId, reason: str(body, 'proposalReason') ?? '' } } : {}),
      });
      return redirect(reply, `/admin/inspections/visits/${v.id}?done=visit`);
    } catch (e) {
      const { fields, message, status } = inspectionFailure(viewOf(req), e);
      return sendPage(reply, await visitForm(req, req.params.id, str(body, 'producerId'), values, fields, message), status);
    }
  });

  app.get('/admin/inspections/visits/:id', {
    config: { access: VISIT_READERS }, schema: { hide: true, params: Id, querystring: z.object({ done: z.string().max(20).optional() }) },
  }, async (req, reply) => {
    const v = await getVisit(req.ctx, req.params.id);
    const manager = (INSPECTION_MANAGERS as readonly string[]).includes(requireActor(req).role);
    return sendPage(reply, <VisitPage view={viewOf(req)} v={v} manager={manager} done={req.query.done} />);
  });

  registerProposalPages(app);
}
