/**
 * The certificate (giấy chứng nhận) and the council minutes (biên bản) as print-ready A4 PDFs.
 * Texts are Vietnamese, as the paper documents are; the certificate carries a short English line.
 */
import { lastValidDay, VALID_UNTIL_LABEL_VI } from '../../domain/certificate';
import { formatDateVi } from '../../domain/dates';
import { certificateVerifyUrl, starGlyphs } from '../../domain/decision';
import { issuerFull, issuerHeading } from '../../domain/admin-units';
import { A4, createPdf, drawNationalMotto, drawQr, drawSignatureBlock, FONT, issuerBlocks, pdfBytes, type Pdf } from '../../web/pdf';
import type { CertificateView, RoundResultRow, RoundRow } from './decision.repository';

const GREEN = '#0b5d3b';
const GOLD = '#b8860b';
const INK = '#1a1a1a';
const MUTED = '#555555';


function monthsBetween(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
}

const fmtScore = (n: number | string | null) => (n === null ? '—' : Number(n).toFixed(2).replace('.', ','));

/** What the certificate prints (pure data, so the bench can render without a database). */
export interface CertificatePrint {
  number: string;
  stars: number;
  score: number | null;
  productName: string;
  producerName: string;
  address: string;
  communeName: string;
  provinceName: string;
  decisionNumber: string;
  decisionDate: string;
  decisionLevel: string;
  /** The body that signed the decision, as signed ("UBND tỉnh Hà Giang"): heading, "của …" and signature come from it. */
  issuer: string;
  signer: string | null;
  issuedOn: string;
  expiresOn: string;
  verifyUrl: string;
}

export function certificatePrint(v: CertificateView, baseUrl: string): CertificatePrint {
  const c = v.certificate;
  return {
    number: c.number, stars: c.stars, score: c.score === null ? null : Number(c.score), productName: v.productName,
    producerName: v.producerName, address: v.producerAddress, communeName: v.communeName, provinceName: v.provinceName,
    decisionNumber: v.decisionNumber, decisionDate: v.decisionDate, decisionLevel: v.decisionLevel, issuer: v.decisionIssuer,
    signer: v.decisionSigner, issuedOn: c.issuedOn, expiresOn: c.expiresOn, verifyUrl: certificateVerifyUrl(baseUrl, c.number, c.issuerKey),
  };
}

export async function renderCertificatePdf(v: CertificateView, baseUrl: string): Promise<Buffer> {
  return certificatePdfBytes(certificatePrint(v, baseUrl));
}

export async function certificatePdfBytes(p: CertificatePrint): Promise<Buffer> {
  const doc = createPdf({
    title: `Giấy chứng nhận sản phẩm OCOP ${p.number}`,
    subject: `OCOP ${p.stars} sao — ${p.productName}`,
    // The verification address, also as metadata (tests and archives can read it without a QR decoder).
    keywords: `OCOP; ${p.number}; ${p.verifyUrl}`,
    margin: 0,
  });
  drawCertificate(doc, p);
  return pdfBytes(doc);
}

function centred(doc: Pdf, text: string, y: number, font: string, size: number, color = INK, opts: PDFKit.Mixins.TextOptions = {}) {
  doc.font(font).fontSize(size).fillColor(color).text(text, 70, y, { width: A4.width - 140, align: 'center', ...opts });
}

