import { describe, expect, it } from 'vitest';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { LocaleContext } from '../components/ui-locale';
import { BarChart } from './bar-chart';
import { LineChart } from './line-chart';
import { Funnel } from './funnel';
import { BAR_GEOMETRY } from './bar-chart';
import { formatNumber, formatPercent, niceMax, ticks, truncate } from './format';

const html = (node: VNode, locale: 'vi' | 'en' = 'vi') => renderToString(<LocaleContext.Provider value={locale}>{node}</LocaleContext.Provider>);

/** Widths of the drawn bars (rects with data-value), in order. */
const barWidths = (out: string) => [...out.matchAll(/<rect class="chart-bar"[^>]*?width="([\d.]+)"[^>]*data-value="(\d+)"/g)]
  .map((m) => ({ width: Number(m[1]), value: Number(m[2]) }));

describe('format', () => {
  it('formats numbers the Vietnamese way and the English way', () => {
    expect(formatNumber(1234567)).toBe('1.234.567');
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatPercent(1, 8)).toBe('12,5 %');
    expect(formatPercent(1, 8, 'en')).toBe('12.5%');
    expect(formatPercent(3, 0)).toBe('—');
  });

  it('picks nice whole axis tops and ticks', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(-4)).toBe(1);
    expect(niceMax(3)).toBe(3);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(13)).toBe(20);
    expect(niceMax(21)).toBe(25);
    expect(niceMax(61)).toBe(100);
    expect(niceMax(4_321)).toBe(5_000);
    expect(ticks(0)).toEqual([0, 1]);
    expect(ticks(3)).toEqual([0, 1, 2, 3]);
    expect(ticks(61)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(ticks(21)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(ticks(4_321)).toEqual([0, 1_000, 2_000, 3_000, 4_000, 5_000]);
    for (const max of [1, 2, 5, 9, 17, 33, 99, 250, 1234]) {
      const tk = ticks(max);
      expect(tk[0]).toBe(0);
      expect(tk.at(-1)).toBeGreaterThanOrEqual(max);
      expect(tk.every(Number.isInteger)).toBe(true);
      expect(tk.length).toBeLessThanOrEqual(6);
    }
  });

  it('shortens long labels on a character boundary', () => {
    expect(truncate('Gạo', 10)).toBe('Gạo');
    expect(truncate('Chế biến từ thịt, trứng, sữa', 12)).toBe('Chế biến từ…');
    expect([...truncate('Chế biến từ thịt, trứng, sữa', 12)].length).toBeLessThanOrEqual(12);
  });
});

