/**
 * Where to buy a certified product: the open points of sale carrying it (public facts only:
 * name, kind, address, website and the outlet's business phone, which outlets publish).
 */
import type { Ctx } from '../../context';
import { todayInVietnam } from '../../domain/dates';
import { outletsCarrying, type OutletRow } from './outlets.repository';

export interface PublicOutlet {
  id: string;
  name: string;
  kind: OutletRow['kind'];
  address: string;
  communeName: string;
  provinceName: string;
  website: string | null;
  phone: string | null;
  isSample: boolean;
}

export async function listOutletsForProduct(ctx: Ctx, productId: string): Promise<PublicOutlet[]> {
  const today = todayInVietnam(ctx.deps.clock());
  const found = await outletsCarrying(ctx, productId, today);
  return found.map((o) => ({
    id: o.id, name: o.name, kind: o.kind, address: o.address, communeName: o.commune_name, provinceName: o.province_name,
    // Only web addresses are links; anything else stays text.
    website: o.website && /^https?:\/\//i.test(o.website) ? o.website : null,
    phone: o.phone, isSample: o.is_sample,
  }));
}
