/**
 * Authoring a draft sheet in the browser (national administrators): every node of the tree in
 * sheet order with its wording, points, condition and knock-out text editable in one form. The
 * structure (adding or removing criteria and options) is edited in the XLSX template and
 * re-imported (decision 006); this screen is for checking and correcting a transcription line by
 * line against the official annex. Saving replaces the draft; the integrity check runs on every
 * save and its findings are shown, but only Publish enforces them.
 */
import { z } from 'zod';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { formErrors } from '../../web/forms';
import { fieldMessage, fieldMessages } from '../../web/field-errors';
import type { Locale } from '../../core/i18n';
import { problem, type FieldErrors, type FieldMessages } from '../../errors';
import { getSheetRevision, integrityFindings, updateDraft } from './criteria.service';
import type { NodeDto, SheetDto, SheetInput } from './criteria.schema';
import { SheetEditPage } from './sheet-edit.view';

const AUTHORS = ['national_admin'] as const;
const Params = z.object({ id: z.uuid() });
const Query = z.object({ saved: z.string().max(1).optional() });
/** Field names: `<what>:<node code>`; codes are [A-Za-z0-9._-], so ':' separates safely. */
const Body = z.record(z.string().max(80), z.union([z.string().max(5000), z.array(z.string().max(5000))]));

/** Apply the submitted fields to the tree; returns the new tree and field errors (bad numbers). */
export function applyEdits(sheet: SheetDto, fields: Record<string, string>): { input: SheetInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const text = (key: string, current: string) => (key in fields ? fields[key]!.trim() : current);
  const orNull = (key: string, current: string | null) => (key in fields ? (fields[key]!.trim() || null) : current);
  const points = (key: string, current: number) => {
    if (!(key in fields)) return current;
    const n = Number(fields[key]!.replace(',', '.'));
    if (fields[key]!.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) { errors[key] = problem('criteria.points_range'); return current; }
    return n;
  };
  const node = (n: NodeDto): NonNullable<SheetInput['parts'][number]['children']>[number] => ({
    code: n.code, kind: n.kind, title: text(`title:${n.code}`, n.title), note: orNull(`note:${n.code}`, n.note),
    selection: n.selection, condition: orNull(`condition:${n.code}`, n.condition), chooseOneCase: n.chooseOneCase,
    knockOut: n.knockOut ? { effect: n.knockOut.effect, text: text(`knockOut:${n.code}`, n.knockOut.text) } : null,
    bonus: n.bonus,
    options: n.options.map((o) => ({ code: o.code, text: text(`text:${o.code}`, o.text), points: points(`points:${o.code}`, o.points) })),
    children: n.children.map(node),
  });
  return {
    input: { parts: sheet.parts.map((p) => ({ code: p.code, title: text(`title:${p.code}`, p.title), maxPoints: p.maxPoints, children: p.children.map(node) })) },
    errors,
  };
}

/** A sheet's integrity findings in the reader's language, per node code. */
export function integrityMessages(locale: Locale, sheet: SheetDto): FieldMessages {
  return Object.fromEntries(Object.entries(integrityFindings(sheet)).map(([code, problems]) => [code, problems.map((p) => fieldMessage(p, locale)).join('; ')]));
}

export function registerSheetEditPages(app: App) {
  app.get('/admin/criteria/sheets/:id/edit', { config: { access: AUTHORS }, schema: { hide: true, params: Params, querystring: Query } }, async (req, reply) => {
    const sheet = await getSheetRevision(req.ctx, req.params.id);
    if (sheet.status !== 'draft') return redirect(reply, `/admin/criteria/sheets/${sheet.id}`);
    return sendPage(reply, <SheetEditPage view={viewOf(req)} sheet={sheet} problems={integrityMessages(req.ctx.locale, sheet)} saved={req.query.saved === '1'} />);
  });

  app.post('/admin/criteria/sheets/:id/edit', { config: { access: AUTHORS }, schema: { hide: true, params: Params, body: Body } }, async (req, reply) => {
    const sheet = await getSheetRevision(req.ctx, req.params.id);
    const fields = Object.fromEntries(Object.entries(req.body).map(([k, v]) => [k, Array.isArray(v) ? v.join('') : v]));
    const { input, errors } = applyEdits(sheet, fields);
    const page = (messages: FieldMessages) => <SheetEditPage view={viewOf(req)} sheet={sheet} problems={integrityMessages(req.ctx.locale, sheet)} errors={messages} />;
    if (Object.keys(errors).length) return sendPage(reply, page(fieldMessages(errors, req.ctx.locale)), 400);
    try {
      await updateDraft(req.ctx, sheet.id, input, { provenance: (fields.provenance ?? '').trim() || null });
    } catch (e) {
      // A refused save (published meanwhile, a conflict) is told over the whole form.
      const failure = formErrors(e, req.ctx.locale, ['validation_failed', 'conflict', 'sheet_immutable', 'forbidden']);
      return sendPage(reply, page(Object.keys(failure.fields).length ? failure.fields : { form: failure.message }), failure.status);
    }
    return redirect(reply, `/admin/criteria/sheets/${sheet.id}/edit?saved=1`);
  });
}
