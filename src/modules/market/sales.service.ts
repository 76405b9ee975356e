/**
 * Sales through the OCOP market ("doanh thu qua sàn", a programme indicator): for officers, the
 * shops of their area by province, product set, star, month or product (national figures for the
 * national office); for a shop, its own by month or product, also as XLSX. Delivered and completed
 * orders, the goods' amount in whole đồng (shipping fees apart), by the day the order was placed.
 */
import type { Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { isIsoDate, todayInVietnam } from '../../domain/dates';
import { AppError, forbidden, problem, validation } from '../../errors';
import { toXlsx, XLSX_TYPE, type FileDownload } from '../../files/spreadsheet';
import { salesBy, type SalesBy, type SalesRow } from './sales.repository';
import { readShop } from './shops.service';

export interface SalesQuery { by: SalesBy; from?: string; to?: string; province?: string }
export interface SalesFigures { by: SalesBy; from: string; to: string; area: string | null; rows: SalesRow[]; total: { orders: number; units: number; amount: number } }

function period(ctx: Ctx, q: { from?: string; to?: string }): { from: string; to: string } {
  const today = todayInVietnam(ctx.deps.clock());
  const from = q.from ?? `${today.slice(0, 4)}-01-01`;
  const to = q.to ?? today;
  if (!isIsoDate(from)) throw validation({ from: problem('market.date') });
  if (!isIsoDate(to) || to < from) throw validation({ to: problem('market.date') });
  return { from, to };
}

const totals = (rows: SalesRow[]) => rows.reduce((t, r) => ({ orders: t.orders + r.orders, units: t.units + r.units, amount: t.amount + r.amount }), { orders: 0, units: 0, amount: 0 });

/** Officers: their area's figures (a province officer their province, a commune officer their commune, national roles any or ?province). */
export async function salesFigures(ctx: Ctx, q: SalesQuery): Promise<SalesFigures> {
  const actor = requireActor(ctx);
  const { from, to } = period(ctx, q);
  let scope: { province?: string; commune?: string };
  if (actor.role === 'national_admin' || (actor.role === 'inspector' && actor.areaCode === null)) scope = q.province ? { province: q.province } : {};
  else if (actor.role === 'province_officer' || (actor.role === 'inspector' && actor.areaCode?.length === 2)) {
    if (q.province && q.province !== actor.areaCode) throw forbidden();
    scope = { province: actor.areaCode! };
  } else if (actor.role === 'commune_officer' || actor.role === 'inspector') scope = { commune: actor.areaCode! };
  else throw new AppError('forbidden', 'officers read the market\'s sales figures');
  const rows = await salesBy(ctx, q.by, scope, from, to);
  return { by: q.by, from, to, area: scope.province ?? scope.commune ?? null, rows, total: totals(rows) };
}

/** A shop's own figures, by month or product. */
export async function shopSales(ctx: Ctx, shopId: string, q: { by: 'month' | 'listing'; from?: string; to?: string }): Promise<SalesFigures> {
  const shop = await readShop(ctx, shopId, false);
  const { from, to } = period(ctx, q);
  const rows = await salesBy(ctx, q.by, { shopId: shop.id }, from, to);
  return { by: q.by, from, to, area: null, rows, total: totals(rows) };
}

/** The shop's sales by month and by product, one sheet each (XLSX). */
export async function shopSalesXlsx(ctx: Ctx, shopId: string, q: { from?: string; to?: string }): Promise<FileDownload> {
  const [months, products] = [await shopSales(ctx, shopId, { ...q, by: 'month' }), await shopSales(ctx, shopId, { ...q, by: 'listing' })];
  const header = (first: string) => [first, 'Số đơn hàng', 'Số lượng', 'Doanh thu (đồng)'];
  const sheet = (name: string, first: string, f: SalesFigures) => ({
    name, header: header(first), widths: [40, 14, 12, 18],
    rows: [...f.rows.map((r) => [r.label, r.orders, r.units, r.amount]), ['Tổng cộng', f.total.orders, f.total.units, f.total.amount]],
  });
  return {
    fileName: `doanh-thu-cho-ocop-${months.from}-${months.to}.xlsx`, contentType: XLSX_TYPE,
    body: await toXlsx([sheet('Theo tháng', 'Tháng', months), sheet('Theo sản phẩm', 'Sản phẩm', products)]),
  };
}
