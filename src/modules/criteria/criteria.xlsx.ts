/**
 * The criteria workbook (decision 006, "XLSX template"): the same content as the JSON criteria
 * file, as a flat table an office can fill in Excel — one row per part, section, criterion and
 * option, each naming its parent by code — plus an "info" sheet with the version and provenance.
 * Reading turns the workbook into the JSON file shape (so one checker judges both) and remembers
 * which row each node came from, so every problem names its spreadsheet row.
 */
import type { FieldCode, Params } from '../../core/i18n';
import { FileProblem as SheetReadProblem, readXlsxWorkbook, type RawRow } from '../../files/sheet-reader';
import { toXlsx, type Cell } from '../../files/spreadsheet';
import { CRITERIA_FILE_FORMAT, type CriteriaFileDto, type NodeDto } from './criteria.schema';

export const NODE_COLUMNS = [
  { key: 'product_set', vi: 'Bộ sản phẩm' },
  { key: 'code', vi: 'Mã' },
  { key: 'parent', vi: 'Mã cấp trên' },
  { key: 'kind', vi: 'Loại' },
  { key: 'text', vi: 'Nội dung' },
  { key: 'points', vi: 'Điểm' },
  { key: 'selection', vi: 'Cách tính' },
  { key: 'condition', vi: 'Điều kiện áp dụng' },
  { key: 'choose_one_case', vi: 'Chọn một trong hai trường hợp' },
  { key: 'knock_out', vi: 'Điểm liệt' },
  { key: 'knock_out_text', vi: 'Nội dung điểm liệt' },
  { key: 'bonus', vi: 'Điểm cộng' },
  { key: 'note', vi: 'Ghi chú' },
] as const;
type NodeColumn = (typeof NODE_COLUMNS)[number]['key'];

const INFO_KEYS = [
  { key: 'version', vi: 'Phiên bản' },
  { key: 'official', vi: 'Chính thức' },
  { key: 'provenance', vi: 'Nguồn gốc' },
  { key: 'source_ref', vi: 'Trích dẫn nguồn' },
] as const;
type InfoKey = (typeof INFO_KEYS)[number]['key'];

export const NODES_SHEET = 'Phiếu đánh giá - Sheets';
export const INFO_SHEET = 'Thông tin - Info';

const label = (c: { key: string; vi: string }) => `${c.key} [${c.vi}]`;
const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase().replace(/\s+/g, ' ').trim();

/** "code [Mã]", "code", "Mã" all name the column `code`. */
function columnOf<K extends string>(cell: string, cols: readonly { key: K; vi: string }[]): K | null {
  const m = /^(.*?)\s*\[(.*)\]\s*$/.exec(cell);
  const names = m ? [m[1]!, m[2]!] : [cell];
  for (const c of cols) if (names.some((n) => fold(n) === c.key.replace(/_/g, ' ') || fold(n) === c.key || fold(n) === fold(c.vi))) return c.key;
  return null;
}

const KIND_WORDS: Record<string, 'part' | 'section' | 'criterion' | 'option'> = {
  part: 'part', phan: 'part', section: 'section', muc: 'section', nhom: 'section',
  criterion: 'criterion', 'tieu chi': 'criterion', option: 'option', 'muc diem': 'option', 'phuong an': 'option',
};
const YES = new Set(['yes', 'co', 'x', 'true', '1']);
const NO = new Set(['', 'no', 'khong', 'false', '0']);

export interface WorkbookProblem { row: number; field: string; code: FieldCode; params?: Params }

export type WorkbookRead =
  | { ok: true; value: unknown; rowOf: Map<string, number> }
  | { ok: false; problems: WorkbookProblem[] };

/** A node as read (the checker computes maxima later). */
type ReadNode = Omit<NodeDto, 'maxPoints' | 'children'> & { children: ReadNode[] };
interface ReadPart { code: string; title: string; maxPoints: number; children: ReadNode[] }
interface Pending { row: number; kind: 'section' | 'criterion' | 'option'; parent: string; node?: ReadNode; option?: { code: string; text: string; points: number } }

