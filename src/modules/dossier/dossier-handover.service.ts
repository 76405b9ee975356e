/**
 * Handing an assisted dossier to the producer's account (decisions/029): an officer of the
 * dossier's area, while the officers hold it, names one of the producer's accounts; from then on
 * the producer owns the forms and the officers keep their review rights only. Who filed it on
 * the producer's behalf stays on the dossier, its timeline and its forms.
 */
import { inTx, type Ctx } from '../../context';
import { AppError, problem, validation, zodFieldErrors } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import { requireActor } from '../../core/actor';
import * as repo from './dossier.repository';
import { canHandOver } from './dossier.policy';
import { nameOf } from './dossier-assisted';
import { recordDossierEvent } from './dossier-status';
import { loadDossierDto, readableDossier } from './dossier.service';
import { HandoverInputSchema, type DossierDto, type HandoverInput } from './dossier.schema';

export async function handOverDossier(ctx: Ctx, id: string, raw: HandoverInput): Promise<DossierDto> {
  const actor = requireActor(ctx);
  const before = await readableDossier(ctx, id);
  const parsed = HandoverInputSchema.safeParse(raw);
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  if (!before.filedOnBehalf) throw new AppError('invalid_transition', 'the producer filed this dossier; there is nothing to hand over');
  if (before.handedOverAt) throw new AppError('invalid_transition', 'the dossier was already handed over to the producer\'s account');
  if (!canHandOver(actor, before)) throw new AppError('forbidden', 'only an officer of the dossier\'s area hands it over');
  const accounts = await repo.producerAccounts(ctx, before.producerId);
  if (!accounts.length) throw validation({ userId: problem('dossier.no_producer_account') }, 'the producer has no account yet');
  const { userId, version } = parsed.data;
  const to = userId ? accounts.find((a) => a.id === userId) : accounts.length === 1 ? accounts[0] : undefined;
  if (!to) throw validation({ userId: problem(userId ? 'dossier.unknown_account' : 'dossier.choose_account') });

  return inTx(ctx, async (tx) => {
    const now = tx.deps.clock();
    const after = await repo.handOverDossierRow(tx, id, version, {
      handedOverAt: now, handedOverByUserId: actor.userId, handedOverByName: nameOf(actor), handedOverToUserId: to.id, handedOverToName: to.name,
    });
    if (!after) throw new AppError('conflict', 'the dossier was changed by someone else; reload and try again');
    await recordDossierEvent(tx, id, 'handover', before.status, before.status, to.name);
    await recordAudit(tx, {
      action: 'dossier.handover', entityType: 'dossier', entityId: id, provinceCode: before.provinceCode,
      before: { custody: 'officer', filedByUserId: before.filedByUserId, filedByName: before.filedByName, version: before.version },
      after: { custody: 'producer', handedOverToUserId: to.id, handedOverToName: to.name, version: after.version },
    });
    return loadDossierDto(tx, actor, id);
  });
}
