import type { FastifyReply, FastifyRequest } from 'fastify';
import { Layout } from './components/layout';
import { sendPage } from './render';
import { viewOf, type View } from './view';
import { isLocale, tDynamic, translator } from '../core/i18n';
import type { ErrorCode, FieldErrors } from '../errors';
import type { DbTrouble } from '../db/availability';
import { fieldMessages } from './field-errors';

/** The page's title: what happened, by HTTP status ("Không tìm thấy trang" for 404, …). */
export function errorTitle(view: View, status: number): string {
  return tDynamic(view.locale, `errors.page.${status}`, view.t(status >= 500 ? 'errors.page.500' : 'errors.title'));
}

/** Where to go from a page that does not exist: search, the catalogue, certificate check, home. */
function NotFoundHelp({ view, home }: { view: View; home: string }) {
  const { t } = view;
  return (
    <>
      <p>{t('errors.page.notFoundText')}</p>
      <form class="portal-search" method="get" action="/san-pham" role="search">
        <label class="field-label" for="error-q">{t('errors.page.searchLabel')}</label>
        <div class="portal-search-row">
          <input id="error-q" class="input input--search" type="search" name="q" maxLength={200} autocomplete="off" enterKeyHint="search" />
          <button type="submit" class="btn btn-primary">{t('errors.page.searchSubmit')}</button>
        </div>
      </form>
      <p>{t('errors.page.whatNext')}</p>
      <ul class="error-links">
        <li><a href={home}>{t('errors.page.home')}</a></li>
        <li><a href="/san-pham">{t('errors.page.products')}</a></li>
        <li><a href="/v">{t('errors.page.verify')}</a></li>
      </ul>
    </>
  );
}

/**
 * The database away or busy (decisions/043): what happened, that it mends itself within seconds,
 * reloading this address, and what still works meanwhile (verification of codes seen recently,
 * the public pages held in memory).
 */
function UnavailableHelp({ view, home, trouble, again }: { view: View; home: string; trouble: DbTrouble; again: string | null }) {
  const { t } = view;
  return (
    <>
      <p>{t(trouble === 'busy' ? 'errors.page.503.busy' : 'errors.page.503.database')}</p>
      <p>{t('errors.page.503.meanwhile')}</p>
      <ul class="error-links">
        {again ? <li><a href={again}>{t('errors.page.503.again')}</a></li> : null}
        <li><a href="/v">{t('errors.page.verify')}</a></li>
        <li><a href={home}>{t('errors.page.home')}</a></li>
      </ul>
    </>
  );
}

/**
 * The view of a request refused before it was identified (the door of decisions/043 turns a
 * request away before authentication): nobody signed in, the language from its cookie.
 */
function anonymousView(req: FastifyRequest): View {
  const asked = (req.cookies as Record<string, string | undefined> | undefined)?.lang; // identity/auth.plugin.ts LANG_COOKIE
  const locale = isLocale(asked) ? asked : 'vi';
  return { locale, t: translator(locale), actor: null, csrfToken: null, url: req.url };
}

export function renderErrorPage(req: FastifyRequest, reply: FastifyReply, status: number, code: ErrorCode, fields?: FieldErrors, trouble?: DbTrouble) {
  const view = req.ctx ? viewOf(req) : anonymousView(req);
  if (trouble) {
    const title = errorTitle(view, status);
    // The same address again (GET only; one leading slash, so it cannot name another site).
    const again = req.method === 'GET' ? req.url.replace(/^[/\\]+/, '/') : null;
    return sendPage(reply, (
      <Layout view={view} title={title}>
        <section class="error-page" role="alert">
          <p class="error-status">{status}</p>
          <h1>{title}</h1>
          <UnavailableHelp view={view} home={view.actor ? '/admin' : '/'} trouble={trouble} again={again} />
        </section>
      </Layout>
    ), status);
  }
  const message = tDynamic(view.locale, `errors.${code}`, code).replace('{requestId}', String(req.id));
  const title = errorTitle(view, status);
  const home = view.actor ? '/admin' : '/';
  return sendPage(reply, (
    <Layout view={view} title={title}>
      <section class="error-page" role="alert">
        <p class="error-status">{status}</p>
        <h1>{title}</h1>
        {status === 404 ? <NotFoundHelp view={view} home={home} /> : (
          <>
            <p>{message}</p>
            {fields && (
              <ul>{Object.entries(fieldMessages(fields, view.locale)).map(([k, v]) => <li><code>{k}</code>: {v}</li>)}</ul>
            )}
            {status === 429 || status === 503 ? <p>{view.t('errors.page.retry')}</p> : null}
            <ul class="error-links">
              <li><a href={home}>{view.t('errors.page.home')}</a></li>
              {status === 403 && !view.actor ? <li><a href="/login">{view.t('errors.page.login')}</a></li> : null}
            </ul>
          </>
        )}
      </section>
    </Layout>
  ), status);
}
