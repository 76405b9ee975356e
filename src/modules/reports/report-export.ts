/**
 * The statistics report as files: XLSX (one sheet per table, and "Danh sách sản phẩm" listing
 * every product certified on the report's day) and a print-ready A4 PDF with the embedded
 * Vietnamese fonts. Texts are Vietnamese, as the office's paper reports are.
 *
 * A file is always built whole in memory before anything is sent: if a query or the writer fails
 * midway the caller gets an error (and the client an error status), never a truncated file
 * answered 200. `productRows` lets a caller (tests) replace the product list's source.
 */
import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import ExcelJS from 'exceljs';
import type { Ctx } from '../../context';
import { formatDateTimeVi, formatDateVi, todayInVietnam } from '../../domain/dates';
import { lastValidDay, VALID_UNTIL_LABEL_VI } from '../../domain/certificate';
import { PRODUCER_KIND_LABELS, PRODUCER_KINDS } from '../../domain/producer-kind';
import { createPdf, drawNationalMotto, drawSignatureBlock, FONT, issuingAuthority, pdfBytes, placeName, SIGNATURE_HEIGHT } from '../../web/pdf';
import { GREEN, INK, MARGIN, MUTED, PdfWriter } from './report-pdf-writer';
import { neutralizeCell } from '../../domain/spreadsheet-safety';
import { XLSX_TYPE, type Cell } from '../../files/spreadsheet';
import {
  certifiedProductRows, reportDetail, type CertifiedProductRow, type PeriodChange, type ProductRowSource,
  type ReportDates, type ReportDetail,
} from './period.service';
import type { ReportArea } from './report-scope';
import type { BreakdownRow } from './summary.service';
import { marketSales, marketSalesTables, type MarketSales } from './market-sales.service';
import { tradeFigures, tradeFiguresTables, tradeSummaryRows, type TradeFigures } from './trade-figures.service';
import { traceFigures, traceFiguresTables, traceSummaryRows, type TraceFigures } from './trace-figures.service';

export type ExportFormat = 'xlsx' | 'pdf';

export interface ExportFile { fileName: string; asciiName: string; contentType: string; body: Buffer }

export interface ExportOptions {
  /** Where the list of certified products comes from (default: the database). */
  productRows?: ProductRowSource;
  /** The generation time printed in the file (default: the clock of `ctx.deps`). */
  generatedAt?: Date;
}

/** The PDF lists the products one by one up to this many; larger lists are in the XLSX. */
export const PDF_PRODUCT_LIMIT = 1_000;

export const PRODUCT_SHEET = 'Danh sách sản phẩm';

export const CHANGE_LABELS_VI: Record<PeriodChange, string> = {
  new: 'Công nhận mới',
  upgraded: 'Nâng hạng',
  reissued: 'Đánh giá lại, cấp lại',
  expired: 'Hết hiệu lực (hết hạn)',
  revoked: 'Bị thu hồi',
};

/** One table of the report, as both files print it. */
export interface ReportTable {
  sheet: string;
  title: string;
  header: string[];
  rows: Cell[][];
  /** Relative column widths (PDF) — the XLSX derives its own. */
  widths: number[];
  note?: string;
  /** Columns holding a percentage (a number printed with one decimal; "—" when there is none). */
  percent?: number[];
}

const STAR_HEADER = ['Sản phẩm', '3 sao', '4 sao', '5 sao', 'Tiềm năng 5 sao', 'Chủ thể'];
const starCells = (r: BreakdownRow): Cell[] => [r.products, r.byStars['3'], r.byStars['4'], r.byStars['5'], r.potentialFiveStar, r.producers];