/** Read a criteria workbook into the criteria-file shape, or the problems that stop it. */
export async function readCriteriaWorkbook(data: Buffer): Promise<WorkbookRead> {
  let sheets;
  try {
    sheets = await readXlsxWorkbook(data);
  } catch (e) {
    if (e instanceof SheetReadProblem) return { ok: false, problems: [{ row: 0, field: 'file', code: 'criteria_file.xlsx_unreadable' }] };
    throw e;
  }
  const problems: WorkbookProblem[] = [];
  const info = sheets.find((s) => /th[oô]ng tin|info/i.test(s.name));
  const nodes = sheets.find((s) => s !== info);
  if (!nodes) return { ok: false, problems: [{ row: 0, field: 'file', code: 'criteria_file.xlsx_no_nodes' }] };

  const head: Partial<Record<InfoKey, string>> = {};
  for (const r of info?.rows ?? []) {
    const key = columnOf(r.cells[0] ?? '', INFO_KEYS);
    if (key) head[key] = (r.cells[1] ?? '').trim();
  }

  const headerAt = nodes.rows.findIndex((r) => r.cells.filter((c) => columnOf(c, NODE_COLUMNS)).length >= 4);
  if (headerAt < 0) return { ok: false, problems: [{ row: nodes.rows[0]?.row ?? 1, field: 'header', code: 'criteria_file.xlsx_header', params: { columns: NODE_COLUMNS.slice(0, 6).map(label).join(', ') } }] };
  const headerRow = nodes.rows[headerAt]!;
  const colIndex = new Map<NodeColumn, number>();
  headerRow.cells.forEach((c, i) => { const k = columnOf(c, NODE_COLUMNS); if (k && !colIndex.has(k)) colIndex.set(k, i); });
  const missing = (['product_set', 'code', 'kind', 'text', 'points'] as const).filter((k) => !colIndex.has(k));
  if (missing.length) {
    return { ok: false, problems: [{ row: headerRow.row, field: 'header', code: 'criteria_file.xlsx_header', params: { columns: missing.map((k) => label(NODE_COLUMNS.find((c) => c.key === k)!)).join(', ') } }] };
  }
  const get = (r: RawRow, k: NodeColumn) => (colIndex.has(k) ? (r.cells[colIndex.get(k)!] ?? '').trim() : '');

  // Per product set, in row order: parts, then every other row attached to its parent by code.
  interface ReadSet { row: number; parts: { code: string; row: number; dto: ReadPart }[]; rows: Pending[]; byCode: Map<string, Pending | { row: number; kind: 'part' }> }
  const sets = new Map<string, ReadSet>();
  for (const r of nodes.rows.slice(headerAt + 1)) {
    if ((r.cells[0] ?? '').startsWith('#')) continue;
    const setCode = get(r, 'product_set');
    const code = get(r, 'code');
    const kindWord = KIND_WORDS[fold(get(r, 'kind'))];
    if (!setCode) { problems.push({ row: r.row, field: 'product_set', code: 'criteria_file.required' }); continue; }
    if (!code) { problems.push({ row: r.row, field: 'code', code: 'criteria_file.required' }); continue; }
    if (!kindWord) { problems.push({ row: r.row, field: 'kind', code: 'criteria_file.xlsx_kind', params: { value: get(r, 'kind') } }); continue; }
    const set: ReadSet = sets.get(setCode) ?? { row: r.row, parts: [], rows: [], byCode: new Map() };
    sets.set(setCode, set);
    if (set.byCode.has(code)) { problems.push({ row: r.row, field: 'code', code: 'criteria_file.duplicate_code', params: { code } }); continue; }

    const pointsText = get(r, 'points').replace(',', '.');
    const points = pointsText === '' ? Number.NaN : Number(pointsText);
    const flag = (k: NodeColumn) => {
      const v = fold(get(r, k));
      if (YES.has(v)) return true;
      if (!NO.has(v)) problems.push({ row: r.row, field: k, code: 'criteria_file.xlsx_yes_no', params: { value: get(r, k) } });
      return false;
    };
    if (kindWord === 'part') {
      if (!Number.isFinite(points)) problems.push({ row: r.row, field: 'points', code: 'criteria_file.xlsx_number' });
      set.parts.push({ code, row: r.row, dto: { code, title: get(r, 'text'), maxPoints: points, children: [] } });
      set.byCode.set(code, { row: r.row, kind: 'part' });
      continue;
    }
    const parent = get(r, 'parent');
    if (!parent) { problems.push({ row: r.row, field: 'parent', code: 'criteria_file.required' }); continue; }
    if (kindWord === 'option') {
      if (!Number.isFinite(points)) problems.push({ row: r.row, field: 'points', code: 'criteria_file.xlsx_number' });
      const p: Pending = { row: r.row, kind: 'option', parent, option: { code, text: get(r, 'text'), points } };
      set.rows.push(p);
      set.byCode.set(code, p);
      continue;
    }
    const ko = fold(get(r, 'knock_out'));
    const effect = ko === '' ? null : ko === 'eliminate' || ko === 'loai' ? 'eliminate' : ko === 'stop' || ko === 'dung' ? 'stop' : undefined;
    if (effect === undefined) problems.push({ row: r.row, field: 'knock_out', code: 'criteria_file.xlsx_knock_out', params: { value: get(r, 'knock_out') } });
    const sel = fold(get(r, 'selection'));
    const selection = sel === '' || sel === 'all' || sel === 'tat ca' ? 'all' : sel === 'one' || sel === 'mot' ? 'one' : undefined;
    if (!selection) problems.push({ row: r.row, field: 'selection', code: 'criteria_file.xlsx_selection', params: { value: get(r, 'selection') } });
    const node: ReadNode = {
      code, kind: kindWord, title: get(r, 'text'), note: get(r, 'note') || null, selection: selection ?? 'all',
      condition: get(r, 'condition') || null, chooseOneCase: flag('choose_one_case'),
      knockOut: effect ? { effect, text: get(r, 'knock_out_text') } : null, bonus: flag('bonus'), options: [], children: [],
    };
    const p: Pending = { row: r.row, kind: kindWord, parent, node };
    set.rows.push(p);
    set.byCode.set(code, p);
  }

  // Attach rows to parents; remember each node's JSON path → row for problem messages.
  const file = { format: CRITERIA_FILE_FORMAT, version: head.version ?? '', official: YES.has(fold(head.official ?? '')), provenance: head.provenance || null, sourceRef: head.source_ref || null, sheets: [] as unknown[] };
  const rowOf = new Map<string, number>();
  [...sets.entries()].forEach(([setCode, set], si) => {
    const at = `sheets[${si}]`;
    rowOf.set(at, set.row);
    for (const p of set.rows) {
      const parent = set.byCode.get(p.parent);
      if (!parent) { problems.push({ row: p.row, field: 'parent', code: 'criteria_file.xlsx_parent', params: { code: p.parent } }); continue; }
      if (parent.kind === 'part') {
        if (p.kind === 'option') { problems.push({ row: p.row, field: 'parent', code: 'criteria_file.xlsx_placement', params: { code: p.parent } }); continue; }
        set.parts.find((x) => x.code === p.parent)!.dto.children.push(p.node!);
      } else if (parent.kind === 'option' || !('node' in parent) || !parent.node) {
        problems.push({ row: p.row, field: 'parent', code: 'criteria_file.xlsx_placement', params: { code: p.parent } });
      } else if (p.kind === 'option') parent.node.options.push(p.option!);
      else parent.node.children.push(p.node!);
    }
    const visit = (n: ReadNode, path: string) => {
      rowOf.set(path, (set.byCode.get(n.code) as Pending).row);
      n.options.forEach((o, i) => rowOf.set(`${path}.options[${i}]`, (set.byCode.get(o.code) as Pending).row));
      n.children.forEach((c, i) => visit(c, `${path}.children[${i}]`));
    };
    set.parts.forEach((p, pi) => {
      rowOf.set(`${at}.parts[${pi}]`, p.row);
      p.dto.children.forEach((c, ci) => visit(c, `${at}.parts[${pi}].children[${ci}]`));
    });
    file.sheets.push({ productSet: { code: setCode }, parts: set.parts.map((p) => p.dto) });
  });
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: file, rowOf };
}

