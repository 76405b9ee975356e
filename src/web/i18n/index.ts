import { common } from './common.i18n';
import { identityMessages } from '../../modules/identity/identity.i18n';
import { registryMessages } from '../../modules/registry/registry.i18n';
import { importMessages } from '../../modules/imports/imports.i18n';
import { criteriaMessages } from '../../modules/criteria/criteria.i18n';
import { cycleMessages } from '../../modules/cycle/cycle.i18n';
import { dossierMessages } from '../../modules/dossier/dossier.i18n';
import { councilMessages } from '../../modules/council/council.i18n';
import { certificationMessages } from '../../modules/certification/certification.i18n';
import { stampsMessages } from '../../modules/stamps/stamps.i18n';
import { portalMessages } from '../../modules/portal/portal.i18n';
import { verifyMessages } from '../../modules/verify/verify.i18n';
import { reportsMessages } from '../../modules/reports/reports.i18n';
import { targetsMessages } from '../../modules/targets/targets.i18n';
import { outletsMessages } from '../../modules/outlets/outlets.i18n';
import { trainingMessages } from '../../modules/training/training.i18n';
import { inspectionsMessages } from '../../modules/inspections/inspections.i18n';
import { supportMessages } from '../../modules/support/support.i18n';
import { dashboardMessages } from '../../modules/dashboard/dashboard.i18n';

export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * Each module keeps its own messages (`<module>.i18n.ts`: `{ vi: {...}, en: {...} }` with the
 * same keys); they are merged here. Vietnamese is the source language; English must have every key.
 */
const bundles = [common, identityMessages, registryMessages, importMessages, criteriaMessages, cycleMessages,
  dossierMessages, councilMessages, certificationMessages, stampsMessages, portalMessages, verifyMessages,
  reportsMessages, targetsMessages, outletsMessages, trainingMessages, inspectionsMessages, supportMessages, dashboardMessages];

type Bundle = (typeof bundles)[number];
type Keys<B> = B extends { vi: infer V } ? keyof V : never;
export type MessageKey = Keys<Bundle> & string;

const dictionaries: Record<Locale, Record<string, string>> = {
  vi: Object.assign({}, ...bundles.map((b) => b.vi)),
  en: Object.assign({}, ...bundles.map((b) => b.en)),
};

/** Translate a key; `{name}` placeholders are filled from params. Unknown keys show themselves. */
export function t(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const template = dictionaries[locale][key] ?? dictionaries.vi[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Look up a key that is only known at run time (error codes); falls back to `fallback`. */
export function tDynamic(locale: Locale, key: string, fallback: string): string {
  return dictionaries[locale][key] ?? dictionaries.vi[key] ?? fallback;
}

export function isLocale(v: unknown): v is Locale {
  return v === 'vi' || v === 'en';
}

export type Translator = (key: MessageKey, params?: Record<string, string | number>) => string;
export const translator = (locale: Locale): Translator => (key, params) => t(locale, key, params);
