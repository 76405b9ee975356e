/**
 * The public import formats (docs api.md "Import formats"): column names per kind, their
 * Vietnamese headers, and how a header cell maps to a column. Exports use the same columns so
 * that an export re-imports.
 */
import { normalizeVi } from '../../domain/text';

export const IMPORT_KINDS = ['areas', 'producers', 'products', 'certified-products', 'criteria'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
/** Kinds read from a sheet (criteria arrive as JSON with the evaluation capability). */
export type TabularKind = Exclude<ImportKind, 'criteria'>;
export const TABULAR_KINDS: readonly TabularKind[] = ['areas', 'producers', 'products', 'certified-products'];
export const EXPORT_KINDS = ['producers', 'products', 'certified-products'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const isTabularKind = (k: string): k is TabularKind => (TABULAR_KINDS as readonly string[]).includes(k);

export type ColumnKey =
  | 'code' | 'name' | 'kind' | 'level' | 'parent_code'
  | 'tax_code' | 'commune_code' | 'address' | 'representative' | 'phone' | 'email'
  | 'founded_year' | 'members' | 'women_led' | 'ethnic_minority_led'
  | 'producer_tax_code' | 'producer_name' | 'product_name' | 'product_set' | 'description' | 'gtin'
  | 'producer_kind' | 'stars' | 'decision_number' | 'decision_date' | 'certificate_number'
  | 'potential_five_star' | 'old_district' | 'decision_level' | 'issuer' | 'commune_code_now';

export interface ColumnSpec {
  key: ColumnKey;
  /** The Vietnamese header (accepted as well as the English key). */
  vi: string;
  /** Further headers seen in provincial spreadsheets. */
  aliases?: readonly string[];
  /** The column must be present in the header row (a value may still be optional per row). */
  required: boolean;
  /** Value of the example row in templates. */
  example: string;
}

const col = (key: ColumnKey, vi: string, required: boolean, example: string, aliases?: string[]): ColumnSpec =>
  ({ key, vi, required, example, ...(aliases ? { aliases } : {}) });

export const COLUMNS: Record<TabularKind, readonly ColumnSpec[]> = {
  areas: [
    col('code', 'Mã', true, '14845', ['mã đơn vị', 'mã đơn vị hành chính']),
    col('name', 'Tên', true, 'Xã Mường Lát', ['tên đơn vị', 'tên đơn vị hành chính']),
    col('kind', 'Loại', false, 'Xã'),
    col('level', 'Cấp', true, 'commune'),
    col('parent_code', 'Mã cấp trên', false, '38', ['mã tỉnh']),
  ],
  producers: [
    col('name', 'Tên chủ thể', true, 'Hợp tác xã Mật ong Mường Lát', ['chủ thể']),
    col('kind', 'Loại hình', true, 'hợp tác xã', ['loại hình chủ thể']),
    col('tax_code', 'Mã số thuế', false, '2800123406', ['mst']),
    col('commune_code', 'Mã xã', true, '14845'),
    col('address', 'Địa chỉ', false, 'Bản Pù Toong, xã Mường Lát'),
    col('representative', 'Người đại diện', false, 'Lò Văn A'),
    col('phone', 'Điện thoại', false, '0912345678', ['số điện thoại']),
    col('email', 'Email', false, 'htx@example.vn', ['thư điện tử']),
    col('founded_year', 'Năm thành lập', false, '2019'),
    col('members', 'Số thành viên', false, '12'),
    col('women_led', 'Phụ nữ làm chủ', false, 'không'),
    col('ethnic_minority_led', 'Dân tộc thiểu số làm chủ', false, 'có'),
  ],
  products: [
    col('producer_tax_code', 'Mã số thuế chủ thể', false, '2800123406'),
    col('producer_name', 'Chủ thể', false, 'Hợp tác xã Mật ong Mường Lát', ['tên chủ thể']),
    col('commune_code', 'Mã xã', false, '14845'),
    col('product_name', 'Tên sản phẩm', true, 'Mật ong hoa rừng Mường Lát'),
    col('product_set', 'Bộ sản phẩm', true, '4'),
    col('description', 'Mô tả', false, 'Mật ong nguyên chất, chai 500 ml'),
    col('gtin', 'Mã vạch', false, '8930000000019', ['gtin-13', 'mã gtin']),
  ],
  'certified-products': [
    col('product_name', 'Tên sản phẩm', true, 'Mật ong hoa rừng Mường Lát'),
    col('product_set', 'Bộ sản phẩm', true, 'Mật ong, mật khác và nông sản thực phẩm khác'),
    col('producer_name', 'Chủ thể', true, 'Hợp tác xã Mật ong Mường Lát', ['tên chủ thể']),
    col('producer_kind', 'Loại hình', true, 'hợp tác xã', ['loại hình chủ thể']),
    col('tax_code', 'Mã số thuế', false, '2800123406', ['mst']),
    col('commune_code', 'Mã xã', true, '14845'),
    col('address', 'Địa chỉ', false, 'Bản Pù Toong, xã Mường Lát'),
    col('stars', 'Hạng sao', true, '4', ['số sao', 'xếp hạng']),
    col('decision_number', 'Số quyết định', true, '1234/QĐ-UBND', ['quyết định']),
    col('decision_date', 'Ngày quyết định', true, '15/08/2025', ['ngày công nhận']),
    col('certificate_number', 'Số giấy chứng nhận', false, '', ['số gcn']),
    col('potential_five_star', 'Tiềm năng 5 sao', false, 'không'),
    col('old_district', 'Huyện cũ', false, '', ['huyện', 'quận/huyện', 'quận huyện', 'huyện/thị xã/thành phố']),
    col('decision_level', 'Cấp quyết định', false, '', ['cấp công nhận']),
    col('issuer', 'Cơ quan ban hành', false, '', ['cơ quan công nhận', 'đơn vị ban hành']),
    col('commune_code_now', 'Mã xã hiện nay', false, ''),
  ],
};

/** Columns present in files but carrying nothing to import (row numbers, remarks). */
const IGNORED = new Set(['stt', 'tt', 'so tt', 'so thu tu', 'no', 'ghi chu', 'note', 'notes']);

function headerForms(spec: ColumnSpec): string[] {
  return [spec.key, spec.vi, ...(spec.aliases ?? [])].map(normalizeVi);
}

/** The header forms to try: the whole cell, then "english [tiếng Việt]" halves. */
function candidates(cell: string): string[] {
  const out = [cell];
  const m = /^(.*?)\s*[[(](.*)[\])]\s*$/.exec(cell);
  if (m) out.push(m[1]!, m[2]!);
  return out.map(normalizeVi).filter(Boolean);
}

export type HeaderMatch = ColumnKey | 'ignored' | null;

export function matchHeader(kind: TabularKind, cell: string): HeaderMatch {
  const specs = COLUMNS[kind];
  for (const c of candidates(cell)) {
    const hit = specs.find((s) => headerForms(s).includes(c));
    if (hit) return hit.key;
    if (IGNORED.has(c)) return 'ignored';
  }
  return null;
}

/** Header text used in templates and exports: the English key, Vietnamese in brackets. */
export const headerLabel = (spec: ColumnSpec) => `${spec.key} [${spec.vi}]`;
