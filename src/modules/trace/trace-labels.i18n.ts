import type { CatalogOf } from '../../core/i18n';
/**
 * Messages of the lot labels (trace-labels.ts): the count's problem, and the words a lot page
 * uses to offer the label sheet (Vietnamese first; English has every key). The sheet itself is
 * printed in Vietnamese, as packaging in Vietnam is.
 */
export const traceLabelMessages = {
  vi: {
    'field.trace.label_count': 'Số nhãn là số nguyên từ 1 đến {max}.',
    'trace.labels.title': 'In nhãn truy xuất',
    'trace.labels.lead': 'Tờ A4, mỗi trang 24 nhãn (3 × 8), mỗi nhãn có mã QR của lô, tên sản phẩm, số lô, NSX, HSD và mã truy xuất. Cắt theo đường viền và dán lên bao bì của lô.',
    'trace.labels.count': 'Số nhãn',
    'trace.labels.countHint': 'Mặc định một trang (24 nhãn); tối đa {max} nhãn mỗi lần tải.',
    'trace.labels.download': 'Tải nhãn (PDF)',
    'trace.labels.recalled': 'Lô đang bị thu hồi nên không in nhãn.',
  },
  en: {
    'field.trace.label_count': 'the number of labels is a whole number from 1 to {max}',
    'trace.labels.title': 'Print trace labels',
    'trace.labels.lead': 'A4 sheets, 24 labels a page (3 × 8), each with the lot\'s QR code, the product name, lot number, production and expiry dates and the trace code. Cut along the frames and stick them on the lot\'s packages.',
    'trace.labels.count': 'Number of labels',
    'trace.labels.countHint': 'One page (24 labels) by default; at most {max} labels per download.',
    'trace.labels.download': 'Download the labels (PDF)',
    'trace.labels.recalled': 'The lot is recalled, so no labels are printed.',
  },
} as const;

declare module '../../core/i18n' {
  interface MessageCatalog extends CatalogOf<typeof traceLabelMessages> {}
}
