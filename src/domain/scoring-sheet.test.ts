import { describe, it, expect } from 'vitest';
import { criterion, section } from '../../test/helpers/sheet-nodes';
import {
  bestAnswers, bonusMaxPoints, checkSheet, headingText, knockOutOptions, maxPoints, scoreSheet, scoringSkeleton, walk, type PartMaxima, type Sheet,
} from './scoring-sheet';

const MAX: PartMaxima = { A: 10, B: 5, C: 5 };


/** A: 1.1 (0–3, eliminate), 1.2 (0–2), 1.3 with sub-criteria 1.3.1 (0–2) + 1.3.2 (0–3); B: 2.1 choose-one-case (1,2 | 0,1), 2.2 only-if (0–2) + bonus 2.3; C: 3 (0–5, stop). */
function sheet(): Sheet {
  return {
    parts: [
      {
        code: 'A', title: 'A', maxPoints: 10, children: [section('A.1', [
          criterion('A.1.1', [1, 2, 3], { knockOut: { effect: 'eliminate', text: 'eliminated if all imported' } }),
          criterion('A.1.2', [0, 2]),
          { ...criterion('A.1.3', []), children: [criterion('A.1.3.1', [0, 1, 2]), criterion('A.1.3.2', [0, 3])] },
        ])],
      },
      {
        code: 'B', title: 'B', maxPoints: 5, children: [section('B.2', [
          criterion('B.2.1', [1, 2, 0, 1], { chooseOneCase: true }),
          criterion('B.2.2', [0, 1, 3], { condition: 'only if a story exists' }),
          criterion('B.2.3', [0, 2], { bonus: true }),
        ])],
      },
      {
        code: 'C', title: 'C', maxPoints: 5, children: [section('C.3', [
          criterion('C.3.1', [0, 5], { knockOut: { effect: 'stop', text: 'stop if no food-safety certificate' } }),
        ])],
      },
    ],
  };
}

describe('checkSheet', () => {
  it('accepts a sheet whose best options add up to the part maxima', () => {
    expect(checkSheet(sheet(), MAX)).toEqual([]);
    expect(maxPoints(sheet().parts[0]!.children[0]!)).toBe(10);
  });

  it('reports part maxima that do not add up, or differ from the regime', () => {
    const s = sheet();
    s.parts[0]!.children[0]!.children[1]!.options[1]!.points = 4;
    const problems = checkSheet(s, MAX).map((i) => `${i.code}:${i.problem}`);
    expect(problems).toEqual(['A:part_total_mismatch']);
    expect(checkSheet(sheet(), { A: 40, B: 25, C: 35 }).map((i) => i.problem)).toContain('part_max_mismatch');
  });

  it('reports duplicate codes, options without points, criteria without options and missing parts', () => {
    const s = sheet();
    const a1 = s.parts[0]!.children[0]!;
    a1.children[1]!.code = 'A.1.1';
    a1.children[0]!.options[0]!.points = Number.NaN;
    s.parts[1]!.children[0]!.children.push(criterion('B.2.9', []));
    s.parts.pop();
    const problems = checkSheet(s, MAX).map((i) => `${i.code}:${i.problem}`);
    expect(problems).toEqual(expect.arrayContaining([
      'C:part_missing', 'A.1.1:duplicate_code', 'A.1.1.o1:bad_points', 'B.2.9:no_options',
    ]));
  });

  it('rejects a criterion that has both options and sub-criteria, and malformed codes', () => {
    const s = sheet();
    s.parts[0]!.children[0]!.children[2]!.options = [{ code: 'A.1.3.o1', text: 'x', points: 0 }];
    s.parts[2]!.children[0]!.code = 'C 3';
    const problems = checkSheet(s, MAX).map((i) => `${i.code}:${i.problem}`);
    expect(problems).toEqual(expect.arrayContaining(['A.1.3:options_and_children', 'C 3:bad_code']));
  });

  it('excludes bonus criteria from the part maximum', () => {
    const b = sheet().parts[1]!;
    expect(walk({ parts: [b] }).find((n) => n.code === 'B.2.3')?.bonus).toBe(true);
    expect(checkSheet(sheet(), MAX)).toEqual([]);
  });
});

