/**
 * Open data: the products certified today as CSV, JSON and XLSX under CC BY 4.0 (docs/decisions/011-public-catalogue.md),
 * public facts only. Files are built once per state of the catalogue (the in-memory index's
 * stamp, which moves with every change heard on the feed, and the day; at most MAX_AGE_MS old)
 * and kept per process, so a flood of downloads costs one build.
 */
import { createHash } from 'node:crypto';
import type { Ctx } from '../../context';
import type { Database } from '../../db/client';
import { todayInVietnam } from '../../domain/dates';
import { lastValidDay } from '../../domain/certificate';
import { certificateVerifyUrl } from '../../domain/decision';
import { CSV_TYPE, toCsv, toXlsx, XLSX_TYPE, type Cell } from '../../files/spreadsheet';
import { openDataRows, type OpenDataRow } from './catalogue.repository';
import { catalogueIndex } from './catalogue.snapshot';
import { productPath } from './catalogue.service';
import { MAX_AGE_MS } from './catalogue.snapshot';

export const LICENCE = {
  id: 'CC-BY-4.0',
  name: 'Creative Commons Attribution 4.0 International (CC BY 4.0)',
  url: 'https://creativecommons.org/licenses/by/4.0/',
  attribution: 'Nền tảng số OCOP — dữ liệu sản phẩm OCOP được chứng nhận',
} as const;

/**
 * Column names of the CSV / XLSX files (the JSON file uses their camelCase twins). The end of a
 * certificate is `valid_until`, its last valid day, as on every page (docs/decisions/019-one-end-date.md).
 */
export const OPEN_FIELDS = [
  'certificate_number', 'stars', 'issued_on', 'valid_until', 'decision_number', 'decision_date', 'decision_level', 'issuer',
  'product_id', 'product_name', 'product_set_code', 'product_set_name', 'product_group', 'gtin',
  'producer_id', 'producer_name', 'producer_kind', 'commune_code', 'commune_name', 'province_code', 'province_name',
  'product_url', 'verify_url', 'is_sample',
] as const;
export type OpenField = (typeof OPEN_FIELDS)[number];

export const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export type OpenFormat = 'csv' | 'json' | 'xlsx';
export const OPEN_TYPES: Record<OpenFormat, string> = { csv: CSV_TYPE, json: 'application/json; charset=utf-8', xlsx: XLSX_TYPE };
export const OPEN_FORMATS: OpenFormat[] = ['csv', 'json', 'xlsx'];
/** Where each file is downloaded. */
export const openFileUrl = (f: OpenFormat) => `/api/v1/open-data/certified-products.${f}`;

export interface OpenFile { body: Buffer; contentType: string; fileName: string; etag: string; asOf: string; count: number }

function record(r: OpenDataRow, base: string): Record<OpenField, string | number | boolean | null> {
  return {
    certificate_number: r.certificate_number, stars: Number(r.stars), issued_on: r.issued_on, valid_until: lastValidDay(r.expires_on),
    decision_number: r.decision_number, decision_date: r.decision_date, decision_level: r.decision_level, issuer: r.issuer,
    product_id: r.product_id, product_name: r.product_name, product_set_code: r.product_set_code,
    product_set_name: r.product_set_name, product_group: r.product_group, gtin: r.gtin,
    producer_id: r.producer_id, producer_name: r.producer_name, producer_kind: r.producer_kind,
    commune_code: r.commune_code, commune_name: r.commune_name, province_code: r.province_code, province_name: r.province_name,
    product_url: `${base}${productPath(r.product_id, r.product_name)}`, verify_url: certificateVerifyUrl(base, r.certificate_number, r.issuer_key),
    is_sample: Boolean(r.is_sample),
  };
}

const cell = (v: string | number | boolean | null): Cell => (v === null ? null : typeof v === 'boolean' ? String(v) : v);

async function build(ctx: Ctx, base: string, format: OpenFormat, today: string): Promise<Omit<OpenFile, 'etag'>> {
  const list = (await openDataRows(ctx, today)).map((r) => record(r, base));
  const fileName = `ocop-san-pham-chung-nhan-${today}.${format}`;
  let body: Buffer;
  if (format === 'json') {
    body = Buffer.from(JSON.stringify({
      title: 'Sản phẩm OCOP được chứng nhận / Certified OCOP products',
      asOf: today, count: list.length,
      licence: LICENCE,
      source: `${base}/du-lieu-mo`,
      fields: OPEN_FIELDS.map(camel),
      items: list.map((r) => Object.fromEntries(OPEN_FIELDS.map((f) => [camel(f), r[f]]))),
    }), 'utf8');
  } else {
    const rowsOut = list.map((r) => OPEN_FIELDS.map((f) => cell(r[f])));
    if (format === 'csv') body = toCsv({ header: [...OPEN_FIELDS], rows: rowsOut });
    else {
      body = await toXlsx([
        { name: 'san-pham-ocop', header: [...OPEN_FIELDS], rows: rowsOut },
        {
          name: 'giay-phep', header: ['Thông tin / About', 'Giá trị / Value'], widths: [28, 90],
          rows: [
            ['Giấy phép / Licence', LICENCE.name], ['URL', LICENCE.url], ['Ghi nguồn / Attribution', LICENCE.attribution],
            ['Nguồn / Source', `${base}/du-lieu-mo`], ['Tính đến / As of', today], ['Số dòng / Rows', list.length],
          ],
        },
      ]);
    }
  }
  return { body, contentType: OPEN_TYPES[format], fileName, asOf: today, count: list.length };
}

interface Cached { key: string; builtAt: number; file: Promise<OpenFile> }
const cache = new WeakMap<Database, Map<string, Cached>>();

export async function openDataFile(ctx: Ctx, base: string, format: OpenFormat): Promise<OpenFile> {
  const today = todayInVietnam(ctx.deps.clock());
  // The catalogue index's stamp moves with every change it hears (catalogue.snapshot.ts).
  const key = `${today}|${(await catalogueIndex(ctx)).builtAt}`;
  let perDb = cache.get(ctx.deps.database);
  if (!perDb) cache.set(ctx.deps.database, (perDb = new Map()));
  const slot = `${format}|${base}`;
  const hit = perDb.get(slot);
  if (hit && hit.key === key && performance.now() - hit.builtAt < MAX_AGE_MS) return hit.file;
  const file = build(ctx, base, format, today).then((f) => ({
    ...f, etag: `"${createHash('sha256').update(f.body).digest('base64url').slice(0, 27)}"`,
  }));
  perDb.set(slot, { key, builtAt: performance.now(), file });
  file.catch(() => { if (perDb.get(slot)?.file === file) perDb.delete(slot); });
  return file;
}
