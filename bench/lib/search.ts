/**
 * Product search through the service (listProducts as national_admin) against the very same SQL
 * sent straight through the driver. The SQL is captured from Drizzle's logger during a warm-up
 * pass, so the baseline runs exactly the statements the service ran.
 */
import { makeCtx, systemActor, type Deps } from '../../src/context';
import { normalizeVi } from '../../src/domain/text';
import { listProducts } from '../../src/modules/registry/product.service';
import type { RawDriver } from './targets';
import { since } from './stats';

const TERMS = [
  'mật ong', 'mật ong bạc hà', 'mật ong rừng', 'chè shan tuyết', 'trà shan tuyết', 'nước mắm', 'nước mắm cá cơm',
  'giò chả', 'giò lụa', 'nem chua', 'nem chua thanh hóa', 'cao dược liệu', 'trà túi lọc', 'mây tre đan', 'gốm',
  'gạo nếp', 'gạo st25', 'gạo lứt', 'cà phê', 'cà phê arabica', 'tinh dầu quế', 'tinh dầu sả chanh', 'rượu ngô',
  'du lịch cộng đồng', 'homestay', 'chả mực', 'tỏi cô đơn', 'sâm ngọc linh', 'bưởi da xanh', 'cam sành', 'vải thiều',
  'măng khô', 'mứt gừng', 'ô mai mơ', 'miến dong', 'bánh gai', 'chè lam', 'thịt trâu gác bếp', 'lạp xưởng',
  'tương bần', 'tiêu đen', 'quế', 'hoa hồi', 'trà hoa vàng', 'atiso', 'hồng trà', 'ca cao', 'rượu vang sim',
  'nước khoáng', 'sữa bò tươi', 'thổ cẩm', 'lụa tơ tằm', 'chiếu cói', 'nón lá', 'hoa lan hồ điệp', 'bonsai',
  'cá koi', 'dầu gội thảo dược', 'xà bông nghệ', 'tinh bột nghệ', 'hợp tác xã', 'công ty tnhh', 'hộ kinh doanh',
  'hồng phát', 'phúc an', 'thiên phú', 'làng xưa', 'thanh hóa', 'tuyên quang', 'mèo vạc', 'lý sơn', 'đà lạt',
  'sa đéc', 'quảng ninh', 'vietgap', 'nguyên chất', 'sấy dẻo', 'đặc sản', 'máy tính bảng', 'iphone',
];

function shuffle<T>(xs: T[], seed: number): T[] {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 4_294_967_296);
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/**
 * About `n` varied queries: each term as written, without diacritics ("mat ong"), and cut short
 * the way people type ("mật o", "shan tuy"); a couple of them match nothing.
 */
export function searchQueries(n: number): string[] {
  const out = new Set<string>();
  for (const t of TERMS) {
    out.add(t);
    out.add(normalizeVi(t));
    const words = t.split(' ');
    const last = words[words.length - 1]!;
    if (last.length > 3) out.add([...words.slice(0, -1), last.slice(0, 3)].join(' '));
    else if (words.length > 1) out.add(words.slice(1).join(' '));
  }
  return shuffle([...out], 42).slice(0, n);
}

export type Statement = { text: string; params: unknown[] };
type Session = { logger: { logQuery(query: string, params: unknown[]): void } };

/** Run `fn` with Drizzle's logger on `db` capturing every statement it sends (the baseline replays them). */
export async function captureStatements<T>(db: unknown, fn: () => Promise<T>): Promise<{ value: T; statements: Statement[] }> {
  const session = (db as { session: Session }).session;
  const original = session.logger;
  const statements: Statement[] = [];
  session.logger = { logQuery: (text, params) => statements.push({ text, params: [...params] }) };
  try {
    return { value: await fn(), statements };
  } finally {
    session.logger = original;
  }
}

export interface SearchResult { service: number[]; baseline: number[]; hits: number[] }

export async function benchSearch(deps: Deps, raw: RawDriver, queries: string[]): Promise<SearchResult> {
  const ctx = makeCtx(deps, { actor: systemActor('bench') });
  const run = (q: string) => listProducts(ctx, { q, page: 1, pageSize: 20, sort: 'name' });

  // Warm-up pass: caches, plans, and the SQL each search sends.
  const statements: Statement[][] = [];
  const hits: number[] = [];
  for (const q of queries) {
    const { value, statements: sent } = await captureStatements(deps.database.db, () => run(q));
    hits.push(value.total);
    statements.push(sent);
  }
  const service: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < queries.length; i++) {
    let t0 = performance.now();
    await run(queries[i]!);
    service.push(since(t0));
    t0 = performance.now();
    // The service sends its page and count queries together; so does the baseline.
    await Promise.all(statements[i]!.map((s) => raw.query(s.text, s.params)));
    baseline.push(since(t0));
  }
  return { service, baseline, hits };
}
