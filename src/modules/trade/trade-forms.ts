/**
 * How the trade connection pages read their forms and say what happened: numbers and dates as
 * people type them, refusals always told in words, and the flash message after a redirect.
 */
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { t } from '../../core/i18n';
import { parseDateInput } from '../../domain/dates';
import { validation, zodFieldErrors } from '../../errors';
import { formErrors, type FormFailure } from '../../web/forms';

/** Refusals a page says in words (the rest are the error page's: not found, …). */
export const PAGE_REFUSALS = ['validation_failed', 'duplicate', 'conflict', 'forbidden', 'invalid_transition', 'buyer_not_verified', 'deadline_passed', 'no_certified_product'] as const as readonly string[];

/** A whole number as people type it ("1.500", "2 000"); anything else is left for the service to refuse. */
export function wholeNumber(s: string): string | undefined {
  const v = s.trim().replace(/\s+/g, '');
  if (v === '') return undefined;
  return /^\d{1,3}(\.\d{3})+$/.test(v) ? v.replace(/\./g, '') : v.replace(',', '.');
}

/** A date typed (dd/mm/yyyy) or picked (yyyy-mm-dd); '' stays empty. */
export const dateField = (s: string): string => (s.trim() === '' ? '' : parseDateInput(s.trim()) ?? s.trim());

/** A form read with the API's body schema (the same limits as the API): its data, or a 400 naming each field. */
export function bodyOf<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  return parsed.data;
}

/** What a refusal says, always something visible (the whole-form message when no field is named). */
export function pageFailure(req: FastifyRequest, e: unknown): FormFailure {
  const f = formErrors(e, req.ctx.locale, PAGE_REFUSALS);
  return Object.keys(f.fields).length ? f : { ...f, fields: { form: f.message } };
}

const DONE = {
  posted: 'tradeUi.done.posted', accepted: 'tradeUi.done.accepted', declined: 'tradeUi.done.declined', sent: 'tradeUi.done.sent',
  closed: 'tradeUi.done.closed', cancelled: 'tradeUi.done.cancelled', offered: 'tradeUi.done.offered', attached: 'tradeUi.done.attached',
  withdrawn: 'tradeUi.done.withdrawn', sign: 'tradeUi.done.sign', start_delivery: 'tradeUi.done.start_delivery', complete: 'tradeUi.done.complete',
  cancel: 'tradeUi.done.cancel', verify: 'tradeUi.done.verify', reject: 'tradeUi.done.reject',
} as const;

/** The flash message of `?done=<key>` after a redirect (unknown keys: none). */
export const doneText = (req: FastifyRequest, key: string | undefined): string | undefined =>
  (key && Object.hasOwn(DONE, key) ? t(req.ctx.locale, DONE[key as keyof typeof DONE]) : undefined);
