/**
 * Buyer organisations and the accounts that act for them: the only queries of `buyer_orgs` and
 * `buyer_org_members`.
 */
import { and, eq, sql } from 'drizzle-orm';
import { exec, type Ctx } from '../../context';
import { rows } from '../../db/client';
import { users } from '../identity/identity.tables';
import { buyerOrgMembers, buyerOrgs } from './trade.tables';

export type BuyerOrgRecord = typeof buyerOrgs.$inferSelect;
export type BuyerOrgRow = BuyerOrgRecord & { provinceName: string };

export async function insertOrg(ctx: Ctx, values: typeof buyerOrgs.$inferInsert): Promise<string | null> {
  const [row] = await exec(ctx).insert(buyerOrgs).values(values).onConflictDoNothing().returning({ id: buyerOrgs.id });
  return row?.id ?? null;
}

export async function taxCodeTaken(ctx: Ctx, taxCode: string): Promise<boolean> {
  const [row] = await exec(ctx).select({ id: buyerOrgs.id }).from(buyerOrgs).where(eq(buyerOrgs.taxCode, taxCode)).limit(1);
  return row !== undefined;
}

/** The member account (role buyer); null when the login is taken (also by a sign-up at the same moment). */
export async function insertMemberUser(ctx: Ctx, values: typeof users.$inferInsert): Promise<string | null> {
  const [row] = await exec(ctx).insert(users).values(values).onConflictDoNothing().returning({ id: users.id });
  return row?.id ?? null;
}

export async function addMember(ctx: Ctx, userId: string, orgId: string): Promise<void> {
  await exec(ctx).insert(buyerOrgMembers).values({ userId, orgId });
}

/** The organisation the user acts for, if any. */
export async function orgIdOfUser(ctx: Ctx, userId: string): Promise<string | null> {
  const [row] = await exec(ctx).select({ orgId: buyerOrgMembers.orgId }).from(buyerOrgMembers).where(eq(buyerOrgMembers.userId, userId)).limit(1);
  return row?.orgId ?? null;
}

const withProvince = sql`select o.*, p.name as province_name from buyer_orgs o join areas p on p.code = o.province_code`;

interface RawOrg {
  id: string; name: string; kind: BuyerOrgRecord['kind']; tax_code: string; commune_code: string; province_code: string; address: string;
  contact_name: string; phone: string; email: string; website: string | null; status: BuyerOrgRecord['status']; review_note: string | null;
  reviewed_by: string | null; reviewed_at: Date | string | null; is_sample: boolean; version: number; created_at: Date | string;
  updated_at: Date | string; province_name: string;
}
const date = (v: Date | string) => new Date(v);
const toRow = (r: RawOrg): BuyerOrgRow => ({
  id: r.id, name: r.name, kind: r.kind, taxCode: r.tax_code, communeCode: r.commune_code, provinceCode: r.province_code, address: r.address,
  contactName: r.contact_name, phone: r.phone, email: r.email, website: r.website, status: r.status, reviewNote: r.review_note,
  reviewedBy: r.reviewed_by, reviewedAt: r.reviewed_at === null ? null : date(r.reviewed_at), isSample: r.is_sample, version: r.version,
  createdAt: date(r.created_at), updatedAt: date(r.updated_at), provinceName: r.province_name,
});

export async function orgById(ctx: Ctx, id: string, lock = false): Promise<BuyerOrgRow | null> {
  const [r] = await rows<RawOrg>(exec(ctx), sql`${withProvince} where o.id = ${id}::uuid ${lock ? sql`for update of o` : sql``}`);
  return r ? toRow(r) : null;
}

/** A page of organisations (of a province; null: all), the pending first, then the newest. */
export async function listOrgs(ctx: Ctx, provinceCode: string | null, status: string | undefined, page: number, pageSize: number): Promise<{ items: BuyerOrgRow[]; total: number }> {
  const where = sql`where true ${provinceCode === null ? sql`` : sql`and o.province_code = ${provinceCode}`} ${status ? sql`and o.status = ${status}` : sql``}`;
  const [items, [count]] = await Promise.all([
    rows<RawOrg>(exec(ctx), sql`${withProvince} ${where} order by (o.status = 'pending') desc, o.created_at desc, o.id limit ${pageSize} offset ${(page - 1) * pageSize}`),
    rows<{ n: number }>(exec(ctx), sql`select count(*)::int as n from buyer_orgs o ${where}`),
  ]);
  return { items: items.map(toRow), total: count?.n ?? 0 };
}

/** Writes the officer's decision when the version is still the one read (false: changed meanwhile). */
export async function reviewOrg(ctx: Ctx, id: string, values: Pick<BuyerOrgRecord, 'status' | 'reviewNote' | 'reviewedBy' | 'reviewedAt'>, version: number): Promise<boolean> {
  const done = await exec(ctx).update(buyerOrgs)
    .set({ ...values, version: sql`${buyerOrgs.version} + 1`, updatedAt: values.reviewedAt ?? new Date() })
    .where(and(eq(buyerOrgs.id, id), eq(buyerOrgs.version, version))).returning({ id: buyerOrgs.id });
  return done.length === 1;
}
