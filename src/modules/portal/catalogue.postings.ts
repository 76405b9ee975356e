/**
 * Postings over the catalogue index (decisions/033): bitsets per facet value, each producer's
 * entries, and word postings (catalogue.words.ts) of the lexemes of names and descriptions and of
 * the words of names and producers' names, so that a search with words and facets is a few OR,
 * AND and popcount passes over 32-bit words instead of a pass over every entry. Pure; answers
 * exactly what `searchIndex` (the linear pass, kept as the reference) answers —
 * catalogue.postings.test.ts compares the two on fixed query sets, also after patches.
 *
 * Entries live in slots. A full build gives them the index's name order; a patch
 * (`patchPostings`) gives each changed or added entry a new slot at the end and leaves its old
 * slot dead (cleared from `all`, the facets and the producers' lists), so a product edit costs a
 * few milliseconds instead of the 100–200 ms of a full build at national scale. The word postings
 * of a full build are not rebuilt by a patch: the slots added since are covered by at most two
 * small layers of their own. Past a bound on added or dead slots a patch is a full build again.
 */
import { buildWordPostings, prefixBits, type WordPostings } from './catalogue.words';
import {
  facetValueOf, FACETS, matchTier, wantedFacets, type CatalogueIndex, type Entry, type FacetName, type IndexQuery, type IndexResult,
} from './catalogue.index';

type Bits = Uint32Array;
type OrderName = keyof CatalogueIndex['orders'];

const ORDER_NAMES: readonly OrderName[] = ['name', 'stars', 'newest', 'default'];

const words = (n: number) => new Uint32Array((n + 31) >>> 5);
const set = (b: Bits, i: number) => { b[i >>> 5]! |= 1 << (i & 31); };
const clear = (b: Bits, i: number) => { b[i >>> 5]! &= ~(1 << (i & 31)); };
const has = (b: Bits, i: number) => (b[i >>> 5]! & (1 << (i & 31))) !== 0;

function and(a: Bits, b: Bits): Bits {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! & b[i]!;
  return out;
}

/** Set bits of one 32-bit word. */
function bitsIn(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function popcount(b: Bits): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) n += bitsIn(b[i]!);
  return n;
}

function andCount(a: Bits, b: Bits): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]! & b[i]!;
    if (v !== 0) n += bitsIn(v);
  }
  return n;
}

/** Word postings of the entries in slots start … start + text.size - 1 (position 0 = slot start). */
export interface WordLayer {
  start: number;
  /** The lexemes of name and description, as the database indexes them. */
  text: WordPostings;
  /** The words of the name and of the producer's name. */
  named: WordPostings;
}

/**
 * A map a patch changes without copying it whole (10,000 or more keys: milliseconds): what the
 * patches since the full build changed (`over`, copied by each patch; null = removed) wins over
 * what the full build made (`base`, shared by every patch after it).
 */
export interface Overlay<V> { base: ReadonlyMap<string, V>; over: ReadonlyMap<string, V | null> }

function lookup<V>(m: Overlay<V>, key: string): V | undefined {
  const v = m.over.get(key);
  return v === undefined ? m.base.get(key) : v ?? undefined;
}

export interface Postings {
  index: CatalogueIndex;
  /** Entries by slot; undefined in a dead slot (its entry left or moved to a new slot). */
  entries: (Entry | undefined)[];
  /** The slot of each entry of the index. */
  position: Overlay<number>;
  /** Live slots (entries of the index). */
  live: number;
  /** Each sort order as slots. */
  orders: Record<OrderName, Int32Array>;
  facets: Record<FacetName, Map<string, Bits>>;
  /** Each producer's slots, ascending (a bitset each would cost 1.5 kB × 10,000 producers). */
  producers: Overlay<readonly number[]>;
  /** Live slots. */
  all: Bits;
  /** The full build's word postings (from slot 0), then at most two layers of the slots patches added. */
  layers: WordLayer[];
}

