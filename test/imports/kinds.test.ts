/** producers, products and areas imports; file-level problems; who may import. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { freshDeps, type TestDeps } from '../helpers/db';
import { createTestUser, systemCtx } from '../helpers/users';
import { makeTaxCode } from '../../src/domain/tax-code';
import { makeGtin13 } from '../../src/domain/gtin';
import { AppError } from '../../src/errors';
import type { Ctx } from '../../src/context';
import { runImport } from '../../src/modules/imports/import.service';
import { counts, csv, failed, inEnglish, ok, query, rowErrors } from './fixtures/db';
import { encodeCp1258, xlsxOf } from './fixtures/encode';

let deps: TestDeps;
let admin: Ctx;

const file = (data: Buffer, name = 'data.csv') => ({ name, data });
async function appError(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

beforeAll(async () => {
  deps = await freshDeps({ clock: () => new Date('2025-12-01T03:00:00Z') });
  admin = inEnglish(systemCtx(deps));
});
afterAll(() => deps.cleanup());

describe('producers', () => {
  const tax1 = makeTaxCode(40_000_001);
  const tax2 = makeTaxCode(40_000_002);

  it('creates producers from Vietnamese headers, then updates them by tax code or name + commune', async () => {
    const first = csv([
      'Tên chủ thể,Loại hình,Mã số thuế,Mã xã,Địa chỉ,Người đại diện,Điện thoại,Email,Năm thành lập,Số thành viên,Phụ nữ làm chủ,Dân tộc thiểu số làm chủ',
      `HTX Chè Shan Tuyết,hợp tác xã,${tax1},14845,Bản Sài Khao,Lò Văn Hùng,0912 345 678,htx@example.vn,2019,12,không,có`,
      `Công ty CP Dược liệu Xứ Thanh,Doanh nghiệp,${tax2},14797,,Lê Thị Lan,+84 983 000 111,,2015,,có,không`,
      'Hộ kinh doanh Mai Văn Tư,hộ kinh doanh,,14758,,,,,,,,',
    ]);
    const o = ok(await runImport(admin, 'producers', file(first)));
    expect(o.summary).toEqual({ rows: 3, created: 3, updated: 0 });
    const stored = await query<{ name: string; kind: string; phone: string | null; women_led: boolean; ethnic_minority_led: boolean; members: number | null; founded_year: number | null }>(deps,
      sql`select name, kind, phone, women_led, ethnic_minority_led, members, founded_year from producers order by founded_year nulls last`);
    expect(stored).toEqual([
      { name: 'Công ty CP Dược liệu Xứ Thanh', kind: 'enterprise', phone: '0983000111', women_led: true, ethnic_minority_led: false, members: null, founded_year: 2015 },
      { name: 'HTX Chè Shan Tuyết', kind: 'cooperative', phone: '0912345678', women_led: false, ethnic_minority_led: true, members: 12, founded_year: 2019 },
      { name: 'Hộ kinh doanh Mai Văn Tư', kind: 'household', phone: null, women_led: false, ethnic_minority_led: false, members: null, founded_year: null },
    ]);

    const second = csv([
      'name,kind,tax_code,commune_code,phone',
      `Hợp tác xã Chè Shan Tuyết Mường Lát,hợp tác xã,${tax1},14845,0977000222`,
      'HỘ KINH DOANH MAI VAN TU,hộ kinh doanh,,14758,0911000333',
    ]);
    const again = ok(await runImport(admin, 'producers', file(second)));
    expect(again.summary).toEqual({ rows: 2, created: 0, updated: 2 });
    const [coop] = await query<{ name: string; phone: string; address: string; members: number }>(deps,
      sql`select name, phone, address, members from producers where tax_code = ${tax1}`);
    expect(coop).toEqual({ name: 'Hợp tác xã Chè Shan Tuyết Mường Lát', phone: '0977000222', address: 'Bản Sài Khao', members: 12 });
  });

  it('reports bad values and duplicates in the file', async () => {
    const before = await counts(deps);
    const o = failed(await runImport(admin, 'producers', file(csv([
      'name,kind,tax_code,commune_code,phone,email,founded_year,members,women_led',
      `Cơ sở Một,hộ kinh doanh,,14758,12345,not-an-email,1850,-3,có`,
      `Cơ sở Hai,hộ kinh doanh,${makeTaxCode(41_000_000)},14758,,,2030,,perhaps`,
      `Cơ sở Ba,hộ kinh doanh,${makeTaxCode(41_000_000)},14758,,,,,`,
      'Cơ sở Một,hộ kinh doanh,,14758,,,,,',
      ',hộ kinh doanh,,,,,,,',
    ]))));
    expect(rowErrors(o.errors, 2)).toEqual([
      'phone: not a Vietnamese phone number', 'email: not a valid e-mail address',
      'founded_year: not a valid year (1900 – this year)', 'members: must be a whole number, 0 or more',
    ]);
    expect(rowErrors(o.errors, 3)).toEqual(['founded_year: not a valid year (1900 – this year)', 'women_led: use yes / no (có / không)']);
    expect(rowErrors(o.errors, 4)).toEqual(['tax_code: duplicate of row 3']);
    expect(rowErrors(o.errors, 5)).toEqual(['name: duplicate of row 2']);
    expect(rowErrors(o.errors, 6)).toEqual(['name: a required value is missing', 'commune_code: a required value is missing']);
    expect(await counts(deps)).toEqual(before);
  });

  it('refuses a tax code that differs from the one of the producer with the same name', async () => {
    const o = failed(await runImport(admin, 'producers', file(csv([
      'name,kind,tax_code,commune_code', `HTX Chè Shan Tuyết Mường Lát,hợp tác xã,${makeTaxCode(42_000_000)},14845`,
    ]))));
    expect(o.errors).toEqual([{ row: 2, field: 'tax_code', message: `the producer with this name in this commune has tax code ${tax1}` }]);
  });
});

describe('products', () => {
  const tax = makeTaxCode(43_000_001);

  beforeAll(async () => {
    ok(await runImport(admin, 'producers', file(csv([
      'name,kind,tax_code,commune_code', `Công ty Nông sản Như Thanh,doanh nghiệp,${tax},14818`, 'Cơ sở Bánh đa Nga Sơn,hộ kinh doanh,,14812',
    ]))));
  });

  it('finds the producer by tax code or by name + commune, and updates on re-import', async () => {
    const gtin = makeGtin13('893', 1234);
    const data = csv([
      'producer_tax_code,producer_name,commune_code,product_name,product_set,description,gtin',
      `${tax},,,Dưa lưới Như Thanh,1,Dưa lưới trồng nhà màng,${gtin}`,
      ',Cơ sở Bánh đa Nga Sơn,14812,Bánh đa vừng,"Chế biến từ gạo, ngũ cốc",,',
    ]);
    expect(ok(await runImport(admin, 'products', file(data))).summary).toEqual({ rows: 2, created: 2, updated: 0 });
    const update = csv([
      'producer_tax_code,product_name,product_set,description',
      `${tax},DƯA LƯỚI NHƯ THANH,1,Dưa lưới VietGAP`,
    ]);
    expect(ok(await runImport(admin, 'products', file(update))).summary).toEqual({ rows: 1, created: 0, updated: 1 });
    const [p] = await query<{ name: string; description: string; gtin: string; status: string; province_code: string }>(deps,
      sql`select name, description, gtin, status, province_code from products where gtin = ${gtin}`);
    expect(p).toEqual({ name: 'Dưa lưới Như Thanh', description: 'Dưa lưới VietGAP', gtin, status: 'developing', province_code: '38' });
  });

  it('reports bad GTINs, unknown producers and GTINs in use', async () => {
    const taken = makeGtin13('893', 1234);
    const good = makeGtin13('893', 99);
    const badCheck = good.slice(0, 12) + String((Number(good.charAt(12)) + 1) % 10);
    const before = await counts(deps);
    const o = failed(await runImport(admin, 'products', file(csv([
      'producer_tax_code,producer_name,commune_code,product_name,product_set,gtin',
      `${tax},,,Sản phẩm A,1,${badCheck}`,
      `${tax},,,Sản phẩm B,1,89312345`,
      `${makeTaxCode(44_000_000)},,,Sản phẩm C,1,`,
      ',Không có ai,14812,Sản phẩm D,1,',
      `${tax},,,Sản phẩm E,1,${taken}`,
      `${tax},,,Sản phẩm F,27,`,
      ',Cơ sở Bánh đa Nga Sơn,,Sản phẩm G,1,',
    ]))));
    expect(o.errors).toEqual([
      { row: 2, field: 'gtin', message: 'the GTIN check digit does not match' },
      { row: 3, field: 'gtin', message: 'a GTIN has 13 digits' },
      { row: 4, field: 'producer_tax_code', message: 'no such producer (by tax code, or by name + commune code)' },
      { row: 5, field: 'producer_name', message: 'no such producer (by tax code, or by name + commune code)' },
      { row: 6, field: 'gtin', message: `GTIN ${taken} is already used by another product` },
      { row: 7, field: 'product_set', message: 'no product set "27" in classification 148-2023' },
      { row: 8, field: 'producer_tax_code', message: 'give the producer tax code, or the producer name and commune code' },
    ]);
    expect(await counts(deps)).toEqual(before);
  });
});

describe('areas', () => {
  it('adds and updates units (national administrators only)', async () => {
    const o = ok(await runImport(admin, 'areas', file(csv([
      'code,name,kind,level,parent_code',
      '99,Tỉnh Thử Nghiệm,Tỉnh,province,',
      '99001,Xã Thử Nghiệm,,commune,99',
      '14845,Xã Mường Lát,Xã,commune,38',
    ]))));
    expect(o.summary).toEqual({ rows: 3, created: 2, updated: 1 });
    const rows = await query<{ code: string; name: string; kind: string; level: string; parent_code: string | null }>(deps,
      sql`select code, name, kind, level, parent_code from areas where code in ('99', '99001') order by code`);
    expect(rows).toEqual([
      { code: '99', name: 'Tỉnh Thử Nghiệm', kind: 'Tỉnh', level: 'province', parent_code: null },
      { code: '99001', name: 'Xã Thử Nghiệm', kind: 'Xã', level: 'commune', parent_code: '99' },
    ]);
  });

  it('reports bad levels, codes and parents', async () => {
    const o = failed(await runImport(admin, 'areas', file(csv([
      'code,name,level,parent_code',
      '98,Tỉnh X,quận,',
      '123,Xã Y,commune,38',
      '98002,Xã Z,commune,97',
      '38,Tỉnh Thanh Hóa,commune,01',
      '96,Tỉnh W,province,01',
    ]))));
    expect(o.errors).toEqual([
      { row: 2, field: 'level', message: 'level must be province or commune' },
      { row: 3, field: 'code', message: 'a province code has 2 digits, a commune code 5' },
      { row: 4, field: 'parent_code', message: 'no province with code "97"' },
      { row: 5, field: 'code', message: 'a province code has 2 digits, a commune code 5' },
      { row: 6, field: 'parent_code', message: 'a province has no parent code' },
    ]);
  });

  it('is forbidden to province officers', async () => {
    const officer = await createTestUser(deps, { role: 'province_officer', areaCode: '38' });
    const e = await appError(runImport(inEnglish(officer.ctx), 'areas', file(csv(['code,name,level', '97,X,province']))));
    expect(e.code).toBe('forbidden');
  });
});

describe('who may import, and files that cannot be imported', () => {
  it('refuses roles other than national and province officers, and criteria as CSV (JSON or the XLSX template only)', async () => {
    const commune = await createTestUser(deps, { role: 'commune_officer', areaCode: '14758' });
    expect((await appError(runImport(commune.ctx, 'producers', file(csv(['name']))))).code).toBe('forbidden');
    const e = await appError(runImport(admin, 'criteria', file(csv(['code']))));
    expect(e.code).toBe('unsupported_media_type');
    expect(e.message).toBe('Criteria are imported from a JSON file or the XLSX template (not CSV or old XLS).');
  });

  it('answers 415-class errors for a Windows-1258 file, with the save-as-UTF-8 advice, and records the job', async () => {
    const data = encodeCp1258('name,kind,commune_code\r\nHợp tác xã Đồng Tâm,hợp tác xã,14758\r\n');
    const e = await appError(runImport(admin, 'producers', file(data)));
    expect(e.code).toBe('unsupported_media_type');
    expect(e.message).toContain('not UTF-8');
    expect(e.message).toContain('CSV UTF-8');
    const [job] = await query<{ status: string; errors: { message: string }[] }>(deps,
      sql`select status, errors from import_jobs order by created_at desc limit 1`);
    expect(job!.status).toBe('failed');
    expect(job!.errors[0]!.message).toContain('not UTF-8');
  });

  it('gives the Vietnamese message by default', async () => {
    const data = encodeCp1258('Tên chủ thể\r\nHợp tác xã\r\n');
    const e = await appError(runImport(systemCtx(deps), 'producers', file(data)));
    expect(e.message).toContain('tệp không phải UTF-8');
  });

  it('reports an empty file, a header-only file and missing columns as row errors', async () => {
    const before = await counts(deps);
    const empty = failed(await runImport(admin, 'producers', file(Buffer.alloc(0))));
    expect(empty.errors).toEqual([{ row: 0, field: 'file', message: 'the file is empty' }]);
    const headerOnly = failed(await runImport(admin, 'producers', file(csv(['name,kind,commune_code']))));
    expect(headerOnly.errors).toEqual([{ row: 1, field: 'file', message: 'the file has a header row but no data rows' }]);
    const missing = failed(await runImport(admin, 'certified-products', file(csv(['product_name,stars,colour', 'x,4,red']))));
    expect(missing.errors).toContainEqual({ row: 1, field: 'colour', message: 'unsupported column "colour"' });
    expect(missing.errors).toContainEqual({ row: 1, field: 'decision_date', message: 'required column "decision_date" (Ngày quyết định) is missing' });
    expect(missing.errors.filter((e) => e.message.includes('is missing'))).toHaveLength(6);
    expect(await counts(deps)).toEqual(before);
  });

  it('imports XLSX: date cells, Excel serial numbers and numeric codes', async () => {
    const data = await xlsxOf([
      ['Tên sản phẩm', 'Bộ sản phẩm', 'Chủ thể', 'Loại hình', 'Mã xã', 'Hạng sao', 'Số quyết định', 'Ngày quyết định'],
      ['Mận Mộc Châu', 1, 'HTX Mận', 'HTX', 14845, 4, '900/QĐ-UBND', new Date(Date.UTC(2025, 3, 2))],
      ['Mận sấy', 7, 'HTX Mận', 'HTX', 14845, 3, '900/QĐ-UBND', 45749],
    ]);
    const o = ok(await runImport(admin, 'certified-products', file(data, 'list.xlsx')));
    expect(o.summary).toMatchObject({ producersCreated: 1, productsCreated: 2, decisionsCreated: 1 });
    const dates = await query<{ issued_on: string }>(deps, sql`
      select c.issued_on::text from certificates c join decisions d on d.id = c.decision_id where d.number = '900/QĐ-UBND'`);
    expect(dates).toEqual([{ issued_on: '2025-04-02' }, { issued_on: '2025-04-02' }]);
  });
});
