/**
 * The result of a dossier's evaluation as its page shows it: the council's latest closed round
 * (a producer sees it once a decision on the round is published) and the certificate issued.
 * The dossier module reads it from the council and certification tables itself rather than
 * calling those modules, which come after it.
 */
import type { Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import * as repo from './dossier.repository';
import type { DossierDto, DossierResultDto } from './dossier.schema';

/** Statuses in which a dossier may have a council result. */
const EVALUATED = ['in_round', 'evaluated', 'recognised', 'not_recognised'];

/** The result once the caller may see it, else null. `d` is a dossier the caller has already been allowed to read. */
export async function dossierResult(ctx: Ctx, d: Pick<DossierDto, 'id' | 'status'>): Promise<DossierResultDto | null> {
  if (!EVALUATED.includes(d.status)) return null;
  const actor = requireActor(ctx);
  const rounds = await repo.closedRoundsOfDossier(ctx, d.id);
  const latest = (actor.role === 'producer' ? rounds.filter((r) => r.published) : rounds)[0];
  if (!latest) return null;
  const r = latest.result;
  return {
    dossierId: d.id, roundId: latest.round.id, roundName: latest.round.name, level: latest.round.level,
    meanScore: r.meanScore, stars: r.bandStars, recognisedStars: r.recognisedStars, potentialFiveStar: r.potentialFiveStar,
    forwarded: r.forwarded, eliminated: r.eliminated, published: Boolean(latest.published),
    certificateNumber: await repo.certificateNumberOfDossier(ctx, d.id),
  };
}
