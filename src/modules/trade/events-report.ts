/**
 * An event's report (issue 16, item 3): per approved exhibitor its booth, the products it brought,
 * the sales it reported and the trade agreements signed at the event (counted as results: signed,
 * delivering or completed — domain/trade COUNTED_AGREEMENT_STATUSES), and the totals. The same
 * table is the page (/admin/su-kien/:id/bao-cao), the XLSX (src/files/spreadsheet.ts) and the A4
 * PDF (src/web/pdf.ts, DejaVu fonts), with one Vietnamese heading per fact.
 */
import type { Ctx } from '../../context';
import { formatDateTimeVi } from '../../domain/dates';
import { toXlsx, XLSX_TYPE, type Cell } from '../../files/spreadsheet';
import { createPdf, FONT, pdfBytes, type Pdf } from '../../web/pdf';
import * as repo from './events.repository';
import { EVENT_KIND_NAMES, type EventReportDto } from './events.schema';
import { dateRange, officerEvent } from './events.service';

export async function eventReport(ctx: Ctx, id: string): Promise<EventReportDto> {
  const v = await officerEvent(ctx, id);
  const e = v.event;
  const [found, agreements] = await Promise.all([repo.reportRows(ctx, e.id), repo.eventAgreements(ctx, e.id)]);
  const rows = found.map((r) => ({
    registrationId: r.registration_id, producer: { id: r.producer_id, name: r.producer_name }, booth: r.booth, products: Number(r.products),
    reported: r.reported, salesValue: r.sales_value === null ? null : Number(r.sales_value), visitors: r.visitors === null ? null : Number(r.visitors),
    agreements: { count: Number(r.agreements), value: Number(r.agreements_value) },
  }));
  return {
    event: {
      id: e.id, title: e.title, kind: e.kind, startsOn: e.startsOn, endsOn: e.endsOn, organiser: e.organiser, status: e.status, isSample: e.isSample,
      venue: [e.venueName, e.venueAddress, v.communeName, v.provinceName].filter(Boolean).join(', '),
    },
    rows,
    totals: {
      exhibitors: rows.length,
      reported: rows.filter((r) => r.reported).length,
      salesValue: rows.reduce((s, r) => s + (r.salesValue ?? 0), 0),
      visitors: rows.reduce((s, r) => s + (r.visitors ?? 0), 0),
      agreements,
    },
  };
}

/** The report's headings (the page, the XLSX and the PDF say the same). */
export const REPORT_HEADER = ['STT', 'Chủ thể', 'Gian hàng', 'Sản phẩm', 'Doanh số (đồng)', 'Lượt khách', 'Hợp đồng', 'Giá trị hợp đồng (đồng)'] as const;
export const TOTAL_LABEL = 'Tổng cộng';
export const NOT_REPORTED = 'Chưa báo cáo';

export function reportCells(r: EventReportDto): Cell[][] {
  const rows: Cell[][] = r.rows.map((x, i) => [
    i + 1, x.producer.name, x.booth ?? '', x.products, x.salesValue ?? NOT_REPORTED, x.visitors, x.agreements.count, x.agreements.value,
  ]);
  rows.push(['', TOTAL_LABEL, '', r.rows.reduce((s, x) => s + x.products, 0), r.totals.salesValue, r.totals.visitors, r.totals.agreements.count, r.totals.agreements.value]);
  return rows;
}

/** The lines above the table: what event, where, when; how many reported. */
export function reportLines(r: EventReportDto): [string, string][] {
  return [
    ['Sự kiện', r.event.title],
    ['Loại sự kiện', EVENT_KIND_NAMES[r.event.kind].vi],
    ['Thời gian', dateRange(r.event.startsOn, r.event.endsOn)],
    ['Địa điểm', r.event.venue],
    ['Đơn vị tổ chức', r.event.organiser],
    ['Chủ thể tham gia', String(r.totals.exhibitors)],
    ['Đã báo cáo doanh số', `${r.totals.reported}/${r.totals.exhibitors}`],
  ];
}

export const AGREEMENTS_NOTE = 'Doanh số: doanh số bán tại sự kiện do chủ thể báo cáo. Hợp đồng: hợp đồng tiêu thụ ký tại sự kiện (đã ký, đang giao hoặc đã hoàn thành). '
  + 'Dòng "Tổng cộng" tính mọi hợp đồng của sự kiện, kể cả của chủ thể không có gian hàng.';

const fileBase = (r: EventReportDto) => `bao-cao-su-kien-${r.event.startsOn}`;

export interface ReportFile { fileName: string; contentType: string; body: Buffer }

