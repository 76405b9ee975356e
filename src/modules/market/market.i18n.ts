import type { CatalogOf } from '../../core/i18n';
/** Messages of the marketplace (Vietnamese first; English has every key). */
export const marketMessages = {
  vi: {
    'errors.not_on_sale': 'Có sản phẩm trong giỏ không còn được bán (giấy chứng nhận OCOP không còn hiệu lực, hoặc cửa hàng đã ngừng bán). Chưa có đơn hàng nào được tạo.',
    'errors.price_changed': 'Giá đã thay đổi kể từ khi bạn thêm vào giỏ. Hãy xem lại tổng tiền mới rồi đặt lại. Chưa có đơn hàng nào được tạo.',
    'errors.out_of_stock': 'Không đủ hàng trong kho cho số lượng bạn chọn. Chưa có đơn hàng nào được tạo.',
    'errors.idempotency_key_reused': 'Yêu cầu này trùng mã với một yêu cầu khác đã gửi. Hãy tải lại trang rồi thử lại.',
    'errors.payment_required': 'Đơn chuyển khoản chỉ được giao sau khi đã nhận tiền.',
    'errors.already_paid': 'Đơn hàng này đã được ghi nhận thanh toán.',
    'errors.return_period_over': 'Đã quá thời hạn đổi trả của cửa hàng.',
    'field.market.phone': 'Số điện thoại không đúng định dạng Việt Nam.',
    'field.market.email': 'Địa chỉ thư điện tử không hợp lệ.',
    'field.market.unknown_commune': 'Hãy chọn xã/phường trong danh mục (mã 5 chữ số).',
    'field.market.unknown_bank': 'Hãy chọn ngân hàng trong danh sách.',
    'field.market.account_number': 'Số tài khoản gồm 4–19 chữ số (hoặc chữ in hoa).',
    'field.market.producer_required': 'Hãy chọn chủ thể mở cửa hàng.',
    'field.market.other_producer': 'Chỉ bán được sản phẩm của chính chủ thể này.',
    'field.market.variant_twice': 'Hai quy cách không được trùng tên.',
    'field.market.variant_other_listing': 'Quy cách này không thuộc sản phẩm đang bán.',
    'field.market.unknown_variant': 'Sản phẩm này không còn trong danh mục bán.',
    'field.market.quantity': 'Số lượng phải là số nguyên từ 1 trở lên.',
    'field.market.reason_required': 'Hãy ghi lý do.',
    'field.market.carrier_required': 'Hãy ghi đơn vị vận chuyển.',
    'field.market.tracking_required': 'Hãy ghi mã vận đơn.',
  },
  en: {
    'errors.not_on_sale': 'Some items of the cart are no longer on sale (their OCOP certificate is no longer valid, or the shop withdrew them). No order was placed.',
    'errors.price_changed': 'Prices changed since you filled the cart. Check the new total and place the order again. No order was placed.',
    'errors.out_of_stock': 'Not enough in stock for the quantity you chose. No order was placed.',
    'errors.idempotency_key_reused': 'This request reuses the key of another one. Reload the page and try again.',
    'errors.payment_required': 'A bank-transfer order ships once the money has arrived.',
    'errors.already_paid': 'This order is already recorded as paid.',
    'errors.return_period_over': 'The shop\'s return period is over.',
    'field.market.phone': 'not a Vietnamese phone number',
    'field.market.email': 'not an e-mail address',
    'field.market.unknown_commune': 'unknown commune code',
    'field.market.unknown_bank': 'not a bank of the list (GET /api/v1/market/banks)',
    'field.market.account_number': '4–19 digits (or capital letters)',
    'field.market.producer_required': 'name the producer the shop is for',
    'field.market.other_producer': 'only the products of the shop\'s own producer',
    'field.market.variant_twice': 'two variants with the same name',
    'field.market.variant_other_listing': 'not a variant of this listing',
    'field.market.unknown_variant': 'unknown variant',
    'field.market.quantity': 'a whole number from 1',
    'field.market.reason_required': 'give the reason',
    'field.market.carrier_required': 'name the carrier',
    'field.market.tracking_required': 'give the tracking number',
  },
} as const;

declare module '../../core/i18n' {
  interface MessageCatalog extends CatalogOf<typeof marketMessages> {}
}
