/**
 * Demands (issue 16, item 2): a verified buyer organisation posts what it wants to buy; matching
 * suggests the certified products that fit (domain rankMatches: set, stars, the delivery province
 * first, in-stock listings next) and keeps the best MATCH_LIMIT, whose producers are told (the
 * notices dispatcher reads the `trade_demand.create` audit row and the matches, after the answer).
 * A producer sees the demands it was matched to or that its certified products fit now; a buyer
 * its organisation's; officers those delivered to, or posted from, their province.
 */
import { inTx, type Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { t } from '../../core/i18n';
import { todayInVietnam } from '../../domain/dates';
import { isUuid } from '../../domain/ids';
import { normalizeVi } from '../../domain/text';
import { demandGuard, rankMatches } from '../../domain/trade';
import { AppError, notFound, problem, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import { catalogueIndex } from '../portal/catalogue.snapshot';
import * as orgs from './buyer-orgs.repository';
import { memberOf } from './buyer-orgs.service';
import * as repo from './demands.repository';
import { declineOthers } from './offers.repository';
import { canReadDemand, officerProvince } from './trade.policy';
import { DemandInputSchema, type DemandDto, type DemandInput, type DemandQuery, type MatchDto } from './trade.schema';

/** How many matched products a demand keeps (and whose producers are told). */
export const MATCH_LIMIT = 200;

const today = (ctx: Ctx) => todayInVietnam(ctx.deps.clock());

export const demandDto = (d: repo.DemandRow): DemandDto => ({
  id: d.id, buyer: { id: d.buyer_org_id, name: d.buyer_name }, title: d.title, productSet: d.product_set_code, productSetName: d.product_set_name,
  minStars: d.min_stars, quantity: d.quantity, unit: d.unit, deliveryProvince: d.delivery_province_code, deliveryProvinceName: d.delivery_province_name,
  deadline: d.deadline, status: d.status, offers: d.offers, description: d.description, packaging: d.packaging, neededBy: d.needed_by,
  certifications: d.certifications, matched: d.matched, isSample: d.is_sample, createdAt: new Date(d.created_at).toISOString(),
});

/** The demand when the actor may read it; 404 otherwise (its existence does not leak). */
export async function readableDemand(ctx: Ctx, id: string): Promise<repo.DemandRow> {
  const actor = requireActor(ctx);
  const d = isUuid(id) ? await repo.demandById(ctx, id) : null;
  if (!d) throw notFound('demand');
  const fitsProducer = actor.role === 'producer' && actor.producerId !== null && await repo.producerSeesDemand(ctx, d.id, actor.producerId, today(ctx));
  const facts = { buyerOrgId: d.buyer_org_id, buyerProvinceCode: d.buyer_province_code, deliveryProvinceCode: d.delivery_province_code, fitsProducer };
  if (!canReadDemand(actor, facts, await memberOf(ctx))) throw notFound('demand');
  return d;
}

/**
 * The certified products that fit a demand, best first (at most `limit`): what a demand is
 * matched to when posted, and what the bench measures against the national dataset. The
 * candidates come from the catalogue's index in memory (every product certified today, kept true
 * by the change feed): those of the demand's set — or, for a free-text demand, whose words begin
 * with the title's words, as the catalogue's word search — with at least its stars; one statement
 * asks which of them have a listing in stock; the domain ranks them.
 */
export async function matchDemand(ctx: Ctx, d: { productSetCode: string | null; minStars: number | null; deliveryProvinceCode: string; title: string }, limit = MATCH_LIMIT): Promise<repo.CandidateRow[]> {
  const index = await catalogueIndex(ctx);
  const words = d.productSetCode === null ? normalizeVi(d.title.slice(0, 200)).split(' ').filter(Boolean).slice(0, 8) : [];
  if (d.productSetCode === null && !words.length) return [];
  const minStars = d.minStars ?? 0;
  const fits = index.orders.default.filter((e) => e.stars >= minStars
    && (d.productSetCode !== null ? e.setCode === d.productSetCode : words.every((w) => e.words.some((x) => x.startsWith(w)))));
  const stocked = await repo.inStockProducts(ctx, fits.map((e) => e.id));
  const ranked = rankMatches(
    { productSetCode: d.productSetCode, minStars: d.minStars, deliveryProvince: d.deliveryProvinceCode },
    fits.map((e) => ({ productId: e.id, productSetCode: e.setCode, stars: e.stars, provinceCode: e.provinceCode, inStock: stocked.has(e.id), e })),
  );
  return ranked.slice(0, limit).map(({ e, inStock }) => ({
    product_id: e.id, product_name: e.name, product_set_code: e.setCode, stars: e.stars, producer_id: e.producerId, producer_name: e.producerName,
    province_code: e.provinceCode, province_name: index.labels.province.get(e.provinceCode) ?? e.provinceCode, in_stock: inStock,
  }));
}

/** Posts a demand for the actor's verified organisation, with its matches. */
export async function postDemand(ctx: Ctx, raw: DemandInput): Promise<DemandDto> {
  const actor = requireActor(ctx);
  const orgId = await memberOf(ctx);
  const org = orgId ? await orgs.orgById(ctx, orgId) : null;
  if (!org) throw new AppError('forbidden', 'only a buyer organisation posts demands');
  const guard = demandGuard(org);
  if (!guard.ok) throw new AppError('buyer_not_verified', 'an officer has not verified the organisation yet');
  const parsed = DemandInputSchema.safeParse(raw);
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  const d = parsed.success ? parsed.data : null;
  const day = today(ctx);
  if (d) {
    if (d.productSetCode && !(await repo.productSetExists(ctx, d.productSetCode))) fields.productSetCode = problem('trade.unknown_product_set');
    if (!(await repo.provinceExists(ctx, d.deliveryProvinceCode))) fields.deliveryProvinceCode = problem('trade.unknown_province');
    if (d.deadline < day) fields.deadline = problem('trade.deadline_past');
    if (d.neededBy && d.neededBy < d.deadline) fields.neededBy = problem('trade.needed_before_deadline');
  }
  if (!d || Object.keys(fields).length) throw validation(fields);
  const matches = await matchDemand(ctx, { ...d, title: d.title });
  return inTx(ctx, async (tx) => {
    const now = ctx.deps.clock();
    const id = await repo.insertDemand(tx, {
      buyerOrgId: org.id, title: d.title, description: d.description, productSetCode: d.productSetCode, minStars: d.minStars, quantity: d.quantity,
      unit: d.unit, packaging: d.packaging, deliveryProvinceCode: d.deliveryProvinceCode, neededBy: d.neededBy, certifications: d.certifications,
      deadline: d.deadline, createdBy: actor.userId, createdAt: now, updatedAt: now,
    });
    await repo.insertMatches(tx, matches.map((m, i) => ({ demandId: id, productId: m.product_id, producerId: m.producer_id, rank: matches.length - i, createdAt: now })));
    await recordAudit(tx, {
      action: 'trade_demand.create', entityType: 'trade_demand', entityId: id, provinceCode: d.deliveryProvinceCode,
      after: { title: d.title, productSetCode: d.productSetCode, minStars: d.minStars, deliveryProvinceCode: d.deliveryProvinceCode, matched: matches.length },
    });
    return demandDto((await repo.demandById(tx, id))!);
  });
}

export async function listDemands(ctx: Ctx, q: DemandQuery): Promise<{ items: DemandDto[]; total: number; page: number; pageSize: number }> {
  const actor = requireActor(ctx);
  let scope: repo.DemandScope;
  if (actor.role === 'buyer') {
    const orgId = await memberOf(ctx);
    if (!orgId) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    scope = { kind: 'buyer', orgId };
  } else if (actor.role === 'producer') {
    if (!actor.producerId) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    scope = { kind: 'producer', producerId: actor.producerId, today: today(ctx) };
  } else {
    const province = officerProvince(actor);
    if (province === undefined) throw new AppError('forbidden', 'not a party of trade connection');
    scope = { kind: 'officer', provinceCode: province };
  }
  const { items, total } = await repo.listDemands(ctx, scope, q.status, q.page, q.pageSize);
  return { items: items.map(demandDto), total, page: q.page, pageSize: q.pageSize };
}

export async function getDemand(ctx: Ctx, id: string): Promise<DemandDto> {
  return demandDto(await readableDemand(ctx, id));
}

/** The products matched to a demand (its buyer and officers; a producer sees only the demand). */
export async function demandMatches(ctx: Ctx, id: string): Promise<MatchDto[]> {
  const d = await readableDemand(ctx, id);
  if (requireActor(ctx).role === 'producer') throw notFound('demand matches');
  const day = today(ctx);
  return (await repo.matchesOf(ctx, d.id, day, MATCH_LIMIT)).map((m) => ({
    product: { id: m.product_id, name: m.product_name, stars: m.stars, productSet: m.product_set_code },
    producer: { id: m.producer_id, name: m.producer_name, provinceCode: m.province_code, provinceName: m.province_name },
    inStock: m.in_stock, sameProvince: m.province_code === d.delivery_province_code,
  }));
}

/** The buyer closes its open demand (no more offers) or cancels it (with nothing accepted). */
export async function endDemand(ctx: Ctx, id: string, action: 'close' | 'cancel'): Promise<DemandDto> {
  const d = await readableDemand(ctx, id);
  if ((await memberOf(ctx)) !== d.buyer_org_id) throw new AppError('forbidden', 'only the buyer ends its demand');
  return inTx(ctx, async (tx) => {
    const locked = await repo.lockDemand(tx, d.id);
    if (!locked || (locked.status !== 'open' && !(action === 'close' && locked.status === 'awarded'))) throw new AppError('invalid_transition', `the demand is ${locked?.status}`);
    const to = action === 'close' ? 'closed' : 'cancelled';
    const now = ctx.deps.clock();
    await repo.setDemandStatus(tx, d.id, to, now);
    // Offers still waiting are answered: the buyer has chosen (closed) or wants nothing now (cancelled).
    await declineOthers(tx, d.id, null, t('vi', action === 'close' ? 'trade.note.closed' : 'trade.note.cancelled'), now);
    await recordAudit(tx, { action: `trade_demand.${action}`, entityType: 'trade_demand', entityId: d.id, provinceCode: d.delivery_province_code, before: { status: locked.status }, after: { status: to } });
    return demandDto((await repo.demandById(tx, d.id))!);
  });
}
