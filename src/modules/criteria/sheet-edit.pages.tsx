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
import { viewOf, type View } from '../../web/view';
import { t as translate } from '../../core/i18n';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SubmitRow, TextArea } from '../../web/components/form';
import { Breadcrumbs, Notice, PageHeader } from '../../web/components/page';
import { checkSheet, type Sheet } from '../../domain/scoring-sheet';
import { AppError } from '../../errors';
import { getSheetRevision, updateDraft } from './criteria.service';
import type { NodeDto, SheetDto, SheetInput } from './criteria.schema';
import { integrityProblems } from './criteria.file';

const AUTHORS = ['national_admin'] as const;
const Params = z.object({ id: z.uuid() });
const Query = z.object({ saved: z.string().max(1).optional() });
/** Field names: `<what>:<node code>`; codes are [A-Za-z0-9._-], so ':' separates safely. */
const Body = z.record(z.string().max(80), z.union([z.string().max(5000), z.array(z.string().max(5000))]));

type Row = { depth: number; node: NodeDto | null; part: SheetDto['parts'][number] | null };

function rowsOf(sheet: SheetDto): Row[] {
  const out: Row[] = [];
  const visit = (n: NodeDto, depth: number) => { out.push({ depth, node: n, part: null }); n.children.forEach((c) => visit(c, depth + 1)); };
  for (const p of sheet.parts) { out.push({ depth: 0, node: null, part: p }); p.children.forEach((c) => visit(c, 1)); }
  return out;
}

