import type { CatalogOf } from '../../core/i18n';
/**
 * Messages of the indicator "sản phẩm OCOP có truy xuất nguồn gốc theo lô": the statistics page's
 * section, its files (which print the Vietnamese texts, so page and files say the same) and the
 * dashboard's card. Vietnamese first; English has every key.
 */
export const traceFiguresMessages = {
  vi: {
    'statistics.traced': 'Truy xuất nguồn gốc theo lô',
    'statistics.traced.lead': 'Sản phẩm OCOP còn hiệu lực tại ngày {asOf} có ghi nhận lô sản xuất kèm sự kiện truy xuất.',
    'statistics.traced.share': 'Tỷ lệ có truy xuất theo lô',
    'statistics.traced.traced': 'Có truy xuất theo lô',
    'statistics.traced.certified': 'Sản phẩm còn hiệu lực',
    'statistics.traced.shareShort': 'Tỷ lệ',
    'statistics.traced.shareHint': '{traced} / {certified} sản phẩm',
    'statistics.traced.byProvince': 'Truy xuất theo lô theo tỉnh, thành phố',
    'statistics.traced.byStars': 'Truy xuất theo lô theo hạng sao',
    'statistics.traced.province': 'Tỉnh, thành phố',
    'statistics.traced.rank': 'Hạng sao',
    'statistics.traced.star': '{n} sao',
    'statistics.traced.starShare': 'Tỷ lệ {n} sao',
    'statistics.traced.country': 'Toàn quốc',
    'statistics.traced.total': 'Tổng cộng',
    'statistics.traced.none': 'Không có sản phẩm OCOP nào còn hiệu lực tại ngày này.',
    'statistics.traced.sample': 'Có {n} sản phẩm chỉ có lô MẪU (dữ liệu trình diễn) được tính là có truy xuất.',
    'statistics.traced.sampleBadge': 'Có dữ liệu mẫu',
    'statistics.traced.note': 'Sản phẩm còn hiệu lực: sản phẩm có giấy chứng nhận OCOP còn hiệu lực tại ngày số liệu '
      + '(theo ngày cấp, ngày hết hạn, ngày thu hồi và ngày bị thay thế ghi trên giấy chứng nhận, không theo trạng thái hôm nay), '
      + 'tính theo tỉnh và hạng sao của giấy chứng nhận. Có truy xuất theo lô: trong số đó, sản phẩm có ít nhất một lô sản xuất '
      + 'được ghi nhận trên nền tảng đến hết ngày số liệu và lô đó có ít nhất một sự kiện truy xuất được ghi nhận đến hết ngày đó. '
      + 'Tỷ lệ = có truy xuất / còn hiệu lực, làm tròn đến một chữ số thập phân.',
    'dashboards.traced.title': 'Truy xuất nguồn gốc theo lô',
    'dashboards.traced.share': 'Sản phẩm có truy xuất theo lô',
    'dashboards.traced.hint': 'Lô sản xuất có sự kiện truy xuất, ghi nhận đến hôm nay',
    'dashboards.traced.starShare': 'Sản phẩm {n} sao',
    'dashboards.traced.details': 'Truy xuất theo lô theo tỉnh và hạng sao',
  },
  en: {
    'statistics.traced': 'Lot traceability',
    'statistics.traced.lead': 'Products certified on {asOf} with a production lot recorded with trace events.',
    'statistics.traced.share': 'Share with lot traceability',
    'statistics.traced.traced': 'With lot traceability',
    'statistics.traced.certified': 'Certified products',
    'statistics.traced.shareShort': 'Share',
    'statistics.traced.shareHint': '{traced} / {certified} products',
    'statistics.traced.byProvince': 'Lot traceability by province',
    'statistics.traced.byStars': 'Lot traceability by star',
    'statistics.traced.province': 'Province',
    'statistics.traced.rank': 'Stars',
    'statistics.traced.star': '{n} stars',
    'statistics.traced.starShare': 'Share, {n} stars',
    'statistics.traced.country': 'Whole country',
    'statistics.traced.total': 'Total',
    'statistics.traced.none': 'No product certified on this day.',
    'statistics.traced.sample': '{n} products with SAMPLE (demo) lots only are counted as traceable.',
    'statistics.traced.sampleBadge': 'Includes sample data',
    'statistics.traced.note': 'Certified products: products with an OCOP certificate valid on the report\'s day '
      + '(from the dates of issue, expiry, revocation and supersession on the certificate, not today\'s status), '
      + 'by the certificate\'s province and stars. With lot traceability: of those, products with at least one production lot '
      + 'recorded on the platform by the end of the report\'s day that has at least one trace event recorded by the end of that day. '
      + 'Share = with traceability / certified, rounded to one decimal.',
    'dashboards.traced.title': 'Lot traceability',
    'dashboards.traced.share': 'Products with lot traceability',
    'dashboards.traced.hint': 'Production lots with trace events, recorded up to today',
    'dashboards.traced.starShare': '{n}-star products',
    'dashboards.traced.details': 'Lot traceability by province and star',
  },
} as const;

declare module '../../core/i18n' {
  interface MessageCatalog extends CatalogOf<typeof traceFiguresMessages> {}
}
