/**
 * Assisted filing (decisions/029): what a dossier records when an officer files it on the
 * producer's behalf, and what its page and API show of it — who filed it and when, the handover
 * to the producer's account, who holds the forms now. The rules are in dossier.policy.ts.
 */
import type { Actor, Ctx } from '../../context';
import * as repo from './dossier.repository';
import { canHandOver, custodyOf, filesOnBehalf, type Located } from './dossier.policy';
import type { AssistedFilingDto } from './dossier.schema';

/** The name recorded with an officer's step: their display name, else their login. */
export const nameOf = (actor: Actor): string => actor.displayName.trim() || actor.label;

/** The columns a new dossier gets: filed on the producer's behalf when an officer of its area opens it. */
export function filedByColumns(actor: Actor, product: Located): Pick<repo.DossierInsert, 'filedOnBehalf' | 'filedByUserId' | 'filedByName' | 'filedByRole'> {
  if (!filesOnBehalf(actor, product)) return { filedOnBehalf: false, filedByUserId: null, filedByName: null, filedByRole: null };
  return { filedOnBehalf: true, filedByUserId: actor.userId, filedByName: nameOf(actor), filedByRole: actor.role };
}

/** The assisted-filing facts of a dossier for the caller (the producer's accounts only to who may hand it over). */
export async function assistedFilingOf(ctx: Ctx, actor: Actor, row: repo.DossierRow): Promise<AssistedFilingDto> {
  const mayHandOver = canHandOver(actor, row);
  return {
    filedBy: row.filedOnBehalf ? {
      userId: row.filedByUserId, name: row.filedByName ?? row.createdBy, role: row.filedByRole ?? 'commune_officer', at: row.createdAt.toISOString(),
    } : null,
    handedOver: row.handedOverAt ? {
      at: row.handedOverAt.toISOString(), byUserId: row.handedOverByUserId, byName: row.handedOverByName ?? '',
      toUserId: row.handedOverToUserId, toName: row.handedOverToName ?? '',
    } : null,
    custody: custodyOf(row),
    mayHandOver,
    producerAccounts: mayHandOver ? await repo.producerAccounts(ctx, row.producerId) : [],
  };
}
