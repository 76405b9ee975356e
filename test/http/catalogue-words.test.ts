/**
 * The catalogue's word matching in memory (catalogue.words.ts) answers what the SQL answers, on
 * this engine: `prefixMatches` (the GIN-indexed search_words tsvector) against `prefixBits` over
 * the same products' lexemes (read as the catalogue index reads them), and `closestWords`
 * (pg_trgm) against its in-memory twin, on a fixed set of query word lists — odd texts included
 * (numbers, units, e-mails, addresses, markup, decomposed Vietnamese, long descriptions).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { freshDeps, type TestDeps } from '../helpers/db';
import { systemCtx } from '../helpers/users';
import { buildProducer, buildProduct } from '../helpers/builders';
import type { Ctx } from '../../src/context';
import { rows } from '../../src/db/client';
import { normalizeVi } from '../../src/domain/text';
import * as repo from '../../src/modules/portal/catalogue.repository';
import { buildWordPostings, closestWords, prefixBits, type WordPostings } from '../../src/modules/portal/catalogue.words';

const HANDWRITTEN: readonly (readonly [string, string])[] = [
  ['Mật ong rừng Đắk Lắk', 'Mật ong nguyên chất từ rừng tràm, thu hoạch thủ công. Hũ 500g, chai 1,5 kg; độ ẩm < 18%.'],
  ['Trà xanh Shan-tuyết cổ thụ', 'Búp trà Shan-tuyết hái tay ở độ cao 1.200 m; hàm lượng 3.5%; pha 2-3 lần nước.'],
  ['Nước mắm Phú Quốc 40°N', 'Độ đạm 40°N, chai 500 ml – đóng gói theo tiêu chuẩn TCVN 5107:2018. Liên hệ: lienhe@htx-phuquoc.vn'],
  ['Cà phê Robusta rang mộc', 'Xem thêm https://ocop.gov.vn/san-pham/ca-phe?id=17 hoặc www.caphe-daklak.com.vn/gioi-thieu nhé.'],
  ['Bánh đa nem làng Chều', '<b>Giòn</b> &amp; thơm; <i>không</i> chất bảo quản. Xem /tai-lieu/huong-dan.pdf và ~/ghi-chu.txt'],
  ['Gạo ST25 hữu cơ', 'Gạo ST25 đạt giải gạo ngon nhất thế giới 2019; bao 5kg, 10kg, 25kg. Phiên bản nhãn 1.2.3, mã 5e4 gam.'],
  ['Rượu ngô men lá Bắc Hà', 'Nồng độ 29,5% vol; chưng cất 2 lần; ủ 6-12 tháng. “Đặc sản” vùng cao – ngon…'],
  ['Tinh dầu sả chanh', 'Dung tích 10ml/50ml/100ml, nhiệt độ bảo quản 25℃, khối lượng tịnh 2㎏, ﬁlê, ＯＣＯＰ hạng Ａ.'],
  ['Miến dong Bình Liêu', 'Sợi miến dai, không hàn the. e-5 +7 -2.5 giảm 10% -20% cho đơn > 1.000.000đ. Mã SP: MD-01_B'],
  ['Chè Thái Nguyên đặc biệt', 'Tôm nõn, cánh nhỏ. Tiêu chuẩn ISO 22000:2018/HACCP. Khách hàng: a.b@c.d, x_y@mail.com.vn'],
  ['Hạt điều rang muối Bình Phước', 'Hạt điều A180, W240, W320; túi 250g – 500g – 1kg. Tỷ lệ hạt vỡ <5%; 3 x 4 cm.'],
  ['Nấm linh chi đỏ', 'Sấy khô ở 45-50 độ C. Dùng 3~5g/ngày. Hướng dẫn: http://linhchi.vn:8080/huong-dan/su-dung.html'],
  ['Bưởi da xanh Bến Tre', 'Trái 1,2–2,0 kg; vỏ xanh, ruột hồng. Thời vụ: tháng 8/2024 – 1/2025. Mã vạch 8936012345678.'],
  ['Mắm tôm chua Huế', 'Làm từ tôm đất, gạo nếp, riềng, tỏi, ớt. Không dùng chất tạo màu (E124, E129). Hạn dùng 12 tháng.'],
  ['Kẹo dừa Bến Tre', 'Kẹo dừa sữa, dừa lá dứa, dừa sầu riêng – hộp 400g (20 viên × 20g). Ăn kèm trà. Mã lô 77–4321.'],
  ['Mật ong hoa cà phê', 'Mật ong hoa cà phê; Đường tổng số ≤ 5%; HMF ≤ 40 mg/kg; v2.0-beta; xem tại ocop.vn.'],
  ['Thanh Hoá nem chua', 'Nem chua Thanh Hóa (viết kiểu cũ "Hoá") — gói 10 chiếc, 1.5e3 đồng/chiếc, 3e2kg mỗi tháng.'],
  ['Chả mực Hạ Long', 'Mực tươi giã tay. Liên hệ Zalo 0912.345.678 hoặc 0912 345 678; email CHAMUC@HALONG.COM.'],
];

/** Long descriptions built from common catalogue words, so prefixes reach many products. */
const PHRASES = [
  'sản phẩm đạt chứng nhận OCOP 4 sao', 'nguyên liệu tự nhiên', 'không chất bảo quản', 'đóng gói hút chân không',
  'hợp tác xã nông nghiệp', 'bảo quản nơi khô ráo thoáng mát', 'hạn sử dụng 12 tháng', 'truy xuất nguồn gốc bằng mã QR',
  'trồng theo tiêu chuẩn VietGAP', 'chế biến thủ công truyền thống', 'thích hợp làm quà biếu', 'giao hàng toàn quốc',
];

