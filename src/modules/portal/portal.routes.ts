/**
 * The public portal (docs/decisions/011-public-catalogue.md): catalogue pages and API, GS1 Digital
 * Link resolver, open data, robots.txt and sitemap.xml. Everything here is public and read-only.
 */
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { registerCatalogueRoutes } from './catalogue.routes';
import { registerGs1Routes } from './gs1.routes';
import { registerOpenDataRoutes } from './opendata.routes';
import { registerSeoRoutes } from './seo.routes';
import { registerNewsRoutes } from './news.routes';
import { startPortalListener } from './catalogue.snapshot';

export function registerPortalRoutes(app: App, deps: Deps) {
  // The catalogue and the pages follow every change heard on the feed (catalogue.snapshot.ts).
  const listener = { stop: async () => {} };
  app.addHook('onReady', async () => {
    const l = startPortalListener(deps, (msg, err) => app.log.warn({ err }, msg));
    listener.stop = l.stop;
    await l.ready;
  });
  app.addHook('onClose', async () => { await listener.stop(); });
  registerCatalogueRoutes(app, deps);
  registerGs1Routes(app, deps);
  registerOpenDataRoutes(app, deps);
  registerSeoRoutes(app, deps);
  registerNewsRoutes(app, deps);
}