/** Apply the submitted fields to the tree; returns the new tree and field errors (bad numbers). */
export function applyEdits(sheet: SheetDto, fields: Record<string, string>): { input: SheetInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const text = (key: string, current: string) => (key in fields ? fields[key]!.trim() : current);
  const orNull = (key: string, current: string | null) => (key in fields ? (fields[key]!.trim() || null) : current);
  const points = (key: string, current: number) => {
    if (!(key in fields)) return current;
    const n = Number(fields[key]!.replace(',', '.'));
    if (fields[key]!.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) { errors[key] = 'points 0–100'; return current; }
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

function problemsOf(locale: View['locale'], sheet: SheetDto): Record<string, string> {
  const tree = { parts: sheet.parts } as Sheet;
  const issues = checkSheet(tree, sheet.partMaxima);
  const out: Record<string, string> = {};
  integrityProblems('', tree, sheet.partMaxima, issues).forEach((p, i) => {
    const code = issues[i]!.code;
    const message = translate(locale, p.key, p.params);
    out[code] = out[code] ? `${out[code]}; ${message}` : message;
  });
  return out;
}

interface EditProps { view: View; sheet: SheetDto; saved?: boolean; errors?: Record<string, string> }

export function SheetEditPage({ view, sheet, saved, errors }: EditProps) {
  const { t } = view;
  const title = `${sheet.productSet.code}. ${sheet.productSet.name}`;
  const problems = problemsOf(view.locale, sheet);
  const input = (name: string, value: string, label: string, multiline = false) => (
    <label class="edit-cell">
      <span class="visually-hidden">{label}</span>
      {multiline
        ? <textarea name={name} rows={2} class={errors?.[name] ? 'input input--error' : 'input'} aria-invalid={errors?.[name] ? 'true' : undefined}>{value}</textarea>
        : <input name={name} value={value} class={errors?.[name] ? 'input input--error' : 'input'} aria-invalid={errors?.[name] ? 'true' : undefined} />}
    </label>
  );
  return (
    <Layout view={view} title={t('criteria.edit.title', { set: title })} active="/admin/criteria">
      <Breadcrumbs items={[
        { href: '/admin/criteria', label: t('criteria.back') },
        { href: `/admin/criteria/${sheet.sheetsFrom}`, label: sheet.sheetsFrom },
        { href: `/admin/criteria/sheets/${sheet.id}`, label: t('criteria.revisionCaption', { revision: sheet.revision }) },
        { label: t('criteria.edit.crumb') },
      ]} />
      <PageHeader title={t('criteria.edit.title', { set: title })} caption={`${sheet.sheetsFrom} · ${t('criteria.revisionCaption', { revision: sheet.revision })}`} />
      {saved ? <Notice tone="success">{t('criteria.edit.saved')}</Notice> : null}
      {errors && Object.keys(errors).length ? <ErrorSummary title={t('criteria.edit.invalid')} errors={errors} labels={Object.fromEntries(Object.keys(errors).map((k) => [k, k]))} /> : null}
      {Object.keys(problems).length
        ? <ErrorSummary focusOnLoad={false} title={t('criteria.integrityFailed')} errors={problems} labels={Object.fromEntries(Object.keys(problems).map((k) => [k, k]))} />
        : <Notice tone="success">{t('criteria.edit.integrityOk')}</Notice>}
      <p class="field-hint">{t('criteria.edit.hint')}</p>
      <form method="post" action={`/admin/criteria/sheets/${sheet.id}/edit`} class="sheet-edit">
        <CsrfField token={view.csrfToken} />
        <TextArea name="provenance" label={t('criteria.edit.provenance')} value={sheet.provenance ?? ''} rows={2} />
        <div class="sheet-edit-scroll">
          <table class="sheet-edit-table">
            <caption class="visually-hidden">{t('criteria.edit.crumb')}</caption>
            <thead><tr><th scope="col">{t('criteria.edit.code')}</th><th scope="col">{t('criteria.edit.wording')}</th><th scope="col">{t('criteria.edit.points')}</th></tr></thead>
            <tbody>
              {rowsOf(sheet).flatMap(({ depth, node, part }) => {
                if (part) {
                  return [<tr class="edit-part" key={part.code}><th scope="row">{part.code}</th>
                    <td>{input(`title:${part.code}`, part.title, part.code)}</td><td>{part.maxPoints}</td></tr>];
                }
                const n = node!;
                return [
                  <tr key={n.code} class={`edit-node depth-${Math.min(depth, 4)}`}>
                    <th scope="row">{n.code}</th>
                    <td>
                      {input(`title:${n.code}`, n.title, n.code, true)}
                      {n.condition !== null ? <div class="edit-extra">{t('criteria.edit.condition')} {input(`condition:${n.code}`, n.condition, `${n.code} condition`)}</div> : null}
                      {n.knockOut ? <div class="edit-extra">{t('criteria.edit.knockOut')} {input(`knockOut:${n.code}`, n.knockOut.text, `${n.code} knock-out`)}</div> : null}
                    </td>
                    <td>{n.maxPoints}{n.bonus ? ` (${t('criteria.edit.bonus')})` : ''}</td>
                  </tr>,
                  ...n.options.map((o) => (
                    <tr key={o.code} class="edit-option">
                      <th scope="row">{o.code}</th>
                      <td>{input(`text:${o.code}`, o.text, o.code, true)}</td>
                      <td>{input(`points:${o.code}`, String(o.points), `${o.code} points`)}</td>
                    </tr>
                  )),
                ];
              })}
            </tbody>
          </table>
        </div>
        <SubmitRow><button type="submit" class="btn btn-primary">{t('criteria.edit.save')}</button></SubmitRow>
      </form>
    </Layout>
  );
}

export function registerSheetEditPages(app: App) {
  app.get('/admin/criteria/sheets/:id/edit', { config: { access: AUTHORS }, schema: { hide: true, params: Params, querystring: Query } }, async (req, reply) => {
    const sheet = await getSheetRevision(req.ctx, req.params.id);
    if (sheet.status !== 'draft') return redirect(reply, `/admin/criteria/sheets/${sheet.id}`);
    return sendPage(reply, <SheetEditPage view={viewOf(req)} sheet={sheet} saved={req.query.saved === '1'} />);
  });

  app.post('/admin/criteria/sheets/:id/edit', { config: { access: AUTHORS }, schema: { hide: true, params: Params, body: Body } }, async (req, reply) => {
    const sheet = await getSheetRevision(req.ctx, req.params.id);
    const fields = Object.fromEntries(Object.entries(req.body).map(([k, v]) => [k, Array.isArray(v) ? v.join('') : v]));
    const { input, errors } = applyEdits(sheet, fields);
    if (Object.keys(errors).length) return sendPage(reply, <SheetEditPage view={viewOf(req)} sheet={sheet} errors={errors} />, 400);
    try {
      await updateDraft(req.ctx, sheet.id, input, { provenance: (fields.provenance ?? '').trim() || null });
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'validation_failed') throw e;
      return sendPage(reply, <SheetEditPage view={viewOf(req)} sheet={sheet} errors={e.fields ?? {}} />, 400);
    }
    return redirect(reply, `/admin/criteria/sheets/${sheet.id}/edit?saved=1`);
  });
}
