import { describe, expect, it } from 'vitest';
import {
  buildIndex, nameOrProducerHas, namedMatches, patchIndex, searchIndex, type CatalogueIndex, type CatalogueSort, type IndexQuery, type IndexResult,
} from './catalogue.index';
import { buildPostings, PATCH_LIMITS, patchPostings, postingsOf, searchPostings, setPostings, wordMatches, type Postings } from './catalogue.postings';
import type { SnapshotRow } from './catalogue.repository';
import type { ProducerKind } from '../../domain/producer-kind';
import { normalizeVi } from '../../domain/text';

// A deterministic catalogue of 3,000 products: names from a few words, so queries overlap.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const r = rng(13);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
const BASES = ['Mật ong', 'Chè', 'Gạo', 'Nước mắm', 'Bánh', 'Miến dong', 'Tỏi', 'Rượu', 'Cà phê', 'Nem chua'];
const PLACES = ['Hàm Rồng', 'Pù Luông', 'Lý Sơn', 'Mộc Châu', 'Tân Cương', 'Phú Quốc', 'Hạc Thành', ''];
const KINDS: ProducerKind[] = ['enterprise', 'cooperative', 'cooperative_group', 'household'];
const PROVINCES = ['01', '38', '51', '79', '24'];
const DESCRIPTIONS = ['Hạt chín chọn lọc, rang mộc', 'Đóng chai thủy tinh, không chất bảo quản', 'Lên men tự nhiên 12 tháng', 'Nguyên liệu từ vùng núi cao', ''];
/** The lexemes the database would index for a name and description (search_words). */
const lexemes = (text: string) => [...new Set(normalizeVi(text).split(' ').filter(Boolean))].sort();
const withWords = (row: Omit<SnapshotRow, 'words'>): SnapshotRow => ({ ...row, words: lexemes(`${row.name} ${row.description}`) });
const rows: SnapshotRow[] = Array.from({ length: 3000 }, (_, i) => withWords({
  id: `p${String(i).padStart(5, '0')}`, name: `${pick(BASES)} ${pick(PLACES)} ${i % 7 === 0 ? 'đặc biệt' : ''}`.trim(),
  producer_id: `pr${i % 900}`, producer_name: `HTX ${pick(PLACES)} ${i % 900}`, province_code: pick(PROVINCES),
  commune_code: '00001', set_code: i % 13 === 0 ? '' : String(1 + (i % 26)), top_group: String(1 + (i % 6)), kind: pick(KINDS),
  stars: pick([3, 3, 3, 4, 4, 5]), issued_on: `202${3 + (i % 4)}-0${1 + (i % 9)}-1${i % 10}`, expires_on: '2029-01-01', number: `N${i}`,
  commune_name: 'Xã', description: pick(DESCRIPTIONS), is_sample: false, image_id: null, image_key: null,
}));
const index = buildIndex(rows, { province: new Map(), set: new Map(), group: new Map() }, '2026-12-06', 'f');
const postings = buildPostings(index);

const sorted = (res: IndexResult) => ({
  total: res.total, items: res.items.map((e) => e.id),
  facets: Object.fromEntries(Object.entries(res.facets).map(([f, m]) => [f, [...m].sort()])),
});

describe('catalogue postings answer what the linear pass answers', () => {
  const queries: IndexQuery[] = [];
  const words = [[], ['mat'], ['mat', 'ong'], ['che', 'tan'], ['htx', 'ly'], ['nem'], ['zzz']];
  const sorts: CatalogueSort[] = ['relevance', 'name', 'stars', 'newest'];
  for (let k = 0; k < 300; k++) {
    const w = pick(words);
    queries.push({
      words: w, matched: w.length ? new Set(namedMatches(index, w)) : null,
      stars: r() < 0.3 ? pick([3, 4, 5]) : undefined, group: r() < 0.2 ? pick(['1', '2', '3', '9']) : undefined,
      set: r() < 0.2 ? String(1 + Math.floor(r() * 27)) : undefined, province: r() < 0.3 ? pick([...PROVINCES, '99']) : undefined,
      kind: r() < 0.2 ? pick(KINDS) : undefined, producerId: r() < 0.1 ? `pr${Math.floor(r() * 900)}` : undefined,
      sort: pick(sorts), page: 1 + Math.floor(r() * 3), pageSize: pick([12, 24, 100]), facets: r() < 0.8,
    });
  }
  it('on 300 queries with words, facets, producers, sorts and pages', () => {
    for (const q of queries) expect(sorted(searchPostings(postings, q)), JSON.stringify({ ...q, matched: q.matched?.size })).toEqual(sorted(searchIndex(index, q)));
  });
  it('a page past the end is empty with the same total and facets', () => {
    const q: IndexQuery = { words: [], matched: null, sort: 'name', page: 999, pageSize: 24, facets: true };
    expect(sorted(searchPostings(postings, q))).toEqual(sorted(searchIndex(index, q)));
    expect(searchPostings(postings, q).items).toEqual([]);
  });
});

