/**
 * The rounds list, "my sheets" (a member's sheets across rounds) and the new-round form. Views
 * only: the data comes as props from round.routes.tsx.
 */
import type { View } from '../../web/view';
import type { FieldMessages } from '../../errors';
import { Layout } from '../../web/components/layout';
import { Checkbox, CsrfField, ErrorSummary, SelectField, SubmitRow, TextField } from '../../web/components/form';
import { DataTable } from '../../web/components/table';
import { BackLink, EmptyState, PageHeader } from '../../web/components/page';
import { StatusBadge, type Tone } from '../../web/components/badges';
import { formatDateVi } from '../../domain/dates';
import type { MySheetDto, RoundInput, RoundDto, RoundSummaryDto } from './council.schema';

const STATUS_TONE: Record<RoundDto['status'], Tone> = { planning: 'neutral', scoring: 'info', closed: 'success' };

export function RoundStatus({ view, status }: { view: View; status: RoundDto['status'] }) {
  return <StatusBadge tone={STATUS_TONE[status]}>{view.t(`round.status.${status}`)}</StatusBadge>;
}

export function RoundsListPage({ view, items, organiser }: { view: View; items: RoundSummaryDto[]; organiser: boolean }) {
  const { t } = view;
  return (
    <Layout view={view} title={t('rounds.title')} active="/admin/rounds">
      <PageHeader title={t('rounds.title')} lead={t('rounds.lead')}
        actions={<>
          <a class="btn btn-secondary" href="/admin/rounds/my-sheets">{t('rounds.mySheets')}</a>
          {organiser && <a class="btn btn-primary" href="/admin/rounds/new">{t('rounds.new')}</a>}
        </>} />
      <DataTable<RoundSummaryDto>
        caption={t('rounds.title')} captionHidden rows={items} empty={<EmptyState>{t('rounds.empty')}</EmptyState>} rowKey={(i) => i.id}
        columns={[
          { key: 'name', label: t('round.name'), render: (i) => <a href={`/admin/rounds/${i.id}`}>{i.name}</a> },
          { key: 'level', label: t('round.level'), render: (i) => `${t(`round.level.${i.level}`)}${i.provinceCode ? ` ${i.provinceCode}` : ''}${i.twoStage ? ` · ${t('round.stage', { stage: i.stage })}` : ''}` },
          { key: 'date', label: t('round.sessionDate'), render: (i) => formatDateVi(i.sessionDate) },
          { key: 'dossiers', label: t('round.dossiers'), numeric: true, render: (i) => i.dossierCount },
          { key: 'status', label: t('round.status'), render: (i) => <RoundStatus view={view} status={i.status} /> },
        ]}
      />
    </Layout>
  );
}

export function MySheetsPage({ view, items }: { view: View; items: MySheetDto[] }) {
  const { t } = view;
  return (
    <Layout view={view} title={t('rounds.mySheets')} active="/admin/rounds">
      <BackLink href="/admin/rounds">{t('rounds.title')}</BackLink>
      <PageHeader title={t('rounds.mySheets')} lead={t('rounds.mySheetsLead')} />
      <DataTable<MySheetDto>
        caption={t('rounds.mySheets')} captionHidden rows={items} empty={t('rounds.mySheetsEmpty')} rowKey={(i) => `${i.roundId}-${i.dossierId}`}
        columns={[
          { key: 'product', label: t('round.product'), render: (i) => <a href={`/admin/rounds/${i.roundId}/dossiers/${i.dossierId}/score`}>{i.productName}</a> },
          { key: 'producer', label: t('round.producer'), render: (i) => i.producerName },
          { key: 'round', label: t('round.name'), render: (i) => i.roundName },
          { key: 'status', label: t('round.status'), render: (i) => <StatusBadge tone={i.status === 'submitted' ? 'success' : i.rescoreReason ? 'warning' : 'neutral'}>{t(`sheet.status.${i.status}`)}{i.attempt > 1 ? ` (${i.attempt})` : ''}</StatusBadge> },
        ]}
      />
    </Layout>
  );
}

export function NewRoundPage({ view, values, errors, summary, defaults }: {
  view: View; values: Partial<RoundInput>; errors: FieldMessages; summary?: string | undefined;
  /** The regime's next cut-off day on or after today, and its cut-off days (round.service newRoundDefaults). */
  defaults: { cutoffDate: string | null; cutoffs: string[] };
}) {
  const { t } = view;
  const labels = { name: t('round.name'), level: t('round.level'), provinceCode: t('round.province'), sessionDate: t('round.sessionDate'), cutoffDate: t('round.cutoffDate'), spreadLimit: t('round.spreadLimit'), previousRoundId: t('round.previous') };
  return (
    <Layout view={view} title={t('rounds.new')} active="/admin/rounds">
      <BackLink href="/admin/rounds">{t('rounds.title')}</BackLink>
      <PageHeader title={t('rounds.new')} lead={t('rounds.lead')} />
      {summary && <ErrorSummary title={summary} errors={errors} labels={labels} />}
      <form method="post" action="/admin/rounds" class="form-narrow" novalidate>
        <CsrfField token={view.csrfToken} />
        <TextField name="name" label={labels.name} value={values.name} required maxLength={300} error={errors.name} />
        <SelectField name="level" label={labels.level} value={values.level ?? 'province'} required error={errors.level}
          options={[{ value: 'province', label: t('round.level.province') }, { value: 'national', label: t('round.level.national') }]} />
        <TextField name="provinceCode" label={labels.provinceCode} value={values.provinceCode ?? view.actor?.areaCode ?? ''} width="sm" inputMode="numeric" maxLength={2} error={errors.provinceCode} optionalLabel={t('form.optional')} />
        <TextField name="sessionDate" type="date" label={labels.sessionDate} value={values.sessionDate} required error={errors.sessionDate} />
        <TextField name="cutoffDate" type="date" label={labels.cutoffDate}
          hint={defaults.cutoffs.length ? t('round.cutoffHint', { days: defaults.cutoffs.map((md) => `${Number(md.slice(3))}/${Number(md.slice(0, 2))}`).join(', ') }) : t('round.cutoffHintNone')}
          value={values.cutoffDate ?? (summary ? '' : defaults.cutoffDate ?? '')} error={errors.cutoffDate} optionalLabel={t('form.optional')} />
        <TextField name="spreadLimit" type="number" label={labels.spreadLimit} value={values.spreadLimit ?? 10} width="sm" error={errors.spreadLimit} />
        <Checkbox name="twoStage" label={t('round.twoStage')} checked={Boolean(values.twoStage)} />
        <TextField name="previousRoundId" label={labels.previousRoundId} value={values.previousRoundId ?? ''} error={errors.previousRoundId} optionalLabel={t('form.optional')} spellcheck={false} />
        <SubmitRow>
          <button type="submit" class="btn btn-primary">{t('rounds.new')}</button>
          <a class="btn btn-ghost" href="/admin/rounds">{t('common.cancel')}</a>
        </SubmitRow>
      </form>
    </Layout>
  );
}
