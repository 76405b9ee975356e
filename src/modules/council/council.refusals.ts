/**
 * Why a round or sheet action was refused, told on the page in the user's words with what to do
 * next: the service's error carries a reason (details.reason, or the error code), each reason has
 * a `refusal.<reason>` message. Errors without one keep the generic message of their code.
 */
import { AppError } from '../../errors';
import { hasMessage, tDynamic, type Locale } from '../../core/i18n';
import { formErrors, type FormFailure } from '../../web/forms';
import { COUNCIL_FORM_CODES } from './council.forms';

interface RefusalDetails {
  reason?: string;
  status?: string;
  missing?: string[];
  dossiers?: { number?: string }[];
}

/** The message of a refused council action (null: no specific one). */
export function refusalMessage(e: AppError, locale: Locale): string | null {
  const d = (e.details ?? {}) as RefusalDetails;
  const reason = d.reason ?? e.code;
  const key = `refusal.${reason}`;
  if (!hasMessage(locale, key)) return null;
  const params: Record<string, string> = {};
  if (d.status) params.status = tDynamic(locale, `round.status.${d.status}`, d.status);
  if (d.missing) params.missing = d.missing.map((m) => tDynamic(locale, `refusal.missing.${m}`, m)).join(' ');
  if (d.dossiers) params.dossiers = d.dossiers.map((x) => x.number ?? '').filter(Boolean).join(', ');
  return tDynamic(locale, key, e.message, params);
}

/** `formErrors` for the council pages, with the specific reason as the message. */
export function councilFailure(e: unknown, locale: Locale): FormFailure {
  const f = formErrors(e, locale, COUNCIL_FORM_CODES);
  const specific = e instanceof AppError ? refusalMessage(e, locale) : null;
  return specific ? { ...f, message: specific } : f;
}
