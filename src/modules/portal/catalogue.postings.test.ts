import { describe, expect, it } from 'vitest';
import { buildIndex, namedMatches, patchIndex, searchIndex, type CatalogueSort, type IndexQuery, type IndexResult } from './catalogue.index';
import { buildPostings, searchPostings } from './catalogue.postings';
import type { SnapshotRow } from './catalogue.repository';
import type { ProducerKind } from '../../domain/producer-kind';

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
const rows: SnapshotRow[] = Array.from({ length: 3000 }, (_, i) => ({
  id: `p${String(i).padStart(5, '0')}`, name: `${pick(BASES)} ${pick(PLACES)} ${i % 7 === 0 ? 'đặc biệt' : ''}`.trim(),
  producer_id: `pr${i % 900}`, producer_name: `HTX ${pick(PLACES)} ${i % 900}`, province_code: pick(PROVINCES),
  commune_code: '00001', set_code: i % 13 === 0 ? '' : String(1 + (i % 26)), top_group: String(1 + (i % 6)), kind: pick(KINDS),
  stars: pick([3, 3, 3, 4, 4, 5]), issued_on: `202${3 + (i % 4)}-0${1 + (i % 9)}-1${i % 10}`, expires_on: '2029-01-01', number: `N${i}`,
  commune_name: 'Xã', description: '', is_sample: false, image_id: null, image_key: null, words: [],
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
    // The index patched is left as it was (requests in flight keep reading it).
    expect(index.byId.size).toBe(rows.length);
  });
});
