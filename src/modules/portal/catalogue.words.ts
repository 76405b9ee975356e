/**
 * The public catalogue's word matching in memory (decisions/033), with the answers of the SQL it
 * replaces (catalogue.repository.ts, kept as the reference the tests compare with):
 * `prefixMatches` (every query word starts a lexeme of the GIN-indexed
 * `products.search_words = to_tsvector('simple', ocop_norm(name || ' ' || description))`) and
 * `closestWords` (pg_trgm's `%` and similarity). Pure: no I/O.
 *
 * - The words of each product are the lexemes of its own `search_words`, read with
 *   `tsvector_to_array` when the catalogue index is built: the database's parser and unaccent
 *   rules made them, so a prefix of one of them is exactly a `w:*` match there.
 * - `buildWordPostings` / `prefixBits`: those words of many entries, and the entries in which
 *   every query word starts a word, as a bitset.
 * - `trigramSimilarity` / `closestWords`: pg_trgm's similarity and the typo correction.
 *
 * One query shape is not a single prefix on the server: digits, "e", digits, then a letter
 * ("5e4g") is parsed there as a number in scientific notation followed by a word. queryWords
 * (catalogue.repository.ts) splits such a word in two, so both paths read "5e4" and "g".
 */
// ─── Postings: entries by word ────────────────────────────────────────────────

export interface WordPostings {
  /** Number of entries (positions 0 … size-1). */
  size: number;
  /** Distinct words, sorted (code unit order). */
  vocabulary: string[];
  /** Entries of vocabulary[i]: postings[offsets[i] … offsets[i+1]), ascending. */
  offsets: Uint32Array;
  postings: Uint32Array;
  /** Entries with a word starting with each one- and two-character prefix, as bitsets. */
  short: Map<string, Uint32Array>;
}

const bitsetOf = (n: number) => new Uint32Array((n + 31) >>> 5);

function unionInto(bits: Uint32Array, wp: WordPostings, lo: number, hi: number): void {
  const { postings, offsets } = wp;
  for (let j = offsets[lo]!, end = offsets[hi]!; j < end; j++) {
    const p = postings[j]!;
    bits[p >>> 5]! |= 1 << (p & 31);
  }
}

/** First vocabulary index whose word is >= w (binary search). */
function lowerBound(vocabulary: readonly string[], w: string): number {
  let lo = 0, hi = vocabulary.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (vocabulary[mid]! < w) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The vocabulary range [lo, hi) of the words starting with `prefix`. */
function prefixRange(vocabulary: readonly string[], prefix: string): [number, number] {
  const lo = lowerBound(vocabulary, prefix);
  let hi = lo;
  // Words starting with the prefix are contiguous; gallop, then binary search their end.
  let step = 1;
  while (hi + step <= vocabulary.length && vocabulary[hi + step - 1]!.startsWith(prefix)) { hi += step; step *= 2; }
  let top = Math.min(hi + step, vocabulary.length);
  while (hi < top) {
    const mid = (hi + top) >>> 1;
    if (vocabulary[mid]!.startsWith(prefix)) hi = mid + 1;
    else top = mid;
  }
  return [lo, hi];
}

/** Words of each entry, position i = entry i (searchWordsOf's output, or any [a-z0-9] words). */
export function buildWordPostings(list: readonly (readonly string[])[]): WordPostings {
  // Number the words, keep each entry's word numbers once, then lay the postings out word by
  // word in vocabulary order with a counting pass (entries come out ascending, unsorted arrays
  // never grow one element at a time).
  const idOf = new Map<string, number>();
  const names: string[] = [];
  let upTo = 0;
  for (const ws of list) upTo += ws.length;
  const flat = new Int32Array(upTo);
  const ends = new Int32Array(list.length);
  const seenIn: number[] = [];
  const counts: number[] = [];
  let k = 0;
  for (let i = 0; i < list.length; i++) {
    for (const w of list[i]!) {
      let id = idOf.get(w);
      if (id === undefined) { id = names.push(w) - 1; idOf.set(w, id); seenIn.push(-1); counts.push(0); }
      if (seenIn[id] === i) continue;
      seenIn[id] = i;
      counts[id]!++;
      flat[k++] = id;
    }
    ends[i] = k;
  }
  const order = names.map((_, id) => id).sort((a, b) => (names[a]! < names[b]! ? -1 : 1));
  const vocabulary = order.map((id) => names[id]!);
  const offsets = new Uint32Array(vocabulary.length + 1);
  const cursor = new Uint32Array(names.length);
  for (let v = 0, at = 0; v < order.length; v++) {
    offsets[v] = at;
    cursor[order[v]!] = at;
    at += counts[order[v]!]!;
  }
  offsets[vocabulary.length] = k;
  const postings = new Uint32Array(k);
  for (let i = 0, j = 0; i < list.length; i++) for (; j < ends[i]!; j++) postings[cursor[flat[j]!]!++] = i;
  const wp: WordPostings = { size: list.length, vocabulary, offsets, postings, short: new Map() };
  // One- and two-character prefixes cover a large share of the postings each ("t" may start a
  // fifth of all words): their unions are made once here, so no query pays for them.
  for (const len of [1, 2]) {
    let v = 0;
    while (v < vocabulary.length) {
      if (vocabulary[v]!.length < len) { v++; continue; }
      const prefix = vocabulary[v]!.slice(0, len);
      const [, hi] = prefixRange(vocabulary, prefix);
      const bits = bitsetOf(list.length);
      unionInto(bits, wp, v, hi);
      wp.short.set(prefix, bits);
      v = hi;
    }
  }
  return wp;
}

/** Entries with a word starting with `prefix` (a shared bitset for short prefixes: do not modify). */
function entriesStartingWith(wp: WordPostings, prefix: string): Uint32Array {
  if (prefix.length >= 1 && prefix.length <= 2) return wp.short.get(prefix) ?? bitsetOf(wp.size);
  const [lo, hi] = prefixRange(wp.vocabulary, prefix);
  const bits = bitsetOf(wp.size);
  unionInto(bits, wp, lo, hi);
  return bits;
}

/**
 * The entries (bit i of word i>>>5 = entry i) in which every query word starts a word. With no
 * query words that is every entry; prefixMatches' callers never ask it (an empty query filters
 * nothing there).
 */
export function prefixBits(wp: WordPostings, words: readonly string[]): Uint32Array {
  const out = bitsetOf(wp.size);
  if (!words.length) {
    out.fill(0xffffffff);
    if (wp.size & 31) out[out.length - 1] = (1 << (wp.size & 31)) - 1;
    return out;
  }
  out.set(entriesStartingWith(wp, words[0]!));
  for (let k = 1; k < words.length; k++) {
    const bits = entriesStartingWith(wp, words[k]!);
    for (let i = 0; i < out.length; i++) out[i]! &= bits[i]!;
  }
  return out;
}

// ─── pg_trgm ──────────────────────────────────────────────────────────────────

/**
 * pg_trgm's trigrams of a text: each run of [a-z0-9] (after lower-casing) padded with two spaces
 * before and one after, every three consecutive characters, distinct. Exact for ASCII; pg_trgm
 * would also keep non-ASCII letters in words (they never reach this from queryWords or the
 * vocabulary, both [a-z0-9] only).
 */
export function trigramsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (!word) continue;
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  }
  return out;
}

