/**
 * Live subtotals for the scoring-sheet form (src/web/components/sheet-form.tsx; the markup
 * contract is documented there), computed by the domain's own `scoreSheet` and star bands on the
 * sheet skeleton the form carries as JSON data — the server's rules, not a copy. Progressive: without this script the server computes the
 * score when the form is saved. Optional draft autosave: when the root has data-autosave, the
 * answers are PUT as JSON {options, knockOuts, left, rowVersion} with the form's CSRF token, kept in
 * localStorage until saved, retried with backoff and restored after a reload (sheet-draft.ts,
 * docs/decisions/027-offline-scoring.md).
 * Registers itself on every [data-module~="sheet-form"] element once the page is ready.
 */

import { scoreSheet, type Sheet } from '../../domain/scoring-sheet';
import { starsForScore, type StarBand } from '../../domain/stars';
import { backoffMs, changedCount, clearDraft, readDraft, sameAnswers, writeDraft, type DraftAnswers, type FormState } from './sheet-draft';

/** What the server put in the form's script[type="application/json"][data-sheet-data]. */
interface SheetData { sheet: Sheet; starBands: StarBand[]; minStars: number }

const sheetData = new WeakMap<HTMLElement, SheetData | null>();
function dataOf(root: HTMLElement): SheetData | null {
  if (!sheetData.has(root)) {
    const el = root.querySelector('script[type="application/json"][data-sheet-data]');
    sheetData.set(root, el?.textContent ? JSON.parse(el.textContent) as SheetData : null);
  }
  return sheetData.get(root) ?? null;
}

const fill = (template: string, params: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (m, key: string) => params[key] ?? m);

function fmt(n: number): string {
  const locale = document.documentElement.lang || 'vi';
  try {
    return new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(n);
  } catch {
    return String(Math.round(n * 100) / 100);
  }
}

export function readAnswers(root: HTMLElement): { options: string[]; knockOuts: string[]; left: string[] } {
  const options: string[] = [];
  const left: string[] = [];
  root.querySelectorAll<HTMLInputElement>('input[type="radio"]:checked').forEach((r) => {
    if (!r.name.startsWith('option:')) return;
    if (r.dataset.points === undefined) left.push(r.name.slice('option:'.length));
    else options.push(r.value);
  });
  const knockOuts = Array.from(root.querySelectorAll<HTMLInputElement>('input[type="checkbox"][name="knockOut"]:checked')).map((c) => c.value);
  return { options, knockOuts, left };
}

/** The live figures: the domain's `scoreSheet` and star bands on the answers ticked now (the same rules as the server). */
export function compute(root: HTMLElement): void {
  const data = dataOf(root);
  if (!data) return;
  const answers = readAnswers(root);
  const result = scoreSheet(data.sheet, { options: answers.options, knockOuts: answers.knockOuts });
  // Answers that do not fit the sheet: the server says which when the form is saved.
  if (!result.ok) return;
  const score = result.score;
  root.querySelectorAll<HTMLElement>('[data-subtotal]').forEach((out) => {
    const part = (out.dataset.subtotal ?? '') as keyof typeof score.parts;
    out.textContent = fmt(score.parts[part] ?? 0);
  });
  const totalOut = root.querySelector('[data-total]');
  if (totalOut) totalOut.textContent = fmt(score.total);
  const lineTotal = root.querySelector('[data-line-total]');
  if (lineTotal) lineTotal.textContent = fmt(score.total);
  // A knock-out (eliminated, or evaluation stopped) means no stars on this sheet, whatever the points.
  const knocked = score.outcome !== 'scored';
  const stars = starsForScore(Math.min(100, Math.max(0, score.total)), data.starBands);
  const starsText = knocked ? '—' : fill(root.dataset.msgStars ?? '{stars}', { stars: String(stars) });
  root.querySelectorAll('[data-stars], [data-line-stars]').forEach((el) => { el.textContent = starsText; });
  const cert = root.querySelector('[data-certifiable]');
  if (cert) {
    cert.textContent = knocked ? (root.dataset.msgKnockedOut ?? '')
      : stars >= data.minStars ? (root.dataset.msgCertifiable ?? '') : (root.dataset.msgNotCertifiable ?? '');
    cert.classList.toggle('sheet-certifiable--out', knocked);
  }
  const status = root.querySelector('[data-line-status]');
  if (status) {
    status.textContent = (knocked ? (score.outcome === 'eliminated' ? root.dataset.msgStatusEliminated : root.dataset.msgStatusStopped)
      : stars >= data.minStars ? root.dataset.msgStatusCertifiable : root.dataset.msgStatusNotCertifiable) ?? '';
  }
  const outcome = root.querySelector('[data-outcome]');
  if (outcome) {
    const ko = score.knockOut;
    outcome.textContent = !ko ? '' : fill((score.outcome === 'eliminated' ? root.dataset.msgEliminated : root.dataset.msgStopped) ?? '', { code: ko.code });
  }
}

