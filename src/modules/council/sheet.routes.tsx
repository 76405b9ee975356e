/**
 * The member's tablet scoring form over HTTP: the page, save / submit from the posted form, and
 * the JSON autosave the form's script sends. The view is sheet.view.tsx.
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { str, type FormBody } from '../../web/forms';
import { answersFromForm } from '../../web/components/sheet-form';
import type { FieldMessages } from '../../errors';
import { getMySheet, getMySheetForm, saveDraft, submitSheet } from './sheet.service';
import { councilFailure } from './council.refusals';
import { ScorePage } from './sheet.view';

const DossierId = z.object({ id: z.string().max(64), dossierId: z.string().max(64) });
const Flash = z.object({ done: z.string().max(40).optional(), confirm: z.literal('1').optional() });

async function scorePage(req: FastifyRequest, reply: FastifyReply, id: string, dossierId: string,
  flash: { done?: string | undefined; confirm?: boolean; error?: { message: string; fields: FieldMessages }; status?: number } = {}) {
  const { dto, sheet, starBands, minCertifiableStars } = await getMySheetForm(req.ctx, id, dossierId);
  return sendPage(reply, (
    <ScorePage view={viewOf(req)} id={id} dossierId={dossierId} dto={dto} sheet={sheet} starBands={starBands}
      minCertifiableStars={minCertifiableStars} flash={{ done: flash.done, error: flash.error, confirm: Boolean(flash.confirm) }} />
  ), flash.status ?? 200);
}

export function registerSheetPages(app: App) {
  app.get('/admin/rounds/:id/dossiers/:dossierId/score', { config: { access: 'user' }, schema: { hide: true, params: DossierId, querystring: Flash } }, async (req, reply) =>
    scorePage(req, reply, req.params.id, req.params.dossierId, { done: req.query.done, confirm: req.query.confirm === '1' }));

  app.post('/admin/rounds/:id/dossiers/:dossierId/score', { config: { access: 'user' }, schema: { hide: true, params: DossierId } }, async (req, reply) => {
    const b = req.body as FormBody;
    const { options, knockOuts } = answersFromForm(b);
    const rowVersion = Number(str(b, 'rowVersion') ?? 0);
    const { id, dossierId } = req.params;
    try {
      if (str(b, 'then') === 'submit' && str(b, 'confirm') === '1') {
        // From the confirmation step (no JavaScript): the draft saved just before; from the dialog: the answers posted.
        await submitSheet(req.ctx, id, dossierId, { ...(str(b, 'useDraft') === '1' ? {} : { answers: { options, knockOuts } }), rowVersion });
        return redirect(reply, `/admin/rounds/${id}/dossiers/${dossierId}/score?done=submitted`);
      }
      if (str(b, 'then') === 'submit') {
        // Not confirmed yet: keep the answers as the draft and ask on the confirmation step.
        await saveDraft(req.ctx, id, dossierId, { answers: { options, knockOuts }, rowVersion });
        return redirect(reply, `/admin/rounds/${id}/dossiers/${dossierId}/score?confirm=1`);
      }
      await saveDraft(req.ctx, id, dossierId, { answers: { options, knockOuts }, rowVersion });
      return redirect(reply, `/admin/rounds/${id}/dossiers/${dossierId}/score?done=saved`);
    } catch (e) {
      const f = councilFailure(e, viewOf(req).locale);
      return scorePage(req, reply, id, dossierId, { error: f, status: f.status });
    }
  });

  /**
   * Autosave from the tablet form (JSON {options, knockOuts, rowVersion?}, CSRF header). With the
   * row version the form's answers were based on, an older draft (kept in the browser while
   * offline) never overwrites a newer one: 409 conflict. Without it (older clients) this saves
   * over the member's own latest draft.
   */
  app.put('/admin/rounds/:id/dossiers/:dossierId/score/autosave', {
    config: { access: 'user' },
    schema: { hide: true, params: DossierId, body: z.object({ options: z.array(z.string().max(80)).max(2000), knockOuts: z.array(z.string().max(80)).max(500).default([]),
      rowVersion: z.number().int().min(0).optional() }) },
  }, async (req) => {
    const { id, dossierId } = req.params;
    const { rowVersion, ...answers } = req.body;
    const base = rowVersion ?? (await getMySheet(req.ctx, id, dossierId)).rowVersion;
    const saved = await saveDraft(req.ctx, id, dossierId, { answers, rowVersion: base });
    return { rowVersion: saved.rowVersion, status: saved.status, total: saved.score?.total ?? null };
  });
}
