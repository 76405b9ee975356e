import type { CatalogOf } from '../../core/i18n';

/** Administering accounts and one's own account: field problems (pages add their own bundle). */
const vi = {
  'field.account.self': 'Bạn không thể làm việc này với chính tài khoản của mình.',
  'field.account.last_admin': 'Phải còn ít nhất một quản trị quốc gia đang hoạt động.',
  'field.account.reason_required': 'Hãy ghi lý do khóa tài khoản.',
  'field.account.role_not_assignable': 'Bạn không được giao vai trò này.',
  'field.account.area_outside': 'Địa bàn này nằm ngoài địa bàn bạn quản lý.',
  'field.password.wrong_current': 'Mật khẩu hiện tại không đúng.',
  'field.password.same': 'Mật khẩu mới phải khác mật khẩu hiện tại.',
  'field.token.name_required': 'Hãy đặt tên cho khóa API (ví dụ: phần mềm kế toán).',
  'field.token.too_many': 'Mỗi tài khoản có tối đa {max} khóa API đang dùng. Hãy thu hồi khóa không còn dùng.',
};

const en: Record<keyof typeof vi, string> = {
  'field.account.self': 'you cannot do this to your own account',
  'field.account.last_admin': 'at least one enabled national administrator must remain',
  'field.account.reason_required': 'give the reason for disabling the account',
  'field.account.role_not_assignable': 'you may not give this role',
  'field.account.area_outside': 'this area is outside the area you administer',
  'field.password.wrong_current': 'the current password is wrong',
  'field.password.same': 'the new password must differ from the current one',
  'field.token.name_required': 'name the API token (for example: accounting software)',
  'field.token.too_many': 'an account holds at most {max} live API tokens; revoke the ones no longer used',
};

export const accountsMessages = { vi, en };

declare module '../../core/i18n' {
  interface MessageCatalog extends CatalogOf<typeof accountsMessages> {}
}
