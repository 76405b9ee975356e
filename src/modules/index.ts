import './messages';
import type { Deps } from '../context';
import type { App } from '../web/http';
import { registerAuditRoutes } from './audit/audit.routes';
import { registerIdentityRoutes } from './identity/identity.routes';
import { registerRegistryRoutes } from './registry/registry.routes';
import { registerImportRoutes } from './imports/imports.routes';
import { registerCriteriaRoutes } from './criteria/criteria.routes';
import { registerCycleRoutes } from './cycle/cycle.routes';
import { registerDossierRoutes } from './dossier/dossier.routes';
import { registerCouncilRoutes } from './council/council.routes';
import { registerCertificationRoutes } from './certification/certification.routes';
import { registerStampsRoutes } from './stamps/stamps.routes';
import { registerVerifyRoutes } from './verify/verify.routes';
import { registerPortalRoutes } from './portal/portal.routes';
import { registerReportsRoutes } from './reports/reports.routes';
import { registerTargetsRoutes } from './targets/targets.routes';
import { registerOutletsRoutes } from './outlets/outlets.routes';
import { registerTrainingRoutes } from './training/training.routes';
import { registerInspectionsRoutes } from './inspections/inspections.routes';
import { registerSupportRoutes } from './support/support.routes';
import { registerProgrammePages } from './reports/programme.routes';
import { registerDashboardRoutes } from './dashboard/home.routes';
import { registerNoticesRoutes } from './notices/notices.routes';

/** Every capability plugs its routes in here (explicitly: a forgotten module is a compile error). */
export async function registerModules(app: App, deps: Deps) {
  registerAuditRoutes(app);
  registerIdentityRoutes(app, deps);
  registerRegistryRoutes(app, deps);
  registerImportRoutes(app, deps);
  registerCriteriaRoutes(app, deps);
  registerCycleRoutes(app, deps);
  registerDossierRoutes(app, deps);
  registerCouncilRoutes(app, deps);
  registerCertificationRoutes(app, deps);
  registerVerifyRoutes(app, deps);
  registerStampsRoutes(app, deps);
  registerPortalRoutes(app, deps);
  registerReportsRoutes(app, deps);
  registerTargetsRoutes(app, deps);
  registerOutletsRoutes(app, deps);
  registerTrainingRoutes(app, deps);
  registerInspectionsRoutes(app, deps);
  registerSupportRoutes(app, deps);
  registerProgrammePages(app);
  registerDashboardRoutes(app, deps);
  registerNoticesRoutes(app, deps);
}
