import { describe, expect, it } from 'vitest';
import {
  detectDelimiter, detectFormat, FileProblem, FileProblems, numberText, readSheet,
} from '../../src/files/sheet-reader';
import { toTable } from '../../src/modules/imports/parse';
import * as fields from '../../src/modules/imports/fields';
import { encodeCp1258, xlsxOf } from './fixtures/encode';
import { CERTIFIED_HEADER, certifiedRows, toCsvText } from './fixtures/generate';

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

async function problemOf(p: Promise<unknown> | (() => unknown)): Promise<string[]> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof FileProblem) return [e.problem];
    if (e instanceof FileProblems) return e.problems.map((x) => x.problem);
    throw e;
  }
  throw new Error('expected a file problem');
}

describe('file type and encoding', () => {
  it('reads CSV with and without a UTF-8 BOM the same way', async () => {
    const text = toCsvText(CERTIFIED_HEADER, certifiedRows(3));
    const plain = await readSheet(utf8(text));
    const bom = await readSheet(Buffer.concat([BOM, utf8(text)]));
    expect(plain.format).toBe('csv');
    expect(bom.rows).toEqual(plain.rows);
    expect(bom.rows[0]!.cells[0]).toBe('product_name');
    expect(bom.rows[1]!.cells[2]).toBe('Chủ thể thử nghiệm 0');
  });

  it('detects ; and tab delimiters from the header line', async () => {
    expect(detectDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(detectDelimiter('a,b\n')).toBe(',');
    expect(detectDelimiter('"x;y",b,c\n')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    const sheet = await readSheet(utf8('Tên sản phẩm;Bộ sản phẩm\r\n"Mật ong; rừng";4\r\n'));
    expect(sheet.rows[1]!.cells).toEqual(['Mật ong; rừng', '4']);
  });

  it('rejects Windows-1258 (old Excel) files with the UTF-8 message', async () => {
    const data = encodeCp1258('Tên sản phẩm,Bộ sản phẩm,Chủ thể\r\nMật ong hoa rừng,4,Hợp tác xã Đồng Tâm\r\n');
    expect(data.includes(0xea)).toBe(true);
    expect(await problemOf(readSheet(data))).toEqual(['not_utf8']);
  });

  it('rejects UTF-16 with or without a BOM', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('product_name\r\nx\r\n', 'utf16le')]);
    expect(await problemOf(readSheet(le))).toEqual(['utf16']);
    expect(await problemOf(readSheet(Buffer.from('product_name,product_set\r\nx,1\r\n', 'utf16le')))).toEqual(['utf16']);
  });

  it('types files by magic bytes: xlsx by zip, old .xls and binaries refused', async () => {
    expect(detectFormat(await xlsxOf([['a']]))).toBe('xlsx');
    expect(await problemOf(() => detectFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])))).toEqual(['old_xls']);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(await problemOf(() => detectFormat(png))).toEqual(['unsupported_type']);
    // A zip that is not a workbook (here: a zip header and garbage).
    expect(await problemOf(readSheet(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 1)])))).toEqual(['unreadable']);
  });

  it('reports empty files, whitespace-only files and malformed CSV', async () => {
    expect(await problemOf(readSheet(Buffer.alloc(0)))).toEqual(['empty']);
    expect(await problemOf(readSheet(utf8(' \r\n\r\n ,, \r\n')))).toEqual(['empty']);
    expect(await problemOf(readSheet(Buffer.concat([BOM])))).toEqual(['empty']);
    expect(await problemOf(readSheet(utf8('a,b\r\n"unterminated,1\r\n')))).toEqual(['malformed_csv']);
  });
});

describe('XLSX cells', () => {
  it('turns dates, numbers, rich text, formulas, hyperlinks and booleans into plain strings', async () => {
    const data = await xlsxOf([
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      [
        new Date(Date.UTC(2025, 7, 15)), 0.1 + 0.2, { richText: [{ text: 'Mật ' }, { font: { bold: true }, text: 'ong' }] },
        { formula: 'A1&"x"', result: 'kết quả' }, { text: 'trang', hyperlink: 'https://example.vn' }, true, 2800123456,
      ],
    ]);
    const sheet = await readSheet(data);
    expect(sheet.rows[1]!.cells).toEqual(['2025-08-15', '0.3', 'Mật ong', 'kết quả', 'trang', 'yes', '2800123456']);
  });

  it('writes numbers without float noise', () => {
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(4)).toBe('4');
    expect(numberText(8930000000019)).toBe('8930000000019');
    expect(numberText(1.5)).toBe('1.5');
  });

  it('keeps real spreadsheet row numbers across blank rows', async () => {
    const data = await xlsxOf([['product_name', 'product_set', 'producer_tax_code'], ['x', '1', ''], [], ['y', '2', '']]);
    const table = toTable(await readSheet(data), 'products');
    expect(table.rows.map((r) => r.row)).toEqual([2, 4]);
  });
});

