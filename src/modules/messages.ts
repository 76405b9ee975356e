/**
 * Every module's messages, registered once: the composition root and the test setup import this
 * file. A module added to the platform adds its bundle here.
 */
import { registerMessages } from '../core/i18n';
import { auditMessages } from './audit/audit.i18n';
import { certificationMessages } from './certification/certification.i18n';
import { councilMessages } from './council/council.i18n';
import { criteriaMessages } from './criteria/criteria.i18n';
import { cycleMessages } from './cycle/cycle.i18n';
import { dashboardMessages } from './dashboard/dashboard.i18n';
import { dossierMessages } from './dossier/dossier.i18n';
import { assistedFilingMessages } from './dossier/dossier-assisted.i18n';
import { identityMessages } from './identity/identity.i18n';
import { accountsMessages } from './identity/accounts.i18n';
import { accountsPagesMessages } from './identity/accounts-pages.i18n';
import { importMessages } from './imports/imports.i18n';
import { inspectionsMessages } from './inspections/inspections.i18n';
import { marketMessages } from './market/market.i18n';
import { buyerMessages } from './market/buyer.i18n';
import { shopMessages } from './market/shop.i18n';
import { outletsMessages } from './outlets/outlets.i18n';
import { portalMessages } from './portal/portal.i18n';
import { registryMessages } from './registry/registry.i18n';
import { reportsMessages } from './reports/reports.i18n';
import { tradeFiguresMessages } from './reports/trade-figures.i18n';
import { traceFiguresMessages } from './reports/trace-figures.i18n';
import { stampsMessages } from './stamps/stamps.i18n';
import { supportMessages } from './support/support.i18n';
import { targetsMessages } from './targets/targets.i18n';
import { trainingMessages } from './training/training.i18n';
import { verifyMessages } from './verify/verify.i18n';
import { noticesMessages } from './notices/notices.i18n';
import { tradeMessages } from './trade/trade.i18n';
import { eventsMessages } from './trade/events.i18n';
import { eventAgreementsMessages } from './trade/event-agreements.i18n';
import { tradePagesMessages } from './trade/trade-pages.i18n';
import { tradeAdminPagesMessages } from './trade/trade-admin-pages.i18n';
import { promoMessages } from './promo/promo.i18n';
import { traceMessages } from './trace/trace.i18n';
import { traceLabelMessages } from './trace/trace-labels.i18n';
import { traceAdminMessages } from './trace/trace-admin.i18n';
import { epcisMessages } from './trace/epcis.i18n';
import { tracePublicMessages } from './trace/trace-public.i18n';
import { shareMessages } from '../web/i18n/share.i18n';
import { common } from '../web/i18n/common.i18n';

registerMessages(
  auditMessages,
  certificationMessages,
  councilMessages,
  criteriaMessages,
  cycleMessages,
  dashboardMessages,
  dossierMessages,
  assistedFilingMessages,
  identityMessages,
  accountsMessages,
  accountsPagesMessages,
  importMessages,
  inspectionsMessages,
  marketMessages,
  buyerMessages,
  shopMessages,
  outletsMessages,
  portalMessages,
  registryMessages,
  reportsMessages,
  tradeFiguresMessages,
  traceFiguresMessages,
  stampsMessages,
  supportMessages,
  targetsMessages,
  trainingMessages,
  verifyMessages,
  noticesMessages,
  tradeMessages,
  eventsMessages,
  eventAgreementsMessages,
  tradePagesMessages,
  tradeAdminPagesMessages,
  promoMessages,
  traceMessages,
  traceLabelMessages,
  traceAdminMessages,
  epcisMessages,
  tracePublicMessages,
  shareMessages,
  common,
);
