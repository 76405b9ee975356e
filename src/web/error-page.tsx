import type { FastifyReply, FastifyRequest } from 'fastify';
import { Layout } from './components/layout';
import { sendPage } from './render';
import { viewOf } from './view';
import { tDynamic } from '../core/i18n';
import type { ErrorCode, FieldErrors } from '../errors';
import { fieldMessages } from './field-errors';

export function renderErrorPage(req: FastifyRequest, reply: FastifyReply, status: number, code: ErrorCode, fields?: FieldErrors) {
  const view = viewOf(req);
  const message = tDynamic(view.locale, `errors.${code}`, code).replace('{requestId}', String(req.id));
  return sendPage(reply, (
    <Layout view={view} title={view.t('errors.title')}>
      <section class="error-page" role="alert">
        <p class="error-status">{status}</p>
        <h1>{view.t('errors.title')}</h1>
        <p>{message}</p>
        {fields && (
          <ul>{Object.entries(fieldMessages(fields, view.locale)).map(([k, v]) => <li><code>{k}</code>: {v}</li>)}</ul>
        )}
        <p><a href={view.actor ? '/admin' : '/'}>{view.t('nav.home')}</a></p>
      </section>
    </Layout>
  ), status);
}
