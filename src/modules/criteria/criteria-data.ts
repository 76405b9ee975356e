/**
 * The shipped rulebook: regimes (seed/criteria/regimes.json) and the 2019 scoring sheets
 * reconstructed from a public app's seed database (seed/criteria/qd1048-781-reconstructed.json).
 * Loaded on start when the shipped files' hash differs from the one stored in app_settings,
 * like the reference data (decision 004); see decision 006.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { Db } from '../../db/client';
import { SEED_DIR } from '../../paths';
import { normalizeVi } from '../../domain/text';
import {
  checkSheet, PART_CODES, type IntegrityIssue, type KnockOut, type PartCode, type PartMaxima, type Sheet, type SheetNode,
} from '../../domain/scoring-sheet';
import type { RegimeLevel } from '../../domain/regime';
import type { DossierDocumentSpec } from '../../domain/dossier';
import type { StarBand } from '../../domain/stars';
import * as repo from './criteria.repository';
import { sheetHash } from './criteria.tree';

/** Bump when the conversion below changes, so existing databases reload. */
const CONVERTER_VERSION = '1';
const SETTINGS_KEY = 'criteria_data_version';
export const SEEDED_SHEETS_REGIME = '1048-2019';

const FILES = ['regimes.json', 'qd1048-781-reconstructed.json', 'qd1048-781-set-codes.csv'] as const;
const read = (file: (typeof FILES)[number]) => readFileSync(join(SEED_DIR, 'criteria', file));

export type RegimeSeed = {
  code: string; title: string; instruments: string[]; effectiveFrom: string; classification: string; sheetsFrom: string;
  partMaxima: PartMaxima; starBands: StarBand[]; minCertifiableStars: number; validityMonths: number | null;
  reminderDays: number | null; levels: RegimeLevel[]; dossierDocuments: DossierDocumentSpec[]; toVerify: boolean; verificationNote: string | null;
  sources: Record<string, string>;
};

export function readRegimes(): RegimeSeed[] {
  return (JSON.parse(read('regimes.json').toString('utf8')) as { regimes: RegimeSeed[] }).regimes;
}

// The source file's shape (docs: ../shared/data/README.md).
type SrcOption = { text: string; points: number };
type SrcCriterion = { title: string; note: string | null; options?: SrcOption[]; children?: SrcCriterion[] };
type SrcSection = { title: string; note: string | null; criteria: SrcCriterion[] };
type SrcPart = { code: string; title: string; maxPoints: number; sections: SrcSection[] };
type SrcSet = { sourceId: number; name: string; parts: SrcPart[]; checkedTotals: PartMaxima; totalsMatchRegime: boolean };
type SrcFile = { regime: string; partMaxima: PartMaxima; provenance: string; productSets: SrcSet[] };

/** Knock-out and condition notes as printed on the 2019 sheets (matched without diacritics). */
export function rulesFromNote(note: string | null): Pick<SheetNode, 'knockOut' | 'condition' | 'chooseOneCase'> {
  const key = normalizeVi(note ?? '');
  let knockOut: KnockOut | null = null;
  if (/\bbi loai\b/.test(key)) knockOut = { effect: 'eliminate', text: note! };
  else if (/khong (danh gia|xem xet) (cac buoc tiep theo|cac chi tieu khac)/.test(key)) knockOut = { effect: 'stop', text: note! };
  return {
    knockOut,
    condition: /chi ap dung khi/.test(key) ? note : null,
    chooseOneCase: /lua chon mot trong hai truong hop/.test(key),
  };
}

const leadingNumber = (title: string) => /^\s*(\d+(?:\.\d+)*)\s*\./.exec(title)?.[1] ?? null;

/**
 * Code from the printed number, else by position. A number printed twice among siblings (a
 * typo in the source, e.g. "6.1.3. Màu sắc" then "6.1.3. Mùi") keeps it with a "-2" suffix, so
 * codes stay unique and still point at what is printed.
 */
function codeFor(title: string, part: PartCode, fallback: string, taken: Set<string>): string {
  const num = leadingNumber(title);
  const base = num && num.includes('.') ? `${part}.${num}` : fallback;
  let code = base;
  for (let n = 2; taken.has(code); n++) code = `${base}-${n}`;
  taken.add(code);
  return code;
}

function convertCriterion(c: SrcCriterion, part: PartCode, fallback: string, taken: Set<string>): SheetNode {
  const code = codeFor(c.title, part, fallback, taken);
  const siblings = new Set<string>();
  return {
    code, kind: 'criterion', title: c.title.trim(), note: c.note?.trim() || null, selection: 'all', bonus: false,
    ...rulesFromNote(c.note),
    options: (c.options ?? []).map((o, i) => ({ code: `${code}.o${i + 1}`, text: o.text.trim(), points: o.points })),
    children: (c.children ?? []).map((ch, i) => convertCriterion(ch, part, `${code}.${i + 1}`, siblings)),
  };
}

