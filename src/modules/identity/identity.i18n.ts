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
};

export const identityMessages = { vi, en };

declare module '../../core/i18n' {
  interface MessageCatalog extends CatalogOf<typeof identityMessages> {}
}
