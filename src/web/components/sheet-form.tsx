/**
 * SheetForm — a scoring sheet (SheetDto) as a tablet-friendly form: parts → sections → criteria
 * with one radio group per criterion (points shown), conditional criteria ("chỉ áp dụng nếu…"),
 * alternative cases ("chọn một trong hai trường hợp"), knock-out checkboxes with their rule text,
 * bonus criteria, and a sticky summary with the subtotal of each part, the total and the
 * estimated stars. Used by the producer's self-assessment and the council members' scoring.
 *
 * Props
 *   sheet       SheetView (src/domain/scoring-sheet.ts; the criteria module's SheetDto is one)
 *   answers     { options: string[]; knockOuts: string[]; left?: string[] } — the saved answers
 *   starBands   the regime's star bands ({ stars, min }[]), for the estimated stars
 *   minCertifiableStars  default 3: below it the summary says "not certifiable"
 *   readOnly    render disabled controls (no names are posted)
 *   idPrefix    prefix of every element id (two forms on one page); default 'sf'
 *   allowLeave  add a "leave unanswered (not applicable)" choice to every criterion; the left
 *               criteria post as `left` (the self-assessment's "explicitly left")
 *   autosaveUrl when set (and not readOnly) the client script PUTs the answers as JSON
 *               {options, knockOuts, left?} to this URL after each change (debounced), with the
 *               header x-csrf-token taken from the enclosing form's `_csrf` field
 *   children    rendered inside the summary, under the figures (save buttons, links)
 *
 * The caller renders the surrounding <form method="post" action=…> with <CsrfField>, and reads the
 * posted fields back with `answersFromForm(body)` below.
 *
 * Markup contract (what src/web/client/sheet-form.ts relies on; keep it stable):
 *   [data-module~="sheet-form"]                root; data-autosave (URL, optional), data-readonly
 *   script[type="application/json"][data-sheet-data]  inside the root: {sheet, starBands, minStars} —
 *                                              the sheet's scoring skeleton (`scoringSkeleton`) and the
 *                                              regime's bands; the client scores with the domain's
 *                                              `scoreSheet` and `starsForScore` (data, not code: strict CSP)
 *   [data-node="<code>"]                       every section / criterion container, in sheet order
 *   input[type=radio][data-points]             an option; name="option:<criterion code>", value = option code,
 *                                              data-part = A|B|C; value "-" (data-points absent) = left
 *   [data-one="<code>"] > [data-case="<code>"] a 'one' node and its alternative cases (choosing in one
 *                                              case clears the others)
 *   input[type=checkbox][name=knockOut]        value = criterion code, data-effect = eliminate|stop
 *   [data-subtotal="A|B|C"]                    subtotal outputs (data-max = part maximum)
 *   [data-total] [data-stars] [data-outcome] [data-certifiable] [data-save-status] (saved / saving /
 *                                              offline — N waiting / conflict: data-msg-* on the root)
 *   [data-summary-details]                     the summary's <details> (open; the client folds it on phones)
 *   [data-line-total] [data-line-stars] [data-line-status]  the one-line summary (phones)
 *   dialog[data-confirm-dialog]                with confirmSubmit: [data-confirm-figures], [data-confirm-yes],
 *                                              [data-confirm-no]; a submit button with data-confirm-submit opens it
 * A knock-out answer (knockOutOptions) or a ticked knock-out box ends the sheet: no stars, not certifiable.
 * Server: without JavaScript the totals shown are the ones computed when the page was rendered.
 */
import type { ComponentChildren } from 'preact';
import { bonusMaxPoints, headingText, scoreSheet, scoringSkeleton, type SheetNode, type SheetNodeView, type SheetView } from '../../domain/scoring-sheet';
import { starsForScore, type StarBand } from '../../domain/stars';
import { StatusBadge } from './badges';
import { useUiText } from './ui-locale';

export interface SheetAnswers { options: string[]; knockOuts: string[]; left?: string[] }

export interface SheetFormProps {
  sheet: SheetView;
  answers: SheetAnswers;
  starBands: readonly { stars: number; min: number }[];
  minCertifiableStars?: number;
  readOnly?: boolean;
  idPrefix?: string;
  allowLeave?: boolean;
  autosaveUrl?: string | null;
  /**
   * Ask before a final submit: a <dialog> the client opens when a submit button carrying
   * data-confirm-submit is pressed (it shows the live summary); confirming posts the form with
   * confirm=1. Without JavaScript the server asks on its own confirmation step.
   */
  confirmSubmit?: { title: string; body: string; confirm: string; cancel: string } | undefined;
  children?: ComponentChildren;
}

/** The value of the "leave unanswered" radio. */
export const LEFT_VALUE = '-';