function drawCertificate(doc: Pdf, p: CertificatePrint): void {
  const { width: W, height: H } = A4;
  // Frame: a green double rule with gold corners.
  doc.lineWidth(3).strokeColor(GREEN).rect(24, 24, W - 48, H - 48).stroke();
  doc.lineWidth(1).strokeColor(GOLD).rect(32, 32, W - 64, H - 64).stroke();
  for (const [x, y] of [[32, 32], [W - 32, 32], [32, H - 32], [W - 32, H - 32]] as const) {
    doc.save().fillColor(GOLD).circle(x, y, 5).fill().restore();
  }

  const authority = issuerBlocks(p.issuer, issuerHeading(p.issuer));
  drawNationalMotto(doc, 70, 56, W - 140);
  centred(doc, authority.body, 100, FONT.regular, 10, MUTED);

  centred(doc, 'GIẤY CHỨNG NHẬN', 132, FONT.bold, 34, GREEN);
  centred(doc, 'OCOP product certificate — Vietnam, One Commune One Product', 176, FONT.oblique, 9.5, MUTED);

  // The OCOP mark text with the star level.
  const markY = 200;
  doc.save().roundedRect(W / 2 - 170, markY, 340, 112, 14).lineWidth(2).strokeColor(GOLD).stroke().restore();
  centred(doc, 'SẢN PHẨM OCOP VIỆT NAM', markY + 12, FONT.bold, 17, GREEN);
  centred(doc, '★'.repeat(p.stars), markY + 36, FONT.bold, 36, GOLD);
  centred(doc, `Hạng ${p.stars} sao (${starGlyphs(p.stars)})`, markY + 84, FONT.bold, 12, INK);

  let y = 336;
  centred(doc, 'Chứng nhận sản phẩm', y, FONT.regular, 11, MUTED);
  y += 18;
  doc.font(FONT.bold).fontSize(20).fillColor(INK);
  const nameHeight = doc.heightOfString(p.productName, { width: W - 140, align: 'center' });
  centred(doc, p.productName, y, FONT.bold, 20);
  y += Math.min(nameHeight, 60) + 14;

  const rows: [string, string][] = [
    ['Chủ thể sản xuất', p.producerName],
    ['Địa chỉ', [p.address, p.communeName, p.provinceName].filter(Boolean).join(', ')],
    ['Đạt hạng', `${p.stars} sao${p.score !== null ? ` — điểm đánh giá ${fmtScore(p.score)}/100` : ''}`],
    ['Số giấy chứng nhận', p.number],
    ['Theo quyết định', `Số ${p.decisionNumber} ngày ${formatDateVi(p.decisionDate)} của ${issuerFull(p.issuer)}`],
    ['Ngày cấp', formatDateVi(p.issuedOn)],
    [VALID_UNTIL_LABEL_VI, `${formatDateVi(lastValidDay(p.expiresOn))} (${monthsBetween(p.issuedOn, p.expiresOn)} tháng kể từ ngày cấp)`],
  ];
  const labelX = 90;
  const valueX = 250;
  for (const [label, value] of rows) {
    doc.font(FONT.regular).fontSize(10.5).fillColor(MUTED).text(`${label}:`, labelX, y, { width: valueX - labelX - 8 });
    doc.font(label === 'Số giấy chứng nhận' ? FONT.bold : FONT.regular).fontSize(11).fillColor(INK);
    const h = doc.heightOfString(value, { width: W - valueX - 80 });
    doc.text(value, valueX, y, { width: W - valueX - 80 });
    y += Math.max(h, 14) + 8;
  }

  // QR code to the public verification page, and the signature block.
  const qrSize = 118;
  const qrY = H - 64 - qrSize - 40;
  drawQr(doc, p.verifyUrl, 70, qrY, qrSize);
  doc.font(FONT.bold).fontSize(9).fillColor(INK).text('Quét mã để xác minh', 70, qrY + qrSize + 4, { width: qrSize, align: 'center' });
  doc.font(FONT.regular).fontSize(7).fillColor(MUTED).text(p.verifyUrl, 52, qrY + qrSize + 18, { width: qrSize + 36, align: 'center' });

  const [signerName = '', signerTitle = ''] = (p.signer ?? '').split('\n');
  const sx = W / 2 + 10;
  const sw = W - sx - 60;
  drawSignatureBlock(doc, {
    x: sx, y: qrY - 6, width: sw, placeDate: `${authority.place}, ngày ${formatDateVi(p.issuedOn)}`,
    onBehalf: authority.onBehalf,
    title: signerTitle, note: '(đã ký theo quyết định)', name: signerName,
  });
}

// ---- council minutes ------------------------------------------------------------------------

