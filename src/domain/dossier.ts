/**
 * The evaluation dossier (hồ sơ đánh giá, phân hạng) state machine, OCOP cycle step 5: the
 * producer submits; the commune checks it (under 1489 also assesses local origin, labour, idea
 * and identity) and forwards it or returns it; the province receives it; a council round takes
 * it, scores it and closes; the recognition decision recognises it (or it is not recognised).
 * A province-recognised 4★ product flagged potential 5★ may enter a national round. Pure: no
 * I/O, no clock.
 */
import { decideTransition, type Decision } from './state-machine';

export const DOSSIER_KINDS = ['first', 'upgrade', 'reevaluation'] as const;
export type DossierKind = (typeof DOSSIER_KINDS)[number];

export const DOSSIER_STATUSES = [
  'draft', 'submitted', 'returned', 'forwarded', 'received', 'in_round', 'evaluated', 'recognised', 'not_recognised',
  'withdrawn',
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

export const DOSSIER_ACTIONS = [
  'submit', 'withdraw', 'return', 'forward', 'receive', 'assign', 'unassign', 'evaluate', 'recognise', 'reject',
] as const;
export type DossierAction = (typeof DOSSIER_ACTIONS)[number];

/** Who may take the action: the producer's side, the commune office, the province office, or the system (rounds and decisions). */
export type DossierSide = 'owner' | 'commune' | 'province' | 'council' | 'decision';

export interface DossierTransition {
  from: DossierStatus;
  action: DossierAction;
  to: DossierStatus;
  by: DossierSide;
  commentRequired?: boolean;
}

/** Every allowed move; anything not listed is refused. */
export const DOSSIER_TRANSITIONS: readonly DossierTransition[] = [
  { from: 'draft', action: 'submit', to: 'submitted', by: 'owner' },
  { from: 'returned', action: 'submit', to: 'submitted', by: 'owner' },
  { from: 'draft', action: 'withdraw', to: 'withdrawn', by: 'owner' },
  { from: 'returned', action: 'withdraw', to: 'withdrawn', by: 'owner' },
  { from: 'submitted', action: 'withdraw', to: 'withdrawn', by: 'owner' },
  { from: 'submitted', action: 'return', to: 'returned', by: 'commune', commentRequired: true },
  { from: 'submitted', action: 'forward', to: 'forwarded', by: 'commune' },
  { from: 'forwarded', action: 'return', to: 'returned', by: 'province', commentRequired: true },
  { from: 'forwarded', action: 'receive', to: 'received', by: 'province' },
  { from: 'received', action: 'return', to: 'returned', by: 'province', commentRequired: true },
  { from: 'received', action: 'assign', to: 'in_round', by: 'council' },
  { from: 'in_round', action: 'unassign', to: 'received', by: 'council' },
  { from: 'in_round', action: 'evaluate', to: 'evaluated', by: 'council' },
  { from: 'evaluated', action: 'recognise', to: 'recognised', by: 'decision' },
  { from: 'evaluated', action: 'reject', to: 'not_recognised', by: 'decision' },
  // A province-recognised product flagged potential 5★ goes on to a national round.
  { from: 'recognised', action: 'assign', to: 'in_round', by: 'council' },
];

export type DossierTransitionResult = Decision<DossierStatus, DossierTransition>;

export function decideDossierTransition(from: DossierStatus, action: DossierAction, comment?: string | null): DossierTransitionResult {
  return decideTransition(DOSSIER_TRANSITIONS, from, action, comment);
}

/** The producer may change content (documents, self-assessment, form) only while it is their turn. */
export function ownerMayEdit(status: DossierStatus): boolean {
  return status === 'draft' || status === 'returned';
}

/**
 * A document a regime's dossier asks for (seed/criteria/regimes.json `dossierDocuments`).
 * `provided` says how it is satisfied: an uploaded file, the platform's self-assessment, or
 * physical samples the commune records as received. `goodsOnly`: not asked of tourism services.
 * `kinds`: only for these dossier kinds (absent: all kinds).
 */
export interface DossierDocumentSpec {
  code: string;
  title: string;
  titleEn: string;
  required: boolean;
  provided: 'upload' | 'self_assessment' | 'samples';
  goodsOnly?: boolean;
  kinds?: DossierKind[];
}

/** The documents a dossier of this kind asks for (services skip goods-only ones). */
export function documentsFor(specs: readonly DossierDocumentSpec[], kind: DossierKind, isService: boolean): DossierDocumentSpec[] {
  return specs.filter((s) => (!s.kinds || s.kinds.includes(kind)) && !(isService && s.goodsOnly));
}

/** Who acts next on a dossier in this status (the forward move of the table); null when the dossier is closed. */
export function nextSideOf(status: DossierStatus): DossierSide | null {
  const forward = DOSSIER_TRANSITIONS.find((t) => t.from === status && !['withdraw', 'return', 'unassign'].includes(t.action));
  return forward?.by ?? null;
}
