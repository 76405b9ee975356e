/** Mapping between a sheet's tree (domain) and its node rows (criteria_nodes). */
import { createHash } from 'node:crypto';
import type { PartCode, Sheet, SheetNode } from '../../domain/scoring-sheet';
import type { criteriaNodes } from './criteria.tables';
import type { NodeInput, SheetInput } from './criteria.schema';

export type NodeInsert = Omit<typeof criteriaNodes.$inferInsert, 'sheetId'>;

const blankNode = (n: Pick<SheetNode, 'code' | 'kind'>): SheetNode => ({
  code: n.code, kind: n.kind, title: '', note: null, selection: 'all', condition: null, chooseOneCase: false,
  knockOut: null, bonus: false, options: [], children: [],
});

/** Rows in tree order (parents before children, `position` within siblings). */
export function sheetToRows(sheet: Sheet): NodeInsert[] {
  const rows: NodeInsert[] = [];
  const visit = (n: SheetNode, parentCode: string, position: number) => {
    rows.push({
      code: n.code, parentCode, kind: n.kind, position, title: n.title, note: n.note, points: null,
      selection: n.selection, condition: n.condition, chooseOneCase: n.chooseOneCase,
      knockOutEffect: n.knockOut?.effect ?? null, knockOutText: n.knockOut?.text ?? null, bonus: n.bonus,
    });
    n.options.forEach((o, i) => rows.push({
      code: o.code, parentCode: n.code, kind: 'option', position: i, title: o.text, note: null, points: o.points,
      selection: 'all', condition: null, chooseOneCase: false, knockOutEffect: null, knockOutText: null, bonus: false,
    }));
    n.children.forEach((c, i) => visit(c, n.code, i));
  };
  sheet.parts.forEach((p, i) => {
    rows.push({
      code: p.code, parentCode: null, kind: 'part', position: i, title: p.title, note: null, points: p.maxPoints,
      selection: 'all', condition: null, chooseOneCase: false, knockOutEffect: null, knockOutText: null, bonus: false,
    });
    p.children.forEach((c, j) => visit(c, p.code, j));
  });
  return rows;
}

export function rowsToSheet(rows: readonly NodeInsert[]): Sheet {
  const byParent = new Map<string | null, typeof rows[number][]>();
  for (const r of rows) {
    const list = byParent.get(r.parentCode ?? null) ?? [];
    list.push(r);
    byParent.set(r.parentCode ?? null, list);
  }
  for (const list of byParent.values()) list.sort((a, b) => a.position - b.position);
  const build = (r: typeof rows[number]): SheetNode => {
    const kids = byParent.get(r.code) ?? [];
    return {
      ...blankNode({ code: r.code, kind: r.kind === 'section' ? 'section' : 'criterion' }),
      title: r.title ?? '', note: r.note ?? null, selection: r.selection ?? 'all', condition: r.condition ?? null,
      chooseOneCase: r.chooseOneCase ?? false, bonus: r.bonus ?? false,
      knockOut: r.knockOutEffect ? { effect: r.knockOutEffect, text: r.knockOutText ?? '' } : null,
      options: kids.filter((k) => k.kind === 'option').map((k) => ({ code: k.code, text: k.title ?? '', points: Number(k.points ?? 0) })),
      children: kids.filter((k) => k.kind !== 'option').map(build),
    };
  };
  return {
    parts: (byParent.get(null) ?? []).filter((r) => r.kind === 'part').map((p) => ({
      code: p.code as PartCode, title: p.title ?? '', maxPoints: Number(p.points ?? 0),
      children: (byParent.get(p.code) ?? []).filter((k) => k.kind !== 'option').map(build),
    })),
  };
}

function nodeFromInput(n: NodeInput): SheetNode {
  return {
    code: n.code, kind: n.kind, title: n.title ?? '', note: n.note ?? null, selection: n.selection ?? 'all',
    condition: n.condition ?? null, chooseOneCase: n.chooseOneCase ?? false, knockOut: n.knockOut ?? null,
    bonus: n.bonus ?? false, options: (n.options ?? []).map((o) => ({ ...o })), children: (n.children ?? []).map(nodeFromInput),
  };
}

export function sheetFromInput(input: SheetInput): Sheet {
  return { parts: input.parts.map((p) => ({ code: p.code, title: p.title, maxPoints: p.maxPoints, children: p.children.map(nodeFromInput) })) };
}

/** A stable fingerprint of a sheet's content (what the seed loader compares). */
export function sheetHash(sheet: Sheet, provenance: string | null): string {
  return createHash('sha256').update(JSON.stringify({ sheet, provenance })).digest('hex').slice(0, 32);
}
