/** Exports (same columns as imports, so they re-import), formula neutralising, scope; templates. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDeps, type TestDeps } from '../helpers/db';
import { createTestUser, systemCtx } from '../helpers/users';
import { makeTaxCode } from '../../src/domain/tax-code';
import { makeGtin13 } from '../../src/domain/gtin';
import { AppError } from '../../src/errors';
import type { Ctx } from '../../src/context';
import { formatOutcome, runImport, type ImportOutcome } from '../../src/modules/imports/import.service';
import { exportData } from '../../src/modules/imports/export.service';
import { buildTemplate } from '../../src/modules/imports/templates';
import { TABULAR_KINDS } from '../../src/modules/imports/columns';
import { csv, inEnglish } from './fixtures/db';
import { readXlsx } from './fixtures/encode';

const HEADER = 'product_name,product_set,producer_name,producer_kind,tax_code,commune_code,address,stars,decision_number,decision_date,certificate_number,potential_five_star';
const FORMULA = '=HYPERLINK("http://evil.example","Bấm")';

let a: TestDeps;
let adminA: Ctx;
const opened: TestDeps[] = [];

const ok = (o: ImportOutcome) => {
  if (!o.ok) throw new Error(formatOutcome(o));
  return o;
};
const text = (b: Buffer) => b.toString('utf8');

async function fresh(): Promise<{ deps: TestDeps; ctx: Ctx }> {
  const deps = await freshDeps({ clock: () => new Date('2025-12-01T03:00:00Z') });
  opened.push(deps);
  return { deps, ctx: inEnglish(systemCtx(deps)) };
}

beforeAll(async () => {
  ({ deps: a, ctx: adminA } = await fresh());
  ok(await runImport(adminA, 'producers', { name: 'p.csv', data: csv([
    'name,kind,tax_code,commune_code,address,representative,phone,email,founded_year,members,women_led,ethnic_minority_led',
    `HTX Gạo Hoằng Hóa,hợp tác xã,${makeTaxCode(60_000_001)},14758,"Thôn 3, xã Hoằng Hóa",Lê Văn Năm,0912000555,gao@example.vn,2012,30,có,không`,
  ]) }));
  ok(await runImport(adminA, 'certified-products', { name: 'c.csv', data: csv([
    HEADER,
    `"${FORMULA.replace(/"/g, '""')}",4,Cơ sở Mật ong,hộ kinh doanh,,14845,"-1+2",4,10/QĐ-UBND,2025-03-01,,có`,
    `Gạo ST25 Hoằng Hóa,3,HTX Gạo Hoằng Hóa,hợp tác xã,${makeTaxCode(60_000_001)},14758,,3,10/QĐ-UBND,2025-03-01,TH-10-1,không`,
    `Gạo ST25 Hoằng Hóa,3,HTX Gạo Hoằng Hóa,hợp tác xã,${makeTaxCode(60_000_001)},14758,,4,11/QĐ-UBND,2025-09-01,,không`,
    `Trà Shan Tuyết Hà Nội,11,Công ty Trà Ba Vì,doanh nghiệp,${makeTaxCode(60_000_002)},00070,@phố cổ,5,7/QĐ-UBND,2024-11-20,HN-7-1,không`,
  ]) }));
  ok(await runImport(adminA, 'products', { name: 'pr.csv', data: csv([
    'producer_tax_code,product_name,product_set,description,gtin',
    `${makeTaxCode(60_000_001)},Gạo nếp cái hoa vàng,3,"Túi 2 kg; ""nếp"" thơm",${makeGtin13('893', 777)}`,
  ]) }));
});
afterAll(async () => { for (const d of opened) await d.cleanup(); });

describe('exports', () => {
  it('CSV: UTF-8 BOM, the import header, formula cells neutralised', async () => {
    const out = await exportData(adminA, 'certified-products', 'csv');
    expect(out.contentType).toBe('text/csv; charset=utf-8');
    expect(out.fileName).toBe('ocop-certified-products-2025-12-01.csv');
    expect([...out.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = text(out.body).slice(1).split('\r\n');
    expect(lines[0]).toBe('product_name [Tên sản phẩm],product_set [Bộ sản phẩm],producer_name [Chủ thể],producer_kind [Loại hình],'
      + 'tax_code [Mã số thuế],commune_code [Mã xã],address [Địa chỉ],stars [Hạng sao],decision_number [Số quyết định],'
      + 'decision_date [Ngày quyết định],certificate_number [Số giấy chứng nhận],potential_five_star [Tiềm năng 5 sao],old_district [Huyện cũ],'
      + 'decision_level [Cấp quyết định],issuer [Cơ quan ban hành],commune_code_now [Mã xã hiện nay]');
    expect(lines).toHaveLength(6); // header, 4 rows, trailing empty
    expect(text(out.body)).toContain(`"'=HYPERLINK(""http://evil.example"",""Bấm"")"`);
    expect(text(out.body)).toContain(`'-1+2`);
    expect(text(out.body)).toContain(`'@phố cổ`);
    expect(text(out.body)).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('XLSX: neutralised text cells, dates as date cells', async () => {
    const out = await exportData(adminA, 'certified-products', 'xlsx');
    const { rows } = await readXlsx(out.body);
    const formulaRow = rows.find((r) => String(r[0]).includes('HYPERLINK'))!;
    expect(formulaRow[0]).toBe(`'${FORMULA}`);
    expect(formulaRow[9]).toBeInstanceOf(Date);
    expect(rows.every((r) => typeof r[0] !== 'object' || r[0] === null)).toBe(true);
  });

  it('round trip: an XLSX export re-imports into an empty database and exports the same rows', async () => {
    const { ctx: adminB } = await fresh();
    for (const kind of ['producers', 'certified-products', 'products'] as const) {
      const exported = await exportData(adminA, kind, 'xlsx');
      const o = ok(await runImport(adminB, kind, { name: exported.fileName, data: exported.body }));
      expect(o.rows).toBeGreaterThan(0);
    }
    for (const kind of ['producers', 'products', 'certified-products'] as const) {
      expect(text((await exportData(adminB, kind, 'csv')).body), kind).toBe(text((await exportData(adminA, kind, 'csv')).body));
    }
  });

  it('round trip through CSV too', async () => {
    const { ctx: adminC } = await fresh();
    for (const kind of ['producers', 'certified-products', 'products'] as const) {
      const exported = await exportData(adminA, kind, 'csv');
      ok(await runImport(adminC, kind, { name: exported.fileName, data: exported.body }));
      expect(text((await exportData(adminC, kind, 'csv')).body), kind).toBe(text(exported.body));
    }
  });

  it('is limited to the actor area', async () => {
    const province = await createTestUser(a, { role: 'province_officer', areaCode: '01' });
    const rows = text((await exportData(province.ctx, 'certified-products', 'csv')).body).trim().split('\r\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('Trà Shan Tuyết Hà Nội');
    const commune = await createTestUser(a, { role: 'commune_officer', areaCode: '14845' });
    const producers = text((await exportData(commune.ctx, 'producers', 'csv')).body).trim().split('\r\n');
    expect(producers.slice(1).map((l) => l.split(',')[0])).toEqual(['Cơ sở Mật ong']);
    const buyer = await createTestUser(a, { role: 'buyer' });
    await expect(exportData(buyer.ctx, 'products', 'csv')).rejects.toBeInstanceOf(AppError);
  });
});

describe('templates', () => {
  it('CSV: BOM, the public header and one example row that imports skip', async () => {
    const tpl = await buildTemplate('certified-products', 'csv');
    expect(tpl.fileName).toBe('ocop-certified-products-template.csv');
    const lines = text(tpl.body).slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.startsWith('product_name [Tên sản phẩm],product_set [Bộ sản phẩm],')).toBe(true);
    expect(lines[1]!.startsWith('# VÍ DỤ / EXAMPLE:')).toBe(true);
  });

  it('XLSX: notes on the header cells, an example row and a notes sheet', async () => {
    const tpl = await buildTemplate('producers', 'xlsx');
    const book = await readXlsx(tpl.body);
    expect(book.sheets).toEqual(['Dữ liệu - Data', 'Hướng dẫn - Notes']);
    expect(book.rows[0]![0]).toBe('name [Tên chủ thể]');
    expect(book.notes[2]).toContain('Mã số thuế 10 số');
    expect(book.notes[2]).toContain('Tax code: 10 digits');
    expect(String(book.rows[1]![0])).toMatch(/^# VÍ DỤ \/ EXAMPLE: /);
  });

  it('every template imports as "no data rows" (the example is skipped), in both formats', async () => {
    for (const kind of TABULAR_KINDS) {
      for (const format of ['csv', 'xlsx'] as const) {
        const tpl = await buildTemplate(kind, format);
        const o = await runImport(adminA, kind, { name: tpl.fileName, data: tpl.body });
        expect(o.ok, `${kind} ${format}`).toBe(false);
        if (!o.ok) expect(o.errors, `${kind} ${format}`).toEqual([{ row: 1, field: 'file', message: 'the file has a header row but no data rows' }]);
      }
    }
  });

  it('the example rows, un-commented, are valid data', async () => {
    const { ctx } = await fresh();
    const producers = text((await buildTemplate('producers', 'csv')).body).replace('# VÍ DỤ / EXAMPLE: ', '');
    ok(await runImport(ctx, 'producers', { name: 'p.csv', data: Buffer.from(producers) }));
    const certified = text((await buildTemplate('certified-products', 'csv')).body).replace('# VÍ DỤ / EXAMPLE: ', '');
    ok(await runImport(ctx, 'certified-products', { name: 'c.csv', data: Buffer.from(certified) }));
    const products = text((await buildTemplate('products', 'csv')).body).replace('# VÍ DỤ / EXAMPLE: ', '')
      .replace('Mật ong hoa rừng Mường Lát', 'Mật ong bạc hà');
    ok(await runImport(ctx, 'products', { name: 'pr.csv', data: Buffer.from(products) }));
  });

  it('has no template for criteria yet', async () => {
    await expect(buildTemplate('criteria', 'csv')).rejects.toMatchObject({ code: 'not_found' });
  });
});
