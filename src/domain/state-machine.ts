/**
 * What the explicit transition tables of the platform (ideas and plans: review-cycle.ts;
 * dossiers: dossier.ts) share: deciding a move from one row of a table. Pure.
 */

/** One allowed move: from a status, by an action, to a status; some moves need a comment. */
export interface TransitionRow<S extends string, A extends string> {
  from: S;
  action: A;
  to: S;
  commentRequired?: boolean;
}

export type Decision<S extends string, T> =
  | { ok: true; to: S; transition: T }
  | { ok: false; reason: 'invalid_transition' | 'comment_required' };

/** Allowed by the table (anything not listed is refused), with its guard: a comment when required. */
export function decideTransition<S extends string, A extends string, T extends TransitionRow<S, A>>(
  table: readonly T[], from: S, action: A, comment?: string | null,
): Decision<S, T> {
  const t = table.find((x) => x.from === from && x.action === action);
  if (!t) return { ok: false, reason: 'invalid_transition' };
  if (t.commentRequired && !(comment ?? '').trim()) return { ok: false, reason: 'comment_required' };
  return { ok: true, to: t.to, transition: t };
}