/**
 * One source set → a sheet with stable codes: sections "A.1" (the number printed in the section
 * title), criteria "A.1.1" and sub-criteria "C.6.1.1" (their printed numbers; untitled ones by
 * position; see codeFor), options "<criterion>.o<n>" in printed order.
 */
export function convertSet(set: SrcSet): Sheet {
  return {
    parts: set.parts.map((p, pi) => {
      const part = p.code as PartCode;
      return {
        code: part, title: p.title.trim(), maxPoints: p.maxPoints,
        children: p.sections.map((s, si): SheetNode => {
          const code = `${part}.${leadingNumber(s.title) ?? `s${pi + 1}_${si + 1}`}`;
          const criteria = new Set<string>();
          return {
            code, kind: 'section', title: s.title.trim(), note: s.note?.trim() || null, selection: 'all', bonus: false,
            ...rulesFromNote(s.note), options: [],
            children: s.criteria.map((c, ci) => convertCriterion(c, part, `${code}.${ci + 1}`, criteria)),
          };
        }),
      };
    }),
  };
}

export type SeededSheet = {
  sourceId: number; sourceName: string; productSetCode: string | null; sheet: Sheet;
  loaded: boolean; reasons: string[]; issues: IntegrityIssue[];
};

/** Every source set, converted and checked; `loaded` = the set's totals check and it maps to a product set. */
export function seededSheets(): { provenance: string; partMaxima: PartMaxima; sets: SeededSheet[] } {
  const src = JSON.parse(read('qd1048-781-reconstructed.json').toString('utf8')) as SrcFile;
  const codes = new Map((parse(read('qd1048-781-set-codes.csv'), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[])
    .map((r) => [Number(r.source_id), r.product_set_code!]));
  const regime = readRegimes().find((r) => r.code === SEEDED_SHEETS_REGIME)!;
  return {
    provenance: src.provenance,
    partMaxima: regime.partMaxima,
    sets: src.productSets.map((set) => {
      const sheet = convertSet(set);
      const issues = checkSheet(sheet, regime.partMaxima);
      const productSetCode = codes.get(set.sourceId) ?? null;
      const reasons: string[] = [];
      if (!set.totalsMatchRegime || PART_CODES.some((p) => set.checkedTotals[p] !== regime.partMaxima[p])) reasons.push('totals do not match the regime (totalsMatchRegime=false)');
      if (issues.length) reasons.push(`integrity: ${issues.map((i) => i.message).join('; ')}`);
      if (!productSetCode) reasons.push('no product-set code for this source set');
      return { sourceId: set.sourceId, sourceName: set.name, productSetCode, sheet, loaded: reasons.length === 0, reasons, issues };
    }),
  };
}

function shippedVersion(): string {
  const h = createHash('sha256').update(CONVERTER_VERSION);
  for (const f of FILES) h.update(read(f));
  return h.digest('hex').slice(0, 16);
}

/**
 * Upsert the regimes (keeping an administrator's confirmation) and add the 2019 sheets that
 * pass: a set with no sheet gets a published revision 1; a set whose sheets all came from the
 * seed gets a new published revision when the shipped content changed. Sheets imported or
 * authored by administrators are never touched.
 */
export async function ensureCriteriaData(db: Db): Promise<'loaded' | 'current'> {
  const version = shippedVersion();
  if (await repo.settingValue(db, SETTINGS_KEY) === version) return 'current';
  const regimes = readRegimes();
  const { provenance, sets } = seededSheets();
  const classification = regimes.find((r) => r.code === SEEDED_SHEETS_REGIME)!.classification;
  await db.transaction(async (tx) => {
    await repo.upsertRegimes(tx, regimes);
    for (const s of sets.filter((x) => x.loaded)) {
      const hash = sheetHash(s.sheet, provenance);
      const existing = await repo.sheetHistory(tx, SEEDED_SHEETS_REGIME, s.productSetCode!);
      const latest = existing[0];
      if (latest && (latest.contentHash === hash || existing.some((e) => e.source !== 'seed'))) continue;
      await repo.insertSheet(tx, {
        regimeCode: SEEDED_SHEETS_REGIME, classification, productSetCode: s.productSetCode!,
        revision: (latest?.revision ?? 0) + 1, status: 'published', official: false, provenance,
        source: 'seed', sourceRef: `qd1048-781-reconstructed.json sourceId ${s.sourceId}`, contentHash: hash,
        createdBy: 'seed', publishedAt: new Date(), publishedBy: 'seed',
      }, s.sheet);
    }
    await repo.setSetting(tx, SETTINGS_KEY, version);
  });
  return 'loaded';
}
