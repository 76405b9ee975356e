/**
 * The review state machine of OCOP cycle steps 2–3 (product idea, then business plan): the
 * producer (or an officer on their behalf) drafts and submits; a commune or province officer
 * accepts, or returns it with a comment; a returned record is edited and submitted again.
 * Accepted is final here (later steps build on it). Pure: no I/O, no clock.
 */
import { decideTransition, type Decision } from './state-machine';

export const REVIEW_STATUSES = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** What a caller asks for. `edit` keeps the status (changing content is only allowed while it is the owner's turn). */
export const REVIEW_ACTIONS = ['edit', 'submit', 'accept', 'return'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];
/** The actions that change the status (what the transitions API accepts). */
export const TRANSITION_ACTIONS = ['submit', 'accept', 'return'] as const;
export type TransitionAction = (typeof TRANSITION_ACTIONS)[number];

/** Who takes an action: the record's owner side (producer, or an officer on their behalf) or a reviewer. */
export type ReviewSide = 'owner' | 'reviewer';

export interface Transition {
  from: ReviewStatus;
  action: ReviewAction;
  to: ReviewStatus;
  by: ReviewSide;
  /** A comment must be given (returning without saying why helps nobody). */
  commentRequired?: boolean;
}

/** The whole machine, one row per allowed move; anything not listed is refused. */
export const REVIEW_TRANSITIONS: readonly Transition[] = [
  { from: 'draft', action: 'edit', to: 'draft', by: 'owner' },
  { from: 'draft', action: 'submit', to: 'submitted', by: 'owner' },
  { from: 'submitted', action: 'accept', to: 'accepted', by: 'reviewer' },
  { from: 'submitted', action: 'return', to: 'returned', by: 'reviewer', commentRequired: true },
  { from: 'returned', action: 'edit', to: 'returned', by: 'owner' },
  { from: 'returned', action: 'submit', to: 'submitted', by: 'owner' },
];

/** Ideas and plans follow the same table; named separately so either can diverge later. */
export const IDEA_TRANSITIONS = REVIEW_TRANSITIONS;
export const PLAN_TRANSITIONS = REVIEW_TRANSITIONS;

export type TransitionResult = Decision<ReviewStatus, Transition>;

/** Decide a move: allowed by the table, with its guard (a comment when required). */
export function applyTransition(
  table: readonly Transition[], from: ReviewStatus, action: ReviewAction, comment?: string | null,
): TransitionResult {
  return decideTransition(table, from, action, comment);
}

/** The actions available from a status to the given sides (for buttons and `allowedActions`). */
export function actionsFrom(table: readonly Transition[], from: ReviewStatus, sides: readonly ReviewSide[]): ReviewAction[] {
  return table.filter((t) => t.from === from && sides.includes(t.by)).map((t) => t.action);
}

/** Step 3 follows step 2: a business plan can only be filed for an accepted idea. */
export function canFilePlanFor(ideaStatus: ReviewStatus): boolean {
  return ideaStatus === 'accepted';
}