export interface MinutesMember { id: string; fullName: string; councilRole: string; organisation: string }
export interface MinutesSheet { dossierId: string; memberId: string; total: number | null; status: string; attempt: number }

export interface MinutesData {
  round: RoundRow;
  provinceName: string | null;
  members: MinutesMember[];
  sheets: MinutesSheet[];
  results: RoundResultRow[];
  decisionNumbers: string[];
}

const ROLE_VI: Record<string, string> = {
  chair: 'Chủ tịch Hội đồng', vice_chair: 'Phó Chủ tịch', member: 'Ủy viên', secretary: 'Ủy viên thư ký', advisor: 'Tổ tư vấn (không chấm điểm)',
};

export async function renderMinutesPdf(m: MinutesData): Promise<Buffer> {
  const doc = createPdf({ title: `Biên bản họp Hội đồng — ${m.round.name}`, subject: 'Biên bản đánh giá, phân hạng sản phẩm OCOP', layout: 'landscape', margin: 40 });
  const W = A4.height; // landscape
  const H = A4.width;
  const left = 40;
  const width = W - 80;
  const scorers = m.members.filter((x) => x.councilRole !== 'advisor');
  const submitted = m.sheets.filter((s) => s.status === 'submitted');
  const attended = new Set(submitted.map((s) => s.memberId));

  doc.y = drawNationalMotto(doc, left, 40, width, 10);
  doc.moveDown(0.8);
  doc.font(FONT.bold).fontSize(15).fillColor(GREEN).text('BIÊN BẢN HỌP HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP', { width, align: 'center' });
  doc.font(FONT.regular).fontSize(10).fillColor(INK);
  const level = m.round.level === 'national' ? 'Hội đồng cấp Trung ương' : `Hội đồng cấp tỉnh — ${m.provinceName ?? m.round.provinceCode}`;
  doc.moveDown(0.4).text(`${m.round.name} · ${level} · phiên họp ngày ${formatDateVi(m.round.sessionDate)} · áp dụng ${m.round.regimeCode}`, { width, align: 'center' });
  if (m.decisionNumbers.length) doc.text(`Quyết định công nhận: ${m.decisionNumbers.join(', ')}`, { width, align: 'center' });

  // 1. The council.
  doc.moveDown(0.8).font(FONT.bold).fontSize(11).text('I. Thành phần Hội đồng', left);
  doc.font(FONT.regular).fontSize(9.5).fillColor(MUTED)
    .text(`Có mặt (đã nộp phiếu chấm): ${attended.size}/${scorers.length} thành viên chấm điểm.`, left);
  doc.fillColor(INK);
  const seatCols = [{ w: 40, t: 'Mã' }, { w: 220, t: 'Họ và tên' }, { w: 170, t: 'Vai trò' }, { w: 230, t: 'Cơ quan' }, { w: width - 660, t: 'Có mặt' }];
  const code = new Map(scorers.map((x, i) => [x.id, `TV${i + 1}`]));
  let y = doc.y + 4;
  y = tableRow(doc, left, y, seatCols, seatCols.map((c) => c.t), true);
  for (const x of m.members) {
    y = tableRow(doc, left, y, seatCols, [code.get(x.id) ?? '—', x.fullName, ROLE_VI[x.councilRole] ?? x.councilRole, x.organisation || '—',
      x.councilRole === 'advisor' ? '—' : attended.has(x.id) ? 'Có' : 'Vắng'], false, seatCols.map((c) => c.t));
  }

  // 2. Scores.
  y = ensureSpace(doc, y + 10, 60, H);
  doc.font(FONT.bold).fontSize(11).fillColor(INK).text('II. Kết quả chấm điểm', left, y);
  y = doc.y + 4;
  const memberW = Math.max(34, Math.min(48, (width - 520) / Math.max(1, scorers.length)));
  const fixed = [{ w: 24, t: 'TT' }, { w: 100, t: 'Hồ sơ' }, { w: 0, t: 'Sản phẩm / chủ thể' }];
  const tail = [{ w: 50, t: 'Điểm TB' }, { w: 50, t: 'Hạng theo điểm' }, { w: 60, t: 'Hạng công nhận' }, { w: 90, t: 'Ghi chú' }];
  const cols = [...fixed, ...scorers.map((s) => ({ w: memberW, t: code.get(s.id)! })), ...tail];
  cols[2]!.w = width - cols.reduce((a, c) => a + c.w, 0);
  const header = cols.map((c) => c.t);
  y = tableRow(doc, left, y, cols, header, true);
  const total = new Map(submitted.map((s) => [`${s.dossierId}|${s.memberId}`, s.total]));
  m.results.forEach((r, i) => {
    const notes = [r.eliminated ? 'Bị loại' : '', r.potentialFiveStar ? 'Tiềm năng 5★' : '', r.forwarded ? 'Chuyển TW' : ''].filter(Boolean).join('; ');
    const cells = [String(i + 1), r.dossierNumber, `${r.productName} — ${r.producerName}`,
      ...scorers.map((s) => fmtScore(total.get(`${r.dossierId}|${s.id}`) ?? null)),
      fmtScore(r.meanScore), r.bandStars ? `${r.bandStars}★` : '—', r.recognisedStars ? `${r.recognisedStars}★` : 'Không', notes || '—'];
    y = tableRow(doc, left, y, cols, cells, false, header);
  });

  // 3. Signatures.
  y = ensureSpace(doc, y + 16, 120, H);
  const chair = m.members.find((x) => x.councilRole === 'chair');
  const secretary = m.members.find((x) => x.councilRole === 'secretary');
  doc.font(FONT.regular).fontSize(9).fillColor(MUTED).text(
    'Điểm của từng thành viên là tổng điểm trên phiếu đã nộp (lần chấm cuối cùng). Điểm trung bình là trung bình cộng điểm các thành viên; hạng công nhận theo thẩm quyền của cấp Hội đồng.',
    left, y, { width });
  y = doc.y + 10;
  doc.font(FONT.bold).fontSize(10).fillColor(INK).text('ỦY VIÊN THƯ KÝ', left, y, { width: width / 2, align: 'center' });
  doc.text('CHỦ TỊCH HỘI ĐỒNG', left + width / 2, y, { width: width / 2, align: 'center' });
  doc.font(FONT.regular).text(secretary?.fullName ?? '', left, y + 50, { width: width / 2, align: 'center' });
  doc.text(chair?.fullName ?? '', left + width / 2, y + 50, { width: width / 2, align: 'center' });
  return pdfBytes(doc);
}

