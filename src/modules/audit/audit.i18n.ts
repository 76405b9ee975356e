import type { CatalogOf } from '../../core/i18n';

const vi = {
  'audit.title': 'Nhật ký thay đổi',
  'audit.at': 'Thời gian',
  'audit.actor': 'Người thực hiện',
  'audit.action': 'Thao tác',
  'audit.entity': 'Đối tượng',
  'audit.change': 'Thay đổi',
} as const;

const en: Record<keyof typeof vi, string> = {
  'audit.title': 'Audit log',
  'audit.at': 'Time',
  'audit.actor': 'Actor',
  'audit.action': 'Action',
  'audit.entity': 'Record',
  'audit.change': 'Change',
};

export const auditMessages = { vi, en };

declare module '../../core/i18n' {
  interface MessageCatalog extends CatalogOf<typeof auditMessages> {}
}
