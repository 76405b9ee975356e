/**
 * SAMPLE buyer organisations and their open demands for the demo (seed/demo/trade.json): signed
 * up, verified and posted through the same services as a supermarket and an officer would, then
 * marked `is_sample` (outside any transaction: matching reads the catalogue's index). The demand's dates are counted from the day the demo is loaded, so it is
 * open whenever the demo starts.
 */
import type { Ctx } from '../../context';
import { todayInVietnam } from '../../domain/dates';
import * as repo from './trade-demo.repository';
import { reviewBuyerOrg, signUpBuyerOrg } from './buyer-orgs.service';
import { postDemand } from './demands.service';
import type { DemandInput } from './trade.schema';

export interface DemoBuyerOrg {
  username: string; name: string; kind: 'supermarket' | 'distributor' | 'exporter' | 'hotel' | 'restaurant' | 'airport';
  taxCode: string; communeCode: string; address: string; contactName: string; phone: string; email: string;
  demands: (Omit<DemandInput, 'deadline' | 'neededBy'> & { deadlineInDays: number; neededInDays: number })[];
}

const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Loads the organisations (their member accounts get `password`); the usernames made. */
export async function loadDemoTrade(ctx: Ctx, entries: readonly DemoBuyerOrg[], password: string): Promise<string[]> {
  const today = todayInVietnam(ctx.deps.clock());
  for (const { demands, ...org } of entries) {
    const made = await signUpBuyerOrg(ctx, { ...org, password });
    await reviewBuyerOrg(ctx, made.id, { decision: 'verify' });
    const member = await repo.memberActor(ctx, made.id);
    const asMember: Ctx = { ...ctx, actor: member };
    for (const { deadlineInDays, neededInDays, ...d } of demands) {
      await postDemand(asMember, { ...d, deadline: plusDays(today, deadlineInDays), neededBy: plusDays(today, neededInDays) });
    }
    await repo.markSample(ctx, made.id);
  }
  return entries.map((e) => e.username);
}
