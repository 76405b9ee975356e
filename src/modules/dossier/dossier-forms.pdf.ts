/**
 * Drawing the dossier forms (Mẫu 01, Mẫu 02) on A4 with the platform's PDF stack
 * (src/web/pdf.ts). Pure data in, bytes out: dossier-forms.service.ts gathers the facts.
 */
import { formatDateTimeVi, formatDateVi, todayInVietnam } from '../../domain/dates';
import { A4, createPdf, FONT, pdfBytes, type Pdf } from '../../web/pdf';

const INK = '#1a1a1a';
const MUTED = '#555555';
const BLANK = '…………………………………………………………………';

export interface FormPrint {
  form: '01' | '02';
  /** As the regime's dossier list names it: "Mẫu 01: Phiếu đăng ký sản phẩm". */
  title: string;
  /** "Quyết định 26/2026/QĐ-TTg (22/05/2026)". */
  regime: string;
  /** The regime's text is reported by secondary sources only. */
  toVerify: boolean;
  /** The other documents of the dossier (the form 01 lists them as attached). */
  attachments: string[];
  prefilled: {
    dossierNumber: string; kind: string; producerName: string; producerKind: string; taxCode: string | null; address: string;
    representative: string; phone: string | null; email: string | null; productName: string; productSet: string; communeName: string;
    today: string;
    /** Assisted filing (decisions/029): the officer who filed the dossier on the producer's behalf, and the handover. */
    onBehalf?: { role: string; name: string; at: Date; handedOverTo: string | null; handedOverAt: Date | null } | null;
  } | null;
  assessment?: {
    parts: Record<'A' | 'B' | 'C', number>; partMaxima: Record<'A' | 'B' | 'C', number>; total: number; stars: number; savedOn: string | null;
    lines: { code: string; title: string; option: string; points: number }[];
  } | null;
}

const num = (n: number) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(n);

function header(doc: Pdf, p: FormPrint) {
  const w = A4.width - 112;
  doc.fillColor(INK).font(FONT.bold).fontSize(11).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { align: 'center', width: w });
  doc.font(FONT.bold).fontSize(11).text('Độc lập - Tự do - Hạnh phúc', { align: 'center', width: w });
  const y = doc.y + 2;
  doc.moveTo(A4.width / 2 - 70, y).lineTo(A4.width / 2 + 70, y).lineWidth(0.6).stroke(INK);
  doc.moveDown(1);
  const [code, name] = p.title.includes(':') ? p.title.split(/:\s*/, 2) as [string, string] : [`Mẫu ${p.form}`, p.title];
  doc.font(FONT.regular).fontSize(10).text(code!, { align: 'right', width: w });
  doc.moveDown(0.5);
  doc.font(FONT.bold).fontSize(14).text(name!.toUpperCase(), { align: 'center', width: w });
  doc.font(FONT.regular).fontSize(10.5).text(`Hồ sơ đánh giá, phân hạng sản phẩm Chương trình mỗi xã một sản phẩm (OCOP) theo ${p.regime}`, { align: 'center', width: w });
  doc.moveDown(0.6);
  const note = 'Bản do Nền tảng OCOP lập để điền: tên mẫu theo danh mục hồ sơ của quy định áp dụng; các mục dưới đây là thông tin nhận dạng '
    + 'chủ thể và sản phẩm mà nền tảng có. Hãy đối chiếu với mẫu ban hành kèm quyết định trước khi nộp.'
    + (p.toVerify ? ' Nội dung quyết định này mới được ghi nhận từ nguồn thứ cấp, chưa đối chiếu với văn bản chính thức.' : '');
  doc.font(FONT.oblique).fontSize(8.5).fillColor(MUTED).text(note, { width: w });
  doc.fillColor(INK).moveDown(0.8);
}

/** "Hồ sơ do UBND xã lập thay chủ thể" by the filer's role (the forms are printed in Vietnamese). */
const FILED_BY: Record<string, string> = {
  commune_officer: 'Hồ sơ do UBND xã lập thay chủ thể',
  province_officer: 'Hồ sơ do cơ quan OCOP tỉnh lập thay chủ thể',
  national_admin: 'Hồ sơ do cán bộ OCOP quốc gia lập thay chủ thể',
};

function onBehalfNote(doc: Pdf, p: FormPrint) {
  const b = p.prefilled?.onBehalf;
  if (!b) return;
  const w = A4.width - 112;
  doc.font(FONT.bold).fontSize(10).fillColor(INK).text(`${FILED_BY[b.role] ?? FILED_BY.commune_officer}`, { width: w });
  doc.font(FONT.regular).fontSize(9.5).text(`Người lập: ${b.name}, lúc ${formatDateTimeVi(b.at)}.`
    + (b.handedOverTo && b.handedOverAt ? ` Đã bàn giao cho tài khoản chủ thể ${b.handedOverTo} lúc ${formatDateTimeVi(b.handedOverAt)}.` : ''), { width: w });
  doc.moveDown(0.6);
}

function field(doc: Pdf, n: number, label: string, value: string | null | undefined) {
  doc.font(FONT.bold).fontSize(10.5).text(`${n}. ${label}: `, { continued: true });
  doc.font(FONT.regular).text(value?.trim() ? value : BLANK);
  doc.moveDown(0.35);
}

