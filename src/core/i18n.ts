/**
 * The message mechanism. Each module keeps its own messages (`<module>.i18n.ts`: `{ vi, en }` with
 * the same keys) and declares their keys into `MessageCatalog` (module augmentation), so `t` is
 * checked at compile time while this file imports no module. The composition root
 * (src/modules/messages.ts) registers every bundle once at start. Vietnamese is the source
 * language; English must have every key.
 */
export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export interface Bundle { vi: Record<string, string>; en: Record<string, string> }

/** The keys of a bundle, for `interface MessageCatalog extends CatalogOf<typeof xMessages> {}`. */
export type CatalogOf<B extends { vi: object }> = Record<keyof B['vi'] & string, string>;

/** Every message key of every registered bundle (augmented by each `.i18n.ts`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MessageCatalog {}
export type MessageKey = keyof MessageCatalog & string;

/** Field-error codes are the keys `field.<code>`; a code without a message does not compile. */
export type FieldCode = { [K in MessageKey]: K extends `field.${infer C}` ? C : never }[MessageKey];

export type Params = Record<string, string | number>;

const dictionaries: Record<Locale, Record<string, string>> = { vi: {}, en: {} };

export function registerMessages(...bundles: readonly Bundle[]): void {
  for (const b of bundles) {
    Object.assign(dictionaries.vi, b.vi);
    Object.assign(dictionaries.en, b.en);
  }
}

function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Translate a key; `{name}` placeholders are filled from params. Unknown keys show themselves. */
export function t(locale: Locale, key: MessageKey, params?: Params): string {
  return fill(dictionaries[locale][key] ?? dictionaries.vi[key] ?? key, params);
}

/** Look up a key that is only known at run time (error codes); falls back to `fallback`. */
export function tDynamic(locale: Locale, key: string, fallback: string, params?: Params): string {
  const template = dictionaries[locale][key] ?? dictionaries.vi[key];
  return template === undefined ? fallback : fill(template, params);
}

/** Is there a message for this key in that locale (tests and fallbacks)? */
export function hasMessage(locale: Locale, key: string): boolean {
  return key in dictionaries[locale];
}

export function isLocale(v: unknown): v is Locale {
  return v === 'vi' || v === 'en';
}

export type Translator = (key: MessageKey, params?: Params) => string;
export const translator = (locale: Locale): Translator => (key, params) => t(locale, key, params);
