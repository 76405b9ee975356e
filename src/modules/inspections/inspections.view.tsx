/** Shared bits of the inspections pages: labels, badges, counts. */
import type { View } from '../../web/view';
import type { MessageKey } from '../../core/i18n';
import { StatusBadge, type Tone } from '../../web/components/badges';
import { DataTable } from '../../web/components/table';
import { StatGrid } from '../../web/components/page';
import { INSPECTION_FINDINGS, INSPECTION_OUTCOMES, type PlanDto, type ProposalDto, type StatsDto, type VisitDto } from './inspections.schema';

export const tk = (view: View, key: string) => view.t(key as MessageKey);
const num = (view: View, n: number) => new Intl.NumberFormat(view.locale === 'vi' ? 'vi-VN' : 'en-GB').format(n);

const PLAN_TONE: Record<PlanDto['status'], Tone> = { planned: 'info', in_progress: 'warning', closed: 'neutral' };
const OUTCOME_TONE: Record<NonNullable<VisitDto['outcome']>, Tone> = { compliant: 'success', warning: 'warning', revocation_proposal: 'danger' };
const PROPOSAL_TONE: Record<ProposalDto['status'], Tone> = { open: 'warning', revoked: 'danger', dismissed: 'neutral' };

export const PlanStatus = ({ view, status }: { view: View; status: PlanDto['status'] }) =>
  <StatusBadge tone={PLAN_TONE[status]}>{tk(view, `insp.status.${status}`)}</StatusBadge>;
export const Outcome = ({ view, outcome }: { view: View; outcome: VisitDto['outcome'] }) =>
  <StatusBadge tone={outcome ? OUTCOME_TONE[outcome] : 'neutral'}>{tk(view, `insp.outcome.${outcome ?? 'pending'}`)}</StatusBadge>;
export const ProposalStatus = ({ view, status }: { view: View; status: ProposalDto['status'] }) =>
  <StatusBadge tone={PROPOSAL_TONE[status]}>{tk(view, `insp.pstatus.${status}`)}</StatusBadge>;

/** "41/50" (or "41" without a planned number). */
export const ofPlanned = (view: View, s: StatsDto) =>
  (s.producersPlanned !== null ? view.t('insp.ofPlanned', { visited: num(view, s.producersVisited), planned: num(view, s.producersPlanned) }) : num(view, s.producersVisited));

export function StatsBlock({ view, stats }: { view: View; stats: StatsDto }) {
  const { t } = view;
  return (
    <>
      <p class="insp-stats-text"><strong>{stats.text}</strong></p>
      <StatGrid items={[
        { label: t('insp.producersVisited'), value: ofPlanned(view, stats) },
        { label: t('insp.productsChecked'), value: stats.productsChecked },
        { label: t('insp.visitsCount'), value: stats.visits },
      ]} />
      <div class="grid grid-2">
        <DataTable caption={t('insp.findings')} empty="" rowKey={(k) => k}
          rows={[...INSPECTION_FINDINGS, 'none' as const]}
          columns={[
            { key: 'kind', label: t('insp.finding'), render: (k) => tk(view, `insp.finding.${k}`) },
            { key: 'n', label: t('insp.count'), numeric: true, render: (k) => num(view, stats.findings[k]) },
          ]} />
        <DataTable caption={t('insp.outcomes')} empty="" rowKey={(k) => k}
          rows={[...INSPECTION_OUTCOMES, 'pending' as const]}
          columns={[
            { key: 'kind', label: t('insp.outcome'), render: (k) => tk(view, `insp.outcome.${k}`) },
            { key: 'n', label: t('insp.count'), numeric: true, render: (k) => num(view, stats.outcomes[k]) },
          ]} />
      </div>
    </>
  );
}
