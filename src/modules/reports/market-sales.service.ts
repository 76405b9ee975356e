/**
 * The programme indicator "doanh thu qua sàn" (sales through the OCOP market) of a report area over
 * the report's period: by province, product set and star, with the total — for the statistics
 * page, its XLSX/PDF files and the officers' dashboard. SAMPLE orders (the demo's shops) are
 * counted, as the market's own figures count them, and said: how many and for how much.
 */
import type { Ctx } from '../../context';
import type { Cell } from '../../files/spreadsheet';
import { formatDateVi } from '../../domain/dates';
import type { ReportArea } from './report-scope';
import type { ReportTable } from './report-export';
import { marketSalesRows, type SalesGroupRow } from './market-sales.repository';

export interface SalesFigure { key: string; label: string; orders: number; units: number; amount: number }
export interface MarketSales {
  from: string; to: string;
  byProvince: SalesFigure[]; bySet: SalesFigure[]; byStars: SalesFigure[];
  total: { orders: number; units: number; amount: number };
  /** Of the total: the SAMPLE (demo) orders. */
  sample: { orders: number; amount: number };
}

/** Whole đồng as the platform shows money: "120.000 ₫" (the market's pages too). */
export const formatDong = (n: number) => `${n.toLocaleString('vi-VN')} ₫`;

const figure = (r: SalesGroupRow, label: string): SalesFigure => ({ key: r.key ?? '', label, orders: r.orders, units: r.units, amount: r.amount });
const byAmount = (a: SalesFigure, b: SalesFigure) => b.amount - a.amount || a.label.localeCompare(b.label, 'vi');

export async function marketSales(ctx: Ctx, area: ReportArea, from: string, to: string): Promise<MarketSales> {
  const found = await marketSalesRows(ctx, area, from, to);
  const total = found.find((r) => r.g === 7);
  return {
    from, to,
    byProvince: found.filter((r) => r.g === 3).map((r) => figure(r, r.label ?? r.key ?? '')).sort(byAmount),
    bySet: found.filter((r) => r.g === 5).map((r) => figure(r, r.label ?? '—')).sort(byAmount),
    byStars: found.filter((r) => r.g === 6).map((r) => figure(r, r.key ? `${r.key} sao` : '—')).sort((a, b) => a.key.localeCompare(b.key)),
    total: { orders: total?.orders ?? 0, units: total?.units ?? 0, amount: total?.amount ?? 0 },
    sample: { orders: total?.sample_orders ?? 0, amount: total?.sample_amount ?? 0 },
  };
}

/** The tables of the files (statistics' XLSX and PDF), as report-export.ts prints its own. */
export function marketSalesTables(s: MarketSales): ReportTable[] {
  const header = (first: string) => [first, 'Số đơn hàng', 'Số lượng', 'Doanh thu (đồng)'];
  const body = (list: SalesFigure[]): Cell[][] => [...list.map((r) => [r.label, r.orders, r.units, r.amount]), ['Tổng cộng', s.total.orders, s.total.units, s.total.amount]];
  const period = `từ ${formatDateVi(s.from)} đến ${formatDateVi(s.to)}`;
  const note = [
    'Đơn hàng đã giao hoặc đã hoàn tất trên chợ OCOP, tính theo ngày đặt; doanh thu là tiền hàng (không gồm phí giao hàng). '
      + 'Một đơn có sản phẩm của nhiều bộ hoặc nhiều hạng sao được tính ở mỗi dòng tương ứng.',
    s.sample.orders ? `Trong đó có ${s.sample.orders} đơn hàng MẪU (dữ liệu trình diễn), ${formatDong(s.sample.amount)}.` : '',
  ].filter(Boolean).join(' ');
  return [
    { sheet: 'Doanh thu qua sàn - tỉnh', title: `Doanh thu qua sàn theo tỉnh, thành phố ${period}`, header: header('Tỉnh, thành phố'), rows: body(s.byProvince), widths: [3, 1, 1, 1.6] },
    { sheet: 'Doanh thu qua sàn - bộ SP', title: `Doanh thu qua sàn theo bộ sản phẩm ${period}`, header: header('Bộ sản phẩm'), rows: body(s.bySet), widths: [3, 1, 1, 1.6] },
    { sheet: 'Doanh thu qua sàn - hạng sao', title: `Doanh thu qua sàn theo hạng sao ${period}`, header: header('Hạng sao'), rows: body(s.byStars), widths: [3, 1, 1, 1.6], note },
  ];
}
