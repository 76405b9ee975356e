/**
 * A SAMPLE tea story for the demo (api.md: "The demo includes a product with lots, events and one
 * transformation"), recorded through the same services an officer or a producer uses, so every
 * rule of the lots holds: a raw-material area of the tea cooperative of Lũng Phìn, a lot of fresh
 * leaves picked from it (planting care, harvest, receiving at the workshop), one transformation
 * into two packed lots of its certified tea, a passed lab result with a small PDF report marked
 * "MẪU", packing into a carton, storage, and dispatch to a point of sale (a demo outlet that
 * carries the tea) with its receipt there.
 *
 * Everything is invented and labelled as a sample: the lots are `is_sample`, the area, the
 * laboratory and the report say "(mẫu)". No recall: the demo's trace pages stay clean.
 *
 * Every lot is of the one certified product, "Chè Shan tuyết Lũng Phìn": the cooperative has no
 * separate product for its fresh leaves, and a raw material is not an OCOP product, so no
 * made-up product is added to the registry; the leaf lot says what it is (number CHE-TUOI-…, kg,
 * its note). Dates count back from the demo's clock, so they are valid whenever it is loaded.
 *
 * Call it after the demo's accounts and outlets exist, outside any transaction (the report is a
 * stored file, as for an upload), with a context whose actor keeps the producer (the demo uses its
 * national administrator: the cooperative has no account of its own).
 */
import type { Ctx } from '../../context';
import { addMonths, todayInVietnam } from '../../domain/dates';
import { formatTraceCode } from '../../domain/trace';
import { createPdf, FONT, pdfBytes } from '../../web/pdf';
import { listProducers } from '../registry/producer.service';
import { listProducts } from '../registry/product.service';
import { addInput, addLabResult, addMaterialArea, createLot } from './lots.service';
import { recordEvent, recordTransformation } from './trace-events.service';
import { tracePath } from './trace-read.service';

/** The demo's tea cooperative and its certified tea (seed/demo/certified-products.csv). */
export const DEMO_TEA_PRODUCER = 'Hợp tác xã Chè Shan tuyết Lũng Phìn';
export const DEMO_TEA_PRODUCT = 'Chè Shan tuyết Lũng Phìn';

/** Where the packed tea is sent: a demo outlet that carries it (seed/demo/outlets.json). */
export interface DemoTraceOutlet { name: string; address: string; communeCode: string }

export interface DemoTraceLot { id: string; lotNumber: string; traceCode: string; path: string }

export interface DemoTraceResult {
  productId: string;
  leaf: DemoTraceLot;
  /** The packed lots: the packs (dispatched to the outlet) and the gift boxes (in store). */
  packs: DemoTraceLot;
  boxes: DemoTraceLot;
}

/** A calendar day `n` days after (before, when negative) `day`. */
const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
/** An instant of a Vietnamese day, e.g. at(day, '06:30'). */
const at = (day: string, time: string) => `${day}T${time}:00+07:00`;
const ref = (l: { id: string; lotNumber: string; traceCode: string }): DemoTraceLot =>
  ({ id: l.id, lotNumber: l.lotNumber, traceCode: l.traceCode, path: tracePath(l.traceCode) });

const LAB = 'Trung tâm Kiểm nghiệm chất lượng nông sản (mẫu, không có thật)';
const SAMPLE = 'Dữ liệu mẫu để trình diễn, không phải hồ sơ thật.';

/** The indicators of the sample report (plausible values, all within their limits). */
const INDICATORS = [
  { name: 'Độ ẩm', result: '6,4 %', limit: '≤ 7,5 %', passed: true },
  { name: 'Tro tổng số', result: '5,3 %', limit: '≤ 8 %', passed: true },
  { name: 'Chất hòa tan (chất chiết trong nước)', result: '36,2 %', limit: '≥ 32 %', passed: true },
  { name: 'Chì (Pb)', result: '0,21 mg/kg', limit: '≤ 2,0 mg/kg', passed: true },
  { name: 'Tạp chất lạ', result: 'Không có', limit: 'Không được có', passed: true },
];