describe('BarChart', () => {
  const rows = [
    { key: 'I', label: 'Thực phẩm', values: [40, 10, 0] },
    { key: 'II', label: 'Đồ uống', values: [5, 0, 1] },
    { key: 'III', label: 'Thảo dược', values: [0, 0, 0] },
  ];

  it('is an accessible image with a title, a description and a data table', () => {
    const out = html(<BarChart id="c1" title="Theo nhóm" series={['3 sao', '4 sao', '5 sao']} rows={rows} categoryLabel="Nhóm" />);
    expect(out).toMatch(/<svg class="chart-svg" id="c1" role="img" aria-labelledby="c1-title c1-desc" viewBox="0 0 360 \d+" width="100%"/);
    expect(out).toContain('<title id="c1-title">Theo nhóm</title>');
    expect(out).toContain('<desc id="c1-desc">Thực phẩm: 50; Đồ uống: 6; Thảo dược: 0</desc>');
    expect(out).toContain('<details class="chart-data"><summary>Xem bảng số liệu</summary>');
    expect(out).toContain('<th scope="col" class="num">4 sao</th>');
    expect(out).toContain('<th scope="row">Thực phẩm</th><td class="num">40</td><td class="num">10</td><td class="num">0</td><td class="num">50</td>');
    // A legend for stacked series, each with its own pattern (not colour alone).
    expect(out.match(/<li><svg class="chart-swatch"/g)).toHaveLength(3);
    for (const p of ['c1-p0', 'c1-p1', 'c1-p2']) expect(out).toContain(`<pattern id="${p}"`);
    expect(out).toContain('fill="url(#c1-p1)"');
  });

  it('scales bars to the largest total; zero values draw nothing but still show 0', () => {
    const out = html(<BarChart id="c2" title="t" series={['3 sao', '4 sao', '5 sao']} rows={rows} categoryLabel="Nhóm" />);
    const bars = barWidths(out);
    // Axis top: niceMax(50) = 50 → the 40 bar spans 40/50 of the plot.
    const plot = BAR_GEOMETRY.width - BAR_GEOMETRY.valueRoom;
    expect(bars.map((b) => b.value)).toEqual([40, 10, 5, 1]);
    expect(bars[0]!.width).toBeCloseTo((40 / 50) * plot, 1);
    expect(bars[1]!.width).toBeCloseTo((10 / 50) * plot, 1);
    expect(bars[2]!.width / bars[0]!.width).toBeCloseTo(5 / 40, 2);
    // The third row (all zeros) has its label and a 0 at the start.
    expect(out).toMatch(/<text class="chart-value" x="6"[^>]*>0<\/text>/);
  });

  it('formats figures for the locale and keeps one series plain', () => {
    const vi = html(<BarChart id="c3" title="t" series={['Sản phẩm']} rows={[{ key: 'a', label: 'Tỉnh A', values: [12345] }]} categoryLabel="Tỉnh" />);
    expect(vi).toContain('>12.345</text>');
    expect(vi).not.toContain('chart-legend');
    expect(vi).toContain('<th scope="col" class="num">Sản phẩm</th>');
    const en = html(<BarChart id="c3" title="t" series={['Products']} rows={[{ key: 'a', label: 'A', values: [12345] }]} categoryLabel="P" />, 'en');
    expect(en).toContain('>12,345</text>');
    expect(en).toContain('Show the figures as a table');
  });

  it('shortens long labels in the drawing but keeps them whole in the table', () => {
    const long = 'Hợp tác xã Dịch vụ Nông nghiệp và Sản xuất Kinh doanh Tổng hợp Xuân Lập, huyện Thọ Xuân cũ';
    const out = html(<BarChart id="c4" title="t" series={['n']} rows={[{ key: 'x', label: long, values: [3] }]} categoryLabel="Chủ thể" />);
    expect(out).toContain(`<th scope="row">${long}</th>`);
    const drawn = /<text x="0" y="15"[^>]*>([^<]*)<\/text>/.exec(out)![1]!;
    expect(drawn.endsWith('…')).toBe(true);
    expect([...drawn].length).toBeLessThanOrEqual(44);
  });

  it('empty data: a sentence, no chart', () => {
    const out = html(<BarChart id="c5" title="t" series={['n']} rows={[]} categoryLabel="x" emptyText="Chưa có số liệu." />);
    expect(out).toBe('<p class="chart-empty">Chưa có số liệu.</p>');
  });

  it('grows in height with the rows (the width stays the phone-friendly viewBox)', () => {
    const many = Array.from({ length: 34 }, (_, i) => ({ key: String(i), label: `Tỉnh ${i}`, values: [i] }));
    const out = html(<BarChart id="c6" title="t" series={['n']} rows={many} categoryLabel="x" />);
    expect(out).toContain(`viewBox="0 0 ${BAR_GEOMETRY.width} ${34 * BAR_GEOMETRY.rowHeight + 4}"`);
  });
});