/** Read {options, knockOuts, left} back from a posted SheetForm (urlencoded body as parsed by Fastify). */
export function answersFromForm(body: Record<string, unknown>): Required<SheetAnswers> {
  const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v])
    .filter((x): x is string => typeof x === 'string' && x.length > 0);
  const options: string[] = [];
  const left: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (!key.startsWith('option:')) continue;
    for (const v of list(value)) {
      if (v === LEFT_VALUE) left.push(key.slice('option:'.length));
      else options.push(v);
    }
  }
  return { options, knockOuts: list(body.knockOut), left };
}

/** JSON inside a script element: '<' escaped so no text can close the element. */
const jsonData = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const fmt = (locale: string, n: number) =>
  new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(n);

/** "(tối đa 15 điểm)", or for bonus criteria "(điểm cộng tối đa 3 điểm)". */
function MaxLabel({ node }: { node: SheetNodeView }) {
  const { t, locale } = useUiText();
  const bonus = bonusMaxPoints(node as unknown as SheetNode);
  const text = node.maxPoints === 0 && bonus > 0 ? t('sheetForm.bonusMax', { points: fmt(locale, bonus) })
    : t('criteria.maxPoints', { points: fmt(locale, node.maxPoints) });
  return <span class="muted small nowrap">({text})</span>;
}

interface Ctx {
  idp: string;
  chosen: Set<string>;
  left: Set<string>;
  knockOuts: Set<string>;
  readOnly: boolean;
  allowLeave: boolean;
  part: string;
}

function Marks({ node }: { node: SheetNodeView }) {
  const { t } = useUiText();
  const marks = [
    node.condition ? <StatusBadge tone="info" key="c">{t('sheetForm.conditional')}</StatusBadge> : null,
    node.chooseOneCase || node.selection === 'one' ? <StatusBadge tone="info" key="o">{t('sheetForm.chooseOne')}</StatusBadge> : null,
    node.bonus ? <StatusBadge tone="success" key="b">{t('sheetForm.bonus')}</StatusBadge> : null,
    node.knockOut ? <StatusBadge tone="danger" key="k">{t(node.knockOut.effect === 'eliminate' ? 'sheetForm.eliminates' : 'sheetForm.stops')}</StatusBadge> : null,
  ].filter(Boolean);
  return marks.length ? <p class="cluster sheet-marks">{marks}</p> : null;
}

function NodeNotes({ node }: { node: SheetNodeView }) {
  const { t } = useUiText();
  return (
    <>
      {node.condition ? <p class="sheet-condition">{t('sheetForm.onlyIf', { condition: node.condition })}</p> : null}
      {node.note ? <p class="small muted sheet-note">{node.note}</p> : null}
      {node.selection === 'one' ? <p class="small sheet-condition">{t('sheetForm.oneCaseHint')}</p> : null}
    </>
  );
}

function KnockOutBox({ node, c }: { node: SheetNodeView; c: Ctx }) {
  const { t } = useUiText();
  if (!node.knockOut) return null;
  const id = `${c.idp}-ko-${node.code}`;
  return (
    <div class="checkbox-row sheet-knockout">
      <input class="checkbox-input" type="checkbox" id={id} name={c.readOnly ? undefined : 'knockOut'} value={node.code}
        data-effect={node.knockOut.effect} checked={c.knockOuts.has(node.code)} disabled={c.readOnly} />
      <label class="checkbox-label" for={id}>
        <strong>{t(node.knockOut.effect === 'eliminate' ? 'sheetForm.koEliminate' : 'sheetForm.koStop')}</strong> {node.knockOut.text}
      </label>
    </div>
  );
}

function Criterion({ node, c }: { node: SheetNodeView; c: Ctx }) {
  const { t, locale } = useUiText();
  const name = `option:${node.code}`;
  const legendId = `${c.idp}-lg-${node.code}`;
  const answered = node.options.some((o) => c.chosen.has(o.code));
  return (
    <fieldset class={`sheet-criterion${node.bonus ? ' sheet-criterion--bonus' : ''}`} data-node={node.code} id={`${c.idp}-n-${node.code}`}
      aria-labelledby={legendId}>
      <legend id={legendId} class="sheet-legend">
        <span class="mono">{node.code}</span> {headingText(node.code, node.title)}{' '}
        <MaxLabel node={node} />
      </legend>
      <Marks node={node} />
      <NodeNotes node={node} />
      <div class="sheet-options">
        {node.options.map((o) => {
          const id = `${c.idp}-o-${o.code}`;
          return (
            <div class="sheet-option" key={o.code}>
              <input type="radio" id={id} name={c.readOnly ? undefined : name} value={o.code} data-points={o.points}
                data-part={c.part} data-bonus={node.bonus ? 'true' : undefined} checked={c.chosen.has(o.code)} disabled={c.readOnly} />
              <label for={id}>
                <span class="sheet-option-text">{o.text}</span>
                <span class="sheet-option-points">{t('criteria.points', { points: fmt(locale, o.points) })}</span>
              </label>
            </div>
          );
        })}
        {c.allowLeave && !c.readOnly ? (
          <div class="sheet-option sheet-option--leave">
            <input type="radio" id={`${c.idp}-left-${node.code}`} name={name} value={LEFT_VALUE}
              checked={!answered && c.left.has(node.code)} />
            <label for={`${c.idp}-left-${node.code}`}><span class="sheet-option-text">{t('sheetForm.leave')}</span></label>
          </div>
        ) : null}
        {c.readOnly && !answered ? <p class="small muted">{c.left.has(node.code) ? t('sheetForm.left') : t('sheetForm.unanswered')}</p> : null}
      </div>
      <KnockOutBox node={node} c={c} />
    </fieldset>
  );
}