describe('a patched index is the index built afresh', () => {
  const ids = (list: { id: string }[]) => list.map((e) => e.id);
  it('after products are renamed, re-starred, removed and added', () => {
    const touched = new Set<string>();
    const changed: SnapshotRow[] = [];
    for (let k = 0; k < 60; k++) {
      const row = rows[Math.floor(r() * rows.length)]!;
      touched.add(row.id);
      // A third leave the catalogue (revoked); the others come back changed.
      if (k % 3 === 0) continue;
      changed.push({ ...row, name: `${pick(BASES)} ${k}`, stars: pick([3, 4, 5]), issued_on: '2026-12-01' });
    }
    for (let k = 0; k < 10; k++) {
      const row = { ...rows[k]!, id: `new${k}`, name: `${pick(BASES)} mới ${k}` };
      touched.add(row.id);
      changed.push(row);
    }
    const patched = patchIndex(index, changed, touched);
    const fresh = buildIndex([...rows.filter((x) => !touched.has(x.id)), ...changed], index.labels, index.today, index.fingerprint);
    for (const key of ['name', 'stars', 'newest', 'default'] as const) expect(ids(patched.orders[key]), key).toEqual(ids(fresh.orders[key]));
    expect([...patched.byId.keys()].sort()).toEqual([...fresh.byId.keys()].sort());
    expect(patched.vocabulary).toEqual(fresh.vocabulary);
    expect(patched.wordUse).toEqual(fresh.wordUse);
    // The index patched is left as it was (requests in flight keep reading it).
    expect(index.byId.size).toBe(rows.length);
  });
});

