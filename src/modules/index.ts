import type { Deps } from '../context';
import type { App } from '../web/http';
import { registerIdentityRoutes } from './identity/identity.routes';
import { registerRegistryRoutes } from './registry/registry.routes';
import { registerImportRoutes } from './imports/imports.routes';
import { registerCriteriaRoutes } from './criteria/criteria.routes';
import { registerCycleRoutes } from './cycle/cycle.routes';

/** Every capability plugs its routes in here (explicitly: a forgotten module is a compile error). */
export async function registerModules(app: App, deps: Deps) {
  registerIdentityRoutes(app, deps);
  registerRegistryRoutes(app, deps);
  registerImportRoutes(app, deps);
  registerCriteriaRoutes(app, deps);
  registerCycleRoutes(app, deps);
}