/** When a patch builds afresh, and how large the newest word layer may grow before it is merged. */
export interface PatchLimits {
  /** Slots added since the full build. */
  added: number;
  /** Dead slots, as a share of all slots. */
  deadShare: number;
  /** Slots of the newest word layer (rebuilt by each patch). */
  recent: number;
}

export const PATCH_LIMITS: PatchLimits = { added: 2_000, deadShare: 0.15, recent: 256 };

function layerOf(entries: readonly (Entry | undefined)[], start: number): WordLayer {
  const list = entries.slice(start);
  return {
    start,
    text: buildWordPostings(list.map((e) => e?.words ?? [])),
    named: buildWordPostings(list.map((e) => (e ? [...e.nameWords, ...e.producerWords] : []))),
  };
}

/**
 * The orders of `next` as slots, walked along `prev`'s (a lookup for each of 4 × 12,500 entries
 * would cost milliseconds): an entry is the next live one of the old order or one the patch
 * added. Null when neither holds: `next` is not `prev`'s index patched.
 */
function patchedOrders(prev: Postings, next: CatalogueIndex, position: Overlay<number>, entries: readonly (Entry | undefined)[]): Postings['orders'] | null {
  const firstNew = prev.entries.length;
  const orders = {} as Postings['orders'];
  for (const name of ORDER_NAMES) {
    const was = prev.orders[name];
    const list = next.orders[name];
    const slots = new Int32Array(list.length);
    let j = 0;
    for (let k = 0; k < list.length; k++) {
      const e = list[k]!;
      while (j < was.length && entries[was[j]!] === undefined) j++;
      if (j < was.length && entries[was[j]!] === e) {
        slots[k] = was[j++]!;
        continue;
      }
      const at = lookup(position, e.id);
      if (at === undefined || at < firstNew || entries[at] !== e) return null;
      slots[k] = at;
    }
    while (j < was.length && entries[was[j]!] === undefined) j++;
    if (j < was.length) return null;
    orders[name] = slots;
  }
  return orders;
}

/** Set slot `at` in the bitset of each of the entry's facet values (made, `n` slots long, when new). */
function addToFacets(facets: Postings['facets'], e: Entry, at: number, n: number): void {
  for (const f of FACETS) {
    const v = facetValueOf[f](e);
    let b = facets[f].get(v);
    if (!b) facets[f].set(v, (b = words(n)));
    set(b, at);
  }
}

/** Build the postings of an index (at national scale 100–200 ms on two cores: patch them instead). */
export function buildPostings(index: CatalogueIndex): Postings {
  const entries = index.orders.name;
  const n = entries.length;
  const position = new Map(entries.map((e, i) => [e.id, i]));
  const facets = Object.fromEntries(FACETS.map((f) => [f, new Map<string, Bits>()])) as Postings['facets'];
  const producers = new Map<string, number[]>();
  const all = words(n);
  entries.forEach((e, i) => {
    set(all, i);
    addToFacets(facets, e, i, n);
    const p = producers.get(e.producerId);
    if (p) p.push(i);
    else producers.set(e.producerId, [i]);
  });
  const slots = (list: Entry[]) => Int32Array.from(list, (e) => position.get(e.id)!);
  return {
    index, entries, position: { base: position, over: new Map() }, live: n, facets, producers: { base: producers, over: new Map() }, all,
    layers: [layerOf(entries, 0)],
    orders: { name: slots(index.orders.name), stars: slots(index.orders.stars), newest: slots(index.orders.newest), default: slots(index.orders.default) },
  };
}

/**
 * The postings of `next`, made from `prev` (the postings of the index `next` was patched from
 * with `touched`, catalogue.index.ts patchIndex) in a few milliseconds: the touched entries'
 * slots die and the entries `next` has for them take new slots. `prev` is left as it was
 * (requests may still be reading it). Builds afresh when the slots added or dead pass `limits`,
 * or when `next` is not `prev`'s index patched (an entry of it is not the one in its slot).
 */