describe('patched postings answer what postings built afresh and the linear pass answer', () => {
  const WORDS = [[], ['mat'], ['mat', 'ong'], ['che', 'tan'], ['htx', 'ly'], ['nem'], ['zzz'], ['m'], ['ch'], ['rang', 'moc'], ['len', 'men'], ['moi'], ['dac', 'b'], ['nguyen', 'vung'], ['thuy'], ['12']];
  const sorts: CatalogueSort[] = ['relevance', 'name', 'stars', 'newest'];
  /** What the words match, entry by entry: a lexeme of name and description, or the name and producer's name. */
  const linearMatches = (idx: CatalogueIndex, w: string[]) =>
    new Set([...idx.byId.values()].filter((e) => w.every((x) => e.words.some((l) => l.startsWith(x))) || nameOrProducerHas(e, w)).map((e) => e.id));
  const idsOf = (p: Postings, bits: Uint32Array) => {
    const out: string[] = [];
    for (let i = 0; i < bits.length * 32; i++) if (bits[i >>> 5]! & (1 << (i & 31))) out.push(p.entries[i]?.id ?? `dead slot ${i}`);
    return out.sort();
  };
  const randomQuery = (): IndexQuery => ({
    words: pick(WORDS), matched: null,
    stars: r() < 0.3 ? pick([3, 4, 5]) : undefined, group: r() < 0.2 ? pick(['1', '2', '3', '9']) : undefined,
    set: r() < 0.2 ? String(1 + Math.floor(r() * 27)) : undefined, province: r() < 0.3 ? pick([...PROVINCES, '99']) : undefined,
    kind: r() < 0.2 ? pick(KINDS) : undefined, producerId: r() < 0.15 ? pick([`pr${Math.floor(r() * 900)}`, `prn${Math.floor(r() * 20)}`]) : undefined,
    sort: pick(sorts), page: 1 + Math.floor(r() * 3), pageSize: pick([12, 24, 100]), facets: r() < 0.8,
  });
  const answer = (p: Postings, q: IndexQuery) => sorted(searchPostings(p, q, q.words.length ? wordMatches(p, q.words) : undefined));
  const label = (q: IndexQuery) => JSON.stringify({ ...q, matched: undefined });

  /** A round of changes: renames, re-stars, moves to another province or producer, removals, additions. */
  function changes(current: Map<string, SnapshotRow>, round: number) {
    const touched = new Set<string>();
    const changed: SnapshotRow[] = [];
    const live = [...current.values()];
    for (let k = 0; k < 50; k++) {
      const row = pick(live);
      if (touched.has(row.id)) continue;
      touched.add(row.id);
      if (k % 5 === 0) continue; // revoked
      const name = k % 2 ? `${pick(BASES)} ${pick(PLACES)} ${round}` : row.name;
      changed.push(withWords({
        ...row, name, stars: pick([3, 4, 5]), province_code: k % 3 ? row.province_code : pick(PROVINCES),
        producer_id: k % 7 ? row.producer_id : `prn${k % 20}`, description: pick(DESCRIPTIONS),
      }));
    }
    for (let k = 0; k < 12; k++) {
      const row = withWords({ ...pick(rows), id: `r${round}n${k}`, name: `${pick(BASES)} mới ${round}`, producer_id: `prn${k}`, producer_name: `HTX Mới ${k}` });
      touched.add(row.id);
      changed.push(row);
    }
    return { touched, changed };
  }

  it('through rounds of patches, one of them past the bound where a patch builds afresh', () => {
    const current = new Map(rows.map((x) => [x.id, x]));
    let idx = index;
    let p = buildPostings(index);
    let patches = 0;
    let rebuilds = 0;
    let queries = 0;
    // A small newest layer, so a few rounds also merge the two patch layers.
    const limits = { ...PATCH_LIMITS, recent: 120 };
    for (let round = 0; round < 12; round++) {
      const { touched, changed } = changes(current, round);
      for (const id of touched) current.delete(id);
      for (const row of changed) current.set(row.id, row);
      const next = patchIndex(idx, changed, touched);
      const kept = Array.from({ length: 20 }, randomQuery);
      const before = kept.map((q) => answer(p, q));
      const patched = patchPostings(p, next, touched, limits);
      if (patched.layers.length === 1) rebuilds++;
      else patches++;
      // The postings patched are left as they were (requests in flight may still read them).
      kept.forEach((q, k) => expect(answer(p, q), label(q)).toEqual(before[k]));

      const fresh = buildPostings(next);
      for (const w of WORDS) {
        const want = [...linearMatches(next, w)].sort();
        expect(idsOf(patched, wordMatches(patched, w)), w.join(' ')).toEqual(want);
        expect(idsOf(fresh, wordMatches(fresh, w)), w.join(' ')).toEqual(want);
      }
      for (let k = 0; k < 30; k++, queries++) {
        const q = randomQuery();
        const linear = sorted(searchIndex(next, { ...q, matched: q.words.length ? linearMatches(next, q.words) : null }));
        expect(answer(patched, q), label(q)).toEqual(linear);
        expect(answer(fresh, q), label(q)).toEqual(linear);
      }
      idx = next;
      p = patched;
    }
    expect(queries).toBeGreaterThanOrEqual(300);
    expect(rebuilds).toBeGreaterThanOrEqual(1);
    expect(patches).toBeGreaterThanOrEqual(8);
  });

  it('builds afresh when the index given is not the one patched', () => {
    const other = buildIndex(rows.slice(0, 2000).map((x) => ({ ...x, stars: 5 })), index.labels, index.today, index.fingerprint);
    const p = patchPostings(buildPostings(index), other, new Set([rows[0]!.id]));
    expect(p.entries).toHaveLength(2000);
    for (let k = 0; k < 30; k++) {
      const q = randomQuery();
      expect(answer(p, q), label(q)).toEqual(sorted(searchIndex(other, { ...q, matched: q.words.length ? linearMatches(other, q.words) : null })));
    }
  });

  it('postingsOf answers the postings set for an index, and only for their own index', () => {
    const touched = new Set([rows[1]!.id]);
    const next = patchIndex(index, [], touched);
    const patched = patchPostings(postingsOf(index), next, touched);
    setPostings(next, patched);
    expect(postingsOf(next)).toBe(patched);
    expect(() => setPostings(index, patched)).toThrow();
  });
});
