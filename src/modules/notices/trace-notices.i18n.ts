import type { CatalogOf } from '../../core/i18n';

/** Notices of lot recalls (issue 17 item 5; merged into noticesMessages). */
export const traceNoticesMessages = {
  vi: {
    'notices.title.lot_recalled': 'Lô {lot} của sản phẩm {product} bị thu hồi',
    'notices.msg.lot_recalled': 'Lô {lot} (mã truy xuất {code}) của sản phẩm {product} đã bị thu hồi. Lý do: {reason}. Phạm vi: {scope}. Hướng dẫn cho người đang giữ sản phẩm: {instructions}. Trang truy xuất của lô và của các lô làm từ nó hiển thị thông báo thu hồi cho đến khi việc thu hồi kết thúc.',
    'notices.kind.lot_recalled': 'Lô hàng của bạn bị cơ quan quản lý thu hồi',
    'notices.title.lot_recall_queue': 'Thu hồi lô {lot} ({product}) chờ xử lý',
    'notices.msg.lot_recall_queue': 'Lô {lot} (mã truy xuất {code}) của sản phẩm {product} ({producer}) bị thu hồi. Lý do: {reason}. Phạm vi: {scope}. Việc thu hồi chờ thanh tra hoặc cán bộ của tỉnh tiếp nhận trong danh sách thu hồi.',
    'notices.kind.lot_recall_queue': 'Lô hàng bị thu hồi trong tỉnh, chờ tiếp nhận',
    'notices.title.lot_recalled_order': 'Thu hồi sản phẩm có thể có trong đơn hàng của bạn: {product}',
    'notices.msg.lot_recalled_order': 'Lô {lot} (mã truy xuất {code}) của sản phẩm {product} ({producer}) đang bị thu hồi; đơn hàng của bạn trên chợ OCOP có thể chứa sản phẩm thuộc lô này. Lý do: {reason}. Phạm vi: {scope}. Hướng dẫn: {instructions}',
    'notices.kind.lot_recalled_order': 'Thu hồi lô hàng có thể có trong đơn hàng của bạn',
    'notices.title.lot_recall_closed': 'Kết thúc thu hồi lô {lot} ({product})',
    'notices.msg.lot_recall_closed': 'Việc thu hồi lô {lot} (mã truy xuất {code}) của sản phẩm {product} ({producer}) đã kết thúc; trang truy xuất của lô không còn hiển thị thông báo thu hồi. Ghi chú: {note}',
    'notices.kind.lot_recall_closed': 'Kết thúc thu hồi lô hàng',
    'notices.settings.inAppOnly': 'Các thông báo sau luôn hiển thị trong hệ thống; thư điện tử về chúng được gửi tới địa chỉ ghi trên đơn hàng:',
  },
  en: {
    'notices.title.lot_recalled': 'Lot {lot} of {product} recalled',
    'notices.msg.lot_recalled': 'Lot {lot} (trace code {code}) of {product} was recalled. Reason: {reason}. Scope: {scope}. Instructions for holders: {instructions}. The trace page of the lot and of the lots made from it shows the recall until it is closed.',
    'notices.kind.lot_recalled': 'Your lots recalled by the authorities',
    'notices.title.lot_recall_queue': 'Recall of lot {lot} ({product}) to take up',
    'notices.msg.lot_recall_queue': 'Lot {lot} (trace code {code}) of {product} ({producer}) was recalled. Reason: {reason}. Scope: {scope}. The recall waits in the recalls queue for an inspector or a province officer to take it up.',
    'notices.kind.lot_recall_queue': 'Lots recalled in the province, to take up',
    'notices.title.lot_recalled_order': 'Recall of a product your order may contain: {product}',
    'notices.msg.lot_recalled_order': 'Lot {lot} (trace code {code}) of {product} ({producer}) is recalled; your order on the OCOP marketplace may contain units of it. Reason: {reason}. Scope: {scope}. Instructions: {instructions}',
    'notices.kind.lot_recalled_order': 'Recalls of lots your orders may contain',
    'notices.title.lot_recall_closed': 'Recall of lot {lot} ({product}) closed',
    'notices.msg.lot_recall_closed': 'The recall of lot {lot} (trace code {code}) of {product} ({producer}) is closed; the lot\'s trace page no longer shows it. Note: {note}',
    'notices.kind.lot_recall_closed': 'Recalls of lots closed',
    'notices.settings.inAppOnly': 'These notices are always shown in the platform; their e-mail goes to the address given on the order:',
  },
} as const;

declare module '../../core/i18n' {
  interface MessageCatalog extends CatalogOf<typeof traceNoticesMessages> {}
}
