/**
 * Reading the shop's back-office forms (urlencoded, every value a string) into the API's inputs,
 * and the problems found — by the API's schema or by the service — as translated messages on the
 * form's own field names. Expected refusals come back as `Refusal`s the page shows; anything else
 * is rethrown (a bug is a 500, never a page that hides it).
 */
import { z } from 'zod';
import type { Locale } from '../../core/i18n';
import { AppError, zodFieldErrors, type FieldErrors } from '../../errors';
import { fieldMessages } from '../../web/field-errors';

/** A form's body: names to strings (a description or a policy is the longest, 3,000 characters). */
export const FormBody = z.record(z.string(), z.string().max(3_000));

/** Whole đồng typed with or without thousands separators ("25.000", "25 000"); NaN otherwise. */
export const money = (s: string | undefined): number => {
  const digits = (s ?? '').trim().replace(/[.\s]/g, '');
  return /^\d{1,13}$/.test(digits) ? Number(digits) : Number.NaN;
};

/** A whole number typed as digits; NaN otherwise. */
export const whole = (s: string | undefined): number => (/^\s*\d{1,9}\s*$/.test(s ?? '') ? Number(s) : Number.NaN);

/** A text box's value: trimmed, or null when empty. */
export const optional = (s: string | undefined): string | null => s?.trim() || null;

/** Field problems (or their messages) under the form's names instead of the API's paths (`pickup.communeCode` → `communeCode`). */
export const renamed = <T>(fields: Record<string, T>, rename: (path: string) => string): Record<string, T> =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [rename(k), v]));

/** Field problems as messages, under the form's names. */
export const formMessages = (fields: FieldErrors, locale: Locale, rename: (path: string) => string = (p) => p): Record<string, string> =>
  renamed(fieldMessages(fields, locale), rename);

/** What the page shows of a refused save: field messages, or one message for the whole form. */
export interface Refusal { status: number; errors: Record<string, string>; code: string }

/** Parses `candidate` with `schema`: the input, or its problems as field errors. */
export function parseForm<S extends z.ZodType>(schema: S, candidate: unknown, known: FieldErrors = {}): { input: z.infer<S> | null; fields: FieldErrors } {
  const parsed = schema.safeParse(candidate);
  const fields: FieldErrors = { ...(parsed.success ? {} : zodFieldErrors(parsed.error.issues)), ...known };
  return { input: parsed.success && !Object.keys(known).length ? parsed.data : null, fields };
}

/**
 * Runs a save; a refusal the caller can act on (invalid fields, a change made meanwhile, a state
 * that does not allow it) comes back as a Refusal, anything else is thrown on.
 */
export async function attempt<T>(save: () => Promise<T>, locale: Locale, rename?: (path: string) => string): Promise<{ ok: T } | { refused: Refusal }> {
  try {
    return { ok: await save() };
  } catch (e) {
    if (!(e instanceof AppError) || e.code === 'not_found' || e.status >= 500 || e.status === 401 || e.status === 403) throw e;
    return { refused: { status: e.status, code: e.code, errors: e.fields ? formMessages(e.fields, locale, rename) : {} } };
  }
}
