import { AppError, type FieldMessages } from '../errors';
import { tDynamic, type Locale } from '../core/i18n';
import { fieldMessages } from './field-errors';

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
 * For HTML forms: the field errors (translated codes) and summary message of an expected failure,
 * or rethrow. Only validation, duplicate, conflict and forbidden outcomes re-render the form; the
 * other codes are the error page's. The one place forms turn an AppError into text.
 */
export function formErrors(e: unknown, locale: Locale, reRender: readonly string[] = FORM_CODES): FormFailure {
  if (e instanceof AppError && reRender.includes(e.code)) {
    return {
      fields: e.fields ? fieldMessages(e.fields, locale) : {},
      message: tDynamic(locale, `errors.${e.code}`, tDynamic(locale, 'errors.bad_request', e.code)),
      status: e.status,
    };
  }
  throw e;
}

export interface FormFailure { fields: FieldMessages; message: string; status: number }

/** A failure told as one message over the whole form (a state conflict, a stale version). */
export function wholeFormFailure(e: unknown, message: string): FormFailure {
  return { fields: { form: message }, message, status: e instanceof AppError ? e.status : 500 };
}
export const FORM_CODES = ['validation_failed', 'duplicate', 'conflict', 'forbidden'] as const as readonly string[];
