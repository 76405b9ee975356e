import { describe, it, expect } from 'vitest';
import { criterion, section } from '../../test/helpers/sheet-nodes';
import { missingAnswers, nextStar, rankSuggestions } from './self-assessment';
import { scoreSheet, type Sheet } from './scoring-sheet';
import { DEFAULT_STAR_BANDS } from './stars';


/** A40 (A.1.1 0–10, A.1.2 0–15, A.2 one of A.2.1 0–15 | A.2.2 0–10, bonus A.3.1 0–3), B25, C35 (C.1.1 stop, C.1.2 only-if). */
function sheet(): Sheet {
  return {
    parts: [
      {
        code: 'A', title: 'A', maxPoints: 40, children: [
          section('A.1', [criterion('A.1.1', [0, 5, 10], { knockOut: { effect: 'eliminate', text: 'all imported' } }), criterion('A.1.2', [0, 10, 15])]),
          section('A.2', [criterion('A.2.1', [0, 15]), criterion('A.2.2', [0, 10])], { selection: 'one' }),
          section('A.3', [criterion('A.3.1', [0, 3], { bonus: true })]),
        ],
      },
      { code: 'B', title: 'B', maxPoints: 25, children: [section('B.1', [criterion('B.1.1', [0, 10, 25])])] },
      {
        code: 'C', title: 'C', maxPoints: 35, children: [section('C.1', [
          criterion('C.1.1', [0, 20], { knockOut: { effect: 'stop', text: 'stop' } }),
          criterion('C.1.2', [0, 15], { condition: 'only if declared' }),
        ])],
      },
    ],
  };
}

const parts = (options: string[]) => {
  const r = scoreSheet(sheet(), { options });
  if (!r.ok) throw new Error('bad answers');
  return r.score;
};

describe('rankSuggestions', () => {
  it('ranks unanswered and low-scored criteria by points gained, ties in sheet order', () => {
    const options = ['A.1.1.o2', 'A.1.2.o3', 'B.1.1.o2', 'C.1.1.o2'];
    const s = rankSuggestions(sheet(), options, parts(options).parts);
    expect(s.map((x) => [x.code, x.gain])).toEqual([
      ['A.2.1', 15], ['B.1.1', 15], ['C.1.2', 15], ['A.1.1', 5], ['A.3.1', 3],
    ]);
    const b = s.find((x) => x.code === 'B.1.1')!;
    expect(b).toMatchObject({ current: 10, best: 25, answered: true, bestOption: { code: 'B.1.1.o3' } });
    expect(s.find((x) => x.code === 'C.1.2')).toMatchObject({ answered: false, conditional: true });
    expect(s.find((x) => x.code === 'A.3.1')).toMatchObject({ bonus: true });
    // A full answer leaves nothing to suggest except a bonus the part has no room for.
    const best = ['A.1.1.o3', 'A.1.2.o3', 'A.2.1.o2', 'B.1.1.o3', 'C.1.1.o2', 'C.1.2.o2'];
    expect(rankSuggestions(sheet(), best, parts(best).parts)).toEqual([]);
  });

  it('under a "one" node suggests only the chosen alternative (or the richer one when none is chosen)', () => {
    const chosenWeak = ['A.2.2.o1'];
    const codes = rankSuggestions(sheet(), chosenWeak, parts(chosenWeak).parts).map((x) => x.code);
    expect(codes).toContain('A.2.2');
    expect(codes).not.toContain('A.2.1');
    const none = rankSuggestions(sheet(), [], parts([]).parts).map((x) => x.code);
    expect(none).toContain('A.2.1');
    expect(none).not.toContain('A.2.2');
  });

  it('caps the gain by the room left in the part', () => {
    // A: 10 + 15 + 15 = 40 = full; the bonus cannot add anything.
    const options = ['A.1.1.o3', 'A.1.2.o3', 'A.2.1.o2'];
    expect(rankSuggestions(sheet(), options, parts(options).parts).map((x) => x.code)).not.toContain('A.3.1');
  });
});

describe('nextStar', () => {
  it('gives the next band and the points still needed', () => {
    expect(nextStar(65, DEFAULT_STAR_BANDS)).toEqual({ stars: 4, pointsNeeded: 5 });
    expect(nextStar(49.99, DEFAULT_STAR_BANDS)).toEqual({ stars: 3, pointsNeeded: 0.01 });
    expect(nextStar(70, DEFAULT_STAR_BANDS)).toEqual({ stars: 5, pointsNeeded: 20 });
    expect(nextStar(90, DEFAULT_STAR_BANDS)).toEqual({ stars: null, pointsNeeded: null });
  });
});

describe('missingAnswers', () => {
  it('asks every criterion except conditional, bonus, other alternatives and left ones', () => {
    expect(missingAnswers(sheet(), { options: [] })).toEqual(['A.1.1', 'A.1.2', 'A.2', 'B.1.1', 'C.1.1']);
    expect(missingAnswers(sheet(), { options: ['A.1.1.o2', 'A.2.2.o1', 'B.1.1.o1'], left: ['A.1.2'] })).toEqual(['C.1.1']);
  });
  it('asks nothing after a knock-out', () => {
    expect(missingAnswers(sheet(), { options: ['A.1.1.o2', 'A.1.2.o1', 'A.2.1.o1'], knockOuts: [] })).toEqual(['B.1.1', 'C.1.1']);
    expect(missingAnswers(sheet(), { options: ['A.1.1.o2'], knockOuts: ['A.1.1'] })).toEqual([]);
  });
  it('asks nothing after a knock-out answer, without the box (issue 12)', () => {
    expect(missingAnswers(sheet(), { options: ['A.1.1.o1'], knockOuts: [] })).toEqual([]);
    expect(missingAnswers(sheet(), { options: ['A.1.1.o2', 'A.1.2.o1', 'A.2.1.o1', 'B.1.1.o1', 'C.1.1.o1'] })).toEqual([]);
  });
});
