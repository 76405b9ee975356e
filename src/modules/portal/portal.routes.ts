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

export function registerPortalRoutes(app: App, deps: Deps) {
  registerCatalogueRoutes(app, deps);
  registerGs1Routes(app, deps);
  registerOpenDataRoutes(app, deps);
  registerSeoRoutes(app, deps);
}
