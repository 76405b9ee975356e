/**
 * The checkout desk (docs/decisions/036): checkouts of the same cart take their stock together.
 *
 * Those that come in the same turn of the event loop go in one statement (orders.repository
 * takeStock, in the order they came) at its end; while a statement is out, all that come meanwhile
 * wait and go together in the next. Under a rush for one product that is a few statements instead
 * of one per buyer, on one connection of the pool; alone, a checkout waits for nothing but the
 * end of the turn. Per app and per cart (its sorted variant ids), so that a lock another cart
 * waits on never holds this one up.
 *
 * **Sold out, from memory.** When a statement leaves a variant with no stock, the desk remembers
 * it — with the facts the statement read — for MARKET_SOLD_OUT_MS (200 ms unless set; 0: never), or
 * until this process puts stock back
 * (stock-epoch.ts). A checkout all of whose variants are remembered so, to a commune a statement
 * found, is answered from memory exactly as the statement would answer it (the same refusal, the
 * same order of checks: commune, sale, price, then stock) without asking the database. Memory only
 * ever refuses: it never takes stock or writes anything, so it cannot oversell. The most it can be
 * behind is MARKET_SOLD_OUT_MS of another process's restock — a buyer told "out of stock" a fifth
 * of a second before new stock is seen.
 */
import { todayInVietnam } from '../../domain/dates';
import type { Ctx, Deps } from '../../context';
import * as repo from './orders.repository';
import { stockEpoch } from './stock-epoch';

/** At most this many checkouts in one statement. */
const MAX_TOGETHER = 500;
/** Communes a statement found (for the memory's answers): a bound on the memory. */
const MAX_COMMUNES = 5_000;

interface Waiting { ctx: Ctx; lines: repo.TakeLine[]; done: (t: repo.Taken) => void; fail: (e: unknown) => void }
interface SoldOut { at: number; epoch: number; facts: repo.SellableVariant }
interface Desk { queues: Map<string, Waiting[]>; soldOut: Map<string, SoldOut>; communes: Map<string, repo.DeliveryCommune> }

const desks = new WeakMap<Deps, Desk>();

function deskOf(deps: Deps): Desk {
  let desk = desks.get(deps);
  if (!desk) desks.set(deps, desk = { queues: new Map(), soldOut: new Map(), communes: new Map() });
  return desk;
}

/** Takes the stock of a checkout's lines, together with the checkouts of the same cart that come with it. */
export function takeTogether(ctx: Ctx, lines: repo.TakeLine[]): Promise<repo.Taken> {
  // Inside a caller's transaction: taken in it.
  if (ctx.tx) return repo.takeStock(ctx, lines, todayInVietnam(ctx.deps.clock()));
  const desk = deskOf(ctx.deps);
  const cartKey = [...new Set(lines.map((l) => l.variantId))].sort().join(' ');
  let queue = desk.queues.get(cartKey);
  if (!queue) {
    const fresh: Waiting[] = [];
    desk.queues.set(cartKey, fresh);
    setImmediate(() => void serve(desk, cartKey, fresh));
    queue = fresh;
  }
  const mine = queue;
  return new Promise((done, fail) => { mine.push({ ctx, lines, done, fail }); });
}

/** Serves the checkouts waiting, until none waits: from memory those it can refuse, the others in one statement. */
async function serve(desk: Desk, cartKey: string, waiting: Waiting[]): Promise<void> {
  try {
    while (waiting.length) {
      const batch = waiting.splice(0, MAX_TOGETHER).filter((w) => {
        const known = fromMemory(desk, w);
        if (known) w.done(known);
        return !known;
      });
      if (!batch.length) continue;
      const { ctx } = batch[0]!;
      const epoch = stockEpoch(ctx.deps);
      try {
        const taken = await repo.takeStock(ctx, batch.flatMap((w) => w.lines), todayInVietnam(ctx.deps.clock()));
        remember(desk, taken, epoch);
        for (const w of batch) w.done(taken);
      } catch (e) {
        // Nothing was taken (one statement). Each on its own then, so that a checkout fails for its own reasons only (a deadlock's victim gets another go).
        if (batch.length === 1) batch[0]!.fail(e);
        else await Promise.all(batch.map((w) => repo.takeStock(w.ctx, w.lines, todayInVietnam(w.ctx.deps.clock())).then(w.done, w.fail)));
      }
    }
  } finally {
    desk.queues.delete(cartKey);
  }
}

/** What a statement read: the variants it left with no stock, and the communes it found. */
function remember(desk: Desk, taken: repo.Taken, epoch: number): void {
  const at = performance.now();
  for (const v of taken.variants) {
    if (v.stock === 0) desk.soldOut.set(v.variant_id, { at, epoch, facts: v });
    else desk.soldOut.delete(v.variant_id);
  }
  if (desk.communes.size > MAX_COMMUNES) desk.communes.clear();
  for (const c of taken.communes) desk.communes.set(c.code, c);
}

/**
 * The statement's answer to a checkout all of whose variants were seen sold out lately (and no
 * stock came back since in this process): its facts as read, nothing held, every line short. Null
 * when memory does not know (then the database is asked).
 */
function fromMemory(desk: Desk, w: Waiting): repo.Taken | null {
  const now = performance.now();
  const epoch = stockEpoch(w.ctx.deps);
  const variants: repo.SellableVariant[] = [];
  for (const l of w.lines) {
    const seen = desk.soldOut.get(l.variantId);
    if (!seen || seen.epoch !== epoch || now - seen.at > w.ctx.deps.env.MARKET_SOLD_OUT_MS || l.quantity < 1) return null;
    variants.push(seen.facts);
  }
  const commune = desk.communes.get(w.lines[0]?.communeCode ?? '');
  if (!commune) return null;
  return { variants, communes: [commune], held: [], short: w.lines.map((l) => ({ checkoutId: l.checkoutId, variantId: l.variantId, available: 0 })) };
}
