/**
 * Postings over the catalogue index (decisions/033): bitsets per facet value and per producer,
 * and word postings (catalogue.words.ts) of the lexemes of names and descriptions and of the
 * words of names and producers' names, so that a search with words and facets is a few OR, AND
 * and popcount passes over 32-bit words instead of a pass over every entry. Pure; answers exactly
 * what `searchIndex` (the linear pass, kept as the reference) answers —
 * catalogue.postings.test.ts compares the two on a fixed query set.
 */
import { buildWordPostings, prefixBits, type WordPostings } from './catalogue.words';
import {
  facetValueOf, FACETS, matchTier, wantedFacets, type CatalogueIndex, type Entry, type FacetName, type IndexQuery, type IndexResult,
} from './catalogue.index';

type Bits = Uint32Array;

const words = (n: number) => new Uint32Array((n + 31) >>> 5);
const set = (b: Bits, i: number) => { b[i >>> 5]! |= 1 << (i & 31); };
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

export interface Postings {
  index: CatalogueIndex;
  /** Entries by position (the index's name order). */
  entries: Entry[];
  position: Map<string, number>;
  /** Each sort order as positions. */
  orders: Record<keyof CatalogueIndex['orders'], Int32Array>;
  facets: Record<FacetName, Map<string, Bits>>;
  producers: Map<string, Bits>;
  all: Bits;
  /** Word postings by position: the lexemes of name and description (as the database indexes them), and the words of name and producer's name. */
  text: WordPostings;
  named: WordPostings;
}

/** Build the postings of an index (once per index: a few tens of milliseconds for 20,000 products). */
export function buildPostings(index: CatalogueIndex): Postings {
  const entries = index.orders.name;
  const n = entries.length;
  const position = new Map(entries.map((e, i) => [e.id, i]));
  const facets = Object.fromEntries(FACETS.map((f) => [f, new Map<string, Bits>()])) as Postings['facets'];
  const producers = new Map<string, Bits>();
  const all = words(n);
  entries.forEach((e, i) => {
    set(all, i);
    for (const f of FACETS) {
      const v = facetValueOf[f](e);
      let b = facets[f].get(v);
      if (!b) facets[f].set(v, (b = words(n)));
      set(b, i);
    }
    let p = producers.get(e.producerId);
    if (!p) producers.set(e.producerId, (p = words(n)));
    set(p, i);
  });
  const positions = (list: Entry[]) => Int32Array.from(list, (e) => position.get(e.id)!);
  return {
    index, entries, position, facets, producers, all,
    text: buildWordPostings(entries.map((e) => e.words)),
    named: buildWordPostings(entries.map((e) => [...e.nameWords, ...e.producerWords])),
    orders: { name: positions(index.orders.name), stars: positions(index.orders.stars), newest: positions(index.orders.newest), default: positions(index.orders.default) },
  };
}

const built = new WeakMap<CatalogueIndex, Postings>();

/** The postings of an index, built on first use and kept as long as the index. */
export function postingsOf(index: CatalogueIndex): Postings {
  let p = built.get(index);
  if (!p) built.set(index, (p = buildPostings(index)));
  return p;
}

/**
 * The entries the words match: every word starts a word of the name or description (the
 * database's lexemes of `search_words`, so exactly what its GIN index answers), or every word
 * starts a word of the name or of the producer's name.
 */
export function wordMatches(p: Postings, queryWords: readonly string[]): Bits {
  const text = prefixBits(p.text, queryWords);
  const named = prefixBits(p.named, queryWords);
  for (let i = 0; i < text.length; i++) text[i]! |= named[i]!;
  return text;
}

export const isEmpty = (b: Bits) => b.every((w) => w === 0);

/**
 * The same answer as `searchIndex(p.index, q)`, from the postings; `matchedBits` (wordMatches)
 * stands for `q.matched` when given.
 */
export function searchPostings(p: Postings, q: IndexQuery, matchedBits?: Bits): IndexResult {
  const n = p.entries.length;
  let base = p.all;
  if (matchedBits) {
    base = matchedBits;
  } else if (q.matched) {
    base = words(n);
    for (const id of q.matched) {
      const i = p.position.get(id);
      if (i !== undefined) set(base, i);
    }
  }
  if (q.producerId) base = and(base, p.producers.get(q.producerId) ?? words(n));
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
