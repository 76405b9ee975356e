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
  'audit.title': 'Nhật ký thay đổi',
  'audit.at': 'Thời gian',
  'audit.actor': 'Người thực hiện',
  'audit.action': 'Thao tác',
  'audit.entity': 'Đối tượng',
  'audit.change': 'Thay đổi',
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
  'audit.title': 'Audit log',
  'audit.at': 'Time',
  'audit.actor': 'Actor',
  'audit.action': 'Action',
  'audit.entity': 'Record',
  'audit.change': 'Change',
};

export const identityMessages = { vi, en };

declare module '../../core/i18n' {
  interface MessageCatalog extends CatalogOf<typeof identityMessages> {}
}
