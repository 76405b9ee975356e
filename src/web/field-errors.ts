import type { FieldErrors, FieldMessages, FieldProblem } from '../errors';
import { tDynamic, type Locale } from '../core/i18n';

/**
 * Field problems are codes with parameters (src/errors.ts); each module translates its codes as
 * `field.<code>` in its `.i18n.ts`, and the generic ones (required, too long…) are common.
 */
export function fieldMessage(p: FieldProblem, locale: Locale): string {
  return tDynamic(locale, `field.${p.code}`, tDynamic(locale, 'field.invalid', p.code), p.params);
}

export function fieldMessages(fields: FieldErrors, locale: Locale): FieldMessages {
  return Object.fromEntries(Object.entries(fields).map(([k, p]) => [k, fieldMessage(p, locale)]));
}

/** The API's `fields`: English text (zod's own where it wrote one) per field. */
export function apiFieldMessages(fields: FieldErrors): FieldMessages {
  return Object.fromEntries(Object.entries(fields).map(([k, p]) => [
    k, p.message ?? fieldMessage(p, 'en'),
  ]));
}

/** The API's `fieldCodes`: the stable code per field. */
export function apiFieldCodes(fields: FieldErrors): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, p]) => [k, p.code]));
}