/** The report's tables (what the page shows, in the order it shows them). */
export function reportTables(r: ReportDetail): ReportTable[] {
  const groupName = new Map(r.byGroup.map((g) => [g.key, g.name]));
  const tables: ReportTable[] = [
    {
      sheet: 'Theo hạng sao', title: 'Sản phẩm OCOP theo hạng sao', header: ['Hạng', 'Số sản phẩm'], widths: [3, 1],
      rows: [
        ['3 sao', r.products.byStars['3']],
        ['4 sao', r.products.byStars['4']],
        ['  trong đó: tiềm năng 5 sao', r.products.potentialFiveStar],
        ['5 sao', r.products.byStars['5']],
        ['Tổng số sản phẩm', r.products.certified],
      ],
    },
    {
      sheet: 'Theo loại chủ thể', title: 'Chủ thể và sản phẩm theo loại hình chủ thể', header: ['Loại hình', 'Chủ thể', 'Sản phẩm'], widths: [3, 1, 1],
      rows: [
        ...PRODUCER_KINDS.map((k): Cell[] => [PRODUCER_KIND_LABELS[k].vi, r.producers.byKind[k].producers, r.producers.byKind[k].products]),
        ['Tổng', r.producers.withCertifiedProducts, r.products.certified],
      ],
    },
    {
      sheet: 'Theo nhóm sản phẩm', title: 'Sản phẩm theo nhóm ngành', header: ['Nhóm', ...STAR_HEADER], widths: [3.4, 1.2, 1, 1, 1, 1.6, 1.1],
      rows: r.byGroup.map((g) => [g.name, ...starCells(g)]),
    },
    {
      sheet: 'Theo bộ sản phẩm', title: 'Sản phẩm theo bộ sản phẩm', header: ['Nhóm', 'Bộ sản phẩm', ...STAR_HEADER], widths: [2.2, 3, 1.2, 1, 1, 1, 1.6, 1.1],
      rows: r.byProductSet.map((s) => [groupName.get(s.group) ?? s.group, s.name, ...starCells(s)]),
    },
    {
      sheet: 'Theo xã, phường', title: 'Sản phẩm theo xã, phường', header: ['Xã, phường', ...STAR_HEADER], widths: [3.4, 1.2, 1, 1, 1, 1.6, 1.1],
      rows: r.byCommune.map((c) => [c.name, ...starCells(c)]),
      note: `Xã, phường có sản phẩm OCOP: ${r.communes.withCertifiedProducts} / ${r.communes.total} xã, phường.`,
    },
  ];
  if (r.byOldDistrict.length) {
    tables.push({
      sheet: 'Theo huyện cũ', title: 'Sản phẩm theo huyện cũ (hồ sơ trước 1/7/2025)', header: ['Huyện cũ', ...STAR_HEADER], widths: [3.4, 1.2, 1, 1, 1, 1.6, 1.1],
      rows: r.byOldDistrict.map((d) => [d.name, ...starCells(d)]),
      note: 'Danh sách của tỉnh lập trước ngày 1/7/2025 (trước khi bỏ cấp huyện) ghi huyện; bảng này nhóm các sản phẩm đó theo huyện cũ.',
    });
  }
  const c = r.period.changes;
  tables.push(
    {
      sheet: 'Biến động trong kỳ', title: `Biến động giấy chứng nhận từ ${formatDateVi(r.period.from)} đến ${formatDateVi(r.period.to)}`,
      header: ['Loại biến động', 'Tổng', '3 sao', '4 sao', '5 sao'], widths: [3, 1, 1, 1, 1],
      rows: (Object.keys(CHANGE_LABELS_VI) as PeriodChange[]).map((k) => [CHANGE_LABELS_VI[k], c[k].total, c[k].byStars['3'], c[k].byStars['4'], c[k].byStars['5']]),
    },
    {
      sheet: 'Quy trình đánh giá', title: `Quy trình đánh giá từ ${formatDateVi(r.period.from)} đến ${formatDateVi(r.period.to)}`,
      header: ['Bước', 'Số lượng'], widths: [3, 1],
      rows: [
        ['Ý tưởng sản phẩm đã nộp', r.pipeline.ideasSubmitted],
        ['Phương án kinh doanh đã nộp', r.pipeline.plansSubmitted],
        ['Hồ sơ đánh giá đã nộp', r.pipeline.dossiersSubmitted],
        ['Sản phẩm được công nhận qua đánh giá', r.pipeline.certified],
      ],
    },
  );
  return tables;
}

/** The indicators printed beside the report's own tables, each when given. */
export interface ReportExtras { sales?: MarketSales; trade?: TradeFigures; trace?: TraceFigures }

/**
 * Every table of the files: the report's, the lot traceability's (on the report's day, as the
 * report's own tables), then the sales through the market's and the trade connection's (over the period).
 */
const tablesOf = (r: ReportDetail, x: ReportExtras): ReportTable[] => [
  ...reportTables(r), ...(x.trace ? traceFiguresTables(x.trace) : []),
  ...(x.sales ? marketSalesTables(x.sales) : []), ...(x.trade ? tradeFiguresTables(x.trade) : []),
];

const STAR_TEXT = (stars: number, potential: boolean) => `${stars} sao${potential ? ' (tiềm năng 5 sao)' : ''}`;

