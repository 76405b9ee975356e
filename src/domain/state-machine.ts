/**
 * What the explicit transition tables of the platform (ideas and plans: review-cycle.ts;
 * dossiers: dossier.ts; market orders: order.ts; trade agreements: trade.ts) share: deciding a
 * move from one row of a table, and — for tables whose rows name who may make each move — that
 * side's moves. Pure.
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

/** A row that names the sides (parties) who may make its move. */
export interface SidedRow<S extends string, A extends string, Side extends string> extends TransitionRow<S, A> {
  by: readonly Side[];
}

export type SidedDecision<S extends string, T> = Decision<S, T> | { ok: false; reason: 'not_allowed' };

/**
 * The move `action` from `from` by `side`: allowed by a row naming that side (with its comment);
 * `not_allowed` when the move exists for other sides only.
 */
export function decideSidedTransition<S extends string, A extends string, Side extends string, T extends SidedRow<S, A, Side>>(
  table: readonly T[], from: S, action: A, side: Side, comment?: string | null,
): SidedDecision<S, T> {
  const decided = decideTransition(table.filter((t) => t.by.includes(side)), from, action, comment);
  if (!decided.ok && decided.reason === 'invalid_transition' && table.some((t) => t.from === from && t.action === action)) {
    return { ok: false, reason: 'not_allowed' };
  }
  return decided;
}

/** The actions `side` may take from `status` (the buttons to show). */
export const sidedActions = <S extends string, A extends string, Side extends string>(table: readonly SidedRow<S, A, Side>[], status: S, side: Side): A[] =>
  [...new Set(table.filter((t) => t.from === status && t.by.includes(side)).map((t) => t.action))];
