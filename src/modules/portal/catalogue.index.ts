/**
 * The catalogue index: every product certified on one day, held in memory in the orders search
 * sorts by, with the facet values it counts. Pure (no I/O): built from rows by
 * catalogue.snapshot.ts. `searchIndex` is the reference search in one pass — filters, facet counts
 * (each facet counted with the other facets' filters but not its own) and the page; the catalogue
 * answers from the bitsets of catalogue.postings.ts, which give the same results (tested).
 */
import { normalizeVi } from '../../domain/text';
import type { ProducerKind } from '../../domain/producer-kind';
import type { SnapshotRow } from './catalogue.repository';

export const CATALOGUE_SORTS = ['relevance', 'name', 'stars', 'newest'] as const;
export type CatalogueSort = (typeof CATALOGUE_SORTS)[number];
export const FACETS = ['stars', 'group', 'set', 'province', 'kind'] as const;
export type FacetName = (typeof FACETS)[number];

export interface Entry {
  id: string;
  name: string;
  nameWords: string[];
  producerId: string;
  producerName: string;
  producerWords: string[];
  provinceCode: string;
  communeCode: string;
  setCode: string;
  topGroup: string;
  kind: ProducerKind;
  stars: number;
  issuedOn: string;
  expiresOn: string;
  number: string;
  communeName: string;
  description: string;
  isSample: boolean;
  /** The main photo (the first by position), if any. */
  image: { id: string; storageKey: string } | null;
  /** The words of its name and description as the database indexes them (word search matches their beginnings). */
  words: readonly string[];
}

export interface Labels { province: Map<string, string>; set: Map<string, string>; group: Map<string, string> }