async function teaProduct(ctx: Ctx): Promise<{ producerId: string; communeCode: string; productId: string }> {
  const producers = await listProducers(ctx, { q: DEMO_TEA_PRODUCER, page: 1, pageSize: 100, sort: 'name' });
  const producer = producers.items.find((p) => p.name === DEMO_TEA_PRODUCER);
  if (!producer) throw new Error(`demo trace: producer "${DEMO_TEA_PRODUCER}" not found`);
  const products = await listProducts(ctx, { producerId: producer.id, page: 1, pageSize: 100, sort: 'name' });
  const product = products.items.find((p) => p.name === DEMO_TEA_PRODUCT);
  if (!product) throw new Error(`demo trace: product "${DEMO_TEA_PRODUCT}" not found`);
  return { producerId: producer.id, communeCode: producer.communeCode, productId: product.id };
}

/** A one-page PDF test report, marked "MẪU" across the page and in its title: invented, not a real laboratory's. */
export async function sampleLabReport(r: { reportNumber: string; testedOn: string; receivedOn: string; lots: string[]; producer: string; createdAt: Date }): Promise<Buffer> {
  const doc = createPdf({ title: `MẪU – Phiếu kết quả thử nghiệm ${r.reportNumber}`, subject: 'Dữ liệu mẫu để trình diễn (sample data)', keywords: 'MẪU, sample', createdAt: r.createdAt });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  // The watermark first, so the text prints over it.
  doc.save().rotate(-35, { origin: [doc.page.width / 2, doc.page.height / 2] })
    .font(FONT.bold).fontSize(150).fillColor('#f0d0d0').text('MẪU', 0, doc.page.height / 2 - 90, { width: doc.page.width, align: 'center', lineBreak: false })
    .restore();
  doc.fillColor('#b00020').font(FONT.bold).fontSize(11)
    .text('MẪU – DỮ LIỆU MINH HỌA, KHÔNG PHẢI PHIẾU KẾT QUẢ THẬT', left, doc.page.margins.top, { width, align: 'center' })
    .font(FONT.oblique).fontSize(9).text('SAMPLE – invented for demonstration, not a real laboratory report', { width, align: 'center' });
  doc.moveDown(1.5).fillColor('#000000').font(FONT.bold).fontSize(10).text(LAB.toUpperCase(), { width, align: 'center' });
  doc.moveDown(1).fontSize(16).text('PHIẾU KẾT QUẢ THỬ NGHIỆM', { width, align: 'center' });
  doc.font(FONT.regular).fontSize(10).text(`Số: ${r.reportNumber}`, { width, align: 'center' });
  doc.moveDown(1.2).fontSize(10);
  const facts: [string, string][] = [
    ['Tên mẫu', `${DEMO_TEA_PRODUCT} (chè xanh sao tay)`],
    ['Lô sản xuất', r.lots.join(', ')],
    ['Đơn vị gửi mẫu', r.producer],
    ['Ngày nhận mẫu', r.receivedOn],
    ['Ngày thử nghiệm', r.testedOn],
  ];
  for (const [k, v] of facts) doc.font(FONT.bold).text(`${k}: `, left, doc.y, { continued: true }).font(FONT.regular).text(v);
  doc.moveDown(1);
  const cols = [0, 0.42, 0.64, 0.86].map((f) => left + f * width);
  const row = (cells: string[], font: string) => {
    const y = doc.y;
    doc.font(font);
    let bottom = y;
    cells.forEach((c, i) => {
      doc.text(c, cols[i]!, y, { width: (cols[i + 1] ?? left + width) - cols[i]! - 6 });
      bottom = Math.max(bottom, doc.y);
    });
    doc.moveTo(left, bottom + 3).lineTo(left + width, bottom + 3).strokeColor('#999999').lineWidth(0.5).stroke();
    doc.y = bottom + 7;
  };
  row(['Chỉ tiêu', 'Kết quả', 'Giới hạn', 'Đánh giá'], FONT.bold);
  for (const i of INDICATORS) row([i.name, i.result, i.limit, i.passed ? 'Đạt' : 'Không đạt'], FONT.regular);
  doc.moveDown(1).font(FONT.bold).text('Kết luận: ', left, doc.y, { continued: true }).font(FONT.regular)
    .text('Mẫu thử đạt các chỉ tiêu đã thử nghiệm.');
  doc.moveDown(2).font(FONT.oblique).fontSize(9).fillColor('#555555')
    .text(`${SAMPLE} Tên phòng thử nghiệm, số phiếu, chỉ tiêu và kết quả đều do nền tảng tự đặt để minh họa.`, left, doc.y, { width });
  return pdfBytes(doc);
}

