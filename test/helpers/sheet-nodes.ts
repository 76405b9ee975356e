/** Building blocks of pure scoring-sheet trees (src/domain/scoring-sheet.ts) for unit tests. */
import type { SheetNode } from '../../src/domain/scoring-sheet';

/** A criterion whose options `<code>.o1…` are worth `points`. */
export function criterion(code: string, points: number[], extra: Partial<SheetNode> = {}): SheetNode {
  return {
    code, kind: 'criterion', title: code, note: null, selection: 'all', condition: null, chooseOneCase: false,
    knockOut: null, bonus: false, children: [],
    options: points.map((p, i) => ({ code: `${code}.o${i + 1}`, text: `option ${i + 1}`, points: p })),
    ...extra,
  };
}

export function section(code: string, children: SheetNode[], extra: Partial<SheetNode> = {}): SheetNode {
  return { ...criterion(code, []), kind: 'section', children, ...extra };
}
