import type { CatalogOf } from '../../core/i18n';
/**
 * Messages of the trade connection figures ("kết nối cung – cầu"): the statistics page's section,
 * its files (which print the Vietnamese texts, so page and files say the same) and the officers'
 * dashboard card. Vietnamese first; English has every key.
 */
export const tradeFiguresMessages = {
  vi: {
    'statistics.trade': 'Kết nối cung – cầu',
    'statistics.trade.lead': 'Nhu cầu mua của doanh nghiệp, chào giá của chủ thể, hợp đồng tiêu thụ và kết quả bán hàng tại sự kiện từ {from} đến {to}.',
    'statistics.trade.sample': 'Có {n} bản ghi MẪU (dữ liệu trình diễn) được tính vào số liệu này.',
    'statistics.trade.sampleBadge': 'Có dữ liệu mẫu',
    'statistics.trade.demands': 'Nhu cầu mua',
    'statistics.trade.offers': 'Chào giá',
    'statistics.trade.offerValue': 'Giá trị chào giá',
    'statistics.trade.agreements': 'Hợp đồng tiêu thụ',
    'statistics.trade.agreementValue': 'Giá trị hợp đồng',
    'statistics.trade.results': 'Gian hàng báo kết quả',
    'statistics.trade.sales': 'Doanh số tại sự kiện',
    'statistics.trade.events': 'Sự kiện kết thúc trong kỳ',
    'statistics.trade.negotiating': 'Đang đàm phán',
    'statistics.trade.negotiatingHint': '{n} hợp đồng, chưa tính là kết quả',
    'statistics.trade.negotiatingLine': 'Đang đàm phán: {n} hợp đồng, {amount} (chưa tính là kết quả).',
    'statistics.trade.atEvents': 'Trong số hợp đồng tiêu thụ có {n} hợp đồng ký tại sự kiện, {amount}.',
    'statistics.trade.byProvince': 'Kết nối cung – cầu theo tỉnh, thành phố',
    'statistics.trade.bySet': 'Kết nối cung – cầu theo bộ sản phẩm',
    'statistics.trade.byStars': 'Kết nối cung – cầu theo hạng sao',
    'statistics.trade.province': 'Tỉnh, thành phố',
    'statistics.trade.set': 'Bộ sản phẩm',
    'statistics.trade.rank': 'Hạng sao',
    'statistics.trade.star': '{n} sao',
    'statistics.trade.noSet': 'Không nêu bộ sản phẩm',
    'statistics.trade.noStars': 'Không nêu hạng sao',
    'statistics.trade.total': 'Tổng cộng',
    'statistics.trade.none': 'Chưa có nhu cầu, chào giá, hợp đồng hay kết quả sự kiện nào trong kỳ.',
    'statistics.trade.note': 'Nhu cầu mua tính theo ngày đăng và tỉnh nhận hàng; chào giá theo ngày gửi và tỉnh của chủ thể; '
      + 'hợp đồng tiêu thụ là hợp đồng đã ký, đang giao hoặc đã hoàn thành, tính theo ngày ký và tỉnh của chủ thể; '
      + 'kết quả sự kiện là doanh số các gian hàng báo sau sự kiện kết thúc trong kỳ, theo tỉnh tổ chức. '
      + 'Với nhu cầu mua, bộ sản phẩm và hạng sao là bộ và hạng tối thiểu người mua yêu cầu. '
      + 'Một gian hàng mang sản phẩm của nhiều bộ hoặc nhiều hạng sao được tính ở mỗi dòng tương ứng; dòng tổng tính mỗi gian hàng một lần.',
    'dashboards.trade.title': 'Kết nối cung – cầu năm {year}',
    'dashboards.trade.agreements': 'Hợp đồng tiêu thụ',
    'dashboards.trade.agreementValue': 'Giá trị hợp đồng',
    'dashboards.trade.hint': 'Đã ký, đang giao hoặc đã hoàn thành, từ 1/1 đến hôm nay',
    'dashboards.trade.events': 'Sự kiện đã diễn ra',
    'dashboards.trade.sales': 'Doanh số tại sự kiện',
    'dashboards.trade.salesHint': '{n} gian hàng đã báo kết quả',
    'dashboards.trade.details': 'Kết nối cung – cầu theo tỉnh, bộ sản phẩm, hạng sao',
  },
  en: {
    'statistics.trade': 'Supply–demand connection',
    'statistics.trade.lead': 'Buyers\' demands, producers\' offers, trade agreements and sales at events from {from} to {to}.',
    'statistics.trade.sample': '{n} SAMPLE (demo) records are counted in these figures.',
    'statistics.trade.sampleBadge': 'Includes sample data',
    'statistics.trade.demands': 'Demands',
    'statistics.trade.offers': 'Offers',
    'statistics.trade.offerValue': 'Value offered',
    'statistics.trade.agreements': 'Trade agreements',
    'statistics.trade.agreementValue': 'Agreement value',
    'statistics.trade.results': 'Exhibitors reporting',
    'statistics.trade.sales': 'Sales at events',
    'statistics.trade.events': 'Events ended in the period',
    'statistics.trade.negotiating': 'Under negotiation',
    'statistics.trade.negotiatingHint': '{n} agreements, not counted as results',
    'statistics.trade.negotiatingLine': 'Under negotiation: {n} agreements, {amount} (not counted as results).',
    'statistics.trade.atEvents': '{n} of the trade agreements were signed at events, {amount}.',
    'statistics.trade.byProvince': 'Supply–demand connection by province',
    'statistics.trade.bySet': 'Supply–demand connection by product set',
    'statistics.trade.byStars': 'Supply–demand connection by star',
    'statistics.trade.province': 'Province',
    'statistics.trade.set': 'Product set',
    'statistics.trade.rank': 'Stars',
    'statistics.trade.star': '{n} stars',
    'statistics.trade.noSet': 'No product set named',
    'statistics.trade.noStars': 'No stars named',
    'statistics.trade.total': 'Total',
    'statistics.trade.none': 'No demand, offer, agreement or event result in the period.',
    'statistics.trade.note': 'Demands count by the day posted and the delivery province; offers by the day sent and the producer\'s province; '
      + 'trade agreements are those signed, being delivered or completed, by the day signed and the producer\'s province; '
      + 'event results are the sales exhibitors report for events ending in the period, by the event\'s province. '
      + 'For demands, the set and stars are those the buyer asks for at least. '
      + 'An exhibitor bringing products of several sets or stars counts on each of their rows; the total counts each exhibitor once.',
    'dashboards.trade.title': 'Supply–demand connection in {year}',
    'dashboards.trade.agreements': 'Trade agreements',
    'dashboards.trade.agreementValue': 'Agreement value',
    'dashboards.trade.hint': 'Signed, being delivered or completed, from 1 January to today',
    'dashboards.trade.events': 'Events held',
    'dashboards.trade.sales': 'Sales at events',
    'dashboards.trade.salesHint': '{n} exhibitors reported',
    'dashboards.trade.details': 'Trade connection by province, product set, star',
  },
} as const;

declare module '../../core/i18n' {
  interface MessageCatalog extends CatalogOf<typeof tradeFiguresMessages> {}
}
