/**
 * Assisted filing on the dossier page (decisions/029): who filed the dossier on the producer's
 * behalf and when, the handover to the producer's account (or why it cannot happen yet), and the
 * handover form for the officers who hold it. Components only.
 */
import type { View } from '../../web/view';
import { CsrfField, SelectField, SubmitRow } from '../../web/components/form';
import { Card } from '../../web/components/page';
import { StatusBadge } from '../../web/components/badges';
import type { FieldMessages } from '../../errors';
import { formatDateTimeVi } from '../../domain/dates';
import type { DossierDto } from './dossier.schema';

const FILER_ROLES = ['commune_officer', 'province_officer', 'national_admin'] as const;
type FilerRole = (typeof FILER_ROLES)[number];

/** "Hồ sơ do UBND xã lập thay chủ thể" (or the province's / national office's wording, by the filer's role). */
export function filedByLabel(view: View, role: string): string {
  const r: FilerRole = (FILER_ROLES as readonly string[]).includes(role) ? role as FilerRole : 'commune_officer';
  return view.t(`assisted.filedBy.${r}`);
}

/** A small badge for lists: the dossier was filed on the producer's behalf. */
export const OnBehalfBadge = ({ view }: { view: View }) => <StatusBadge tone="info">{view.t('assisted.badge')}</StatusBadge>;

function HandoverForm({ view, d, error }: { view: View; d: DossierDto; error?: string | undefined }) {
  const { t } = view;
  const accounts = d.assisted.producerAccounts;
  if (!accounts.length) return <p class="muted" id="handover-no-account">{t('assisted.noAccount')}</p>;
  return (
    <form method="post" action={`/admin/dossiers/${d.id}/handover`} novalidate data-module="confirm" data-confirm={t('assisted.handoverConfirm')}>
      <CsrfField token={view.csrfToken} />
      <input type="hidden" name="version" value={String(d.version)} />
      {accounts.length > 1 ? (
        <SelectField name="userId" label={t('assisted.account')} value="" required placeholder="—" error={error}
          options={accounts.map((a) => ({ value: a.id, label: a.name }))} />
      ) : (
        <>
          <input type="hidden" name="userId" value={accounts[0]!.id} />
          <p>{t('assisted.account')}: <strong>{accounts[0]!.name}</strong></p>
        </>
      )}
      <p class="field-hint">{t('assisted.handoverHint')}</p>
      <SubmitRow><button type="submit" class="btn btn-primary">{t('assisted.handover')}</button></SubmitRow>
    </form>
  );
}

/** The card of a dossier filed on the producer's behalf; nothing for a dossier the producer filed. */
export function AssistedFilingCard({ view, d, errors }: { view: View; d: DossierDto; errors?: FieldMessages | undefined }) {
  const { t } = view;
  const a = d.assisted;
  if (!a.filedBy) return null;
  return (
    <Card title={filedByLabel(view, a.filedBy.role)} variant="accent">
      <div class="assisted-filing" id="assisted-filing">
        <p>{t('assisted.filedByLine', { name: a.filedBy.name, at: formatDateTimeVi(new Date(a.filedBy.at)) })}</p>
        {a.handedOver ? (
          <p>{t('assisted.handedOverLine', { to: a.handedOver.toName, at: formatDateTimeVi(new Date(a.handedOver.at)), by: a.handedOver.byName })}</p>
        ) : <p class="small">{t(a.mayHandOver ? 'assisted.heldByOfficers' : 'assisted.heldForProducer')}</p>}
        {a.mayHandOver ? <HandoverForm view={view} d={d} error={errors?.userId} /> : null}
      </div>
    </Card>
  );
}
