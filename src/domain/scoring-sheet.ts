/**
 * OCOP scoring sheets (phiếu đánh giá): a tree of parts A/B/C → sections → criteria →
 * sub-criteria → options with points. Pure rules: integrity of a sheet and the score of a set
 * of chosen options, with knock-outs and bonus points.
 */

export const PART_CODES = ['A', 'B', 'C'] as const;
export type PartCode = (typeof PART_CODES)[number];
export type PartMaxima = Record<PartCode, number>;

export interface SheetOption { code: string; text: string; points: number }

/** A rule printed on the sheet that ends the evaluation: the product is eliminated, or scoring stops there. */
export interface KnockOut { effect: 'eliminate' | 'stop'; text: string }

export interface SheetNode {
  code: string;
  kind: 'section' | 'criterion';
  title: string;
  note: string | null;
  /** How children combine: every child counts ('all'), or exactly one applies ('one': alternative cases). */
  selection: 'all' | 'one';
  /** "Only if …": the criterion applies only when the condition holds (unanswered → 0 points). */
  condition: string | null;
  /** "Choose one of two cases": the options belong to alternative cases; one option is chosen overall. */
  chooseOneCase: boolean;
  knockOut: KnockOut | null;
  /** Bonus criterion: its points do not count towards the part maximum. */
  bonus: boolean;
  options: SheetOption[];
  children: SheetNode[];
}

export interface SheetPart { code: PartCode; title: string; maxPoints: number; children: SheetNode[] }
export interface Sheet { parts: SheetPart[] }

/** A node as a form shows it: the tree node with its best achievable points (see `maxPoints`). */
export interface SheetNodeView extends Omit<SheetNode, 'children'> { maxPoints: number; children: SheetNodeView[] }
/** A sheet as a form shows it (the criteria module's SheetDto is one). */
export interface SheetView {
  totalPoints: number;
  parts: { code: PartCode; title: string; maxPoints: number; children: SheetNodeView[] }[];
}

/**
 * The scoring structure of a sheet without its texts: what `scoreSheet` reads (codes, parts and
 * their maxima, selections, knock-out effects, bonus flags, options' points). The scoring form
 * carries it to the browser, whose live subtotals call the same `scoreSheet`.
 */
export function scoringSkeleton(sheet: { parts: readonly { code: PartCode; maxPoints: number; children: readonly SheetNode[] }[] }): Sheet {
  const node = (n: SheetNode): SheetNode => ({
    code: n.code, kind: n.kind, title: '', note: null, selection: n.selection, condition: null, chooseOneCase: n.chooseOneCase,
    knockOut: n.knockOut ? { effect: n.knockOut.effect, text: '' } : null, bonus: n.bonus,
    options: n.options.map((o) => ({ code: o.code, text: '', points: o.points })), children: n.children.map(node),
  });
  return { parts: sheet.parts.map((p) => ({ code: p.code, title: '', maxPoints: p.maxPoints, children: p.children.map(node) })) };
}

/** Best achievable points of a node, bonus nodes excluded (they sit on top of the part maximum). */
export function maxPoints(node: SheetNode): number {
  if (node.bonus) return 0;
  if (node.options.length) return Math.max(...node.options.map((o) => o.points));
  const sub = node.children.map(maxPoints);
  if (!sub.length) return 0;
  return node.selection === 'one' ? Math.max(...sub) : sub.reduce((a, b) => a + b, 0);
}

/**
 * Best bonus points achievable within a node (what a "bonus" criterion or a section of bonus
 * criteria can add on top of the part maximum): the best option of each bonus criterion, added
 * up ('all') or the best alternative ('one').
 */
export function bonusMaxPoints(node: SheetNode, inBonus = false): number {
  const bonus = inBonus || node.bonus;
  if (node.options.length) return bonus ? Math.max(...node.options.map((o) => o.points)) : 0;
  const sub = node.children.map((c) => bonusMaxPoints(c, bonus));
  if (!sub.length) return 0;
  return node.selection === 'one' ? Math.max(...sub) : sub.reduce((a, b) => a + b, 0);
}

