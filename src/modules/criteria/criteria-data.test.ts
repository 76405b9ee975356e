import { describe, it, expect } from 'vitest';
import { bestAnswers, checkSheet, scoreSheet, walk } from '../../domain/scoring-sheet';
import { regimeOn, recognisingLevel } from '../../domain/regime';
import { starsForScore } from '../../domain/stars';
import { readRegimes, rulesFromNote, seededSheets } from './criteria-data';
import { rowsToSheet, sheetToRows } from './criteria.tree';

const seeded = seededSheets();
const loaded = seeded.sets.filter((s) => s.loaded);

describe('2019 sheets (reconstructed 1048/781)', () => {
  it('loads exactly the sets whose totals check, each mapped to a 1048 product set', () => {
    expect(loaded).toHaveLength(19);
    expect(seeded.sets).toHaveLength(25);
    expect(new Set(loaded.map((s) => s.productSetCode)).size).toBe(19);
    for (const s of seeded.sets.filter((x) => !x.loaded)) expect(s.reasons.join(' ')).toMatch(/totals do not match/);
    expect(seeded.provenance).toMatch(/Không phải văn bản chính thức/);
  });

  it('every loaded sheet\'s best options add up to 35 / 25 / 40 = 100', () => {
    for (const s of loaded) {
      const r = scoreSheet(s.sheet, { options: bestAnswers(s.sheet) });
      expect(r.ok, s.sourceName).toBe(true);
      if (r.ok) {
        expect(r.score.parts, s.sourceName).toEqual({ A: 35, B: 25, C: 40 });
        expect(r.score.total, s.sourceName).toBe(100);
      }
    }
  });

  it('every loaded sheet passes the integrity check (codes unique, options with points)', () => {
    for (const s of loaded) expect(checkSheet(s.sheet, seeded.partMaxima), s.sourceName).toEqual([]);
  });

  it('gives stable codes from the printed numbering', () => {
    const veg = loaded.find((s) => s.productSetCode === '1')!;
    const codes = walk(veg.sheet).map((n) => n.code);
    expect(codes.slice(0, 3)).toEqual(['A.1', 'A.1.1', 'A.1.2']);
    const a11 = walk(veg.sheet).find((n) => n.code === 'A.1.1')!;
    expect(a11.options.map((o) => [o.code, o.points])).toEqual([['A.1.1.o1', 1], ['A.1.1.o2', 2], ['A.1.1.o3', 3]]);
    const tea = loaded.find((s) => s.productSetCode === '12')!;
    expect(walk(tea.sheet).map((n) => n.code)).toEqual(expect.arrayContaining(['C.6.1', 'C.6.1.1', 'C.7.1', 'B.5.2']));
    expect(walk(tea.sheet).find((n) => n.code === 'A.1.1')?.knockOut?.effect).toBe('eliminate');
    // A number printed twice in the source ("6.1.3. Màu sắc", "6.1.3. Mùi") stays unique with a suffix.
    const coffee = loaded.find((s) => s.productSetCode === '14')!;
    const c61 = walk(coffee.sheet).find((n) => n.code === 'C.6.1')!;
    expect(c61.children.map((n) => n.code)).toEqual(['C.6.1.1', 'C.6.1.2', 'C.6.1.3', 'C.6.1.3-2', 'C.6.1.4']);
  });

  it('reads knock-outs, conditions and "choose one of two cases" from the printed notes', () => {
    const nodes = loaded.flatMap((s) => walk(s.sheet));
    const eliminate = nodes.filter((n) => n.knockOut?.effect === 'eliminate');
    const stop = nodes.filter((n) => n.knockOut?.effect === 'stop');
    expect(eliminate.length).toBeGreaterThan(15);
    expect(stop.length).toBeGreaterThan(15);
    expect(nodes.filter((n) => n.condition).length).toBeGreaterThanOrEqual(2 * 15);
    expect(nodes.filter((n) => n.chooseOneCase).length).toBeGreaterThanOrEqual(15);
    expect(rulesFromNote('Ghi chú: Nếu sản phẩm vi phạm sở hữu trí tuệ, sẽ bị loại bỏ').knockOut?.effect).toBe('eliminate');
    expect(rulesFromNote('Ghi chú: Không đánh giá các bước tiếp theo nếu Giấy chứng nhận đủ điều kiện sản xuất không phù hợp').knockOut?.effect).toBe('stop');
    expect(rulesFromNote('(Gồm: Tổ chức kinh doanh, phân phối sản phẩm)')).toEqual({ knockOut: null, condition: null, chooseOneCase: false });
  });

  it('survives the round trip through node rows', () => {
    for (const s of loaded.slice(0, 5)) expect(rowsToSheet(sheetToRows(s.sheet))).toEqual(s.sheet);
  });
});

describe('shipped regimes', () => {
  const regimes = readRegimes();

  it('are the four instruments in date order, 26/2026 marked to verify', () => {
    expect(regimes.map((r) => [r.code, r.effectiveFrom, r.toVerify])).toEqual([
      ['1048-2019', '2019-08-21', false], ['148-2023', '2023-02-24', false],
      ['148-1489-2025', '2025-07-06', false], ['26-2026', '2026-05-22', true],
    ]);
    expect(regimes.map((r) => r.partMaxima)).toEqual([
      { A: 35, B: 25, C: 40 }, { A: 40, B: 25, C: 35 }, { A: 40, B: 25, C: 35 }, { A: 40, B: 25, C: 35 },
    ]);
    for (const r of regimes) {
      expect(r.partMaxima.A + r.partMaxima.B + r.partMaxima.C).toBe(100);
      expect(Object.keys(r.sources).length).toBeGreaterThan(5);
    }
  });

  it('classify at and just below every star boundary the same way (lower bound inclusive)', () => {
    const cases: [number, number][] = [[29.99, 1], [30, 2], [49.99, 2], [50, 3], [69.99, 3], [70, 4], [89.99, 4], [90, 5], [100, 5]];
    for (const r of regimes) {
      for (const [score, stars] of cases) expect(starsForScore(score, r.starBands), `${r.code} ${score}`).toBe(stars);
    }
  });

  it('hand 3★ to the district under 148 and to the province after 1489', () => {
    const on = (d: string) => regimeOn(regimes, d)!;
    expect(recognisingLevel(on('2024-08-01'), 3)).toBe('district');
    expect(recognisingLevel(on('2025-08-01'), 3)).toBe('province');
    expect(recognisingLevel(on('2025-08-01'), 4)).toBe('province');
    expect(recognisingLevel(on('2020-01-01'), 3)).toBe('province');
    expect(on('2025-08-01').levels.find((l) => l.level === 'province')?.forwardsFromScore).toBe(90);
    expect(on('2024-08-01').levels.find((l) => l.level === 'district')?.forwardsFromScore).toBe(70);
    expect(on('2025-08-01').levels.some((l) => l.level === 'district')).toBe(false);
  });
});