function ensureSpace(doc: Pdf, y: number, need: number, pageHeight: number): number {
  if (y + need <= pageHeight - 40) return y;
  doc.addPage();
  return 40;
}

function rowHeight(doc: Pdf, cols: { w: number }[], cells: string[], header: boolean): number {
  doc.font(header ? FONT.bold : FONT.regular).fontSize(header ? 8.5 : 9);
  return Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: cols[i]!.w - 8 }))) + 8;
}

/** One table row; starts a new page first (repeating the header, when given) if it would not fit. */
function tableRow(doc: Pdf, x: number, y: number, cols: { w: number }[], cells: string[], header: boolean, repeat?: string[]): number {
  const h = rowHeight(doc, cols, cells, header);
  if (y + h > doc.page.height - 40) {
    doc.addPage();
    y = 40;
    if (repeat) y = tableRow(doc, x, y, cols, repeat, true);
  }
  doc.font(header ? FONT.bold : FONT.regular).fontSize(header ? 8.5 : 9);
  let cx = x;
  if (header) doc.save().rect(x, y, cols.reduce((a, c) => a + c.w, 0), h).fill('#e8f1ec').restore();
  cells.forEach((c, i) => {
    doc.fillColor(INK).text(c, cx + 4, y + 4, { width: cols[i]!.w - 8, lineBreak: true });
    cx += cols[i]!.w;
  });
  doc.lineWidth(0.5).strokeColor('#999999').rect(x, y, cx - x, h).stroke();
  return y + h;
}
