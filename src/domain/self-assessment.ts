/**
 * Self-assessment helpers (tự đánh giá): what would raise a product to the next star — the
 * unanswered or low-scored criteria ranked by the points they would gain — and whether every
 * criterion has been answered or explicitly left. Pure: no I/O.
 */
import { knockOutOptions, maxPoints, type PartCode, type PartMaxima, type Sheet, type SheetNode } from './scoring-sheet';
import type { StarBand } from './stars';

export interface Suggestion {
  /** The criterion (node with options). */
  code: string;
  part: PartCode;
  title: string;
  /** Points of the chosen option (0 when unanswered). */
  current: number;
  /** Points of the best option. */
  best: number;
  bestOption: { code: string; text: string };
  /** Points the product would gain by reaching the best option (capped by the room left in its part). */
  gain: number;
  answered: boolean;
  conditional: boolean;
  bonus: boolean;
}

interface Leaf { node: SheetNode; part: PartCode; bonus: boolean; order: number }

/**
 * The criteria that count for these answers: under a 'one' node only the chosen alternative
 * (or, when none is chosen, the alternative worth the most).
 */
function countingLeaves(sheet: Sheet, chosen: ReadonlySet<string>): Leaf[] {
  const out: Leaf[] = [];
  let order = 0;
  const hasChosen = (n: SheetNode): boolean => n.options.some((o) => chosen.has(o.code)) || n.children.some(hasChosen);
  const visit = (n: SheetNode, part: PartCode, bonus: boolean) => {
    const b = bonus || n.bonus;
    if (n.options.length) { out.push({ node: n, part, bonus: b, order: order++ }); return; }
    if (n.selection === 'one' && n.children.length) {
      const pick = n.children.find(hasChosen)
        ?? n.children.reduce((a, c) => (maxPoints(c) > maxPoints(a) ? c : a));
      visit(pick, part, b);
      return;
    }
    n.children.forEach((c) => visit(c, part, b));
  };
  for (const p of sheet.parts) p.children.forEach((n) => visit(n, p.code, false));
  return out;
}

/**
 * Criteria ranked by points gained (best option − current), highest first; ties keep sheet
 * order. Gains are capped by what the part can still take (its maximum − its subtotal).
 */
export function rankSuggestions(sheet: Sheet, options: readonly string[], partScores: PartMaxima): Suggestion[] {
  const chosen = new Set(options);
  const room: PartMaxima = { A: 0, B: 0, C: 0 };
  for (const p of sheet.parts) room[p.code] = Math.max(0, p.maxPoints - (partScores[p.code] ?? 0));
  const out: (Suggestion & { order: number })[] = [];
  for (const leaf of countingLeaves(sheet, chosen)) {
    const n = leaf.node;
    const best = n.options.reduce((a, b) => (b.points > a.points ? b : a));
    const pick = n.options.find((o) => chosen.has(o.code));
    const current = pick?.points ?? 0;
    const gain = Math.round(Math.min(best.points - current, room[leaf.part]) * 100) / 100;
    if (gain <= 0) continue;
    out.push({
      code: n.code, part: leaf.part, title: n.title, current, best: best.points, bestOption: { code: best.code, text: best.text },
      gain, answered: !!pick, conditional: !!n.condition, bonus: leaf.bonus, order: leaf.order,
    });
  }
  out.sort((a, b) => b.gain - a.gain || a.order - b.order);
  return out.map(({ order: _order, ...s }) => s);
}

export interface NextStar {
  /** The next band above the current one, null at the top. */
  stars: number | null;
  /** Points still needed to reach it. */
  pointsNeeded: number | null;
}

export function nextStar(total: number, bands: readonly StarBand[]): NextStar {
  const above = [...bands].filter((b) => b.min > total).sort((a, b) => a.min - b.min)[0];
  if (!above) return { stars: null, pointsNeeded: null };
  return { stars: above.stars, pointsNeeded: Math.round((above.min - total) * 100) / 100 };
}

/**
 * Criteria that still need an answer: not answered, not explicitly left, and not excused —
 * conditional ("only if …") and bonus criteria may stay empty, and only one alternative of a
 * 'one' node needs answers. After a knock-out (ticked, or a knock-out answer chosen) nothing later is asked.
 */
export function missingAnswers(sheet: Sheet, answers: { options: readonly string[]; knockOuts?: readonly string[]; left?: readonly string[] }): string[] {
  const chosen = new Set(answers.options);
  const left = new Set(answers.left ?? []);
  const missing: string[] = [];
  let stopped = false;
  const stops = new Set(answers.knockOuts ?? []);
  const visit = (n: SheetNode, excused: boolean) => {
    if (stopped) return;
    const ex = excused || !!n.condition || n.bonus || left.has(n.code);
    if (n.options.length) {
      if (!ex && !n.options.some((o) => chosen.has(o.code))) missing.push(n.code);
    } else if (n.selection === 'one' && n.children.length) {
      const hasChosen = (x: SheetNode): boolean => x.options.some((o) => chosen.has(o.code)) || x.children.some(hasChosen);
      const pick = n.children.find(hasChosen);
      if (pick) visit(pick, ex);
      else if (!ex) missing.push(n.code);
    } else {
      n.children.forEach((c) => visit(c, ex));
    }
    if (n.knockOut && (stops.has(n.code) || knockOutOptions(n).some((c) => chosen.has(c)))) stopped = true;
  };
  for (const p of sheet.parts) p.children.forEach((n) => visit(n, false));
  return missing;
}
