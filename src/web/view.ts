import type { FastifyRequest } from 'fastify';
import type { Actor } from '../context';
import { translator, type Locale, type Translator } from '../core/i18n';

/** What every server-rendered page needs to know about the request. */
export interface View {
  locale: Locale;
  t: Translator;
  actor: Actor | null;
  /** Put in every form as `_csrf` (null when not signed in). */
  csrfToken: string | null;
  /** Current path with query, for the language switch and login redirects. */
  url: string;
}

export function viewOf(req: FastifyRequest): View {
  return {
    locale: req.ctx.locale,
    t: translator(req.ctx.locale),
    actor: req.ctx.actor,
    csrfToken: req.csrfToken,
    url: req.url,
  };
}