let seed = 42;
const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;

function generated(n: number): [string, string] {
  const parts = Array.from({ length: 3 + Math.floor(rnd() * (n % 5 === 0 ? 120 : 8)) }, () => pick(PHRASES));
  // One product in five has a long description (thousands of characters); some are decomposed (NFD).
  const description = `${parts.join(n % 2 ? '. ' : ', ')}.`.slice(0, 4900);
  const name = `${pick(['Mật ong', 'Trà', 'Cà phê', 'Nước mắm', 'Gạo', 'Bánh', 'Rượu'])} ${pick(['Tây Bắc', 'miền núi', 'Đồng Tháp', 'số'])} ${n}`;
  return n % 3 === 0 ? [name.normalize('NFD'), description.normalize('NFD')] : [name, description];
}

let deps: TestDeps;
let ctx: Ctx;
let products: { id: string; name: string; description: string; words: string[] }[];
let wp: WordPostings;

beforeAll(async () => {
  deps = await freshDeps();
  ctx = systemCtx(deps);
  const producer = await buildProducer(ctx);
  for (const [name, description] of [...HANDWRITTEN, ...Array.from({ length: 30 }, (_, i) => generated(i + 1))]) {
    await buildProduct(ctx, { producerId: producer.id, name, description });
  }
  products = await rows(ctx.deps.database.db, sql`
    select id::text as id, name, description, tsvector_to_array(search_words) as words from products order by id`);
  wp = buildWordPostings(products.map((p) => p.words));
}, 60_000);
afterAll(() => deps?.cleanup());

/** The words people would type: each word of every text as normalizeVi gives it, sorted. */
const textWords = () => [...new Set(products.flatMap((p) => normalizeVi(`${p.name} ${p.description}`).split(' ').filter(Boolean)))].sort();

function typo(w: string): string {
  const i = Math.floor(rnd() * w.length), c = pick([...'abcdeghiklmnopqrstuvxy0123456789']);
  const r = rnd();
  if (r < 0.33) return w.slice(0, i) + c + w.slice(i + 1);
  if (r < 0.66) return w.slice(0, i) + c + w.slice(i);
  return w.length > 1 ? w.slice(0, i) + w.slice(i + 1) : w + c;
}