export const PRODUCT_HEADER = [
  'STT', 'Sản phẩm', 'Bộ sản phẩm', 'Chủ thể', 'Loại hình chủ thể', 'Xã, phường', 'Hạng sao', 'Số giấy chứng nhận',
  'Ngày cấp', VALID_UNTIL_LABEL_VI, 'Quyết định', 'Ngày quyết định', 'Huyện cũ',
];

function productCells(p: CertifiedProductRow, i: number): Cell[] {
  return [
    i + 1, p.product, p.productSet, p.producer, PRODUCER_KIND_LABELS[p.producerKind]?.vi ?? p.producerKind, p.commune,
    STAR_TEXT(p.stars, p.potentialFiveStar), p.certificateNumber, { date: p.issuedOn }, { date: lastValidDay(p.expiresOn) },
    p.decisionNumber, { date: p.decisionDate }, p.oldDistrict ?? '',
  ];
}

interface Heading { area: string; asOf: string; from: string; to: string; generatedAt: Date }

function headingLines(h: Heading): [string, string][] {
  return [
    ['Địa bàn', h.area],
    ['Số liệu tại ngày', formatDateVi(h.asOf)],
    ['Kỳ báo cáo', `${formatDateVi(h.from)} – ${formatDateVi(h.to)}`],
    ['Ngày lập', formatDateTimeVi(h.generatedAt)],
  ];
}

interface Sheet { name: string; header: string[]; rows: Cell[][]; widths: number[]; percent?: number[] }

const DATE_FORMAT = 'dd/mm/yyyy';
/** A percentage column: the number with one decimal (the header says "(%)"). */
const PERCENT_FORMAT = '0.0';

function xlsxValue(v: Cell): ExcelJS.CellValue {
  if (v === null) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return neutralizeCell(v);
  return new Date(`${v.date}T00:00:00Z`);
}

/**
 * The workbook through exceljs' streaming writer into memory. Date columns get their format once,
 * as a column style (a style per cell costs a third of the time on a 20,000-row list); every text
 * cell is neutralised against formula injection.
 */
async function writeWorkbook(sheets: Sheet[]): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => { stream.on('end', resolve); stream.on('error', reject); });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'OCOP Platform';
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    const dateColumns = new Set<number>();
    const percent = new Set(sheet.percent ?? []);
    for (const row of sheet.rows.slice(0, 50)) row.forEach((v, i) => { if (v !== null && typeof v === 'object') dateColumns.add(i); });
    ws.columns = sheet.header.map((h, i) => ({
      header: h, width: sheet.widths[i] ?? 14,
      ...(dateColumns.has(i) ? { style: { numFmt: DATE_FORMAT } } : percent.has(i) ? { style: { numFmt: PERCENT_FORMAT } } : {}),
    }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for (const row of sheet.rows) ws.addRow(row.map(xlsxValue)).commit();
    ws.commit();
  }
  await wb.commit();
  await finished;
  return Buffer.concat(chunks);
}

/** The workbook: a summary sheet, one sheet per table (the lot traceability's after the report's; sales through the market's, then the trade connection's last, when given), and the product list. */
export async function reportXlsx(
  r: ReportDetail, products: readonly CertifiedProductRow[], generatedAt: Date, extras: ReportExtras = {},
): Promise<Buffer> {
  const { sales, trade, trace } = extras;
  const heading = headingLines({ area: r.area.name, asOf: r.asOf, from: r.period.from, to: r.period.to, generatedAt });
  const sheets: Sheet[] = [{
    name: 'Tổng hợp', header: ['Chỉ tiêu', 'Giá trị'], widths: [44, 30],
    rows: [
      ...heading,
      ['Sản phẩm OCOP còn hiệu lực', r.products.certified],
      ['Chủ thể có sản phẩm', r.producers.withCertifiedProducts],
      ['Xã, phường có sản phẩm', r.communes.withCertifiedProducts],
      ['Tổng số xã, phường', r.communes.total],
      ...(trace ? traceSummaryRows(trace) : []),
      ...(sales ? [['Doanh thu qua sàn trong kỳ (đồng)', sales.total.amount], ['Đơn hàng qua sàn trong kỳ', sales.total.orders]] : []),
      ...(trade ? tradeSummaryRows(trade) : []),
    ],
  }];
  for (const t of tablesOf(r, extras)) {
    const rows: Cell[][] = t.note ? [...t.rows, [], [t.note]] : t.rows;
    sheets.push({
      name: t.sheet, header: t.header, rows, widths: t.header.map((_, i) => (i === 0 ? 42 : Math.max(12, t.header[i]!.length + 2))),
      ...(t.percent ? { percent: t.percent } : {}),
    });
  }
  sheets.push({
    name: PRODUCT_SHEET, header: PRODUCT_HEADER,
    widths: [6, 36, 28, 34, 18, 24, 22, 20, 12, 22, 20, 14, 22],
    rows: products.map(productCells),
  });
  return writeWorkbook(sheets);
}

