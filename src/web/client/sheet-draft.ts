/**
 * The scoring form's draft kept in the browser (docs/decisions/027-offline-scoring.md): the
 * answers, the row version they were based on and when they were written, under one
 * localStorage key per sheet (its autosave URL). Pure helpers, so they are unit-tested
 * (sheet-draft.test.ts); sheet-form.ts wires them to the page.
 */

export interface DraftAnswers { options: string[]; knockOuts: string[]; left: string[] }
export interface LocalDraft { answers: DraftAnswers; baseVersion: number; savedAt: number }

/** What the form shows: every answered criterion and knock-out box, keyed by its field. */
export type FormState = Record<string, string>;

const PREFIX = 'ocop:sheet-draft:';
export const draftKey = (url: string) => PREFIX + url;

/** Storage may be missing or refuse (private mode, quota): the draft then lives only on the page. */
function store(): Storage | null {
  try { return typeof localStorage === 'undefined' ? null : localStorage; } catch { return null; }
}

const isList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

export function readDraft(url: string): LocalDraft | null {
  try {
    const raw = store()?.getItem(draftKey(url));
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<LocalDraft> | null;
    const a = d?.answers;
    if (!a || !isList(a.options) || !isList(a.knockOuts) || typeof d.baseVersion !== 'number') return null;
    return { answers: { options: a.options, knockOuts: a.knockOuts, left: isList(a.left) ? a.left : [] }, baseVersion: d.baseVersion, savedAt: Number(d.savedAt) || 0 };
  } catch {
    return null;
  }
}

export function writeDraft(url: string, draft: LocalDraft): void {
  try { store()?.setItem(draftKey(url), JSON.stringify(draft)); } catch { /* full or refused: the page still holds it */ }
}

export function clearDraft(url: string): void {
  try { store()?.removeItem(draftKey(url)); } catch { /* nothing to clear */ }
}

const sorted = (xs: readonly string[]) => [...xs].sort();
export function sameAnswers(a: DraftAnswers, b: DraftAnswers): boolean {
  const eq = (x: readonly string[], y: readonly string[]) => x.length === y.length && sorted(x).every((v, i) => v === sorted(y)[i]);
  return eq(a.options, b.options) && eq(a.knockOuts, b.knockOuts) && eq(a.left, b.left);
}

/** How many fields (criteria answered, knock-out boxes) differ between two form states. */
export function changedCount(now: FormState, saved: FormState): number {
  const keys = new Set([...Object.keys(now), ...Object.keys(saved)]);
  let n = 0;
  for (const k of keys) if (now[k] !== saved[k]) n++;
  return n;
}

/** Retry delay after the n-th failure in a row (1-based): 1 s, 2 s, 4 s … at most 30 s. */
export function backoffMs(failures: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
}
