import type { CatalogOf } from '../../core/i18n';
/** Agreements signed at an event, as the exhibitor's registration page records and lists them. */
export const eventAgreementsMessages = {
  vi: {
    'events.agreements.title': 'Hợp đồng ký tại sự kiện',
    'events.agreements.lead': 'Ghi lại từng hợp đồng tiêu thụ ký với người mua tại sự kiện. Hợp đồng được tính vào báo cáo của sự kiện và chỉ tiêu "hợp đồng tiêu thụ" của chương trình.',
    'events.agreements.none': 'Chưa ghi hợp đồng nào.',
    'events.agreements.buyerName': 'Bên mua (tên ghi trên hợp đồng)',
    'events.agreements.product': 'Sản phẩm',
    'events.agreements.quantity': 'Số lượng',
    'events.agreements.unit': 'Đơn vị tính',
    'events.agreements.unitHint': 'Ví dụ: kg, hộp, chai, thùng.',
    'events.agreements.unitPrice': 'Đơn giá (đồng)',
    'events.agreements.signedOn': 'Ngày ký',
    'events.agreements.value': 'Giá trị',
    'events.agreements.save': 'Ghi hợp đồng',
    'events.done.agreement': 'Đã ghi hợp đồng ký tại sự kiện.',
  },
  en: {
    'events.agreements.title': 'Agreements signed at the event',
    'events.agreements.lead': 'Record each sales agreement signed with a buyer at the event. It counts in the event\'s report and in the programme\'s "sales agreements".',
    'events.agreements.none': 'No agreement recorded yet.',
    'events.agreements.buyerName': 'Buyer (as named on the agreement)',
    'events.agreements.product': 'Product',
    'events.agreements.quantity': 'Quantity',
    'events.agreements.unit': 'Unit',
    'events.agreements.unitHint': 'For example: kg, box, bottle, carton.',
    'events.agreements.unitPrice': 'Unit price (đồng)',
    'events.agreements.signedOn': 'Signed on',
    'events.agreements.value': 'Value',
    'events.agreements.save': 'Record the agreement',
    'events.done.agreement': 'The agreement signed at the event was recorded.',
  },
} as const;

declare module '../../core/i18n' {
  interface MessageCatalog extends CatalogOf<typeof eventAgreementsMessages> {}
}