describe('headers', () => {
  const producerCols = 'producer_tax_code';

  it('match English keys and Vietnamese names, case- and diacritic-insensitively', async () => {
    const text = `TÊN SẢN PHẨM,bo san pham,Mã số thuế chủ thể\r\nMật ong,4,2800123453\r\n`;
    const table = toTable(await readSheet(utf8(text)), 'products');
    expect(table.columns).toEqual(['product_name', 'product_set', producerCols]);
    expect(table.rows).toEqual([{ row: 2, values: { product_name: 'Mật ong', product_set: '4', producer_tax_code: '2800123453' } }]);
  });

  it('accept the "key [Tên]" form of templates and exports, skip a title row and ignore STT', async () => {
    const text = 'DANH SÁCH SẢN PHẨM OCOP NĂM 2025,,\r\nSTT,product_name [Tên sản phẩm],product_set [Bộ sản phẩm],Mã xã,Chủ thể\r\n1,Mật ong,4,14845,HTX A\r\n';
    const table = toTable(await readSheet(utf8(text)), 'products');
    expect(table.headerRow).toBe(2);
    expect(table.rows[0]).toEqual({ row: 3, values: { product_name: 'Mật ong', product_set: '4', commune_code: '14845', producer_name: 'HTX A' } });
  });

  it('skip rows whose first cell starts with # (the template example)', async () => {
    const text = 'product_name,product_set,producer_tax_code\r\n# VÍ DỤ / EXAMPLE: Mật ong,4,2800123453\r\nChè,11,2800123453\r\n';
    const table = toTable(await readSheet(utf8(text)), 'products');
    expect(table.rows.map((r) => r.row)).toEqual([3]);
  });

  it('report a header-only file', async () => {
    const text = `${CERTIFIED_HEADER.join(',')}\r\n`;
    expect(await problemOf(async () => toTable(await readSheet(utf8(text)), 'certified-products'))).toEqual(['header_only']);
  });

  it('report every missing, unknown and repeated column at once', async () => {
    const text = 'product_name,Tên sản phẩm,màu sắc,stars\r\nx,x,đỏ,4\r\n';
    const problems = await problemOf(async () => toTable(await readSheet(utf8(text)), 'certified-products'));
    expect(problems).toContain('duplicate_column');
    expect(problems).toContain('unknown_column');
    expect(problems.filter((p) => p === 'missing_column')).toHaveLength(6);
  });

  it('need a way to find the producer in a products file', async () => {
    const text = 'product_name,product_set,producer_name\r\nx,4,HTX A\r\n';
    expect(await problemOf(async () => toTable(await readSheet(utf8(text)), 'products'))).toEqual(['producer_columns']);
  });
});

describe('cell values', () => {
  it('dates: ISO, day-first, Excel serials and date-times', () => {
    for (const v of ['2025-08-15', '15/08/2025', '15-8-2025', '45884', '15/08/2025 00:00:00', '2025-08-15T00:00:00Z']) {
      expect(fields.date(v), v).toEqual({ ok: true, value: '2025-08-15' });
    }
    expect(fields.date('15/08/25').ok).toBe(false);
    expect(fields.date('31/02/2025').ok).toBe(false);
  });

  it('tax codes regain a leading zero lost in a number cell; stars and yes/no in common spellings', () => {
    expect(fields.taxCode('100109106')).toEqual({ ok: true, value: '0100109106' });
    expect(fields.stars('4 sao')).toEqual({ ok: true, value: 4 });
    expect(fields.stars('5.0')).toEqual({ ok: true, value: 5 });
    expect(fields.bool('Có')).toEqual({ ok: true, value: true });
    expect(fields.bool('KHÔNG')).toEqual({ ok: true, value: false });
    expect(fields.areaCode('70', 5)).toBe('00070');
  });
});
