/**
 * Trade facts for the notices' tests, written straight into the trade tables with the audit row
 * the trade services write (the audit contract of issue 16), so the dispatcher's side is tested
 * whatever the state of the trade pages.
 */
import { eq } from 'drizzle-orm';
import type { Ctx } from '../../src/context';
import { makeTaxCode } from '../../src/domain/tax-code';
import { recordAudit } from '../../src/modules/audit/audit.service';
import { producers } from '../../src/modules/registry/registry.tables';
import {
  buyerOrgMembers, buyerOrgs, tradeAgreements, tradeDemandMatches, tradeDemands, tradeEventRegistrations, tradeEvents, tradeMessages, tradeOffers,
} from '../../src/modules/trade/trade.tables';
import { nextSeq } from '../helpers/builders';

const db = (ctx: Ctx) => ctx.deps.database.db;

/** Write an audit row as `ctx`'s actor (the dispatcher reads these). */
export const audit = (ctx: Ctx, action: string, entityId: string, after: Record<string, unknown> = {}, provinceCode: string | null = null) =>
  recordAudit(ctx, { action, entityType: action.slice(0, action.indexOf('.')), entityId, provinceCode, after });

export async function insertBuyerOrg(ctx: Ctx, o: { communeCode: string; provinceCode: string; phone?: string; memberIds?: string[]; status?: 'pending' | 'verified' }) {
  const n = nextSeq();
  const [row] = await db(ctx).insert(buyerOrgs).values({
    name: `Siêu thị Thử nghiệm ${n}`, kind: 'supermarket', taxCode: makeTaxCode(40_000_000 + n), communeCode: o.communeCode, provinceCode: o.provinceCode,
    address: `Số ${n} phố Thử`, contactName: `Trần Thị ${n}`, phone: o.phone ?? '0243 765 4321', email: `mua${n}@example.vn`, status: o.status ?? 'verified',
  }).returning({ id: buyerOrgs.id, name: buyerOrgs.name });
  for (const userId of o.memberIds ?? []) await db(ctx).insert(buyerOrgMembers).values({ userId, orgId: row!.id });
  return row!;
}

export async function setProducerPhone(ctx: Ctx, producerId: string, phone: string | null) {
  await db(ctx).update(producers).set({ phone }).where(eq(producers.id, producerId));
}

export async function insertDemand(ctx: Ctx, d: { orgId: string; createdBy: string; deliveryProvinceCode: string; matches: { productId: string; producerId: string }[] }) {
  const [row] = await db(ctx).insert(tradeDemands).values({
    buyerOrgId: d.orgId, title: 'Mật ong 4 sao cho chuỗi siêu thị', productSetCode: '4', minStars: 4, quantity: 500, unit: 'chai',
    deliveryProvinceCode: d.deliveryProvinceCode, deadline: '2026-07-31', createdBy: d.createdBy,
  }).returning({ id: tradeDemands.id });
  if (d.matches.length) await db(ctx).insert(tradeDemandMatches).values(d.matches.map((m, i) => ({ demandId: row!.id, ...m, rank: i + 1 })));
  return row!.id;
}

export async function insertOffer(ctx: Ctx, o: { demandId: string; producerId: string; productId: string; createdBy: string }) {
  const [row] = await db(ctx).insert(tradeOffers).values({ ...o, unitPrice: 185_000, quantity: 300, deliveryOn: '2026-08-15' }).returning({ id: tradeOffers.id });
  return row!.id;
}

export async function insertMessage(ctx: Ctx, m: { demandId: string; producerId: string; side: 'buyer' | 'producer'; authorId: string; body: string }) {
  const [row] = await db(ctx).insert(tradeMessages).values(m).returning({ id: tradeMessages.id });
  return String(row!.id);
}

export async function insertAgreement(ctx: Ctx, a: { producerId: string; buyerOrgId: string | null; buyerName: string; provinceCode: string }) {
  const [row] = await db(ctx).insert(tradeAgreements).values({ ...a, code: `HD-TEST-${nextSeq()}`, value: 55_500_000 })
    .returning({ id: tradeAgreements.id, code: tradeAgreements.code });
  return row!;
}

export async function insertEvent(ctx: Ctx, e: { createdBy: string; communeCode: string; provinceCode: string; ownerProvinceCode: string | null; startsOn: string; status?: 'draft' | 'published' }) {
  const [row] = await db(ctx).insert(tradeEvents).values({
    kind: 'fair', title: `Hội chợ OCOP thử nghiệm ${nextSeq()}`, startsOn: e.startsOn, endsOn: e.startsOn, venueName: 'Nhà văn hóa', venueAddress: 'Số 1 đường Lê Lợi',
    venueCommuneCode: e.communeCode, provinceCode: e.provinceCode, organiser: 'Sở Công Thương', ownerProvinceCode: e.ownerProvinceCode,
    status: e.status ?? 'published', createdBy: e.createdBy,
  }).returning({ id: tradeEvents.id, title: tradeEvents.title });
  return row!;
}

export async function insertRegistration(ctx: Ctx, r: { eventId: string; producerId: string; createdBy: string; status?: 'pending' | 'approved'; booth?: string | null }) {
  const [row] = await db(ctx).insert(tradeEventRegistrations).values({
    eventId: r.eventId, producerId: r.producerId, createdBy: r.createdBy, status: r.status ?? 'pending', booth: r.booth ?? null,
  }).returning({ id: tradeEventRegistrations.id, version: tradeEventRegistrations.version });
  return row!;
}