function Node({ node, c, depth }: { node: SheetNodeView; c: Ctx; depth: number }): preact.JSX.Element {
  if (node.options.length) return <Criterion node={node} c={c} />;
  const Heading = depth === 0 ? 'h3' : 'h4';
  return (
    <div class={`sheet-node sheet-node--${node.kind}`} data-node={node.code} data-one={node.selection === 'one' ? node.code : undefined}
      id={`${c.idp}-n-${node.code}`}>
      <Heading class="sheet-node-title">
        <span class="mono">{node.code}</span> {headingText(node.code, node.title)}{' '}
        <MaxLabel node={node} />
      </Heading>
      <Marks node={node} />
      <NodeNotes node={node} />
      <KnockOutBox node={node} c={c} />
      {node.children.map((ch) => (
        node.selection === 'one'
          ? <div class="sheet-case" data-case={ch.code} key={ch.code}><Node node={ch} c={c} depth={depth + 1} /></div>
          : <Node node={ch} c={c} depth={depth + 1} key={ch.code} />
      ))}
    </div>
  );
}

export function SheetForm(p: SheetFormProps) {
  const { t, locale } = useUiText();
  const idp = p.idPrefix ?? 'sf';
  const readOnly = !!p.readOnly;
  const minStars = p.minCertifiableStars ?? 3;
  const skeleton = scoringSkeleton(p.sheet);
  const result = scoreSheet(skeleton, p.answers);
  const score = result.ok ? result.score : null;
  const bands = p.starBands.map((b) => ({ stars: b.stars, min: b.min })) as StarBand[];
  const stars = score ? starsForScore(Math.min(100, Math.max(0, score.total)), bands) : null;
  const partsMax = Object.fromEntries(p.sheet.parts.map((x) => [x.code, x.maxPoints]));
  const knocked = !!score && score.outcome !== 'scored';
  // A knock-out (eliminated, or evaluation stopped) means no stars on this sheet, whatever the points.
  const shownStars = knocked ? null : stars;
  const certText = stars === null ? '' : knocked ? t('sheetForm.knockedOut')
    : stars >= minStars ? t('sheetForm.certifiable') : t('sheetForm.notCertifiable', { min: minStars });
  const statusText = stars === null ? '' : knocked ? t(score.outcome === 'eliminated' ? 'sheetForm.status.eliminated' : 'sheetForm.status.stopped')
    : stars >= minStars ? t('sheetForm.status.certifiable') : t('sheetForm.status.notCertifiable');
  const outcomeText = !score ? '' : score.outcome === 'eliminated' ? t('sheetForm.outcome.eliminated', { code: score.knockOut!.code })
    : score.outcome === 'stopped' ? t('sheetForm.outcome.stopped', { code: score.knockOut!.code }) : '';
  return (
    <div class={`sheet-form${readOnly ? ' sheet-form--readonly' : ''}`} data-module="sheet-form" id={idp}
      data-autosave={!readOnly && p.autosaveUrl ? p.autosaveUrl : undefined} data-draft-key={p.autosaveUrl ?? undefined} data-readonly={readOnly ? 'true' : undefined}
      data-msg-stars={t('sheetForm.starsValue', { stars: '{stars}' })} data-msg-not-certifiable={t('sheetForm.notCertifiable', { min: minStars })}
      data-msg-certifiable={t('sheetForm.certifiable')} data-msg-eliminated={t('sheetForm.outcome.eliminated', { code: '{code}' })}
      data-msg-stopped={t('sheetForm.outcome.stopped', { code: '{code}' })} data-msg-saving={t('sheetForm.saving')}
      data-msg-saved={t('sheetForm.saved')} data-msg-save-failed={t('sheetForm.saveFailed')}
      data-msg-offline={t('sheetForm.offlineWaiting', { count: '{count}' })} data-msg-conflict={t('sheetForm.conflict')}
      data-msg-restored={t('sheetForm.draftRestored')} data-msg-dropped={t('sheetForm.draftDropped')}
      data-msg-knocked-out={t('sheetForm.knockedOut')} data-msg-status-eliminated={t('sheetForm.status.eliminated')}
      data-msg-status-stopped={t('sheetForm.status.stopped')} data-msg-status-certifiable={t('sheetForm.status.certifiable')}
      data-msg-status-not-certifiable={t('sheetForm.status.notCertifiable')}>
      <script type="application/json" data-sheet-data dangerouslySetInnerHTML={{ __html: jsonData({ sheet: skeleton, starBands: bands, minStars }) }} />
      <div class="sheet-form-body">
        {p.sheet.parts.map((part) => {
          const c: Ctx = {
            idp, readOnly, allowLeave: !!p.allowLeave, part: part.code,
            chosen: new Set(p.answers.options), left: new Set(p.answers.left ?? []), knockOuts: new Set(p.answers.knockOuts),
          };
          return (
            <section class="sheet-part" data-part={part.code} key={part.code} aria-labelledby={`${idp}-part-${part.code}`}>
              <h2 id={`${idp}-part-${part.code}`} class="sheet-part-title">
                {t('sheetForm.part', { code: part.code })}. {headingText(part.code, part.title)}{' '}
                <span class="muted small nowrap">({t('criteria.maxPoints', { points: fmt(locale, part.maxPoints) })})</span>
              </h2>
              {part.children.map((n) => <Node node={n} c={c} depth={0} key={n.code} />)}
            </section>
          );
        })}
      </div>
      <aside class="sheet-summary" aria-labelledby={`${idp}-summary-title`}>
        <details class="sheet-summary-details" open data-summary-details>
          <summary class="sheet-summary-line">
            <span id={`${idp}-summary-title`} class="sheet-summary-title">{t('sheetForm.summary')}</span>
            <span class="sheet-summary-compact">
              <span class="sheet-score"><span data-line-total>{fmt(locale, score?.total ?? 0)}</span>{'\u00a0/\u00a0'}{fmt(locale, p.sheet.totalPoints)}</span>
              {' · '}<span data-line-stars>{shownStars ? t('sheetForm.starsValue', { stars: shownStars }) : '—'}</span>
              {' · '}<span data-line-status>{statusText}</span>
            </span>
          </summary>
          <dl class="sheet-summary-figures" aria-live="polite">
            {p.sheet.parts.map((part) => (
              <div class="sheet-summary-row" key={part.code}>
                <dt>{t('sheetForm.part', { code: part.code })}</dt>
                <dd class="sheet-score"><output data-subtotal={part.code} data-max={partsMax[part.code]}>{fmt(locale, score?.parts[part.code] ?? 0)}</output>
                  <span class="muted">{'\u00a0/\u00a0'}{fmt(locale, part.maxPoints)}</span></dd>
              </div>
            ))}
            <div class="sheet-summary-row sheet-summary-total">
              <dt>{t('sheetForm.total')}</dt>
              <dd class="sheet-score"><output data-total>{fmt(locale, score?.total ?? 0)}</output><span class="muted">{'\u00a0/\u00a0'}{fmt(locale, p.sheet.totalPoints)}</span></dd>
            </div>
            <div class="sheet-summary-row">
              <dt>{t('sheetForm.estimatedStars')}</dt>
              <dd><output data-stars>{shownStars ? t('sheetForm.starsValue', { stars: shownStars }) : '—'}</output></dd>
            </div>
          </dl>
          <p class={`small sheet-certifiable${knocked ? ' sheet-certifiable--out' : ''}`} data-certifiable>{certText}</p>
          <p class="small sheet-outcome" data-outcome role="status">{outcomeText}</p>
        </details>
        {!result.ok ? (
          <p class="small field-error-message">{t('sheetForm.invalidAnswers', { codes: result.issues.map((i) => i.code).join(', ') })}</p>
        ) : null}
        <p class="small muted" data-save-status role="status" aria-live="polite"></p>
        {p.children}
      </aside>
      {p.confirmSubmit && !readOnly ? (
        <dialog class="sheet-confirm" data-confirm-dialog aria-labelledby={`${idp}-confirm-title`}>
          <h2 id={`${idp}-confirm-title`}>{p.confirmSubmit.title}</h2>
          <p>{p.confirmSubmit.body}</p>
          <p class="sheet-confirm-figures" data-confirm-figures></p>
          <div class="cluster">
            <button type="button" class="btn btn-primary" data-confirm-yes>{p.confirmSubmit.confirm}</button>
            <button type="button" class="btn btn-secondary" data-confirm-no>{p.confirmSubmit.cancel}</button>
          </div>
        </dialog>
      ) : null}
    </div>
  );
}