/**
 * The options of a criterion that trigger its knock-out rule by themselves: in a criterion that
 * carries a rule ("Bị loại nếu …", "Dừng đánh giá nếu …"), the lowest-scoring answer(s), worth
 * less than the best — the answer that states the condition ("Không có giấy chứng nhận hợp
 * lệ"). Choosing one eliminates (or stops) without any separate box; the box stays for an
 * evaluator who finds the rule applies whatever the answer.
 */
export function knockOutOptions(node: Pick<SheetNode, 'knockOut' | 'options'>): string[] {
  if (!node.knockOut || node.options.length < 2) return [];
  const pts = node.options.map((o) => o.points);
  const low = Math.min(...pts);
  if (low === Math.max(...pts)) return [];
  return node.options.filter((o) => o.points === low).map((o) => o.code);
}

/**
 * A heading's own words without the label the page prints before it: a part titled "Phần A:
 * Sản phẩm…" under the label "Phần A." reads "Sản phẩm…"; a section "2. Câu chuyện…" coded
 * "A.2" reads "Câu chuyện…" (the code already says 2).
 */
export function headingText(code: string, title: string): string {
  const part = /^[A-Z]$/.test(code) ? new RegExp(`^\\s*(?:Phần|Part)\\s+${code}\\s*[:.\\-–]?\\s*`, 'i') : null;
  if (part) return title.replace(part, '').trim() || title;
  const last = code.split('.').pop() ?? '';
  if (!/^\d+$/.test(last)) return title;
  const numbered = new RegExp(`^\\s*${last}\\s*[.)]\\s*`);
  return title.replace(numbered, '').trim() || title;
}

/** Best achievable points of a part (bonus excluded). */
export function partMaxPoints(part: SheetPart): number {
  return part.children.reduce((sum, n) => sum + maxPoints(n), 0);
}

/** Every node of the tree in sheet order (depth first). */
export function walk(sheet: Sheet): SheetNode[] {
  const out: SheetNode[] = [];
  const visit = (n: SheetNode) => { out.push(n); n.children.forEach(visit); };
  for (const p of sheet.parts) p.children.forEach(visit);
  return out;
}

export type IntegrityProblem =
  | 'part_missing' | 'part_unexpected' | 'part_max_mismatch' | 'part_total_mismatch'
  | 'duplicate_code' | 'bad_code' | 'no_options' | 'options_and_children' | 'bad_points' | 'empty_text';

export interface IntegrityIssue { code: string; problem: IntegrityProblem; message: string }

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * A sheet may be published only when: it has exactly the regime's parts, each part's declared
 * maximum is the regime's, the best options of each part add up to that maximum, every
 * criterion has options (or sub-criteria, not both), every option has finite points ≥ 0, and
 * every code is well formed and unique within the sheet.
 */
export function checkSheet(sheet: Sheet, partMaxima: PartMaxima): IntegrityIssue[] {
  const issues: IntegrityIssue[] = [];
  const seen = new Set<string>();
  const useCode = (code: string) => {
    if (!CODE_RE.test(code)) issues.push({ code, problem: 'bad_code', message: `code "${code}" is not a valid node code` });
    if (seen.has(code)) issues.push({ code, problem: 'duplicate_code', message: `code "${code}" is used more than once` });
    seen.add(code);
  };

  for (const code of PART_CODES) {
    const count = sheet.parts.filter((p) => p.code === code).length;
    if (count === 0) issues.push({ code, problem: 'part_missing', message: `part ${code} is missing` });
  }
  for (const part of sheet.parts) {
    if (!PART_CODES.includes(part.code)) {
      issues.push({ code: String(part.code), problem: 'part_unexpected', message: `unknown part "${String(part.code)}"` });
      continue;
    }
    useCode(part.code);
    const expected = partMaxima[part.code];
    if (part.maxPoints !== expected) {
      issues.push({ code: part.code, problem: 'part_max_mismatch', message: `part ${part.code} declares ${part.maxPoints} points, the regime sets ${expected}` });
    }
    const best = partMaxPoints(part);
    if (best !== expected) {
      issues.push({ code: part.code, problem: 'part_total_mismatch', message: `the best options of part ${part.code} add up to ${best}, not ${expected}` });
    }
  }

  for (const node of walk(sheet)) {
    useCode(node.code);
    if (node.options.length && node.children.length) {
      issues.push({ code: node.code, problem: 'options_and_children', message: `${node.code} has both options and sub-criteria` });
    }
    if (node.kind === 'criterion' && !node.options.length && !node.children.length) {
      issues.push({ code: node.code, problem: 'no_options', message: `criterion ${node.code} has no options` });
    }
    if (node.kind === 'section' && !node.children.length && !node.options.length) {
      issues.push({ code: node.code, problem: 'no_options', message: `section ${node.code} has no criteria` });
    }
    for (const o of node.options) {
      useCode(o.code);
      if (typeof o.points !== 'number' || !Number.isFinite(o.points) || o.points < 0) {
        issues.push({ code: o.code, problem: 'bad_points', message: `option ${o.code} has no valid points` });
      }
      if (!o.text.trim()) issues.push({ code: o.code, problem: 'empty_text', message: `option ${o.code} has no text` });
    }
  }
  return issues;
}