describe('scoreSheet', () => {
  it('adds the chosen options per part; the best answers make the maximum', () => {
    const r = scoreSheet(sheet(), { options: bestAnswers(sheet()) });
    expect(r).toMatchObject({ ok: true, score: { parts: { A: 10, B: 5, C: 5 }, total: 20, outcome: 'scored', knockOut: null } });
    const partial = scoreSheet(sheet(), { options: ['A.1.1.o2', 'A.1.3.1.o2', 'B.2.1.o4', 'C.3.1.o1'] });
    expect(partial).toMatchObject({ ok: true, score: { parts: { A: 3, B: 1, C: 0 }, total: 4 } });
  });

  it('counts an unanswered conditional criterion as 0', () => {
    const r = scoreSheet(sheet(), { options: ['B.2.1.o2'] });
    expect(r.ok && r.score.parts.B).toBe(2);
  });

  it('adds bonus points but never beyond the part maximum', () => {
    const r = scoreSheet(sheet(), { options: ['B.2.1.o1', 'B.2.3.o2'] });
    expect(r).toMatchObject({ ok: true, score: { parts: { B: 3 }, bonus: 2 } });
    const capped = scoreSheet(sheet(), { options: ['B.2.1.o2', 'B.2.2.o3', 'B.2.3.o2'] });
    expect(capped).toMatchObject({ ok: true, score: { parts: { B: 5 }, bonus: 2, total: 5 } });
  });

  it('eliminates on an "eliminate" knock-out, keeping the subtotals for the record', () => {
    const r = scoreSheet(sheet(), { options: ['A.1.1.o1', 'C.3.1.o2'], knockOuts: ['A.1.1'] });
    expect(r).toMatchObject({ ok: true, score: { outcome: 'eliminated', knockOut: { code: 'A.1.1', effect: 'eliminate' }, total: 6 } });
  });

  it('stops on a "stop" knock-out: what follows is not counted', () => {
    const s = sheet();
    s.parts[2]!.children[0]!.children.push(criterion('C.3.2', [0, 1]));
    s.parts[2]!.children[0]!.children[0]!.options[1]!.points = 4;
    const r = scoreSheet(s, { options: ['A.1.2.o2', 'C.3.1.o2', 'C.3.2.o2'], knockOuts: ['C.3.1'] });
    expect(r).toMatchObject({ ok: true, score: { outcome: 'stopped', total: 6, ignored: ['C.3.2.o2'] } });
  });

  it('takes the first knock-out in sheet order when several apply', () => {
    const r = scoreSheet(sheet(), { options: [], knockOuts: ['C.3.1', 'A.1.1'] });
    expect(r.ok && r.score.knockOut).toEqual({ code: 'A.1.1', effect: 'eliminate' });
  });

  it('rejects unknown options, two options for one criterion and unknown knock-outs', () => {
    const r = scoreSheet(sheet(), { options: ['A.1.1.o1', 'A.1.1.o3', 'Z.9.o1'], knockOuts: ['A.1.2'] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues).toEqual(expect.arrayContaining([
        { code: 'A.1.1.o3', problem: 'two_options' },
        { code: 'Z.9.o1', problem: 'unknown_option' },
        { code: 'A.1.2', problem: 'unknown_knock_out' },
      ]));
    }
  });

  it('allows one alternative only under a "one of" node', () => {
    const s = sheet();
    const alt = s.parts[0]!.children[0]!.children[2]!;
    alt.selection = 'one';
    alt.children[1]!.options = [{ code: 'A.1.3.2.o1', text: 'x', points: 0 }, { code: 'A.1.3.2.o2', text: 'y', points: 2 }];
    expect(maxPoints(alt)).toBe(2);
    const r = scoreSheet(s, { options: ['A.1.3.1.o2', 'A.1.3.2.o2'] });
    expect(r).toEqual({ ok: false, issues: [{ code: 'A.1.3.2', problem: 'two_cases' }] });
    expect(scoreSheet(s, { options: ['A.1.3.2.o2'] })).toMatchObject({ ok: true, score: { parts: { A: 2 } } });
    expect(bestAnswers(s)).toContain('A.1.3.1.o3');
    expect(bestAnswers(s)).not.toContain('A.1.3.2.o2');
  });
});