/** Phones: the summary folds to its one line (total, stars, status); tapping it opens the figures. */
function foldOnPhones(root: HTMLElement): void {
  const details = root.querySelector<HTMLDetailsElement>('[data-summary-details]');
  if (!details || typeof window.matchMedia !== 'function') return;
  const phone = window.matchMedia('(max-width: 899.98px)');
  if (phone.matches) details.open = false;
  // Turning a tablet, or resizing a window, across the breakpoint folds or unfolds it.
  phone.addEventListener('change', (e) => { details.open = !e.matches; });
}

/**
 * The final submit asks first: a submit button with data-confirm-submit opens the form's
 * dialog[data-confirm-dialog] showing the live summary; "confirm" posts with confirm=1.
 * Returns true when the submit was held for the dialog.
 */
function holdForConfirmation(root: HTMLElement, form: HTMLFormElement, submitter: HTMLElement | null): boolean {
  const dialog = root.querySelector<HTMLDialogElement>('dialog[data-confirm-dialog]');
  if (!dialog || typeof dialog.showModal !== 'function' || !submitter?.hasAttribute('data-confirm-submit')) return false;
  if (form.querySelector('input[name="confirm"][value="1"]')) return false;
  const figures = dialog.querySelector('[data-confirm-figures]');
  const line = root.querySelector('.sheet-summary-compact');
  if (figures) figures.textContent = line?.textContent ?? '';
  const yes = dialog.querySelector<HTMLButtonElement>('[data-confirm-yes]');
  const no = dialog.querySelector<HTMLButtonElement>('[data-confirm-no]');
  if (yes) {
    yes.onclick = () => {
      const flag = document.createElement('input');
      flag.type = 'hidden';
      flag.name = 'confirm';
      flag.value = '1';
      form.appendChild(flag);
      dialog.close();
      form.requestSubmit(submitter as HTMLButtonElement);
    };
  }
  if (no) no.onclick = () => dialog.close();
  dialog.showModal();
  return true;
}

/** Choosing an option in one alternative case clears the other cases of the same 'one' node. */
function clearOtherCases(target: HTMLInputElement): void {
  let caseEl = target.closest<HTMLElement>('[data-case]');
  while (caseEl) {
    const group = caseEl.parentElement?.closest<HTMLElement>('[data-one]');
    if (!group) break;
    group.querySelectorAll<HTMLElement>(':scope > [data-case]').forEach((other) => {
      if (other === caseEl) return;
      other.querySelectorAll<HTMLInputElement>('input[type="radio"]:checked').forEach((r) => { r.checked = false; });
    });
    caseEl = group.closest<HTMLElement>('[data-case]');
  }
}

/** Every answered criterion and ticked knock-out box, keyed by field: what "N changes" counts. */
function formState(root: HTMLElement): FormState {
  const state: FormState = {};
  root.querySelectorAll<HTMLInputElement>('input[type="radio"]:checked').forEach((r) => { if (r.name.startsWith('option:')) state[r.name] = r.value; });
  root.querySelectorAll<HTMLInputElement>('input[type="checkbox"][name="knockOut"]:checked').forEach((c) => { state[`knockOut:${c.value}`] = '1'; });
  return state;
}

/** Put a draft's answers back into the form (the inverse of readAnswers). */
function applyAnswers(root: HTMLElement, a: DraftAnswers): void {
  const options = new Set(a.options);
  const left = new Set(a.left);
  root.querySelectorAll<HTMLInputElement>('input[type="radio"]').forEach((r) => {
    if (!r.name.startsWith('option:')) return;
    r.checked = r.dataset.points !== undefined ? options.has(r.value) : r.value === LEFT && left.has(r.name.slice('option:'.length));
  });
  const kos = new Set(a.knockOuts);
  root.querySelectorAll<HTMLInputElement>('input[type="checkbox"][name="knockOut"]').forEach((c) => { c.checked = kos.has(c.value); });
}

const LEFT = '-';

