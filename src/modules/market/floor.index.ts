/**
 * The floor's search in memory (docs/decisions/036): the listings on sale today — their words
 * (title, product and shop, folded as Vietnamese search folds them), stars, province, product
 * set, prices and whether any variant is in stock — held by each process and searched in a pass
 * of a few milliseconds instead of a query of a few hundred at national scale (20,000 listings).
 *
 * It is as current as the portal's own pages: it belongs to the portal runtime's generation
 * (catalogue.snapshot.ts), which moves with every change notice — certificates issued or revoked,
 * listings, shops and stock reaching "only N left" — and with the day. While the change feed is
 * not heard (the database reconnecting), there is no index and the floor is searched in SQL.
 * Pages are rendered from it without a query; the JSON answers read the page's exact stock.
 */
import type { Ctx, Deps } from '../../context';
import { todayInVietnam } from '../../domain/dates';
import { normalizeVi } from '../../domain/text';
import { mayStorePages, portalRuntime } from '../portal/catalogue.snapshot';
import { floorRows } from './market.repository';
import { listingDto } from './market.dto';
import type { ListingDto, ListingQuery } from './market.schema';

export interface FloorEntry {
  /** Title, product and shop, folded as search folds them. */
  text: string;
  createdAt: string;
  /** The listing as the floor shows it (stock as of the index: pages show only whether any is left). */
  dto: ListingDto;
}

interface FloorIndex {
  generation: number; day: string;
  /** The entries in each sort order, computed once: a search filters in that order and sorts nothing. */
  orders: Record<ListingQuery['sort'], FloorEntry[]>;
}
interface Held { index: FloorIndex | null; building: Promise<FloorIndex> | null }

const held = new WeakMap<Deps, Held>();
const collator = new Intl.Collator('vi');

/** The index of this generation and day; null while the change feed is not trusted. */
export async function floorIndex(ctx: Ctx): Promise<FloorIndex | null> {
  const runtime = portalRuntime(ctx.deps);
  if (!mayStorePages(runtime)) return null;
  const day = todayInVietnam(ctx.deps.clock());
  let h = held.get(ctx.deps);
  if (!h) held.set(ctx.deps, (h = { index: null, building: null }));
  if (h.index && h.index.generation === runtime.generation && h.index.day === day) return h.index;
  if (!h.building) {
    const generation = runtime.generation;
    const holder = h;
    const p = floorRows(ctx, day).then((rows) => {
      // Built in one go: a second's work at national scale, between requests.
      const entries: FloorEntry[] = rows.map((r) => ({
        text: normalizeVi(`${r.title} ${r.product_name} ${r.shop_name}`), createdAt: new Date(r.created_at).toISOString(), dto: listingDto(r, r.variants, day),
      }));
      const index: FloorIndex = { generation, day, orders: sortOrders(entries) };
      // Kept only if nothing changed while it was read; otherwise the next search reads again.
      if (portalRuntime(ctx.deps).generation === generation) holder.index = index;
      return index;
    });
    holder.building = p;
    const done = () => { if (holder.building === p) holder.building = null; };
    p.then(done, done);
  }
  return h.building;
}

/** The five orders of the floor: titles compared once (a rank), then numbers only. */
function sortOrders(entries: readonly FloorEntry[]): FloorIndex['orders'] {
  const id = (e: FloorEntry) => e.dto.id;
  const byTitle = [...entries].sort((a, b) => collator.compare(a.dto.title, b.dto.title) || (id(a) < id(b) ? -1 : 1));
  const rank = new Map(byTitle.map((e, i) => [e, i]));
  const r = (e: FloorEntry) => rank.get(e)!;
  const stars = [...byTitle].sort((a, b) => (b.dto.product.stars ?? 0) - (a.dto.product.stars ?? 0) || r(a) - r(b));
  return {
    relevance: stars,
    stars,
    price_asc: [...byTitle].sort((a, b) => (a.dto.priceFrom ?? Infinity) - (b.dto.priceFrom ?? Infinity) || r(a) - r(b)),
    price_desc: [...byTitle].sort((a, b) => (b.dto.priceFrom ?? -Infinity) - (a.dto.priceFrom ?? -Infinity) || r(a) - r(b)),
    newest: [...entries].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : id(a) < id(b) ? 1 : -1)),
  };
}

/** One page of the floor's answer to `q`, in order, and how many match. */
export function searchFloorIndex(index: FloorIndex, q: ListingQuery): { entries: FloorEntry[]; total: number } {
  const words = q.q ? normalizeVi(q.q).split(' ').filter(Boolean).slice(0, 8) : [];
  const min = q.priceMin ?? -Infinity;
  const max = q.priceMax ?? Infinity;
  const found = index.orders[q.sort].filter(({ dto: l, text }) =>
    (q.stars === undefined || l.product.stars === q.stars)
    && (q.province === undefined || l.shop.provinceCode === q.province)
    && (q.set === undefined || l.product.productSetCode === q.set)
    && (q.shop === undefined || l.shop.id === q.shop)
    && (q.inStock === undefined || l.inStock === q.inStock)
    && ((q.priceMin === undefined && q.priceMax === undefined) || l.variants.some((v) => v.price >= min && v.price <= max))
    && words.every((w) => text.includes(w)));
  const start = (q.page - 1) * q.pageSize;
  return { entries: found.slice(start, start + q.pageSize), total: found.length };
}
