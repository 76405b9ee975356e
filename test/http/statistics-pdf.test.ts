/**
 * The statistics PDF as a paper document: the national header and the issuing body at the top,
 * a signature block at the end (the certificate PDF's parts), certificate numbers never broken
 * across lines, and no heading left alone at the bottom of a page. Read back with pdftotext.
 *
 * Where headings fall depends on the data, so the page-break rule is swept: the same report is
 * printed with 0–44 extra communes in its commune table, which moves every later heading down
 * the page one row at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCtx } from '../../src/context';
import { testApp, asUser, json, type TestApp, type AuthedUser } from '../helpers/app';
import { AREAS } from '../helpers/builders';
import { buildClosedRound, draftBody } from '../helpers/certification-fixtures';
import { resolveReportArea } from '../../src/modules/reports/report-scope';
import { certifiedProductRows, reportDetail } from '../../src/modules/reports/period.service';
import { reportPdf } from '../../src/modules/reports/report-export';

const NOW = new Date('2026-07-02T03:00:00Z');
let t: TestApp;
let officer: AuthedUser;
let numbers: string[];
let dir: string;

beforeAll(async () => {
  t = await testApp({ clock: () => NOW });
  officer = await asUser(t.app, t.deps, { role: 'province_officer', areaCode: AREAS.thanhHoa, displayName: 'Trần Thị Lập Biểu' });
  const round = await buildClosedRound(t.ctx, { results: [{ mean: 84 }, { mean: 72 }, { mean: 91 }, { mean: 66 }] });
  const d = json(await t.app.inject({ method: 'POST', url: '/api/v1/decisions', headers: officer.headers(), payload: draftBody(round.id) }));
  const approved = json(await t.app.inject({ method: 'POST', url: `/api/v1/decisions/${d.id}/approve`, headers: officer.headers(), payload: {} }));
  numbers = approved.items.map((i: { certificateNumber: string }) => i.certificateNumber);
  dir = mkdtempSync(join(tmpdir(), 'ocop-stats-pdf-'));
}, 60_000);
afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

let n = 0;
function pdfText(bytes: Buffer): string {
  const file = join(dir, `r${++n}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** The headings of the report (the titles above its tables). */
const HEADING = /^\s*(Sản phẩm OCOP theo hạng sao|Chủ thể và sản phẩm theo loại hình|Sản phẩm theo (nhóm ngành|bộ sản phẩm|xã, phường|huyện cũ)|Biến động giấy chứng nhận từ|Quy trình đánh giá từ|Danh sách sản phẩm OCOP còn hiệu lực)/;

/** Pages whose last line of content (the footer aside) is a heading. */
function strandedHeadings(text: string): string[] {
  return text.split('\f').flatMap((pageText, i) => {
    const lines = pageText.split('\n').filter((l) => l.trim() !== '' && !/· Trang \d+\s*$/.test(l));
    const last = lines.at(-1) ?? '';
    return HEADING.test(last) ? [`page ${i + 1}: "${last.trim()}"`] : [];
  });
}

describe('the statistics PDF', () => {
  let text: string;
  beforeAll(async () => {
    const res = await t.app.inject({ url: '/api/v1/reports/export?format=pdf&area=38&asOf=2026-07-02', headers: officer.headers() });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    text = pdfText(res.rawPayload);
  });

  it('opens with the national header and the issuing body', () => {
    const top = text.split('\n').slice(0, 8).join('\n');
    expect(top).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(top).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(top).toContain('ỦY BAN NHÂN DÂN TỈNH THANH HÓA');
    expect(top).toMatch(/Thanh Hóa, ngày 02 tháng 07 năm 2026/);
  });

  it('ends with the signature block: the preparer and the issuing body', () => {
    const end = text.slice(text.lastIndexOf('Danh sách sản phẩm OCOP'));
    expect(end).toContain('NGƯỜI LẬP BIỂU');
    expect(end).toContain('TM. ỦY BAN NHÂN DÂN');
    expect(end).toContain('(ký, ghi rõ họ tên, đóng dấu)');
    expect(end).toContain('Trần Thị Lập Biểu');
  });

  it('prints every certificate number whole, on one line', () => {
    expect(numbers.length).toBe(4);
    for (const number of numbers) expect(text, number).toContain(number);
  });

  it('never leaves a heading as the last line of a page, wherever the headings fall', async () => {
    const ctx = makeCtx(t.deps, { actor: { ...t.ctx.actor!, role: 'province_officer', areaCode: '38', provinceCode: '38' } });
    const area = await resolveReportArea(ctx, '38');
    const dates = { asOf: '2026-07-02', from: '2026-01-01', to: '2026-07-02' };
    const [detail, products] = await Promise.all([reportDetail(ctx, area, dates), certifiedProductRows(ctx, area, dates.asOf)]);
    const row = detail.byCommune[0]!;
    const stranded: string[] = [];
    const split: string[] = [];
    for (let extra = 0; extra <= 44; extra++) {
      const byCommune = [...detail.byCommune, ...Array.from({ length: extra }, (_, i) => ({ ...row, name: `Xã mẫu ${i + 1}` }))];
      const pdf = await reportPdf({ ...detail, byCommune }, products, NOW);
      const out = pdfText(pdf);
      stranded.push(...strandedHeadings(out).map((s) => `+${extra} communes, ${s}`));
      split.push(...numbers.filter((number) => !out.includes(number)).map((number) => `+${extra}: ${number}`));
    }
    expect(stranded).toEqual([]);
    expect(split, 'certificate numbers broken across lines').toEqual([]);
  }, 120_000);
});
