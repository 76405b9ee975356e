/**
 * What the trade connection pages need beyond the API's use cases, composed of them: the products
 * a producer may offer on a demand (its own, certified today, of the demand's set and stars), an
 * offer sent with its file from one form (the file checked before the offer is made, so a bad file
 * leaves nothing half done), and the number of agreements counted as programme results in reach.
 */
import type { Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { todayInVietnam } from '../../domain/dates';
import { sniffDocumentType } from '../../domain/image';
import { COUNTED_AGREEMENT_STATUSES } from '../../domain/trade';
import { AppError, problem } from '../../errors';
import type { UploadedFile } from '../../web/multipart';
import { listAgreements } from './agreements.service';
import { certifiedProductsOf } from './demands.repository';
import { readableDemand } from './demands.service';
import { addOfferFile, makeOffer, OFFER_FILE_LIMITS } from './offers.service';
import type { OfferDto, OfferInput } from './trade.schema';

export interface OfferableProduct { id: string; name: string; stars: number; certificateNumber: string }

/** The acting producer's products certified today that fit the demand (empty for anyone else). */
export async function offerableProducts(ctx: Ctx, demandId: string): Promise<OfferableProduct[]> {
  const actor = requireActor(ctx);
  const d = await readableDemand(ctx, demandId);
  if (actor.role !== 'producer' || !actor.producerId) return [];
  const certified = await certifiedProductsOf(ctx, actor.producerId, todayInVietnam(ctx.deps.clock()));
  return certified
    .filter((p) => (d.product_set_code === null || p.productSetCode === d.product_set_code) && p.stars >= (d.min_stars ?? 0))
    .map((p) => ({ id: p.productId, name: p.name, stars: p.stars, certificateNumber: p.certificateNumber }));
}

/** The refusal (a field problem, for the form) of a file an offer cannot carry: too large, empty, not a PDF or picture; or null. */
export function offerFileProblem(file: UploadedFile): AppError | null {
  const maxMb = OFFER_FILE_LIMITS.maxBytes / 1024 / 1024;
  if (file.data.length === 0 || file.truncated || file.data.length > OFFER_FILE_LIMITS.maxBytes) {
    return new AppError('validation_failed', 'choose a file of at most 10 MB', { file: problem('trade.file', { maxMb }) });
  }
  if (!sniffDocumentType(file.data)) return new AppError('validation_failed', 'send a PDF, JPEG, PNG or WebP file', { file: problem('trade.file', { maxMb }) });
  return null;
}

/** Makes the offer, then attaches the file sent with it (checked first). */
export async function makeOfferWithFile(ctx: Ctx, demandId: string, input: OfferInput, file: UploadedFile | null): Promise<OfferDto> {
  const refused = file ? offerFileProblem(file) : null;
  if (refused) throw refused;
  const offer = await makeOffer(ctx, demandId, input);
  return file ? addOfferFile(ctx, offer.id, file) : offer;
}

/** How many agreements in the actor's reach count as programme results ("hợp đồng tiêu thụ"). */
export async function countedAgreements(ctx: Ctx): Promise<number> {
  const totals = await Promise.all(COUNTED_AGREEMENT_STATUSES.map((status) => listAgreements(ctx, { status, page: 1, pageSize: 1 })));
  return totals.reduce((n, x) => n + x.total, 0);
}
