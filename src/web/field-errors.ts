import type { FieldErrors, FieldMessages, FieldProblem } from '../errors';
import { tDynamic, type Locale } from '../core/i18n';

/**
 * Field problems are codes with parameters (src/errors.ts); each module translates its codes as
 * `field.<code>` in its `.i18n.ts`, and the generic ones (required, too long…) are common.
 */
export function fieldMessage(p: FieldProblem, locale: Locale): string {
  if (typeof p === 'string') return legacyMessage(p, locale);
  return tDynamic(locale, `field.${p.code}`, tDynamic(locale, 'field.invalid', p.code), p.params);
}

export function fieldMessages(fields: FieldErrors, locale: Locale): FieldMessages {
  return Object.fromEntries(Object.entries(fields).map(([k, p]) => [k, fieldMessage(p, locale)]));
}

/** The API's `fields`: English text (zod's own where it wrote one) per field. */
export function apiFieldMessages(fields: FieldErrors): FieldMessages {
  return Object.fromEntries(Object.entries(fields).map(([k, p]) => [
    k, typeof p === 'string' ? p : (p.message ?? fieldMessage(p, 'en')),
  ]));
}

/** The API's `fieldCodes`: the stable code per field. */
export function apiFieldCodes(fields: FieldErrors): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([, p]) => typeof p !== 'string').map(([k, p]) => [k, p.code]));
}

// ── Transitional: modules not yet converted still raise English text; removed once none do. ──
const VI: [RegExp, string][] = [
  [/^Too small: expected string to have >=1 characters?$/, 'Bắt buộc: hãy nhập hoặc chọn giá trị.'],
  [/^Too small: expected string/, 'Quá ngắn.'],
  [/^Too big: expected string/, 'Quá dài.'],
  [/^Too (small|big): expected number/, 'Giá trị nằm ngoài khoảng cho phép.'],
  [/^Invalid option/, 'Hãy chọn một giá trị trong danh sách.'],
  [/^Invalid input: expected number/, 'Hãy nhập một số.'],
  [/^Invalid (input|UUID)/, 'Giá trị không hợp lệ.'],
  [/5-digit commune code|unknown commune code/, 'Mã xã/phường gồm 5 chữ số và phải có trong danh mục.'],
  [/tax code check digit/, 'Mã số thuế sai chữ số kiểm tra.'],
  [/tax code must be/, 'Mã số thuế gồm 10 chữ số, hoặc 13 chữ số dạng NNNNNNNNNN-NNN.'],
  [/not a Vietnamese phone number/, 'Số điện thoại không đúng định dạng Việt Nam.'],
  [/not a valid e-mail/, 'Địa chỉ thư điện tử không hợp lệ.'],
  [/already registered in this commune/, 'Đã có chủ thể cùng tên trong xã/phường này.'],
  [/^already registered$/, 'Mã số thuế này đã được đăng ký.'],
  [/outside your area/, 'Ngoài phạm vi bạn được giao.'],
  [/GTIN-13 check digit/, 'Mã vạch sai chữ số kiểm tra.'],
  [/GTIN-13 must be/, 'Mã vạch GTIN-13 gồm 13 chữ số.'],
  [/already used by another product/, 'Mã vạch đã được dùng cho sản phẩm khác.'],
  [/unknown product set/, 'Bộ sản phẩm không có trong danh mục.'],
  [/unknown producer/, 'Không tìm thấy chủ thể.'],
  [/choose the producer/, 'Hãy chọn chủ thể.'],
  [/unknown product of this producer/, 'Không tìm thấy sản phẩm này của chủ thể.'],
  [/comment is required/, 'Hãy ghi ý kiến khi trả lại hồ sơ.'],
  [/follows the certificate/, 'Trạng thái của sản phẩm đã chứng nhận đi theo giấy chứng nhận.'],
];
function legacyMessage(msg: string, locale: Locale): string {
  if (locale !== 'vi') return msg;
  return VI.find(([re]) => re.test(msg))?.[1] ?? 'Giá trị chưa hợp lệ.';
}