export interface Answers {
  /** Codes of the chosen options (at most one per criterion). */
  options: readonly string[];
  /** Codes of criteria whose knock-out rule the evaluator found to apply. */
  knockOuts?: readonly string[];
}

export type AnswerProblem = 'unknown_option' | 'two_options' | 'two_cases' | 'unknown_knock_out';
export interface AnswerIssue { code: string; problem: AnswerProblem }

export type ScoreOutcome = 'scored' | 'eliminated' | 'stopped';

export interface SheetScore {
  /** Points per part, capped at the part maximum (bonus included). */
  parts: PartMaxima;
  /** Bonus points earned (already inside `parts`, before the cap). */
  bonus: number;
  total: number;
  /** 'eliminated' (the product is out) or 'stopped' (later criteria were not evaluated). */
  outcome: ScoreOutcome;
  knockOut: { code: string; effect: KnockOut['effect'] } | null;
  /** Chosen options after a 'stop' knock-out: not evaluated, not counted. */
  ignored: string[];
}

export type ScoreResult = { ok: true; score: SheetScore } | { ok: false; issues: AnswerIssue[] };

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Part subtotals and total from chosen options. Knock-outs act in sheet order: the first
 * triggered one decides — 'eliminate' keeps the subtotals for the record but marks the product
 * eliminated; 'stop' counts nothing after the criterion that stopped the evaluation.
 */
