/**
 * "Theo dõi phản ánh" (`/v/theo-doi`): a reporter follows a suspected-fake report by its
 * reference (BC-2026-000123) and the contact they left. The lookup is a POST (the contact stays
 * out of addresses and logs), rate-limited per IP, and answers the same "not found" for a wrong
 * reference and a wrong contact. Only status and dates are shown; officers' notes stay theirs.
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf, type View } from '../../web/view';
import { preSessionCsrf } from '../identity/auth.plugin';
import { Layout } from '../../web/components/layout';
import { DescriptionList, Notice } from '../../web/components/page';
import { StatusBadge, type Tone } from '../../web/components/badges';
import { CsrfField, ErrorSummary, TextField } from '../../web/components/form';
import { formatDateTimeVi } from '../../domain/dates';
import { reportProgress, type ReportProgress } from './reports.service';
import { Alert } from './verify.pages';

const TONE: Record<ReportProgress['status'], Tone> = { new: 'warning', reviewing: 'info', closed: 'success' };
const followRate = { rateLimit: { max: 20, timeWindow: '10 minutes' } };

interface FollowState { reference?: string; contact?: string; errors?: Record<string, string>; notFound?: boolean; found?: ReportProgress }

function FollowPage({ view, token, state }: { view: View; token: string; state: FollowState }) {
  const { t } = view;
  const e = state.errors ?? {};
  const f = state.found;
  return (
    <Layout view={view} title={t('follow.title')} variant="public">
      <div class="verify-page">
        <h1 class="verify-title">{t('follow.title')}</h1>
        <p class="verify-lead">{t('follow.lead')}</p>
        {state.notFound && <Alert><p>{t('follow.notFound')}</p></Alert>}
        {f && (
          <section class="card verify-follow-result" aria-label={t('follow.status')}>
            <div class="card-body">
              <DescriptionList items={[
                { term: t('follow.reference'), detail: <strong>{f.reference}</strong> },
                { term: t('follow.status'), detail: <><StatusBadge tone={TONE[f.status]}>{t(`reports.status.${f.status}`)}</StatusBadge> {t(`follow.status.${f.status}`)}</> },
                { term: t('follow.received'), detail: formatDateTimeVi(new Date(f.receivedAt)) },
                ...(f.updatedAt ? [{ term: t('follow.updated'), detail: formatDateTimeVi(new Date(f.updatedAt)) }] : []),
                { term: t('follow.handledBy'), detail: f.provinceName ?? t('follow.national') },
              ]} />
            </div>
          </section>
        )}
        <ErrorSummary errors={e} labels={{ reference: t('follow.reference'), contact: t('follow.contact') }} title={t('follow.title')} />
        <form method="post" action="/v/theo-doi" class="verify-follow-form" novalidate>
          <CsrfField token={token} />
          <TextField name="reference" label={t('follow.reference')} value={state.reference} error={e.reference} required maxLength={40}
            autocomplete="off" spellcheck={false} />
          <TextField name="contact" label={t('follow.contact')} value={state.contact} error={e.contact} required maxLength={200} spellcheck={false} />
          <button type="submit" class="btn btn-primary">{t('follow.submit')}</button>
        </form>
        <Notice tone="info">{t('follow.noContactNote')}</Notice>
      </div>
    </Layout>
  );
}

export function registerFollowRoutes(app: App, deps: Deps) {
  const show = (req: FastifyRequest, reply: FastifyReply, state: FollowState, status = 200) => {
    const view = viewOf(req);
    const token = view.csrfToken ?? preSessionCsrf(req, reply, deps);
    reply.header('cache-control', 'private, no-store').header('x-robots-tag', 'noindex');
    return sendPage(reply, <FollowPage view={view} token={token} state={state} />, status);
  };

  app.get('/v/theo-doi', { config: { access: 'public' }, schema: { hide: true, querystring: z.object({ ref: z.string().max(40).optional() }) } },
    (req, reply) => show(req, reply, { reference: req.query.ref }));

  app.post('/v/theo-doi', {
    config: { access: 'public', ...followRate },
    schema: { hide: true, body: z.object({ reference: z.string().max(200).optional(), contact: z.string().max(400).optional(), _csrf: z.string().optional() }) },
  }, async (req, reply) => {
    const { t } = viewOf(req);
    const reference = (req.body.reference ?? '').trim();
    const contact = (req.body.contact ?? '').trim();
    const errors: Record<string, string> = {};
    if (!reference) errors.reference = t('follow.notFound');
    if (!contact) errors.contact = t('field.report.contact_invalid');
    if (Object.keys(errors).length) return show(req, reply, { reference, contact, errors }, 400);
    const found = await reportProgress(req.ctx, reference, contact);
    if (!found) return show(req, reply, { reference, contact, notFound: true }, 404);
    return show(req, reply, { reference: found.reference, contact, found });
  });
}