/** Records the sample tea story; the lots made (their trace pages are `path`). */
export async function loadDemoTrace(ctx: Ctx, opts: { outlet?: DemoTraceOutlet | null } = {}): Promise<DemoTraceResult> {
  const today = todayInVietnam(ctx.deps.clock());
  // The picking day, twelve days ago: the tea has since been made, tested, stored and sold.
  const day = addDays(today, -12);
  const stamp = day.slice(2).replaceAll('-', '');
  const { producerId, communeCode: commune, productId } = await teaProduct(ctx);
  const workshop = 'Xưởng chế biến chè HTX, thôn Há Đề';
  const store = 'Kho thành phẩm HTX, thôn Há Đề';

  // ─── The raw-material area and the fresh leaves ─────────────────────────────
  const area = await addMaterialArea(ctx, {
    producerId, name: 'Vùng chè Shan tuyết mẫu thôn Há Đề (mẫu)', communeCode: commune, hectares: 12.5,
    crop: 'Chè Shan tuyết cổ thụ (Camellia sinensis var. shan)', certification: 'Canh tác hữu cơ, không phun thuốc (mẫu, chưa chứng nhận)',
  });
  const leaf = await createLot(ctx, {
    productId, lotNumber: `CHE-TUOI-${stamp}`, producedOn: day, quantity: 60, unit: 'kg', facility: 'Vùng chè thôn Há Đề',
    communeCode: commune, note: `Búp chè Shan tuyết tươi, hái một tôm hai lá, chế biến ngay trong ngày (nguyên liệu, không bán lẻ). ${SAMPLE}`,
  }, { isSample: true });
  await addInput(ctx, leaf.id, {
    material: 'Búp chè Shan tuyết tươi (một tôm hai lá)', sourceKind: 'area', materialAreaId: area.id, quantity: 60, unit: 'kg', receivedOn: day,
  });
  const members = 'Tổ hái chè HTX (mẫu)';
  await recordEvent(ctx, leaf.id, {
    kind: 'planting', occurredAt: at(addDays(day, -40), '07:00'), communeCode: commune, facility: area.name, actor: members,
    note: 'Làm cỏ, bón phân chuồng hoai mục cho vườn chè cổ thụ; không dùng thuốc bảo vệ thực vật.',
  });
  await recordEvent(ctx, leaf.id, {
    kind: 'harvest', occurredAt: at(day, '06:30'), communeCode: commune, facility: area.name, actor: members,
    note: 'Hái tay búp một tôm hai lá buổi sáng, đựng gùi tre: 60 kg búp tươi.',
  });
  await recordEvent(ctx, leaf.id, {
    kind: 'receiving', occurredAt: at(day, '10:30'), communeCode: commune, facility: workshop, actor: 'Thủ kho xưởng chế biến (mẫu)',
    note: 'Cân và nhận 60 kg búp tươi vào xưởng; rải mỏng trên nong tre để làm héo.',
  });

  // ─── One transformation: the leaves into two packed lots ───────────────────
  const expiresOn = addMonths(day, 18);
  const made = await recordTransformation(ctx, {
    occurredAt: at(day, '16:00'), communeCode: commune, facility: workshop, actor: 'Tổ chế biến HTX (mẫu)',
    note: 'Làm héo, sao diệt men trên chảo gang, vò, sấy khô; 60 kg búp tươi cho 12 kg chè khô, đóng 40 gói 200 g và 16 hộp quà 250 g.',
    inputs: [{ lotId: leaf.id, quantity: 60 }],
    outputs: [
      { productId, lotNumber: `CST-${stamp}-G200`, producedOn: day, expiresOn, quantity: 40, unit: 'pack', note: `Gói 200 g. ${SAMPLE}` },
      { productId, lotNumber: `CST-${stamp}-H250`, producedOn: day, expiresOn, quantity: 16, unit: 'box', note: `Hộp quà 250 g. ${SAMPLE}` },
    ],
  }, { isSample: true });
  const [packs, boxes] = made.outputs as [typeof made.outputs[0], typeof made.outputs[0]];

  // ─── Packing, storage, the lab's report ─────────────────────────────────────
  const carton = `THUNG-${stamp}-01`;
  await recordEvent(ctx, packs.id, {
    kind: 'packing', occurredAt: at(addDays(day, 1), '08:00'), communeCode: commune, facility: workshop, actor: 'Tổ đóng gói HTX (mẫu)',
    container: carton, note: `40 gói 200 g xếp vào thùng carton ${carton}, dán tem truy xuất lô.`,
  });
  for (const lot of [packs, boxes]) {
    await recordEvent(ctx, lot.id, {
      kind: 'storage', occurredAt: at(addDays(day, 1), '09:00'), communeCode: commune, facility: store, actor: 'Thủ kho HTX (mẫu)',
      note: 'Kho khô, thoáng, tránh ánh nắng; nhiệt độ dưới 30 °C.',
    });
  }
  // One sample of the batch, one report: it stands for both packed lots.
  const reportNumber = `MAU-KN-${stamp}`;
  const testedOn = addDays(day, 3);
  const report = await sampleLabReport({
    reportNumber, testedOn, receivedOn: addDays(day, 2), lots: [packs.lotNumber, boxes.lotNumber], producer: DEMO_TEA_PRODUCER,
    createdAt: new Date(`${testedOn}T10:00:00+07:00`),
  });
  for (const lot of [packs, boxes]) {
    await addLabResult(ctx, lot.id, { laboratory: LAB, reportNumber, testedOn, indicators: INDICATORS },
      { name: `phieu-ket-qua-${reportNumber}-MAU.pdf`, data: report, truncated: false });
  }

  // ─── The packs go to a point of sale; the gift boxes stay in store ─────────
  const outlet = opts.outlet ?? null;
  const buyer = outlet ? outlet.name : 'Cửa hàng giới thiệu sản phẩm OCOP (mẫu)';
  await recordEvent(ctx, packs.id, {
    kind: 'dispatch', occurredAt: at(addDays(day, 5), '07:30'), communeCode: commune, facility: store, actor: 'HTX Chè Shan tuyết Lũng Phìn (mẫu)',
    counterparty: buyer, container: carton, note: `Xuất thùng ${carton} (40 gói 200 g) cho ${buyer}${outlet ? `, ${outlet.address}` : ''}.`,
  });
  if (outlet) {
    await recordEvent(ctx, packs.id, {
      kind: 'receipt', occurredAt: at(addDays(day, 6), '15:00'), communeCode: outlet.communeCode, facility: `${outlet.name}, ${outlet.address}`,
      actor: outlet.name, counterparty: DEMO_TEA_PRODUCER, container: carton, note: 'Nhận đủ 1 thùng, 40 gói; bày bán tại quầy đặc sản vùng cao.',
    });
  }
  return { productId, leaf: ref(leaf), packs: ref(packs), boxes: ref(boxes) };
}

/** The line the demo prints for the sample lots: where to open one's trace page. */
export const demoTraceLine = (r: DemoTraceResult) =>
  `Sample tea lot (traceability): ${r.packs.path} (trace code ${formatTraceCode(r.packs.traceCode)}, lot ${r.packs.lotNumber})`;