export function scoreSheet(sheet: Sheet, answers: Answers): ScoreResult {
  const issues: AnswerIssue[] = [];
  const optionOwner = new Map<string, { node: SheetNode; part: PartCode; order: number; option: SheetOption }>();
  const nodeOrder = new Map<string, number>();
  const parentOf = new Map<string, SheetNode>();
  let order = 0;
  for (const part of sheet.parts) {
    const visit = (n: SheetNode, parent: SheetNode | null) => {
      nodeOrder.set(n.code, order++);
      if (parent) parentOf.set(n.code, parent);
      for (const o of n.options) optionOwner.set(o.code, { node: n, part: part.code, order: nodeOrder.get(n.code)!, option: o });
      n.children.forEach((c) => visit(c, n));
    };
    part.children.forEach((n) => visit(n, null));
  }

  const chosenBy = new Map<string, string>();
  for (const code of answers.options) {
    const owner = optionOwner.get(code);
    if (!owner) { issues.push({ code, problem: 'unknown_option' }); continue; }
    if (chosenBy.has(owner.node.code)) issues.push({ code, problem: 'two_options' });
    else chosenBy.set(owner.node.code, code);
  }
  // Under a 'one' node, answers may come from a single alternative only.
  const caseChosen = new Map<string, string>();
  for (const nodeCode of chosenBy.keys()) {
    let child = nodeCode;
    for (let p = parentOf.get(child); p; child = p.code, p = parentOf.get(p.code)) {
      if (p.selection !== 'one') continue;
      const prev = caseChosen.get(p.code);
      if (prev !== undefined && prev !== child) issues.push({ code: nodeCode, problem: 'two_cases' });
      else caseChosen.set(p.code, child);
    }
  }

  const byCode = new Map(walk(sheet).map((n) => [n.code, n]));
  const triggered: { code: string; effect: KnockOut['effect']; order: number }[] = [];
  for (const code of answers.knockOuts ?? []) {
    const node = byCode.get(code);
    if (!node?.knockOut) { issues.push({ code, problem: 'unknown_knock_out' }); continue; }
    triggered.push({ code, effect: node.knockOut.effect, order: nodeOrder.get(code)! });
  }
  if (issues.length) return { ok: false, issues };
  // A knock-out answer triggers its criterion's rule by itself (no box to tick as well).
  for (const entry of chosenBy) {
    const node = byCode.get(entry[0]);
    if (!node?.knockOut || triggered.some((x) => x.code === node.code)) continue;
    if (knockOutOptions(node).includes(entry[1])) triggered.push({ code: node.code, effect: node.knockOut.effect, order: nodeOrder.get(node.code)! });
  }

  triggered.sort((a, b) => a.order - b.order);
  const first = triggered[0] ?? null;
  const stopAt = first?.effect === 'stop' ? first.order : Infinity;
  const isWithin = (nodeCode: string, ancestorCode: string) => {
    for (let c: string | undefined = nodeCode; c; c = parentOf.get(c)?.code) if (c === ancestorCode) return true;
    return false;
  };

  const raw: PartMaxima = { A: 0, B: 0, C: 0 };
  let bonus = 0;
  const ignored: string[] = [];
  // (no destructuring: this file is also bundled for the browser's live subtotals, whose build targets lack it)
  for (const entry of chosenBy) {
    const nodeCode = entry[0];
    const optionCode = entry[1];
    const owner = optionOwner.get(optionCode)!;
    // The stopping criterion itself (and its sub-criteria) is still scored; what follows is not.
    if (owner.order > stopAt && !(first && isWithin(nodeCode, first.code))) { ignored.push(optionCode); continue; }
    raw[owner.part] += owner.option.points;
    if (isBonus(nodeCode, byCode, parentOf)) bonus += owner.option.points;
  }
  const maxima = Object.fromEntries(sheet.parts.map((p) => [p.code, p.maxPoints])) as Partial<PartMaxima>;
  const parts: PartMaxima = {
    A: round2(Math.min(raw.A, maxima.A ?? raw.A)),
    B: round2(Math.min(raw.B, maxima.B ?? raw.B)),
    C: round2(Math.min(raw.C, maxima.C ?? raw.C)),
  };
  return {
    ok: true,
    score: {
      parts, bonus: round2(bonus), total: round2(parts.A + parts.B + parts.C),
      outcome: first ? (first.effect === 'eliminate' ? 'eliminated' : 'stopped') : 'scored',
      knockOut: first ? { code: first.code, effect: first.effect } : null,
      ignored,
    },
  };
}

function isBonus(code: string, byCode: Map<string, SheetNode>, parentOf: Map<string, SheetNode>): boolean {
  for (let c: string | undefined = code; c; c = parentOf.get(c)?.code) if (byCode.get(c)?.bonus) return true;
  return false;
}

/** The options that score best on every criterion (one alternative per 'one' node): a 100-point answer. */
export function bestAnswers(sheet: Sheet): string[] {
  const out: string[] = [];
  const visit = (n: SheetNode) => {
    if (n.bonus) return;
    if (n.options.length) {
      out.push(n.options.reduce((a, b) => (b.points > a.points ? b : a)).code);
      return;
    }
    if (n.selection === 'one') {
      const best = n.children.reduce<SheetNode | null>((a, b) => (!a || maxPoints(b) > maxPoints(a) ? b : a), null);
      if (best) visit(best);
      return;
    }
    n.children.forEach(visit);
  };
  for (const p of sheet.parts) p.children.forEach(visit);
  return out;
}
