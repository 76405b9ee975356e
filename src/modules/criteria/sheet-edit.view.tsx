/**
 * The form that edits a draft sheet line by line (props only; sheet-edit.routes.tsx loads the
 * draft and saves it).
 */
import type { View } from '../../web/view';
import { Layout } from '../../web/components/layout';
import { CsrfField, ErrorSummary, SubmitRow, TextArea } from '../../web/components/form';
import { Breadcrumbs, Notice, PageHeader } from '../../web/components/page';
import type { FieldMessages } from '../../errors';
import type { NodeDto, SheetDto } from './criteria.schema';

type Row = { depth: number; node: NodeDto | null; part: SheetDto['parts'][number] | null };

function rowsOf(sheet: SheetDto): Row[] {
  const out: Row[] = [];
  const visit = (n: NodeDto, depth: number) => { out.push({ depth, node: n, part: null }); n.children.forEach((c) => visit(c, depth + 1)); };
  for (const p of sheet.parts) { out.push({ depth: 0, node: null, part: p }); p.children.forEach((c) => visit(c, 1)); }
  return out;
}

export interface EditProps {
  view: View;
  sheet: SheetDto;
  /** The integrity findings, translated, per node code. */
  problems: FieldMessages;
  saved?: boolean;
  errors?: FieldMessages;
}

export function SheetEditPage({ view, sheet, problems, saved, errors }: EditProps) {
  const { t } = view;
  const title = `${sheet.productSet.code}. ${sheet.productSet.name}`;
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
      {errors && Object.keys(errors).length ? <ErrorSummary title={t('criteria.edit.invalid')} errors={errors} labels={Object.fromEntries(Object.keys(errors).filter((k) => k !== 'form').map((k) => [k, k]))} /> : null}
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
