/**
 * /admin: the report roles (national admins, province and commune officers, inspectors) see the
 * dashboard of their area (or, with ?area=, one inside it: 403 outside their scope, 404 for an
 * unknown code); the other roles a welcome page. The views are in home.view.tsx.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { requireActor } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { todayInVietnam } from '../../domain/dates';
import { listNotifications } from '../certification/notification.service';
import { REPORT_READERS, resolveReportArea } from '../reports/report-scope';
import { listProducers } from '../registry/producer.service';
import { listProducts } from '../registry/product.service';
import { listDossiers } from '../dossier/dossier.service';
import { renderTargetsPanel } from '../targets/targets.panel';
import { areaName, areaOptions, dashboard } from './dashboard.service';
import { AreaDashboardPage, WelcomePage } from './home.view';

const HomeQuery = z.object({ area: z.string().max(20).optional() });

async function areaDashboard(req: FastifyRequest, code: string | undefined) {
  const actor = requireActor(req);
  const view = viewOf(req);
  const today = todayInVietnam(req.ctx.deps.clock());
  const [home, area] = await Promise.all([resolveReportArea(req.ctx, null), resolveReportArea(req.ctx, code)]);
  const [data, latest, targets, options] = await Promise.all([
    dashboard(req.ctx, area, today),
    listNotifications(req.ctx, { unread: 'true', page: 1, pageSize: 3 }),
    renderTargetsPanel(req.ctx, view, area, today),
    areaOptions(req.ctx, area, home),
  ]);
  return <AreaDashboardPage view={view} actor={actor} area={area} home={home} data={data} latest={latest} options={options}
    targets={targets} />;
}

export function registerDashboardRoutes(app: App, _deps: Deps) {
  app.get('/admin', { schema: { hide: true, querystring: HomeQuery } }, async (req, reply) => {
    const actor = requireActor(req);
    const view = viewOf(req);
    if ((REPORT_READERS as readonly string[]).includes(actor.role)) return sendPage(reply, await areaDashboard(req, req.query.area));
    const scopeName = actor.areaCode ? await areaName(req.ctx, actor.areaCode) : null;
    const canList = actor.role !== 'buyer';
    const [producers, products, certified] = canList ? await Promise.all([
      listProducers(req.ctx, { page: 1, pageSize: 1, sort: 'name' }),
      listProducts(req.ctx, { page: 1, pageSize: actor.role === 'producer' ? 50 : 1, sort: 'name' }),
      listProducts(req.ctx, { page: 1, pageSize: 1, sort: 'name', status: 'certified' }),
    ]) : [null, null, null];
    // What the account covers: its area, its own organisation (a producer: the list holds only it),
    // or nothing to say (a buyer).
    const scope = actor.role === 'producer' ? producers?.items[0]?.name
      : actor.role === 'buyer' ? undefined
      : scopeName ?? view.t('dashboard.national');
    const latest = await listNotifications(req.ctx, { unread: 'true', page: 1, pageSize: 3 });
    // A producer follows their own dossiers from here (listDossiers scopes them to the producer).
    const myDossiers = actor.role === 'producer' ? await listDossiers(req.ctx, { page: 1, pageSize: 10 }) : null;
    const counts = producers && products && certified ? { producers: producers.total, products: products.total, certified: certified.total } : null;
    return sendPage(reply, <WelcomePage view={view} actor={actor} scope={scope} latest={latest} counts={counts}
      myProducts={actor.role === 'producer' && products ? products.items : null} myDossiers={myDossiers} />);
  });
}
