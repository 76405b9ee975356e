/**
 * Certificate PDF generation (budget ≤ 200 ms each): `certificatePdf` — the database lookup, the
 * A4 layout with the embedded DejaVu fonts and the vector QR code — for N certificates already in
 * the database (the national dataset), against a same-run baseline: a bare pdfkit document with
 * the same text and fonts, no QR code and no database.
 *
 *   const r = await benchCertificatePdf(deps, { n: 50 });
 *   metrics.push(...certificatePdfMetrics('pglite', r));
 */
import { asc, sql } from 'drizzle-orm';
import { makeCtx, systemActor, type Deps } from '../../src/context';
import { certificatePdf } from '../../src/modules/certification/certificate.service';
import { certificates } from '../../src/modules/certification/certification.tables';
import { findCertificateByNumber } from '../../src/modules/certification/decision.repository';
import { certificatePrint } from '../../src/modules/certification/certification.pdf';
import { createPdf, FONT, pdfBytes } from '../../src/web/pdf';
import { metric, type Engine, type Metric } from './report';
import { median, percentile, round, since } from './stats';

export const CERTIFICATE_PDF_BUDGET_MS = 200;
const BASE = 'https://ocop.example.vn';

export interface CertificatePdfBench {
  /** Milliseconds per PDF through certificatePdf (lookup + layout + QR + fonts). */
  app: number[];
  /** Milliseconds per bare pdfkit document with the same text. */
  baseline: number[];
  /** Mean size of the certificate PDFs, bytes. */
  bytes: number;
  n: number;
}

/** The same text, fonts and sizes as the certificate, without the frame, QR code or database. */
async function bareDocument(lines: string[]): Promise<number> {
  const doc = createPdf({ title: lines[0]!, margin: 56 });
  doc.font(FONT.bold).fontSize(34).text('GIẤY CHỨNG NHẬN', { align: 'center' });
  doc.font(FONT.oblique).fontSize(9.5).text('OCOP product certificate — Vietnam, One Commune One Product', { align: 'center' });
  doc.font(FONT.bold).fontSize(17).text('SẢN PHẨM OCOP VIỆT NAM ★★★★', { align: 'center' });
  doc.font(FONT.regular).fontSize(11);
  for (const l of lines) doc.text(l);
  return (await pdfBytes(doc)).length;
}

export async function benchCertificatePdf(deps: Deps, opts: { n?: number; warmup?: number } = {}): Promise<CertificatePdfBench> {
  const n = opts.n ?? 50;
  const warmup = opts.warmup ?? 5;
  const ctx = makeCtx(deps, { actor: systemActor('bench') });
  const numbers = (await deps.database.db.select({ number: certificates.number }).from(certificates)
    .orderBy(asc(sql`md5(${certificates.id}::text)`)).limit(n + warmup)).map((r) => r.number);
  if (!numbers.length) throw new Error('benchCertificatePdf: the database has no certificates (seed it first)');
  const pick = (i: number) => numbers[i % numbers.length]!;

  // Baseline texts come from the same certificates (read outside the timing).
  const texts: string[][] = [];
  for (let i = 0; i < n + warmup; i++) {
    const v = await findCertificateByNumber(ctx, pick(i));
    const p = certificatePrint(v!, BASE);
    texts.push([p.productName, p.producerName, [p.address, p.communeName, p.provinceName].join(', '), `${p.stars} sao`, p.number,
      `Số ${p.decisionNumber} ngày ${p.decisionDate}`, p.issuedOn, p.expiresOn, p.verifyUrl, p.signer ?? '']);
  }
  for (let i = 0; i < warmup; i++) {
    await certificatePdf(ctx, pick(i), BASE);
    await bareDocument(texts[i]!);
  }
  const app: number[] = [];
  const baseline: number[] = [];
  let bytes = 0;
  // Interleaved, so both see the same machine load.
  for (let i = warmup; i < n + warmup; i++) {
    let t0 = performance.now();
    const r = await certificatePdf(ctx, pick(i), BASE);
    app.push(since(t0));
    bytes += r.bytes.length;
    t0 = performance.now();
    await bareDocument(texts[i]!);
    baseline.push(since(t0));
  }
  return { app, baseline, bytes: Math.round(bytes / n), n };
}

export function certificatePdfMetrics(engine: Engine, r: CertificatePdfBench): Metric[] {
  const label = 'bare pdfkit document, same text, no QR/DB';
  return [
    metric({ engine, metric: `certificate PDF median (${r.n} certificates, ~${Math.round(r.bytes / 1024)} KB each)`, unit: 'ms', value: round(median(r.app), 1), baseline: round(median(r.baseline), 1), baselineLabel: label, budget: null }),
    metric({ engine, metric: 'certificate PDF p95', unit: 'ms', value: round(percentile(r.app, 95), 1), baseline: round(percentile(r.baseline, 95), 1), baselineLabel: label, budget: { op: '<=', value: CERTIFICATE_PDF_BUDGET_MS } }),
  ];
}
