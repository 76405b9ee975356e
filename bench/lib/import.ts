/**
 * Import throughput: a generated certified-products file (the public format of docs/api.md)
 * through runImport into a fresh database, against the same rows written with plain multi-row
 * INSERTs straight through the driver.
 */
import { makeCtx, systemActor, type Deps } from '../../src/context';
import { runImport } from '../../src/modules/imports/import.service';
import { generateScaleData, type ScaleData } from '../../src/modules/ops/scale-seed';
import { BULK_COLUMNS, loadCommunes, type BulkRow, type BulkTable } from '../../src/modules/ops/scale-seed.repository';
import { todayInVietnam } from '../../src/domain/dates';
import { UnitsIndex } from '../../src/domain/admin-units';
import { loadUnitHistory } from '../../src/modules/registry/unit-history.repository';
import type { RawDriver } from './targets';
import { since } from './stats';

const HEADER = ['product_name', 'product_set', 'producer_name', 'producer_kind', 'tax_code', 'commune_code', 'address',
  'stars', 'decision_number', 'decision_date', 'certificate_number', 'potential_five_star', 'decision_level', 'issuer', 'commune_code_now'];

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export interface ImportData { csv: Buffer; rows: number; subset: ScaleData }

/**
 * `rows` certified products: each product's current certificate, with its producer and decision.
 * `subset` holds exactly the records the file describes (for the baseline).
 */
export async function certifiedImportData(deps: Deps, rows: number): Promise<ImportData> {
  const ctx = makeCtx(deps, { actor: systemActor('bench') });
  const communes = await loadCommunes(ctx);
  // ~85% of generated products hold a certificate; generate enough, with a seed of its own.
  const units = new UnitsIndex(await loadUnitHistory(ctx));
  const data = generateScaleData(communes, Math.ceil(rows * 0.6), Math.ceil(rows * 1.25), todayInVietnam(deps.clock()), 7, units);
  const products = new Map(data.products.map((p) => [p.id as string, p]));
  const producers = new Map(data.producers.map((p) => [p.id as string, p]));
  const decisions = new Map(data.decisions.map((d) => [d.id as string, d]));
  const current = data.certificates.filter((c) => c.state !== 'superseded').slice(0, rows);
  if (current.length < rows) throw new Error(`generated only ${current.length} certified products`);

  const lines = [HEADER.join(',')];
  const subset: ScaleData = {
    producers: [], products: [], decisions: [],
    certificates: current.map((c) => ({ ...c, score: null, state: 'active', revoked_on: null, revoked_reason: null })),
  };
  const seenProducers = new Set<string>();
  const seenDecisions = new Set<string>();
  for (const c of current) {
    const product = products.get(c.product_id as string)!;
    const producer = producers.get(product.producer_id as string)!;
    const decision = decisions.get(c.decision_id as string)!;
    // The baseline writes what the file carries, nothing more (no descriptions, contacts, scores).
    subset.products.push({ ...product, description: '', packaging: '', shelf_life: '', gtin: null, is_sample: false });
    if (!seenProducers.has(producer.id as string)) {
      seenProducers.add(producer.id as string);
      subset.producers.push({
        ...producer, representative: '', phone: null, email: null, founded_year: null, members: null,
        women_led: false, ethnic_minority_led: false, is_sample: false,
      });
    }
    if (!seenDecisions.has(decision.id as string)) {
      seenDecisions.add(decision.id as string);
      subset.decisions.push({ ...decision, signer: null });
    }
    // As a province's list is written: the commune of the decision date (today's beside it), the body as signed.
    const old = c.commune_code_then && c.commune_code_then !== producer.commune_code ? c.commune_code_then : null;
    lines.push([
      product.name, product.product_set_code, producer.name, producer.kind, producer.tax_code, old ?? producer.commune_code,
      producer.address, c.stars, decision.number, decision.decision_date, c.number, c.potential_five_star ? 'yes' : 'no',
      decision.level, decision.issuer, old ? producer.commune_code : '',
    ].map(cell).join(','));
  }
  return { csv: Buffer.from(`${lines.join('\n')}\n`, 'utf8'), rows: current.length, subset };
}

/** Time runImport of the file as national_admin (system actor). */
export async function timeImport(deps: Deps, csv: Buffer): Promise<{ ms: number; summary: Record<string, number> }> {
  const ctx = makeCtx(deps, { actor: systemActor('bench') });
  const t0 = performance.now();
  const outcome = await runImport(ctx, 'certified-products', { name: 'bench-certified-products.csv', data: csv });
  const ms = since(t0);
  if (!outcome.ok) {
    throw new Error(`bench import failed: ${outcome.errors.slice(0, 5).map((e) => `row ${e.row} ${e.field}: ${e.message}`).join('; ')}`);
  }
  return { ms, summary: outcome.summary };
}

/** Plain multi-row INSERT … VALUES statements (≤ 1,000 rows each), one transaction. */
export async function timeBaselineInsert(raw: RawDriver, subset: ScaleData): Promise<number> {
  const t0 = performance.now();
  await raw.transaction(async (query) => {
    const insert = async <T extends BulkTable>(table: T, rows: BulkRow<T>[]) => {
      const cols = Object.keys(BULK_COLUMNS[table]);
      for (let i = 0; i < rows.length; i += 1000) {
        const chunk = rows.slice(i, i + 1000);
        const params: unknown[] = [];
        const tuples = chunk.map((r) => {
          const rec = r as Record<string, unknown>;
          return `(${cols.map((c) => `$${params.push(rec[c])}`).join(', ')})`;
        });
        await query(`insert into "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`, params);
      }
    };
    await insert('producers', subset.producers);
    await insert('products', subset.products);
    await insert('decisions', subset.decisions);
    await insert('certificates', subset.certificates);
  });
  return since(t0);
}

/** Empty the registry tables the import filled, so the baseline writes into equally empty tables. */
export async function emptyRegistry(raw: RawDriver): Promise<void> {
  await raw.query('truncate certificates, decisions, products, producers cascade', []);
}
