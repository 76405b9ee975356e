import { describe, expect, it } from 'vitest';
import { checkSheet, type Sheet } from '../../domain/scoring-sheet';
import { integrityProblem, integrityProblems } from './criteria.file';

const node = (code: string, kind: 'section' | 'criterion', extra: Partial<Sheet['parts'][number]['children'][number]> = {}) => ({
  code, kind, title: code, note: null, selection: 'all' as const, condition: null, chooseOneCase: false, knockOut: null, bonus: false,
  options: [], children: [], ...extra,
});

const maxima = { A: 40, B: 25, C: 35 };
const sheet: Sheet = {
  parts: [
    { code: 'A', title: 'A', maxPoints: 35, children: [node('A.1', 'section'), node('A.2', 'criterion')] },
    { code: 'B', title: 'B', maxPoints: 25, children: [node('B.1', 'criterion', { options: [{ code: 'B.1.o1', text: 'x', points: 25 }] })] },
  ],
};

describe('integrity findings as field codes', () => {
  const issues = checkSheet(sheet, maxima);

  it('names a section without criteria apart from a criterion without options, with parameters', () => {
    const byNode = Object.fromEntries(issues.map((i) => [`${i.code}/${i.problem}`, integrityProblem(i, sheet, maxima)]));
    expect(byNode['A.1/no_options']).toEqual({ code: 'criteria.section_empty', params: { code: 'A.1' } });
    expect(byNode['A.2/no_options']).toEqual({ code: 'criteria.no_options', params: { code: 'A.2' } });
    expect(byNode['A/part_max_mismatch']).toEqual({ code: 'criteria.part_max_mismatch', params: { code: 'A', declared: 35, expected: 40 } });
    expect(byNode['A/part_total_mismatch']).toEqual({ code: 'criteria.part_total_mismatch', params: { code: 'A', best: 0, expected: 40 } });
    expect(byNode['C/part_missing']).toEqual({ code: 'criteria.part_missing', params: { code: 'C' } });
  });

  it('places each finding in the file with a criteria_file code', () => {
    const problems = integrityProblems('sheets[0]', sheet, maxima, issues);
    expect(problems).toContainEqual({ path: 'sheets[0].parts[0].maxPoints', code: 'criteria_file.part_max_mismatch', params: { code: 'A', declared: 35, expected: 40 } });
    expect(problems).toContainEqual({ path: 'sheets[0].parts', code: 'criteria_file.part_missing', params: { code: 'C' } });
    expect(problems).toContainEqual({ path: 'sheets[0].parts[0].children[0]', code: 'criteria_file.no_options', params: { code: 'A.1' } });
  });
});