export function patchPostings(prev: Postings, next: CatalogueIndex, touched: ReadonlySet<string>, limits: PatchLimits = PATCH_LIMITS): Postings {
  const entries = prev.entries.slice();
  const moved = new Map(prev.position.over);
  const position = { base: prev.position.base, over: moved };
  const gone: number[] = [];
  const added: number[] = [];
  for (const id of touched) {
    const at = lookup(prev.position, id);
    if (at === undefined) continue;
    gone.push(at);
    entries[at] = undefined;
    moved.set(id, null);
  }
  for (const id of touched) {
    const e = next.byId.get(id);
    if (!e) continue;
    moved.set(id, entries.length);
    added.push(entries.length);
    entries.push(e);
  }
  const n = entries.length;
  const live = prev.live - gone.length + added.length;
  if (live !== next.byId.size || n - prev.layers[0]!.text.size > limits.added || n - live > limits.deadShare * n) return buildPostings(next);
  const orders = patchedOrders(prev, next, position, entries);
  if (!orders) return buildPostings(next);

  // Bitsets are copied (about seventy of them, 1.6 kB each at national scale), never changed in place.
  const grown = (b: Bits) => { const out = words(n); out.set(b); return out; };
  const all = grown(prev.all);
  const facets = Object.fromEntries(FACETS.map((f) => [f, new Map([...prev.facets[f]].map(([v, b]) => [v, grown(b)]))])) as Postings['facets'];
  const lists = new Map<string, number[]>();
  const listOf = (producerId: string) => {
    let list = lists.get(producerId);
    if (!list) lists.set(producerId, (list = (lookup(prev.producers, producerId) ?? []).filter((at) => entries[at] !== undefined)));
    return list;
  };
  // Every search starts from live slots (`all`, or word matches masked by it), so a dead slot left
  // in a facet or a producer's list would never be counted; it is cleared all the same, so each of
  // them holds its live entries and nothing else.
  for (const at of gone) {
    const e = prev.entries[at]!;
    clear(all, at);
    for (const f of FACETS) clear(facets[f].get(facetValueOf[f](e))!, at);
    listOf(e.producerId);
  }
  for (const at of added) {
    const e = entries[at]!;
    set(all, at);
    addToFacets(facets, e, at, n);
    // New slots come after every other: the list stays ascending.
    listOf(e.producerId).push(at);
  }
  const producers = { base: prev.producers.base, over: new Map(prev.producers.over) };
  for (const [producerId, list] of lists) producers.over.set(producerId, list.length ? list : null);
  return { index: next, entries, position, live, orders, facets, producers, all, layers: patchLayers(prev.layers, entries, added.length, limits) };
}

/**
 * The word layers once `count` slots are added at the end of `entries`: they join the newest
 * layer while it stays within `limits.recent` (only that small layer is rebuilt), else start a
 * second one, else both patch layers and the new slots become one. A patch rebuilds at most the
 * slots added since the full build, and mostly no more than `limits.recent` of them.
 */
function patchLayers(layers: readonly WordLayer[], entries: readonly (Entry | undefined)[], count: number, limits: PatchLimits): WordLayer[] {
  const out = layers.slice();
  if (count === 0) return out;
  const last = out[out.length - 1]!;
  if (out.length > 1 && last.text.size + count <= limits.recent) out[out.length - 1] = layerOf(entries, last.start);
  else if (out.length < 3) out.push(layerOf(entries, entries.length - count));
  else out.splice(1, 2, layerOf(entries, out[1]!.start));
  return out;
}

const built = new WeakMap<CatalogueIndex, Postings>();

/** The postings of an index: those set for it, else built on first use and kept as long as the index. */
export function postingsOf(index: CatalogueIndex): Postings {
  let p = built.get(index);
  if (!p) built.set(index, (p = buildPostings(index)));
  return p;
}

/** Make `postings` (built or patched for `index`) the ones postingsOf answers for it. */
export function setPostings(index: CatalogueIndex, postings: Postings): void {
  if (postings.index !== index) throw new Error('postings of another index');
  built.set(index, postings);
}