/** similarity() with pg_trgm's float4 arithmetic: common / (|a| + |b| - common) of distinct trigrams. */
function similarityOf(a: Set<string>, b: Set<string>, common?: number): number {
  if (!a.size || !b.size) return 0;
  let c = common ?? 0;
  if (common === undefined) for (const t of a) if (b.has(t)) c++;
  return Math.fround(c / (a.size + b.size - c));
}

export function trigramSimilarity(a: string, b: string): number {
  return similarityOf(trigramsOf(a), trigramsOf(b));
}

interface TrigramIndex { sets: Set<string>[]; byTrigram: Map<string, number[]> }

/** Trigram sets and an inverted index per vocabulary array (the catalogue keeps one per day). */
const indexes = new WeakMap<readonly string[], TrigramIndex>();

function trigramIndex(vocabulary: readonly string[]): TrigramIndex {
  let index = indexes.get(vocabulary);
  if (index) return index;
  const sets = vocabulary.map(trigramsOf);
  const byTrigram = new Map<string, number[]>();
  sets.forEach((set, i) => {
    for (const t of set) {
      const at = byTrigram.get(t);
      if (at) at.push(i);
      else byTrigram.set(t, [i]);
    }
  });
  index = { sets, byTrigram };
  indexes.set(vocabulary, index);
  return index;
}

/**
 * For each word, the vocabulary word most similar to it with similarity >= threshold (pg_trgm's
 * `%` at its default pg_trgm.similarity_threshold, 0.3), ties to the first in text order, or the
 * word itself when none is: the SQL's `order by similarity(w, q) desc, w limit 1`. Ties compare
 * with `<`, which orders [a-z0-9] words as PostgreSQL does under the C, C.UTF-8 and linguistic
 * (en_US, vi_VN: digits before letters, no ignorable characters) collations alike.
 */
export function closestWords(words: readonly string[], vocabulary: readonly string[], threshold = 0.3): string[] {
  if (!words.length || !vocabulary.length) return [...words];
  const { sets, byTrigram } = trigramIndex(vocabulary);
  const common = new Uint16Array(vocabulary.length);
  return words.map((q) => {
    const mine = trigramsOf(q);
    // Only words sharing a trigram can reach a positive threshold; at 0 or below every word can.
    const touched: number[] = threshold > 0 ? [] : vocabulary.map((_, i) => i);
    for (const t of mine) {
      for (const i of byTrigram.get(t) ?? []) {
        if (common[i] === 0 && threshold > 0) touched.push(i);
        common[i]!++;
      }
    }
    let best: string | null = null;
    let bestSim = -1;
    for (const i of touched) {
      const sim = similarityOf(mine, sets[i]!, common[i]!);
      common[i] = 0;
      const w = vocabulary[i]!;
      if (sim < threshold) continue;
      if (sim > bestSim || (sim === bestSim && w < best!)) { best = w; bestSim = sim; }
    }
    return best ?? q;
  });
}
