import type { CatalogOf } from '../../core/i18n';
const vi = {
  'login.title': 'Đăng nhập',
  'login.username': 'Tên đăng nhập',
  'login.password': 'Mật khẩu',
  'login.submit': 'Đăng nhập',
  'role.national_admin': 'Quản trị quốc gia',
  'role.province_officer': 'Cán bộ OCOP tỉnh',
  'role.commune_officer': 'Cán bộ xã',
  'role.council_member': 'Thành viên hội đồng',
  'role.inspector': 'Thanh tra, kiểm tra',
  'role.producer': 'Chủ thể OCOP',
  'role.buyer': 'Người mua',
  'field.username.format': 'Từ 3 đến 64 ký tự: chữ thường, chữ số và các dấu . _ -',
  'field.username.taken': 'Tên đăng nhập này đã có người dùng.',
  'field.role.unknown': 'Hãy chọn một vai trò trong danh sách.',
  'field.password.too_short': 'Mật khẩu cần ít nhất {min} ký tự.',
  'field.password.too_long': 'Mật khẩu dài tối đa {max} ký tự.',
  'field.password.letter_and_digit': 'Mật khẩu cần có cả chữ cái và chữ số.',
  'field.password.contains_username': 'Mật khẩu không được chứa tên đăng nhập.',
  'field.password.too_simple': 'Mật khẩu quá đơn giản.',
  'field.area.unknown': 'Không có mã đơn vị hành chính này.',
  'field.area.not_province': 'Hãy nhập mã tỉnh, thành phố.',
  'field.area.not_commune': 'Hãy nhập mã xã, phường.',
  'field.area.required_for_role': 'Vai trò này cần gắn với một địa bàn.',
  'field.producer.required_for_account': 'Tài khoản chủ thể cần gắn với một chủ thể.',
} as const;

const en: Record<keyof typeof vi, string> = {
  'login.title': 'Log in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'role.national_admin': 'National administrator',
  'role.province_officer': 'Provincial OCOP officer',
  'role.commune_officer': 'Commune officer',
  'role.council_member': 'Council member',
  'role.inspector': 'Inspector',
  'role.producer': 'OCOP producer',
  'role.buyer': 'Buyer',
  'field.username.format': '3–64 chars: letters, digits, . _ -',
  'field.username.taken': 'already exists',
  'field.role.unknown': 'one of {roles}',
  'field.password.too_short': 'at least {min} characters',
  'field.password.too_long': 'at most {max} characters',
  'field.password.letter_and_digit': 'needs a letter and a digit',
  'field.password.contains_username': 'must not contain the username',
  'field.password.too_simple': 'too simple',
  'field.area.unknown': 'unknown area code',
  'field.area.not_province': 'must be a province code',
  'field.area.not_commune': 'must be a commune code',
  'field.area.required_for_role': 'required for {role}',
  'field.producer.required_for_account': 'required for producer accounts',
};

export const identityMessages = { vi, en };

declare module '../../core/i18n' {
  interface MessageCatalog extends CatalogOf<typeof identityMessages> {}
}
