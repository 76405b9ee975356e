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
  'field.token.days': 'Hãy chọn thời hạn của khóa: {choices} ngày.',
  'field.token.days_cli': 'Thời hạn của khóa là một số ngày từ 1 đến {max}.',
  'field.token.already_made': 'Biểu mẫu này đã tạo khóa API (ví dụ khi tải lại trang); khóa chỉ hiện một lần. Nếu chưa sao chép được, hãy thu hồi khóa đó trong danh sách và tạo khóa mới.',
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
  'field.token.days': 'choose how long the token works: {choices} days',
  'field.token.days_cli': 'a token works a whole number of days from 1 to {max}',
  'field.token.already_made': 'this form made its API token already (a reload, for example); a token is shown once only. If you could not copy it, revoke it in the list and create a new one.',
};

export const accountsMessages = { vi, en };

declare module '../../core/i18n' {
  interface MessageCatalog extends CatalogOf<typeof accountsMessages> {}
}
