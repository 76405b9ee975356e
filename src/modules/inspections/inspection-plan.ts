/** The life of an inspection plan as an explicit transition table (decideTransition). Pure. */
import { decideTransition, type TransitionRow } from '../../domain/state-machine';
import type { INSPECTION_PLAN_STATUSES } from './inspections.tables';

export type PlanStatus = (typeof INSPECTION_PLAN_STATUSES)[number];
export const PLAN_ACTIONS = ['start', 'close', 'reopen'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

/**
 * planned → in_progress (start; also when the first visit is recorded), in_progress → closed
 * (close), closed → in_progress (reopen, to add a late visit: a comment says why). Anything else is
 * refused with invalid_transition; visits are recorded only while the plan is not closed.
 */
export const PLAN_TRANSITIONS: readonly TransitionRow<PlanStatus, PlanAction>[] = [
  { from: 'planned', action: 'start', to: 'in_progress' },
  { from: 'in_progress', action: 'close', to: 'closed' },
  { from: 'closed', action: 'reopen', to: 'in_progress', commentRequired: true },
];

export const decidePlan = (from: PlanStatus, action: PlanAction, comment?: string | null) =>
  decideTransition(PLAN_TRANSITIONS, from, action, comment);

/** The actions the table allows from a status (for the page's buttons). */
export const actionsFrom = (from: PlanStatus): PlanAction[] => PLAN_TRANSITIONS.filter((t) => t.from === from).map((t) => t.action);
