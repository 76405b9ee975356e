/** What loading the demo's sample buyer organisations needs beyond the services: the only queries of trade.demo.ts. */
import { eq, inArray, sql } from 'drizzle-orm';
import { exec, type Actor, type Ctx } from '../../context';
import { users } from '../identity/identity.tables';
import { buyerOrgMembers, buyerOrgs, tradeDemands } from './trade.tables';

/** The organisation's first member as an actor (the demo posts its demands as that account). */
export async function memberActor(ctx: Ctx, orgId: string): Promise<Actor> {
  const [u] = await exec(ctx).select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(buyerOrgMembers).innerJoin(users, eq(users.id, buyerOrgMembers.userId)).where(eq(buyerOrgMembers.orgId, orgId)).limit(1);
  if (!u) throw new Error(`demo trade: organisation ${orgId} has no member`);
  return { userId: u.id, username: u.username, displayName: u.displayName, role: 'buyer', areaCode: null, provinceCode: null, producerId: null, label: u.username };
}

/** Marks the organisation, its members and its demands as sample data. */
export async function markSample(ctx: Ctx, orgId: string): Promise<void> {
  const db = exec(ctx);
  await db.update(buyerOrgs).set({ isSample: true }).where(eq(buyerOrgs.id, orgId));
  await db.update(tradeDemands).set({ isSample: true }).where(eq(tradeDemands.buyerOrgId, orgId));
  await db.update(users).set({ isSample: true }).where(inArray(users.id, sql`(select user_id from buyer_org_members where org_id = ${orgId}::uuid)`));
}