export interface CatalogueIndex {
  today: string;
  fingerprint: string;
  /** performance.now() when built. */
  builtAt: number;
  byId: Map<string, Entry>;
  /** Entries in each order (ties broken by name, then id). */
  orders: Record<'name' | 'stars' | 'newest' | 'default', Entry[]>;
  /** Distinct words of the certified products' names (for typo correction). */
  vocabulary: string[];
  /** How many entries' names use each vocabulary word (so a patch keeps the vocabulary exact). */
  wordUse: Map<string, number>;
  labels: Labels;
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

function toEntry(r: SnapshotRow): Entry {
  return {
    id: r.id, name: r.name, nameWords: normalizeVi(r.name).split(' ').filter(Boolean), producerId: r.producer_id,
    producerName: r.producer_name, producerWords: normalizeVi(r.producer_name).split(' ').filter(Boolean),
    provinceCode: r.province_code, communeCode: r.commune_code, setCode: r.set_code,
    topGroup: r.top_group, kind: r.kind, stars: Number(r.stars), issuedOn: String(r.issued_on).slice(0, 10),
    expiresOn: String(r.expires_on).slice(0, 10), number: r.number, communeName: r.commune_name,
    description: r.description, isSample: Boolean(r.is_sample),
    image: r.image_id ? { id: r.image_id, storageKey: r.image_key ?? '' } : null,
    words: r.words ?? [],
  };
}

/** Name order: the Vietnamese collation of the names, then the id. */
const byName = (a: Entry, b: Entry) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const newer = (a: Entry, b: Entry) => (a.issuedOn < b.issuedOn ? 1 : a.issuedOn > b.issuedOn ? -1 : 0);
/** Each order's comparison (ties broken by name order, as buildIndex does through the name rank). */
const ORDER_COMPARE: Record<keyof CatalogueIndex['orders'], (a: Entry, b: Entry) => number> = {
  name: byName,
  stars: (a, b) => b.stars - a.stars || byName(a, b),
  newest: (a, b) => newer(a, b) || byName(a, b),
  default: (a, b) => b.stars - a.stars || newer(a, b) || byName(a, b),
};

/** The vocabulary's words of one name (each once). */
const vocabularyWords = (e: Entry) => new Set(e.nameWords.filter((w) => w.length >= 2));

/** Adds (+1) or removes (-1) an entry's words; whether a word came or went. */
function countWords(use: Map<string, number>, e: Entry, by: 1 | -1): boolean {
  let changed = false;
  for (const w of vocabularyWords(e)) {
    const n = (use.get(w) ?? 0) + by;
    if (n > 0) use.set(w, n); else use.delete(w);
    if (n === 0 || (by === 1 && n === 1)) changed = true;
  }
  return changed;
}

function vocabularyOf(entries: Iterable<Entry>): Pick<CatalogueIndex, 'vocabulary' | 'wordUse'> {
  const wordUse = new Map<string, number>();
  for (const e of entries) countWords(wordUse, e, 1);
  return { vocabulary: [...wordUse.keys()].sort(), wordUse };
}

export function buildIndex(rowsIn: SnapshotRow[], labels: Labels, today: string, fingerprint: string): CatalogueIndex {
  const byId = new Map<string, Entry>();
  for (const r of rowsIn) if (!byId.has(r.id)) byId.set(r.id, toEntry(r));
  const sorted = [...byId.values()].sort(byName);
  const rank = new Map(sorted.map((e, i) => [e, i]));
  const then = (a: Entry, b: Entry) => rank.get(a)! - rank.get(b)!;
  return {
    today, fingerprint, builtAt: performance.now(), byId,
    orders: {
      name: sorted,
      stars: [...sorted].sort((a, b) => b.stars - a.stars || then(a, b)),
      newest: [...sorted].sort((a, b) => newer(a, b) || then(a, b)),
      default: [...sorted].sort((a, b) => b.stars - a.stars || newer(a, b) || then(a, b)),
    },
    ...vocabularyOf(sorted),
    labels,
  };
}

/** Where `e` goes in `list` (sorted by `compare`): after every entry that sorts before it. */
function insertionPoint(list: Entry[], e: Entry, compare: (a: Entry, b: Entry) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(list[mid]!, e) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A new index with the products `touched` re-read: each is replaced by its row in `rowsIn` (its
 * facts certified today) or leaves the catalogue when it has none. The orders are kept by
 * removing and inserting in place — the same orders buildIndex would give, without sorting
 * every entry again (a product edit reaches the catalogue in milliseconds).
 */
export function patchIndex(index: CatalogueIndex, rowsIn: SnapshotRow[], touched: ReadonlySet<string>): CatalogueIndex {
  // The old index stays as it was (requests in flight read it): changes go to copies.
  const byId = new Map(index.byId);
  const removed: Entry[] = [];
  for (const id of touched) {
    const old = byId.get(id);
    if (old) { removed.push(old); byId.delete(id); }
  }
  const added: Entry[] = [];
  for (const r of rowsIn) {
    if (!touched.has(r.id) || byId.has(r.id)) continue;
    const e = toEntry(r);
    byId.set(e.id, e);
    added.push(e);
  }
  // Each order is total (ties end at the id): an entry's place is found by binary search.
  const orders = {} as CatalogueIndex['orders'];
  for (const key of Object.keys(ORDER_COMPARE) as (keyof CatalogueIndex['orders'])[]) {
    const compare = ORDER_COMPARE[key];
    const list = index.orders[key].slice();
    for (const e of removed) {
      const near = insertionPoint(list, e, compare);
      const at = list[near] === e ? near : list.indexOf(e);
      if (at >= 0) list.splice(at, 1);
    }
    for (const e of added) list.splice(insertionPoint(list, e, compare), 0, e);
    orders[key] = list;
  }
  const wordUse = new Map(index.wordUse);
  let changed = false;
  for (const e of removed) changed = countWords(wordUse, e, -1) || changed;
  for (const e of added) changed = countWords(wordUse, e, 1) || changed;
  const vocabulary = changed ? [...wordUse.keys()].sort() : index.vocabulary;
  return { ...index, builtAt: performance.now(), byId, orders, vocabulary, wordUse };
}

export interface IndexFilter {
  stars?: number | undefined;
  group?: string | undefined;
  set?: string | undefined;
  province?: string | undefined;
  kind?: string | undefined;
}

export interface IndexQuery extends IndexFilter {
  /** Ids the words matched (null: no words, every product). */
  matched: Set<string> | null;
  /** Normalised query words: products whose name has them all come first under "relevance". */
  words: string[];
  producerId?: string | undefined;
  sort: CatalogueSort;
  page: number;
  pageSize: number;
  facets: boolean;
}

export interface IndexResult {
  total: number;
  items: Entry[];
  facets: Record<FacetName, Map<string, number>>;
}

/** Each facet's value of an entry ('' where it has none). */
export const facetValueOf: Record<FacetName, (e: Entry) => string> = {
  stars: (e) => String(e.stars),
  group: (e) => e.topGroup,
  set: (e) => e.setCode,
  province: (e) => e.provinceCode,
  kind: (e) => e.kind,
};

/** Every query word starts a word of the name. */
export function nameHas(e: Entry, words: string[]): boolean {
  return words.every((w) => e.nameWords.some((n) => n.startsWith(w)));
}

/** Every query word starts a word of the product's name or of its producer's name (one of them). */
export function nameOrProducerHas(e: Entry, words: string[]): boolean {
  return words.every((w) => e.nameWords.some((n) => n.startsWith(w)) || e.producerWords.some((n) => n.startsWith(w)));
}

/**
 * How well an entry matches the words under "relevance": 0 the product's name has them all,
 * 1 its name and its producer's name together have them, 2 the rest (found in the description).
 */
export function matchTier(e: Entry, words: string[]): 0 | 1 | 2 {
  return nameHas(e, words) ? 0 : nameOrProducerHas(e, words) ? 1 : 2;
}

/** Ids of the entries whose name and producer's name together have every word (no description needed). */
export function namedMatches(index: CatalogueIndex, words: string[]): string[] {
  if (!words.length) return [];
  const ids: string[] = [];
  for (const e of index.byId.values()) if (nameOrProducerHas(e, words)) ids.push(e.id);
  return ids;
}

/** The facet filters a query sets, as (facet, value) pairs. */
export function wantedFacets(q: IndexFilter): [FacetName, string][] {
  const wanted: [FacetName, string][] = [];
  if (q.stars !== undefined) wanted.push(['stars', String(q.stars)]);
  if (q.group !== undefined) wanted.push(['group', q.group]);
  if (q.set !== undefined) wanted.push(['set', q.set]);
  if (q.province !== undefined) wanted.push(['province', q.province]);
  if (q.kind !== undefined) wanted.push(['kind', q.kind]);
  return wanted;
}

export function searchIndex(index: CatalogueIndex, q: IndexQuery): IndexResult {
  const wanted = wantedFacets(q);
  const facets = Object.fromEntries(FACETS.map((f) => [f, new Map<string, number>()])) as Record<FacetName, Map<string, number>>;
  const bump = (f: FacetName, e: Entry) => {
    const m = facets[f];
    const v = facetValueOf[f](e);
    // A product with no value for a facet (a set outside the current classification) offers no choice there.
    if (v === '') return;
    m.set(v, (m.get(v) ?? 0) + 1);
  };
  const order = q.sort === 'relevance' ? index.orders.default : index.orders[q.sort];
  const tiers: [Entry[], Entry[], Entry[]] = [[], [], []];
  const ranked = q.sort === 'relevance' && q.words.length > 0;
  for (const e of order) {
    if (q.matched && !q.matched.has(e.id)) continue;
    if (q.producerId && e.producerId !== q.producerId) continue;
    let failed: FacetName | null = null;
    let failures = 0;
    for (const [f, v] of wanted) {
      if (facetValueOf[f](e) !== v) { failed = f; if (++failures > 1) break; }
    }
    if (failures === 0) {
      if (q.facets) for (const f of FACETS) bump(f, e);
      tiers[ranked ? matchTier(e, q.words) : 0].push(e);
    } else if (failures === 1 && q.facets) {
      bump(failed!, e);
    }
  }
  const all = tiers[1].length || tiers[2].length ? tiers[0].concat(tiers[1], tiers[2]) : tiers[0];
  const start = (q.page - 1) * q.pageSize;
  return { total: all.length, items: all.slice(start, start + q.pageSize), facets };
}
