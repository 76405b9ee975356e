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
import { formatDateTimeVi, formatDateVi } from '../../domain/dates';
import { PRODUCER_KIND_LABELS, PRODUCER_KINDS } from '../../domain/producer-kind';
import { createPdf, FONT, pdfBytes, type Pdf } from '../../web/pdf';
import { neutralizeCell } from '../../domain/spreadsheet-safety';
import { XLSX_TYPE, type Cell } from '../../files/spreadsheet';
import {
  certifiedProductRows, reportDetail, type CertifiedProductRow, type PeriodChange, type ProductRowSource,
  type ReportDates, type ReportDetail,
} from './period.service';
import type { ReportArea } from './report-scope';
import type { BreakdownRow } from './summary.service';

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

const STAR_TEXT = (stars: number, potential: boolean) => `${stars} sao${potential ? ' (tiềm năng 5 sao)' : ''}`;

export const PRODUCT_HEADER = [
  'STT', 'Sản phẩm', 'Bộ sản phẩm', 'Chủ thể', 'Loại hình chủ thể', 'Xã, phường', 'Hạng sao', 'Số giấy chứng nhận',
  'Ngày cấp', 'Ngày hết hạn', 'Quyết định', 'Ngày quyết định', 'Huyện cũ',
];

function productCells(p: CertifiedProductRow, i: number): Cell[] {
  return [
    i + 1, p.product, p.productSet, p.producer, PRODUCER_KIND_LABELS[p.producerKind]?.vi ?? p.producerKind, p.commune,
    STAR_TEXT(p.stars, p.potentialFiveStar), p.certificateNumber, { date: p.issuedOn }, { date: p.expiresOn },
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

interface Sheet { name: string; header: string[]; rows: Cell[][]; widths: number[] }

const DATE_FORMAT = 'dd/mm/yyyy';

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
    for (const row of sheet.rows.slice(0, 50)) row.forEach((v, i) => { if (v !== null && typeof v === 'object') dateColumns.add(i); });
    ws.columns = sheet.header.map((h, i) => ({
      header: h, width: sheet.widths[i] ?? 14, ...(dateColumns.has(i) ? { style: { numFmt: DATE_FORMAT } } : {}),
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

/** The workbook: a summary sheet, one sheet per table, and the product list. */
export async function reportXlsx(r: ReportDetail, products: readonly CertifiedProductRow[], generatedAt: Date): Promise<Buffer> {
  const heading = headingLines({ area: r.area.name, asOf: r.asOf, from: r.period.from, to: r.period.to, generatedAt });
  const sheets: Sheet[] = [{
    name: 'Tổng hợp', header: ['Chỉ tiêu', 'Giá trị'], widths: [44, 30],
    rows: [
      ...heading,
      ['Sản phẩm OCOP còn hiệu lực', r.products.certified],
      ['Chủ thể có sản phẩm', r.producers.withCertifiedProducts],
      ['Xã, phường có sản phẩm', r.communes.withCertifiedProducts],
      ['Tổng số xã, phường', r.communes.total],
    ],
  }];
  for (const t of reportTables(r)) {
    const rows: Cell[][] = t.note ? [...t.rows, [], [t.note]] : t.rows;
    sheets.push({ name: t.sheet, header: t.header, rows, widths: t.header.map((_, i) => (i === 0 ? 42 : Math.max(12, t.header[i]!.length + 2))) });
  }
  sheets.push({
    name: PRODUCT_SHEET, header: PRODUCT_HEADER,
    widths: [6, 36, 28, 34, 18, 24, 22, 20, 12, 12, 20, 14, 22],
    rows: products.map(productCells),
  });
  return writeWorkbook(sheets);
}

// ── PDF ────────────────────────────────────────────────────────────────────────────────────

const GREEN = '#0b5d3b';
const INK = '#1a1a1a';
const MUTED = '#555555';
const RULE = '#c9d3cd';
const HEAD_BG = '#e8f1ec';
const MARGIN = 40;
const FOOTER = 24;

function cellText(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return new Intl.NumberFormat('vi-VN').format(v);
  if (typeof v === 'string') return v;
  return formatDateVi(v.date);
}

class PdfWriter {
  page = 0;
  constructor(readonly doc: Pdf, readonly footer: string) {
    doc.on('pageAdded', () => this.decorate());
    this.decorate();
  }

  get width() { return this.doc.page.width - 2 * MARGIN; }
  get bottom() { return this.doc.page.height - MARGIN - FOOTER; }

  private decorate() {
    this.page += 1;
    const { doc } = this;
    const y = doc.y;
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONT.regular).fontSize(7.5).fillColor(MUTED)
      .text(`${this.footer} · Trang ${this.page}`, MARGIN, doc.page.height - MARGIN, { width: this.width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = margin;
    doc.x = MARGIN;
    doc.y = this.page === 1 ? y : MARGIN;
    doc.fillColor(INK);
  }

  ensure(height: number) {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  heading(text: string) {
    this.ensure(70);
    this.doc.moveDown(0.6).font(FONT.bold).fontSize(11).fillColor(GREEN).text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3).fillColor(INK);
  }

  note(text: string) {
    this.ensure(24);
    this.doc.font(FONT.oblique).fontSize(8).fillColor(MUTED).text(text, MARGIN, this.doc.y + 3, { width: this.width });
    this.doc.fillColor(INK);
  }

  table(header: string[], rows: Cell[][], weights: number[], empty = 'Không có số liệu.') {
    const { doc } = this;
    const total = weights.reduce((s, w) => s + w, 0);
    const widths = weights.map((w) => (w / total) * this.width);
    const pad = 3;
    const numeric = (i: number, v: Cell) => i > 0 && typeof v === 'number';
    const rowHeight = (cells: string[], font: string) => {
      doc.font(font).fontSize(8);
      return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 2 * pad }))) + 2 * pad;
    };
    const drawRow = (cells: string[], raw: Cell[] | null, font: string, bg: string | null) => {
      const h = rowHeight(cells, font);
      const y = doc.y;
      if (bg) doc.save().rect(MARGIN, y, this.width, h).fill(bg).restore();
      let x = MARGIN;
      doc.font(font).fontSize(8).fillColor(INK);
      cells.forEach((c, i) => {
        const right = numeric(i, (raw ?? rows[0])?.[i] ?? null);
        doc.text(c, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: right ? 'right' : 'left' });
        x += widths[i]!;
      });
      doc.save().moveTo(MARGIN, y + h).lineTo(MARGIN + this.width, y + h).lineWidth(0.5).strokeColor(RULE).stroke().restore();
      doc.x = MARGIN;
      doc.y = y + h;
    };
    const drawHeader = () => drawRow(header, null, FONT.bold, HEAD_BG);
    // A short table stays on one page; a long one starts with at least a few rows.
    const headerHeight = rowHeight(header, FONT.bold);
    const whole = rows.length <= 15
      ? headerHeight + rows.reduce((s, r) => s + rowHeight(r.map(cellText), FONT.regular), 0)
      : headerHeight + 60;
    this.ensure(Math.min(whole, this.bottom - MARGIN));
    drawHeader();
    if (rows.length === 0) {
      drawRow([empty, ...header.slice(1).map(() => '')], null, FONT.oblique, null);
      return;
    }
    for (const raw of rows) {
      const cells = raw.map(cellText);
      if (doc.y + rowHeight(cells, FONT.regular) > this.bottom) {
        doc.addPage();
        drawHeader();
      }
      drawRow(cells, raw, FONT.regular, null);
    }
  }
}

/** The A4 report: heading (area, dates, generation time), key figures, then every table. */
export async function reportPdf(r: ReportDetail, products: readonly CertifiedProductRow[], generatedAt: Date): Promise<Buffer> {
  const title = `Báo cáo thống kê sản phẩm OCOP — ${r.area.name}`;
  const doc = createPdf({ title, subject: `Số liệu tại ngày ${formatDateVi(r.asOf)}`, margin: MARGIN, createdAt: generatedAt });
  const w = new PdfWriter(doc, `Thống kê OCOP · ${r.area.name} · số liệu tại ${formatDateVi(r.asOf)}`);
  doc.font(FONT.regular).fontSize(8).fillColor(MUTED).text('CHƯƠNG TRÌNH MỖI XÃ MỘT SẢN PHẨM (OCOP)', MARGIN, MARGIN, { width: w.width });
  doc.moveDown(0.4).font(FONT.bold).fontSize(16).fillColor(GREEN).text('BÁO CÁO THỐNG KÊ SẢN PHẨM OCOP', { width: w.width });
  doc.moveDown(0.3).font(FONT.bold).fontSize(12).fillColor(INK).text(r.area.name, { width: w.width });
  doc.moveDown(0.3);
  for (const [k, v] of headingLines({ area: r.area.name, asOf: r.asOf, from: r.period.from, to: r.period.to, generatedAt }).slice(1)) {
    doc.font(FONT.bold).fontSize(9).fillColor(INK).text(`${k}: `, { continued: true }).font(FONT.regular).text(v);
  }
  doc.moveDown(0.5);
  doc.font(FONT.regular).fontSize(9.5).fillColor(INK).text(
    `Tại ngày ${formatDateVi(r.asOf)}, ${r.area.name} có ${r.products.certified} sản phẩm OCOP còn hiệu lực `
    + `(${r.products.byStars['3']} sản phẩm 3 sao, ${r.products.byStars['4']} sản phẩm 4 sao, trong đó ${r.products.potentialFiveStar} tiềm năng 5 sao, `
    + `${r.products.byStars['5']} sản phẩm 5 sao) của ${r.producers.withCertifiedProducts} chủ thể; `
    + `${r.communes.withCertifiedProducts} / ${r.communes.total} xã, phường có sản phẩm.`,
    { width: w.width },
  );
  for (const t of reportTables(r)) {
    w.heading(t.title);
    w.table(t.header, t.rows, t.widths);
    if (t.note) w.note(t.note);
  }
  w.heading(`Danh sách sản phẩm OCOP còn hiệu lực tại ngày ${formatDateVi(r.asOf)} (${products.length})`);
  if (products.length > PDF_PRODUCT_LIMIT) {
    w.note(`Danh sách có ${products.length} sản phẩm, dài hơn ${PDF_PRODUCT_LIMIT} dòng: xem trang tính "${PRODUCT_SHEET}" của tệp XLSX.`);
  } else {
    w.table(['STT', 'Sản phẩm', 'Chủ thể', 'Xã, phường', 'Hạng', 'Số GCN', 'Hết hạn'],
      products.map((p, i) => [i + 1, p.product, p.producer, p.commune, `${p.stars}★${p.potentialFiveStar ? ' (TN5★)' : ''}`, p.certificateNumber, { date: p.expiresOn }]),
      [0.6, 3, 2.8, 2.1, 1.1, 2.2, 1.6], 'Không có sản phẩm nào còn hiệu lực tại ngày này.');
  }
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
  const [detail, products] = await Promise.all([reportDetail(ctx, area, dates), source(ctx, area, dates.asOf)]);
  const generatedAt = opts.generatedAt ?? ctx.deps.clock();
  const body = format === 'xlsx' ? await reportXlsx(detail, products, generatedAt) : await reportPdf(detail, products, generatedAt);
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