/** A fixed set of query word lists: prefixes of real words, 1–3 words, some typos, some odd shapes. */
function queryLists(): string[][] {
  seed = 7;
  const all = textWords();
  const word = () => {
    const w = pick(all);
    const r = rnd();
    return r < 0.6 ? w.slice(0, 1 + Math.floor(rnd() * w.length)) : r < 0.8 ? w : typo(w);
  };
  const lists: string[][] = [
    ['t'], ['c'], ['m'], ['ca'], ['tr'], ['mat', 'ong'], ['mat', 'o'], ['shan', 'tuy'], ['500g'], ['1'], ['5'], ['3'], ['2'],
    ['kg'], ['lienhe'], ['htx'], ['phuquoc'], ['ocop'], ['gov'], ['san', 'pham'], ['caphe'], ['daklak'], ['huong', 'dan'],
    ['5e4'], ['5e4g'], ['5e4gam'], ['1e3'], ['3e2kg'], ['3e2k'], ['e124'], ['e'], ['v2'], ['beta'], ['st25'], ['md'], ['01'], ['b'],
    ['a180'], ['w240'], ['8936012345678'], ['0912'], ['345'], ['chamuc'], ['halong'], ['com'], ['x'], ['y'], ['mail'],
    ['linhchi'], ['8080'], ['su', 'dung'], ['html'], ['hoa'], ['thanh', 'hoa'], ['file'], ['2kg'], ['25'], ['ocop', 'a'],
    ['tai', 'lieu'], ['pdf'], ['ghi', 'chu'], ['txt'], ['gioi'], ['thieu'], ['www'], ['vn'], ['iso'], ['22000'], ['2018'], ['77'], ['4321'],
  ];
  while (lists.length < 240) lists.push(Array.from({ length: 1 + Math.floor(rnd() * 3) }, word));
  return lists;
}

const memoryIds = (words: string[]) => {
  const bits = prefixBits(wp, words);
  return products.filter((_, i) => bits[i >>> 5]! & (1 << (i & 31))).map((p) => p.id).sort();
};

describe('word matching in memory', () => {
  it('finds the same products as prefixMatches for every query word list', async () => {
    const lists = queryLists();
    expect(lists.length).toBeGreaterThanOrEqual(200);
    const mismatches: unknown[] = [];
    let found = 0;
    for (const list of lists) {
      // As the catalogue reads a query ("5e4g" is two words there, as in the database's parser).
      const words = repo.queryWords(list.join(' '));
      const sqlIds = (await repo.prefixMatches(ctx, words)).sort();
      const mine = memoryIds(words);
      if (sqlIds.length) found++;
      if (sqlIds.join() !== mine.join()) mismatches.push({ words, sql: sqlIds.length, memory: mine.length });
    }
    expect(mismatches).toEqual([]);
    // The set is not trivially empty: most lists find something, some find nothing.
    expect(found).toBeGreaterThan(lists.length / 2);
    expect(found).toBeLessThan(lists.length);
  });

  it('picks the same closest vocabulary words as pg_trgm', async () => {
    seed = 11;
    const vocabulary = [...new Set(products.flatMap((p) => normalizeVi(p.name).split(' ').filter((w) => w.length >= 2)))].sort();
    const all = textWords();
    const lists = Array.from({ length: 150 }, () => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => {
      const r = rnd();
      return r < 0.6 ? typo(pick(vocabulary)) : r < 0.8 ? pick(vocabulary) : typo(pick(all));
    }));
    const mismatches: unknown[] = [];
    let corrected = 0;
    for (const words of lists) {
      const sqlWords = await repo.closestWords(ctx, words, vocabulary);
      const mine = closestWords(words, vocabulary);
      if (sqlWords.join(' ') !== words.join(' ')) corrected++;
      if (sqlWords.join(' ') !== mine.join(' ')) mismatches.push({ words, sql: sqlWords, memory: mine });
    }
    expect(mismatches).toEqual([]);
    expect(corrected).toBeGreaterThan(lists.length / 3);
  });
});
