import { AppError, type FieldErrors } from '../errors';
import { tDynamic, type Locale } from './i18n';
import { localizeFieldErrors } from './field-errors';

export type FormBody = Record<string, unknown>;

/** A trimmed string field; empty → undefined. */
export function str(body: FormBody, key: string): string | undefined {
  const v = body[key];
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  return s === '' ? undefined : s;
}

/** A row version posted by a form (a hidden field of digits); anything else is left out. */
export function formVersion(value: string | undefined): number | undefined {
  return value && /^\d+$/.test(value) ? Number(value) : undefined;
}

export const bool = (body: FormBody, key: string) => body[key] === 'on' || body[key] === 'true';

/**
 * For HTML forms: the field errors and summary message of an expected failure, or rethrow.
 * Only validation, duplicate, conflict and forbidden outcomes re-render the form.
 */
export function formErrors(e: unknown, locale: Locale): { fields: FieldErrors; message: string; status: number } {
  if (e instanceof AppError && ['validation_failed', 'duplicate', 'conflict', 'forbidden'].includes(e.code)) {
    return {
      fields: localizeFieldErrors(e.fields ?? { form: e.message }, locale),
      message: tDynamic(locale, `errors.${e.code}`, e.message),
      status: e.status,
    };
  }
  throw e;
}