export async function reportXlsx(ctx: Ctx, id: string): Promise<ReportFile> {
  const r = await eventReport(ctx, id);
  const info: Cell[][] = reportLines(r).map(([k, v]) => [k, v]);
  info.push(['Lập lúc', formatDateTimeVi(ctx.deps.clock())]);
  if (r.event.isSample) info.push(['Ghi chú', 'Dữ liệu mẫu để trình diễn, không phải dữ liệu chính thức.']);
  info.push(['Ghi chú', AGREEMENTS_NOTE]);
  const body = await toXlsx([
    { name: 'Báo cáo sự kiện', header: [...REPORT_HEADER], rows: reportCells(r), widths: [6, 40, 12, 12, 24, 12, 16, 22] },
    { name: 'Thông tin', header: ['Mục', 'Nội dung'], rows: info, widths: [24, 80] },
  ]);
  return { fileName: `${fileBase(r)}.xlsx`, contentType: XLSX_TYPE, body };
}

const MARGIN = 40;
const SIZE = 8;
const PAD = 3;
const GREEN = '#0b5d3b';
const RULE = '#c9d3cd';

function cellText(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'number') return new Intl.NumberFormat('vi-VN').format(c);
  return typeof c === 'string' ? c : c.date;
}

/** A table down the page, its header repeated on every new page. */
function drawTable(doc: Pdf, header: readonly string[], rows: Cell[][], weights: number[]) {
  const width = doc.page.width - 2 * MARGIN;
  const total = weights.reduce((s, w) => s + w, 0);
  const widths = weights.map((w) => (w / total) * width);
  const heightOf = (cells: string[], font: string) => {
    doc.font(font).fontSize(SIZE);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 2 * PAD }))) + 2 * PAD;
  };
  // A column of numbers is right-aligned, its heading too.
  const numericColumn = header.map((_, k) => k > 0 && rows.some((r) => typeof r[k] === 'number'));
  const draw = (cells: string[], font: string, numeric: boolean[], shade: boolean) => {
    const h = heightOf(cells, font);
    if (doc.y + h > doc.page.height - MARGIN - 20) { doc.addPage(); if (!shade) draw([...header], FONT.bold, numericColumn, true); }
    const y = doc.y;
    if (shade) doc.save().rect(MARGIN, y, width, h).fill('#e8f1ec').restore();
    let x = MARGIN;
    doc.font(font).fontSize(SIZE).fillColor('#1a1a1a');
    cells.forEach((c, i) => { doc.text(c, x + PAD, y + PAD, { width: widths[i]! - 2 * PAD, align: numeric[i] ? 'right' : 'left' }); x += widths[i]!; });
    doc.save().moveTo(MARGIN, y + h).lineTo(MARGIN + width, y + h).lineWidth(0.5).strokeColor(RULE).stroke().restore();
    doc.x = MARGIN;
    doc.y = y + h;
  };
  draw([...header], FONT.bold, numericColumn, true);
  rows.forEach((r, i) => draw(r.map(cellText), i === rows.length - 1 ? FONT.bold : FONT.regular, numericColumn, false));
}

export async function reportPdf(ctx: Ctx, id: string): Promise<ReportFile> {
  const r = await eventReport(ctx, id);
  const doc = createPdf({ title: `Báo cáo kết quả sự kiện: ${r.event.title}`, subject: 'Báo cáo sự kiện xúc tiến thương mại OCOP', layout: 'landscape', margin: MARGIN, createdAt: ctx.deps.clock() });
  const width = doc.page.width - 2 * MARGIN;
  doc.font(FONT.bold).fontSize(14).fillColor(GREEN).text('BÁO CÁO KẾT QUẢ SỰ KIỆN XÚC TIẾN THƯƠNG MẠI', MARGIN, MARGIN, { width, align: 'center' });
  doc.moveDown(0.3).font(FONT.bold).fontSize(12).fillColor('#1a1a1a').text(r.event.title, { width, align: 'center' });
  if (r.event.isSample) doc.moveDown(0.2).font(FONT.oblique).fontSize(9).fillColor('#8a1c13').text('Dữ liệu mẫu để trình diễn, không phải dữ liệu chính thức.', { width, align: 'center' });
  doc.moveDown(0.6);
  for (const [k, v] of reportLines(r)) {
    doc.font(FONT.bold).fontSize(9).fillColor('#1a1a1a').text(`${k}: `, MARGIN, doc.y, { continued: true, width }).font(FONT.regular).text(v);
  }
  doc.moveDown(0.6);
  drawTable(doc, REPORT_HEADER, reportCells(r), [3, 24, 8, 8, 14, 8, 10, 14]);
  doc.moveDown(0.6).font(FONT.oblique).fontSize(8).fillColor('#555555').text(AGREEMENTS_NOTE, MARGIN, doc.y, { width });
  doc.moveDown(0.3).text(`Lập lúc ${formatDateTimeVi(ctx.deps.clock())} trên Nền tảng OCOP.`, { width });
  return { fileName: `${fileBase(r)}.pdf`, contentType: 'application/pdf', body: await pdfBytes(doc) };
}