/** OR `bits` (positions from 0) into `out` at slot `start`. */
function orAt(out: Bits, bits: Bits, start: number): void {
  const w = start >>> 5;
  const shift = start & 31;
  if (shift === 0) {
    for (let i = 0; i < bits.length; i++) out[w + i]! |= bits[i]!;
    return;
  }
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i]!;
    if (b === 0) continue;
    out[w + i]! |= b << shift;
    // Bits past a layer's size are never set, so what spills over is inside `out`.
    const over = b >>> (32 - shift);
    if (over !== 0) out[w + i + 1]! |= over;
  }
}

/**
 * The entries the words match: every word starts a word of the name or description (the
 * database's lexemes of `search_words`, so exactly what its GIN index answers), or every word
 * starts a word of the name or of the producer's name.
 */
export function wordMatches(p: Postings, queryWords: readonly string[]): Bits {
  const out = words(p.entries.length);
  for (const layer of p.layers) {
    orAt(out, prefixBits(layer.text, queryWords), layer.start);
    orAt(out, prefixBits(layer.named, queryWords), layer.start);
  }
  // The full build's postings still hold the words of entries patched since, in their dead slots.
  for (let i = 0; i < out.length; i++) out[i]! &= p.all[i]!;
  return out;
}

export const isEmpty = (b: Bits) => b.every((w) => w === 0);

/**
 * The same answer as `searchIndex(p.index, q)`, from the postings; `matchedBits` (wordMatches
 * of the same postings: live slots only) stands for `q.matched` when given.
 */
export function searchPostings(p: Postings, q: IndexQuery, matchedBits?: Bits): IndexResult {
  const n = p.entries.length;
  let base = p.all;
  if (matchedBits) {
    base = matchedBits;
  } else if (q.matched) {
    base = words(n);
    for (const id of q.matched) {
      const i = lookup(p.position, id);
      if (i !== undefined) set(base, i);
    }
  }
  if (q.producerId) {
    const mine = words(n);
    for (const at of lookup(p.producers, q.producerId) ?? []) set(mine, at);
    base = and(base, mine);
  }
  const wanted = wantedFacets(q);
  const none = words(n);
  const bitsOf = (f: FacetName, v: string) => p.facets[f].get(v) ?? none;
  // Every facet is counted with the other facets' filters, not its own.
  const except = (skip: FacetName | null) => wanted.reduce((acc, [f, v]) => (f === skip ? acc : and(acc, bitsOf(f, v))), base);
  const hits = except(null);
  const facets = Object.fromEntries(FACETS.map((f) => [f, new Map<string, number>()])) as IndexResult['facets'];
  if (q.facets) {
    for (const f of FACETS) {
      const scope = wanted.some(([g]) => g === f) ? except(f) : hits;
      for (const [v, bits] of p.facets[f]) {
        // A product with no value for a facet offers no choice there.
        if (v === '') continue;
        const count = andCount(scope, bits);
        if (count > 0) facets[f].set(v, count);
      }
    }
  }
  const order = q.sort === 'relevance' ? p.orders.default : p.orders[q.sort];
  const ranked = q.sort === 'relevance' && q.words.length > 0;
  const start = (q.page - 1) * q.pageSize;
  const total = popcount(hits);
  if (!ranked) {
    const items: Entry[] = [];
    let seen = 0;
    for (let k = 0; k < order.length && items.length < q.pageSize; k++) {
      const i = order[k]!;
      if (!has(hits, i)) continue;
      if (seen++ >= start) items.push(p.entries[i]!);
    }
    return { total, items, facets };
  }
  const tiers: [Entry[], Entry[], Entry[]] = [[], [], []];
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (has(hits, i)) tiers[matchTier(p.entries[i]!, q.words)].push(p.entries[i]!);
  }
  const list = tiers[0].concat(tiers[1], tiers[2]);
  return { total, items: list.slice(start, start + q.pageSize), facets };
}