describe('scoringSkeleton', () => {
  it('drops the texts and keeps what scoring reads: the same score for any answers', () => {
    const full = sheet();
    const bare = scoringSkeleton(full);
    expect(walk(bare).every((n) => n.title === '' && n.note === null && n.condition === null && n.options.every((o) => o.text === ''))).toBe(true);
    expect(walk(bare).map((n) => n.code)).toEqual(walk(full).map((n) => n.code));
    const answers = [
      { options: bestAnswers(full) },
      { options: ['A.1.1.o1', 'C.3.1.o2'], knockOuts: ['A.1.1'] },
      { options: ['A.1.1.o3', 'B.2.1.o2', 'B.2.3.o2', 'C.3.1.o1'], knockOuts: ['C.3.1'] },
      { options: ['B.2.1.o1', 'B.2.1.o3'] },
      { options: ['nope'], knockOuts: ['A.1.2'] },
    ];
    for (const a of answers) expect(scoreSheet(bare, a)).toEqual(scoreSheet(full, a));
  });
});

describe('knock-out answers (issue 12)', () => {
  it('the lowest answer of a criterion with a knock-out rule is a knock-out option', () => {
    const s = sheet();
    expect(knockOutOptions(s.parts[0]!.children[0]!.children[0]!)).toEqual(['A.1.1.o1']);
    expect(knockOutOptions(s.parts[2]!.children[0]!.children[0]!)).toEqual(['C.3.1.o1']);
    expect(knockOutOptions(criterion('X', [0, 2]))).toEqual([]);
    expect(knockOutOptions(criterion('X', [1, 1], { knockOut: { effect: 'eliminate', text: 'x' } }))).toEqual([]);
  });

  it('choosing a knock-out option eliminates by itself, without the box', () => {
    const r = scoreSheet(sheet(), { options: ['A.1.1.o1', 'A.1.2.o2', 'C.3.1.o2'] });
    expect(r).toMatchObject({ ok: true, score: { outcome: 'eliminated', knockOut: { code: 'A.1.1', effect: 'eliminate' } } });
    const fine = scoreSheet(sheet(), { options: ['A.1.1.o2', 'C.3.1.o2'] });
    expect(fine).toMatchObject({ ok: true, score: { outcome: 'scored', knockOut: null } });
  });

  it('a "stop" knock-out answer stops the evaluation by itself: what follows is not counted', () => {
    const s = sheet();
    s.parts[2]!.children[0]!.children.push(criterion('C.3.2', [0, 1]));
    const r = scoreSheet(s, { options: ['A.1.2.o2', 'C.3.1.o1', 'C.3.2.o2'] });
    expect(r).toMatchObject({ ok: true, score: { outcome: 'stopped', knockOut: { code: 'C.3.1', effect: 'stop' }, ignored: ['C.3.2.o2'], total: 2 } });
  });
});

describe('bonusMaxPoints and headingText (issue 12)', () => {
  it('a section of bonus criteria can add its best bonus option', () => {
    const bonusSection = section('A.3', [criterion('A.3.1', [0, 3], { bonus: true })]);
    expect(maxPoints(bonusSection)).toBe(0);
    expect(bonusMaxPoints(bonusSection)).toBe(3);
    expect(bonusMaxPoints(bonusSection.children[0]!)).toBe(3);
    expect(bonusMaxPoints(criterion('A.1.1', [0, 5]))).toBe(0);
  });

  it('drops the label the heading already prints', () => {
    expect(headingText('A', 'Phần A: Sản phẩm và sức mạnh của cộng đồng')).toBe('Sản phẩm và sức mạnh của cộng đồng');
    expect(headingText('A.2', '2. Câu chuyện sản phẩm')).toBe('Câu chuyện sản phẩm');
    expect(headingText('A.2', '20 năm kinh nghiệm')).toBe('20 năm kinh nghiệm');
    expect(headingText('B', 'Khả năng tiếp thị')).toBe('Khả năng tiếp thị');
    expect(headingText('A.1.1', 'Nguồn nguyên liệu')).toBe('Nguồn nguyên liệu');
  });
});