describe('LineChart', () => {
  const labels = ['1/26', '2/26', '3/26', 'Hôm nay'];
  const series = [{ name: '3 sao', values: [10, 12, 12, 11] }, { name: '4 sao', values: [2, 2, 3, 4] }, { name: '5 sao', values: [0, 0, 0, 0] }];

  it('stacks the series, labels the last total and lists every point in the table', () => {
    const out = html(<LineChart id="l1" title="Theo hạng sao" labels={labels} fullLabels={['31/01/2026', '28/02/2026', '31/03/2026', '02/07/2026']} series={series} timeLabel="Thời điểm" />);
    expect(out).toMatch(/<svg class="chart-svg" id="l1" role="img" aria-labelledby="l1-title l1-desc" viewBox="0 0 360 220"/);
    expect(out).toContain('<desc id="l1-desc">31/01/2026: 12 → 02/07/2026: 15 (3 sao 11, 4 sao 4, 5 sao 0)</desc>');
    expect(out.match(/class="chart-area"/g)).toHaveLength(3);
    expect(out.match(/class="chart-line"/g)).toHaveLength(3);
    // Lines differ by dash as well as colour.
    expect(out).toContain('stroke-dasharray="6 3"');
    expect(out).toMatch(/class="chart-value"[^>]*>15<\/text>/);
    expect(out).toContain('<th scope="row">28/02/2026</th><td class="num">12</td><td class="num">2</td><td class="num">0</td><td class="num">14</td>');
    // Axis: niceMax(15) = 20, whole ticks.
    expect(out).toContain('>20</text>');
    expect(out).not.toMatch(/>\d+[.,]\d+<\/text>/);
  });

  it('scales points to the axis: the top of the stack at the total', () => {
    const out = html(<LineChart id="l2" title="t" labels={['a', 'b']} series={[{ name: 's', values: [0, 20] }]} timeLabel="x" />);
    const d = /class="chart-line" d="M([\d.]+) ([\d.]+) L([\d.]+) ([\d.]+)"/.exec(out)!;
    const [x0, y0, x1, y1] = d.slice(1).map(Number) as [number, number, number, number];
    expect(x1).toBeGreaterThan(x0);
    // 0 sits on the baseline (220 - 28 = 192), 20 (= the axis top) at the top margin (20).
    expect(y0).toBeCloseTo(192, 0);
    expect(y1).toBeCloseTo(20, 0);
  });

  it('all zeros still draws an axis from 0 to 1; no points at all is a sentence', () => {
    const zeros = html(<LineChart id="l3" title="t" labels={labels} series={[{ name: 's', values: [0, 0, 0, 0] }]} timeLabel="x" />);
    expect(zeros).toContain('role="img"');
    expect(zeros).not.toContain('NaN');
    expect(html(<LineChart id="l4" title="t" labels={[]} series={series} timeLabel="x" />)).toBe('<p class="chart-empty">Chưa có số liệu</p>');
  });

  it('shows at most five time labels out of 24 points, always the last', () => {
    const many = Array.from({ length: 24 }, (_, i) => `${i + 1}`);
    const out = html(<LineChart id="l5" title="t" labels={many} series={[{ name: 's', values: many.map(Number) }]} timeLabel="x" />);
    const shown = [...out.matchAll(/<text x="[\d.]+" y="212"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(shown).toEqual(['6', '12', '18', '24']);
    expect(shown.at(-1)).toBe('24');
  });
});

describe('Funnel', () => {
  it('centres bars in proportion and gives each step its share of the previous', () => {
    const out = html(<Funnel id="f1" title="Chu trình" stepLabel="Bước" valueLabel="Số lượng" steps={[
      { key: 'a', label: 'Ý tưởng sản phẩm', value: 80 }, { key: 'b', label: 'Phương án', value: 40 },
      { key: 'c', label: 'Hồ sơ', value: 10 }, { key: 'd', label: 'Công nhận', value: 0 },
    ]} />);
    expect(out).toContain('role="img"');
    expect(out).toContain('<desc id="f1-desc">Ý tưởng sản phẩm: 80 → Phương án: 40 (50 %) → Hồ sơ: 10 (25 %) → Công nhận: 0 (0 %)</desc>');
    const bars = [...out.matchAll(/<rect class="chart-bar" x="([\d.]+)"[^>]*width="([\d.]+)"/g)].map((m) => ({ x: Number(m[1]), w: Number(m[2]) }));
    expect(bars).toHaveLength(3); // the zero step draws no bar
    expect(bars[0]).toEqual({ x: 0, w: 360 });
    expect(bars[1]).toEqual({ x: 90, w: 180 });
    expect(bars[2]!.x + bars[2]!.w / 2).toBe(180);
    expect(out).toContain('<th scope="row">Phương án</th><td class="num">40</td><td class="num">50 %</td>');
  });

  it('never shows a share above 100 %: a step larger than the one above gets "—", and the note says why (issue 12)', () => {
    const out = html(<Funnel id="f3" title="t" stepLabel="Bước" valueLabel="Số lượng" steps={[
      { key: 'a', label: 'Hồ sơ đánh giá', value: 1 }, { key: 'b', label: 'Sản phẩm được công nhận', value: 2 },
    ]} />);
    expect(out).not.toContain('200');
    expect(out).toContain('<th scope="row">Sản phẩm được công nhận</th><td class="num">2</td><td class="num">—</td>');
    expect(out).toContain('Tỉ lệ % là phần của bước ngay trên đi tiếp đến bước này.');
    expect(out).toContain('không tính tỉ lệ');
  });

  it('all steps zero: no division by zero', () => {
    const out = html(<Funnel id="f2" title="t" stepLabel="s" valueLabel="v" steps={[{ key: 'a', label: 'A', value: 0 }, { key: 'b', label: 'B', value: 0 }]} />);
    expect(out).not.toContain('NaN');
    expect(out).toContain('<td class="num">—</td>');
  });
});