// ── PDF ────────────────────────────────────────────────────────────────────────────────────

/** Who issues the report: the authority over its area (the certificate PDF's header, docs/decisions/019). */
function reportAuthority(area: ReportDetail['area'], level: ReportLevel): { body: string; onBehalf: string; place: string } {
  if (level === 'country') return { body: issuingAuthority('national', ''), onBehalf: 'TM. BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG', place: 'Hà Nội' };
  return { body: issuingAuthority(level, area.name), onBehalf: 'TM. ỦY BAN NHÂN DÂN', place: placeName(area.name) };
}

type ReportLevel = 'country' | 'province' | 'commune';

/** The A4 report: national header and issuing body, heading, key figures, every table, signatures. */
export async function reportPdf(
  r: ReportDetail, products: readonly CertifiedProductRow[], generatedAt: Date, level: ReportLevel = 'province', preparedBy = '',
  extras: ReportExtras = {},
): Promise<Buffer> {
  const title = `Báo cáo thống kê sản phẩm OCOP — ${r.area.name}`;
  const doc = createPdf({ title, subject: `Số liệu tại ngày ${formatDateVi(r.asOf)}`, margin: MARGIN, createdAt: generatedAt });
  const w = new PdfWriter(doc, `Thống kê OCOP · ${r.area.name} · số liệu tại ${formatDateVi(r.asOf)}`);
  const authority = reportAuthority(r.area, level);
  // Header: the issuing body on the left, the national motto on the right (Nghị định 30/2020).
  const left = w.width * 0.42;
  doc.font(FONT.bold).fontSize(9.5).fillColor(INK).text(authority.body, MARGIN, MARGIN, { width: left, align: 'center' });
  const bodyBottom = doc.y;
  doc.save().moveTo(MARGIN + left / 2 - 35, bodyBottom + 3).lineTo(MARGIN + left / 2 + 35, bodyBottom + 3).lineWidth(0.6).strokeColor(INK).stroke().restore();
  const mottoBottom = drawNationalMotto(doc, MARGIN + left, MARGIN, w.width - left, 9.5);
  const today = todayInVietnam(generatedAt);
  doc.font(FONT.oblique).fontSize(9.5).fillColor(INK)
    .text(`${authority.place}, ngày ${today.slice(8, 10)} tháng ${today.slice(5, 7)} năm ${today.slice(0, 4)}`, MARGIN + left, mottoBottom + 4, { width: w.width - left, align: 'center' });
  doc.y = Math.max(doc.y, bodyBottom + 8) + 14;
  doc.font(FONT.bold).fontSize(16).fillColor(GREEN).text('BÁO CÁO THỐNG KÊ SẢN PHẨM OCOP', MARGIN, doc.y, { width: w.width, align: 'center' });
  doc.moveDown(0.2).font(FONT.regular).fontSize(9).fillColor(MUTED).text('Chương trình Mỗi xã một sản phẩm (OCOP)', { width: w.width, align: 'center' });
  doc.moveDown(0.3).font(FONT.bold).fontSize(12).fillColor(INK).text(r.area.name, { width: w.width, align: 'center' });
  doc.moveDown(0.5);
  for (const [k, v] of headingLines({ area: r.area.name, asOf: r.asOf, from: r.period.from, to: r.period.to, generatedAt }).slice(1)) {
    doc.font(FONT.bold).fontSize(9).fillColor(INK).text(`${k}: `, MARGIN, doc.y, { continued: true }).font(FONT.regular).text(v);
  }
  doc.moveDown(0.5);
  doc.font(FONT.regular).fontSize(9.5).fillColor(INK).text(
    `Tại ngày ${formatDateVi(r.asOf)}, ${r.area.name} có ${r.products.certified} sản phẩm OCOP còn hiệu lực `
    + `(${r.products.byStars['3']} sản phẩm 3 sao, ${r.products.byStars['4']} sản phẩm 4 sao, trong đó ${r.products.potentialFiveStar} tiềm năng 5 sao, `
    + `${r.products.byStars['5']} sản phẩm 5 sao) của ${r.producers.withCertifiedProducts} chủ thể; `
    + `${r.communes.withCertifiedProducts} / ${r.communes.total} xã, phường có sản phẩm.`,
    MARGIN, doc.y, { width: w.width },
  );
  for (const t of tablesOf(r, extras)) {
    w.table(t.header, t.rows, t.widths, { title: t.title, ...(t.percent ? { percent: t.percent } : {}) });
    if (t.note) w.note(t.note);
  }
  const listTitle = `Danh sách sản phẩm OCOP còn hiệu lực tại ngày ${formatDateVi(r.asOf)} (${products.length})`;
  if (products.length > PDF_PRODUCT_LIMIT) {
    w.headingWithNote(listTitle, `Danh sách có ${products.length} sản phẩm, dài hơn ${PDF_PRODUCT_LIMIT} dòng: xem trang tính "${PRODUCT_SHEET}" của tệp XLSX.`);
  } else {
    w.table(['STT', 'Sản phẩm', 'Chủ thể', 'Xã, phường', 'Hạng', 'Số giấy chứng nhận', VALID_UNTIL_LABEL_VI],
      products.map((p, i) => [i + 1, p.product, p.producer, p.commune, `${p.stars}★${p.potentialFiveStar ? ' (TN5★)' : ''}`, p.certificateNumber, { date: lastValidDay(p.expiresOn) }]),
      [0.6, 3, 2.8, 2.1, 1.1, 2.2, 1.6], { title: listTitle, empty: 'Không có sản phẩm nào còn hiệu lực tại ngày này.', keepWhole: [5] });
  }
  // Signatures: the preparer on the left, the issuing body on the right, kept whole on a page.
  w.ensure(SIGNATURE_HEIGHT + 20);
  const y = doc.y + 20;
  const half = w.width / 2;
  drawSignatureBlock(doc, { x: MARGIN, y: y + 18, width: half, onBehalf: 'NGƯỜI LẬP BIỂU', note: '(ký, ghi rõ họ tên)', name: preparedBy || undefined });
  drawSignatureBlock(doc, { x: MARGIN + half, y: y + 18, width: half, onBehalf: authority.onBehalf, note: '(ký, ghi rõ họ tên, đóng dấu)' });
  return pdfBytes(doc);
}