/** JSON field names of a problem path as the workbook's column names. */
const FIELD_COLUMN: Record<string, NodeColumn> = { title: 'text', maxPoints: 'points', points: 'points', text: 'text', code: 'code', knockOut: 'knock_out' };

/** A checker's problem path ("sheets[0].parts[1].children[2].points") → its row and column in the workbook. */
export function locateInWorkbook(path: string, rowOf: Map<string, number>): { row: number; field: string } {
  for (let p = path, rest = ''; p; ) {
    const row = rowOf.get(p);
    if (row !== undefined) {
      // A part's own problems (its total) concern its points cell.
      if (!rest) return { row, field: /parts\[\d+\]$/.test(p) ? 'points' : 'code' };
      return { row, field: FIELD_COLUMN[rest.split('.')[0] ?? ''] ?? rest };
    }
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) break;
    rest = p.slice(cut).replace(/^\./, '') + (rest ? `.${rest}` : '');
    p = p.slice(0, cut);
  }
  return { row: 0, field: INFO_KEYS.some((k) => k.key === path) ? path : path || 'file' };
}

/** A criteria file as the workbook (export; re-imports as it is). */
export async function criteriaWorkbook(file: CriteriaFileDto): Promise<Buffer> {
  const rows: Cell[][] = [];
  const yes = (b: boolean) => (b ? 'yes' : '');
  for (const s of file.sheets) {
    for (const p of s.parts) {
      rows.push([s.productSet.code, p.code, '', 'part', p.title, p.maxPoints, '', '', '', '', '', '', '']);
      const visit = (n: NodeDto, parent: string) => {
        rows.push([s.productSet.code, n.code, parent, n.kind, n.title, null, n.selection, n.condition ?? '', yes(n.chooseOneCase), n.knockOut?.effect ?? '', n.knockOut?.text ?? '', yes(n.bonus), n.note ?? '']);
        for (const o of n.options) rows.push([s.productSet.code, o.code, n.code, 'option', o.text, o.points, '', '', '', '', '', '', '']);
        n.children.forEach((c) => visit(c, n.code));
      };
      p.children.forEach((c) => visit(c, p.code));
    }
  }
  return toXlsx([
    { name: NODES_SHEET, header: NODE_COLUMNS.map(label), rows },
    {
      name: INFO_SHEET, header: ['key [Khoá]', 'value [Giá trị]'],
      rows: [['version [Phiên bản]', file.version], ['official [Chính thức]', file.official ? 'yes' : 'no'], ['provenance [Nguồn gốc]', file.provenance ?? ''], ['source_ref [Trích dẫn nguồn]', file.sourceRef ?? '']],
    },
  ]);
}
