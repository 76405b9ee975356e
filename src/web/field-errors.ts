import type { FieldErrors } from '../errors';
import type { Locale } from './i18n';

/**
 * Services and zod report field problems in English (the API's language). Forms show them in
 * Vietnamese: known messages are matched here by pattern; anything unknown falls back to a
 * generic Vietnamese sentence rather than showing English to a Vietnamese user.
 */
const VI: [RegExp, string][] = [
  // An empty required field is "missing", not "too short".
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

export function localizeFieldErrors(fields: FieldErrors, locale: Locale): FieldErrors {
  if (locale !== 'vi') return fields;
  return Object.fromEntries(Object.entries(fields).map(([k, msg]) => {
    const hit = VI.find(([re]) => re.test(msg));
    return [k, hit ? hit[1] : 'Giá trị chưa hợp lệ.'];
  }));
}