// ── files and sending ─────────────────────────────────────────────────────────────────────

/** ASCII for the plain `filename=` (old clients): Vietnamese letters without their marks. */
export function asciiFileName(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
    .replace(/[^\w.-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
}

export function exportFileName(area: string, asOf: string, format: ExportFormat): string {
  return `Thống kê OCOP - ${area} - ${asOf}.${format}`;
}

/** Builds the whole file of the report (detail, product list, then the document). */
export async function buildReportExport(
  ctx: Ctx, area: ReportArea, dates: ReportDates, format: ExportFormat, opts: ExportOptions = {},
): Promise<ExportFile> {
  const source = opts.productRows ?? certifiedProductRows;
  const [detail, products, sales, trade, trace] = await Promise.all([
    reportDetail(ctx, area, dates), source(ctx, area, dates.asOf), marketSales(ctx, area, dates.from, dates.to), tradeFigures(ctx, area, dates.from, dates.to),
    traceFigures(ctx, area, dates.asOf),
  ]);
  const generatedAt = opts.generatedAt ?? ctx.deps.clock();
  const extras: ReportExtras = { sales, trade, trace };
  const body = format === 'xlsx'
    ? await reportXlsx(detail, products, generatedAt, extras)
    : await reportPdf(detail, products, generatedAt, area.level, ctx.actor?.displayName ?? '', extras);
  const fileName = exportFileName(area.name, dates.asOf, format);
  return { fileName, asciiName: asciiFileName(fileName), contentType: format === 'xlsx' ? XLSX_TYPE : 'application/pdf', body };
}

/**
 * Answers with a file built whole beforehand: type, exact length and an attachment name
 * (ASCII `filename=` and the Vietnamese `filename*=`), never cached.
 */
export function sendExport(reply: FastifyReply, file: ExportFile) {
  return reply
    .header('content-type', file.contentType)
    .header('content-length', String(file.body.length))
    .header('content-disposition', `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.body);
}
