/**
 * Public catalogue search (searchCatalogue: facets, sort, page) against the very same SQL sent
 * straight through the driver, and the byte size of product pages. The SQL is captured from
 * Drizzle's logger during a warm-up pass (which also builds the in-memory catalogue index), so
 * the baseline runs exactly the statements each search sent, one after the other as the service
 * does. Queries mix words with and without diacritics, word beginnings, typos, facet filters,
 * sorts and later pages.
 *
 *   const queries = catalogueQueries(200);
 *   const r = await benchCatalogue(deps, raw, queries);   // { service, baseline, hits, matches, pageBytes }
 */
import { buildApp } from '../../src/app';
import { makeCtx, type Deps } from '../../src/context';
import { searchCatalogue, type CatalogueQuery } from '../../src/modules/portal/catalogue.service';
import { catalogueIndex } from '../../src/modules/portal/catalogue.snapshot';
import { namedMatches, searchIndex, type IndexQuery } from '../../src/modules/portal/catalogue.index';
import { postingsOf, searchPostings } from '../../src/modules/portal/catalogue.postings';
import { queryWords } from '../../src/modules/portal/catalogue.repository';
import type { RawDriver } from './targets';
import { captureStatements, searchQueries, type Statement } from './search';
import { since } from './stats';

const TYPOS = ['mât ongg', 'nuoc mamm', 'che shan tuyett', 'gao st52', 'ca phe arabika', 'tinh dau que', 'mien dongg', 'ruou ngoo'];
const PROVINCES = ['01', '08', '38', '22', '51', '68', '82', '79', '46', '31'];
const KINDS = ['enterprise', 'cooperative', 'cooperative_group', 'household'] as const;
const SORTS = ['relevance', 'name', 'stars', 'newest'] as const;

/** About `n` catalogue queries: every third with filters, every fifth sorted, some on later pages. */
export function catalogueQueries(n: number): CatalogueQuery[] {
  const words = ['', ...TYPOS, ...searchQueries(Math.max(0, n - TYPOS.length - 1))];
  return words.slice(0, n).map((q, i) => ({
    q: q || undefined,
    stars: i % 7 === 3 ? 3 + (i % 3) : undefined,
    province: i % 3 === 1 ? PROVINCES[i % PROVINCES.length] : undefined,
    kind: i % 11 === 5 ? KINDS[i % KINDS.length] : undefined,
    group: i % 13 === 6 ? 'I' : undefined,
    sort: i % 5 === 2 ? SORTS[i % SORTS.length] : undefined,
    page: i % 9 === 4 ? 2 : 1,
    pageSize: 24,
  }));
}


export interface CatalogueBench {
  /** ms per search through the service. */
  service: number[];
  /** ms per search for the same statements through the driver. */
  baseline: number[];
  /** Products found per query. */
  hits: number[];
  /** How the words matched per query (all / prefix / fuzzy). */
  matches: string[];
  /** HTML bytes of product pages (before images), the largest first. */
  pageBytes: number[];
  /** ms per search in the index alone (words matched in names, facets, sort, page): postings vs the linear pass. */
  indexOnly: { postings: number[]; linear: number[] };
}

/** The index-only search of each query (no database): the postings and the reference linear pass, alternated. */
async function benchIndexOnly(ctx: ReturnType<typeof makeCtx>, queries: CatalogueQuery[]): Promise<CatalogueBench['indexOnly']> {
  const index = await catalogueIndex(ctx);
  const postings = postingsOf(index);
  const asIndexQuery = (q: CatalogueQuery): IndexQuery => {
    const words = queryWords((q.q ?? '').trim());
    return {
      words, matched: words.length ? new Set(namedMatches(index, words)) : null, stars: q.stars, group: q.group, set: q.set,
      province: q.province, kind: q.kind, sort: q.sort ?? 'relevance', page: q.page, pageSize: q.pageSize, facets: true,
    };
  };
  const prepared = queries.map(asIndexQuery);
  const out = { postings: [] as number[], linear: [] as number[] };
  for (const q of prepared) { searchPostings(postings, q); searchIndex(index, q); }
  for (const q of prepared) {
    let t0 = performance.now();
    searchPostings(postings, q);
    out.postings.push(since(t0));
    t0 = performance.now();
    searchIndex(index, q);
    out.linear.push(since(t0));
  }
  return out;
}

export async function benchCatalogue(deps: Deps, raw: RawDriver, queries: CatalogueQuery[], pages = 20): Promise<CatalogueBench> {
  const ctx = makeCtx(deps);
  const run = (q: CatalogueQuery) => searchCatalogue(ctx, q);

  // Warm-up: the catalogue index, plans, and the SQL each search sends.
  await run({ page: 1, pageSize: 24 });
  const statements: Statement[][] = [];
  const hits: number[] = [];
  const matches: string[] = [];
  for (const q of queries) {
    const { value, statements: sent } = await captureStatements(deps.database.read, () => run(q));
    hits.push(value.total);
    matches.push(value.match);
    statements.push(sent);
  }
  const service: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < queries.length; i++) {
    let t0 = performance.now();
    await run(queries[i]!);
    service.push(since(t0));
    t0 = performance.now();
    for (const s of statements[i]!) await raw.query(s.text, s.params);
    baseline.push(since(t0));
  }

  // Product pages as a visitor gets them (through the app), the longest descriptions first.
  const app = await buildApp({ deps, logger: false });
  const pageBytes: number[] = [];
  try {
    const sample = await searchCatalogue(ctx, { sort: 'stars', page: 1, pageSize: Math.max(1, pages) }, { facets: false });
    for (const item of sample.items) {
      const res = await app.inject({ url: item.url, headers: { accept: 'text/html' } });
      if (res.statusCode === 200) pageBytes.push(Buffer.byteLength(res.body));
    }
  } finally {
    await app.close();
  }
  pageBytes.sort((a, b) => b - a);
  return { service, baseline, hits, matches, pageBytes, indexOnly: await benchIndexOnly(ctx, queries) };
}