function signature(doc: Pdf, p: FormPrint) {
  doc.moveDown(1);
  const x = A4.width / 2;
  const w = A4.width / 2 - 56;
  const date = p.prefilled ? `…………, ngày ${formatDateVi(p.prefilled.today).replace(/\//g, ' tháng ').replace(/ tháng (\d{4})$/, ' năm $1')}` : '…………, ngày …… tháng …… năm ……';
  doc.font(FONT.oblique).fontSize(10.5).text(date, x, doc.y, { width: w, align: 'center' });
  const top = doc.y;
  doc.font(FONT.bold).text('ĐẠI DIỆN CHỦ THỂ', x, top, { width: w, align: 'center' });
  doc.font(FONT.oblique).fontSize(9.5).text('(Ký, ghi rõ họ tên, đóng dấu nếu có)', x, doc.y, { width: w, align: 'center' });
  const b = p.prefilled?.onBehalf;
  if (b && !b.handedOverTo) {
    // While officers hold the dossier, the one who filled the form in signs beside the producer's representative.
    doc.font(FONT.bold).fontSize(10.5).text('CÁN BỘ LẬP THAY', 56, top, { width: w, align: 'center' });
    doc.font(FONT.oblique).fontSize(9.5).text('(Ký, ghi rõ họ tên)', 56, doc.y, { width: w, align: 'center' });
    doc.moveDown(2.5).font(FONT.regular).fontSize(10.5).text(b.name, 56, doc.y, { width: w, align: 'center' });
  }
  doc.x = 56;
}

function formO1(doc: Pdf, p: FormPrint) {
  const f = p.prefilled;
  onBehalfNote(doc, p);
  doc.font(FONT.regular).fontSize(10.5).text(`Kính gửi: Ủy ban nhân dân ${f ? f.communeName : BLANK}`);
  doc.moveDown(0.6);
  field(doc, 1, 'Tên chủ thể', f?.producerName);
  field(doc, 2, 'Loại hình', f?.producerKind);
  field(doc, 3, 'Mã số thuế', f?.taxCode);
  field(doc, 4, 'Địa chỉ', f?.address);
  field(doc, 5, 'Người đại diện', f?.representative);
  field(doc, 6, 'Điện thoại, thư điện tử', f ? [f.phone, f.email].filter(Boolean).join(' · ') : null);
  field(doc, 7, 'Tên sản phẩm đăng ký', f?.productName);
  field(doc, 8, 'Bộ sản phẩm', f?.productSet);
  const kinds = ['Đánh giá lần đầu', 'Nâng hạng sao', 'Đánh giá lại'].map((k) => `${f?.kind === k ? '☒' : '☐'} ${k}`).join('   ');
  doc.font(FONT.bold).fontSize(10.5).text('9. Loại đánh giá: ', { continued: true }).font(FONT.regular).text(kinds);
  doc.moveDown(0.35);
  doc.font(FONT.bold).text('10. Hồ sơ kèm theo:');
  doc.font(FONT.regular).fontSize(10);
  for (const a of p.attachments) doc.text(`☐ ${a}`, { indent: 14 });
  if (f) doc.moveDown(0.5).font(FONT.oblique).fontSize(9).fillColor(MUTED).text(`Số hồ sơ trên Nền tảng OCOP: ${f.dossierNumber}`).fillColor(INK);
  signature(doc, p);
}

function form02(doc: Pdf, p: FormPrint) {
  const f = p.prefilled;
  const a = p.assessment;
  onBehalfNote(doc, p);
  field(doc, 1, 'Tên chủ thể', f?.producerName);
  field(doc, 2, 'Tên sản phẩm', f?.productName);
  field(doc, 3, 'Bộ sản phẩm', f?.productSet);
  doc.font(FONT.bold).fontSize(10.5).text('4. Kết quả tự đánh giá theo bộ tiêu chí:');
  doc.moveDown(0.3);
  doc.font(FONT.regular).fontSize(10.5);
  for (const part of ['A', 'B', 'C'] as const) {
    doc.text(`Phần ${part}: ${a ? `${num(a.parts[part])} / ${num(a.partMaxima[part])} điểm` : '………… điểm'}`, { indent: 14 });
  }
  doc.font(FONT.bold).text(`Tổng điểm: ${a ? `${num(a.total)} / 100` : '………… / 100'}    Hạng sao dự kiến: ${a ? `${a.stars} sao` : '…………'}`, { indent: 14 });
  doc.moveDown(0.5);
  if (a) {
    doc.font(FONT.bold).fontSize(10.5).text(`5. Phương án đã chọn (bản tự đánh giá lưu trên nền tảng${a.savedOn ? ` ngày ${formatDateVi(a.savedOn)}` : ''}):`);
    doc.font(FONT.regular).fontSize(9);
    for (const l of a.lines) doc.text(`${l.code}. ${l.title}: ${l.option} (${num(l.points)} điểm)`, { indent: 14 });
  } else {
    doc.font(FONT.bold).fontSize(10.5).text('5. Phương án đã chọn cho từng tiêu chí:');
    doc.font(FONT.oblique).fontSize(9.5).fillColor(MUTED)
      .text('Tự đánh giá trên nền tảng (trang “Tự đánh giá” của sản phẩm) để bản in điền sẵn điểm từng phần và phương án đã chọn.', { indent: 14 })
      .fillColor(INK);
    for (let i = 0; i < 8; i++) doc.font(FONT.regular).fontSize(10.5).text(BLANK, { indent: 14 });
  }
  signature(doc, p);
}

export async function renderFormPdf(p: FormPrint, now: Date): Promise<Buffer> {
  const doc = createPdf({ title: p.title, subject: `Hồ sơ OCOP theo ${p.regime}`, keywords: 'OCOP, hồ sơ, mẫu', createdAt: now });
  header(doc, p);
  if (p.form === '01') formO1(doc, p); else form02(doc, p);
  doc.moveDown(1.5).font(FONT.regular).fontSize(8).fillColor(MUTED)
    .text(`Tạo bởi Nền tảng OCOP ngày ${formatDateVi(todayInVietnam(now))}.`, 56, doc.y, { width: A4.width - 112 });
  return pdfBytes(doc);
}