function enhance(root: HTMLElement): void {
  if (root.dataset.sheetFormInit) return;
  root.dataset.sheetFormInit = '1';
  // A locked (submitted) sheet keeps nothing in the browser: the server's copy is final.
  if (root.dataset.readonly) { if (root.dataset.draftKey) clearDraft(root.dataset.draftKey); return; }
  const url = root.dataset.autosave;
  const status = root.querySelector('[data-save-status]');
  const form = root.closest('form');
  const version = form?.querySelector<HTMLInputElement>('input[name="rowVersion"]') ?? null;
  const baseVersion = () => (version ? Number(version.value) : -1);
  let timer: number | undefined;
  let retryTimer: number | undefined;
  let failures = 0;
  let conflict = false;
  let inflight: Promise<void> | null = null;
  /** The answers the server holds (as far as this page knows). */
  let savedState = formState(root);
  /** A one-off line (draft restored / dropped) shown before the status until the member changes something. */
  let note = '';
  const show = (text: string) => { if (status) status.textContent = `${note} ${text}`.trim(); };
  const waiting = () => changedCount(formState(root), savedState);
  const showWaiting = () => show(fill(root.dataset.msgOffline ?? '{count}', { count: String(Math.max(1, waiting())) }));
  const remember = () => {
    if (url) writeDraft(url, { answers: readAnswers(root), baseVersion: baseVersion(), savedAt: Date.now() });
  };
  const send = async () => {
    if (!url || conflict) return;
    window.clearTimeout(retryTimer);
    retryTimer = undefined;
    const answers = readAnswers(root);
    const state = formState(root);
    const token = form?.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
    show(root.dataset.msgSaving ?? '');
    let res: Response | null;
    try {
      res = await fetch(url, {
        method: 'PUT', credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': token },
        // The row version the answers are based on: the server refuses them (409) over a newer draft.
        body: JSON.stringify(version ? { ...answers, rowVersion: baseVersion() } : answers),
      });
    } catch {
      res = null;
    }
    if (res?.ok) {
      // The draft moved on: the form posts the new row version, or saving it would conflict.
      const saved = (await res.json().catch(() => null)) as { rowVersion?: unknown } | null;
      if (version && typeof saved?.rowVersion === 'number') version.value = String(saved.rowVersion);
      failures = 0;
      savedState = state;
      const local = readDraft(url);
      if (!local || sameAnswers(local.answers, answers)) clearDraft(url);
      else writeDraft(url, { ...local, baseVersion: baseVersion() });
      if (timer === undefined) show(waiting() ? root.dataset.msgSaving ?? '' : root.dataset.msgSaved ?? '');
      if (waiting() && timer === undefined) save();
      return;
    }
    if (res?.status === 409) {
      // A newer version is on the server: never overwrite it; the member reloads to see it.
      conflict = true;
      note = '';
      show(root.dataset.msgConflict ?? '');
      status?.classList.add('field-error-message');
      status?.setAttribute('role', 'alert');
      return;
    }
    if (res && res.status < 500) {
      // Refused (the sheet was locked, an answer no longer fits): say so; retrying would not help.
      show(root.dataset.msgSaveFailed ?? '');
      status?.setAttribute('role', 'alert');
      return;
    }
    // No connection or a server error: the draft is in the browser; try again later, and at once when back online.
    failures++;
    showWaiting();
    retryTimer = window.setTimeout(() => { retryTimer = undefined; save(); }, backoffMs(failures));
  };
  /** One save at a time, in order. */
  function save(): void {
    const run = (inflight ?? Promise.resolve()).then(send);
    inflight = run;
    void run.finally(() => { if (inflight === run) inflight = null; });
  }
  root.addEventListener('change', (event) => {
    const target = event.target;
    if (target instanceof HTMLInputElement && target.type === 'radio' && target.checked) clearOtherCases(target);
    compute(root);
    if (!url || conflict) return;
    note = '';
    remember();
    if (!navigator.onLine) showWaiting();
    window.clearTimeout(timer);
    timer = window.setTimeout(() => { timer = undefined; save(); }, 800);
  });
  window.addEventListener('online', () => {
    if (!url || conflict || inflight || (retryTimer === undefined && !waiting())) return;
    save();
  });
  window.addEventListener('offline', () => { if (url && !conflict && waiting()) showWaiting(); });
  // Saving or submitting the form carries every answer itself: a pending autosave is dropped,
  // and one already on its way is waited for (it changes the row version the form posts).
  form?.addEventListener('submit', (event) => {
    const submitter = (event as SubmitEvent).submitter as HTMLElement | null;
    if (holdForConfirmation(root, form, submitter)) { event.preventDefault(); return; }
    window.clearTimeout(timer);
    timer = undefined;
    window.clearTimeout(retryTimer);
    retryTimer = undefined;
    if (!inflight) return;
    event.preventDefault();
    void inflight.then(() => form.requestSubmit(submitter ?? undefined));
  });
  foldOnPhones(root);
  if (url) restoreDraft(url);
  compute(root);

  /** A draft left in this browser (offline, or the page reloaded before it was saved). */
  function restoreDraft(key: string): void {
    const local = readDraft(key);
    if (!local) return;
    // The server already has these answers (the form was posted, or a save's answer was lost).
    if (sameAnswers(local.answers, readAnswers(root))) { clearDraft(key); return; }
    if (local.baseVersion !== baseVersion()) {
      // The server has newer work than the draft was based on: it wins.
      clearDraft(key);
      note = root.dataset.msgDropped ?? '';
      show('');
      return;
    }
    applyAnswers(root, local.answers);
    note = root.dataset.msgRestored ?? '';
    save();
  }
}

function initSheetForms(): void {
  document.querySelectorAll<HTMLElement>('[data-module~="sheet-form"]').forEach((el) => {
    try {
      enhance(el);
    } catch (err) {
      console.error('[ocop] module sheet-form failed', err);
    }
  });
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', initSheetForms);
  else initSheetForms();
}
