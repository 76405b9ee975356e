/**
 * /admin/inspections/proposals: the board of revocation proposals (the view is proposals.pages.tsx).
 * The certificate's authority revokes the certificate from here (the certification module's
 * revocation, the proposal closed in the same transaction) or on the certificate's own page, or
 * dismisses the proposal with a note.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { str, type FormBody } from '../../web/forms';
import { INSPECTION_MANAGERS } from './inspections.policy';
import { dismissProposal, listProposals, revokeFromProposal } from './proposals.service';
import { inspectionFailure } from './inspections.forms';
import { BOARD, PROPOSAL_STATES as STATES, ProposalBoardPage, type Failed } from './proposals.pages';

export function registerProposalPages(app: App) {
  const board = async (req: FastifyRequest, status: (typeof STATES)[number], page: number, done?: string, failed?: Failed) =>
    <ProposalBoardPage view={viewOf(req)} status={status} done={done} failed={failed} list={await listProposals(req.ctx, { status, page, pageSize: 20 })} />;

  app.get(BOARD, {
    config: { access: INSPECTION_MANAGERS },
    schema: {
      hide: true,
      querystring: z.object({
        status: z.enum(STATES).default('open').catch('open'), page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1), done: z.string().max(20).optional(),
      }),
    },
  }, async (req, reply) => sendPage(reply, await board(req, req.query.status, req.query.page, req.query.done)));

  const act = (path: string, run: (req: FastifyRequest, id: string, body: FormBody) => Promise<unknown>, done: string) => {
    app.post(path, { config: { access: INSPECTION_MANAGERS }, schema: { hide: true, params: z.object({ id: z.string().max(64) }) } }, async (req, reply) => {
      const body = req.body as FormBody;
      const { id } = req.params;
      try {
        await run(req, id, body);
        return redirect(reply, `${BOARD}?status=${done}&done=${done}`);
      } catch (e) {
        const { fields, message, status } = inspectionFailure(viewOf(req), e);
        const values = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k.replace(`-${id}`, ''), v])) as Record<string, string>;
        return sendPage(reply, await board(req, 'all', 1, undefined, { id, errors: fields, summary: message, values }), status);
      }
    });
  };
  act(`${BOARD}/:id/revoke`, (req, id, body) => revokeFromProposal(req.ctx, id, { reason: str(body, `reason-${id}`) ?? '', legalBasis: str(body, `legalBasis-${id}`) ?? '' }), 'revoked');
  act(`${BOARD}/:id/dismiss`, (req, id, body) => dismissProposal(req.ctx, id, { note: str(body, `note-${id}`) ?? '' }), 'dismissed');
}
