/**
 * `products`: each row names an existing producer (tax code, or name + commune code); a product
 * of that producer with the same normalised name is updated, otherwise one is created.
 */
import { randomUUID } from 'node:crypto';
import { nameKey, normalizeVi } from '../../domain/text';
import { CURRENT_CLASSIFICATION } from '../registry/reference-data';
import * as repo from './import.repository';
import * as f from './fields';
import { inScope, readProductSet, type ImportPlan, type KindContext } from './import.context';
import type { DataRow } from './parse';

interface Parsed {
  row: number; taxCode: string | null; producerName: string; communeCode: string;
  name: string; setCode: string; description: string | null; gtin: string | null;
}

function readRows(k: KindContext, dataRows: DataRow[]): Parsed[] {
  const out: Parsed[] = [];
  for (const r of dataRows) {
    const rd = new f.RowReader(r.values, (field, p) => k.errors.addProblem(r.row, field, p));
    const taxCode = rd.get('producer_tax_code', f.taxCode);
    const producerName = rd.get('producer_name', (v) => f.text(v, f.MAX_TEXT.name)) ?? '';
    const communeCode = f.areaCode(rd.raw('commune_code'), 5);
    if (taxCode === null && (producerName === '' || communeCode === '')) rd.problem('producer_tax_code', 'import.producer_ref');
    if (communeCode !== '' && k.ref.areas.get(communeCode)?.level !== 'commune') {
      rd.problem('commune_code', 'import.unknown_commune', { code: rd.raw('commune_code') });
    }
    const name = rd.get('product_name', (v) => f.requiredText(v, f.MAX_TEXT.name));
    const setCode = readProductSet(k.ref, rd);
    const description = rd.get('description', (v) => f.text(v, f.MAX_TEXT.description));
    const gtin = rd.get('gtin', f.gtin);
    if (k.errors.hasRow(r.row)) continue;
    out.push({
      row: r.row, taxCode: taxCode ?? null, producerName, communeCode, name: name!, setCode: setCode!,
      description: description || null, gtin: gtin ?? null,
    });
  }
  return out;
}

export async function planProducts(k: KindContext, dataRows: DataRow[]): Promise<ImportPlan | null> {
  const rows = readRows(k, dataRows);
  const byTax = new Map((await repo.findProducersByTaxCodes(k.ctx, rows.flatMap((r) => r.taxCode ? [r.taxCode] : [])))
    .map((p) => [p.taxCode!, p]));
  const named = rows.filter((r) => r.producerName && r.communeCode)
    .map((r) => ({ communeCode: r.communeCode, nameKey: nameKey(r.producerName) }));
  const byName = new Map((await repo.findProducersByNames(k.ctx, named)).map((p) => [`${p.communeCode}|${p.nameKey}`, p]));

  const resolved: { r: Parsed; producer: repo.ProducerRow }[] = [];
  for (const r of rows) {
    const producer = (r.taxCode ? byTax.get(r.taxCode) : undefined)
      ?? (r.producerName && r.communeCode ? byName.get(`${r.communeCode}|${nameKey(r.producerName)}`) : undefined);
    if (!producer) { k.errors.add(r.row, r.taxCode ? 'producer_tax_code' : 'producer_name', 'import.producer_not_found'); continue; }
    if (!inScope(k.actor, producer.provinceCode)) { k.errors.add(r.row, r.taxCode ? 'producer_tax_code' : 'commune_code', 'import.outside_area'); continue; }
    resolved.push({ r, producer });
  }

  const existing = new Map((await repo.findProductsOfProducers(k.ctx, resolved.map((x) => x.producer.id)))
    .map((p) => [`${p.producerId}|${normalizeVi(p.name)}`, p]));
  const gtinOwner = new Map((await repo.findProductsByGtins(k.ctx, rows.flatMap((r) => r.gtin ? [r.gtin] : [])))
    .map((p) => [p.gtin!, p.id]));
  const seen = new Map<string, number>();
  const seenGtin = new Map<string, number>();
  const creates: repo.ProductInsert[] = [];
  const updates: { id: string; productSetCode: string; description: string | null; gtin: string | null }[] = [];
  for (const { r, producer } of resolved) {
    const key = `${producer.id}|${normalizeVi(r.name)}`;
    const first = seen.get(key);
    if (first !== undefined) { k.errors.add(r.row, 'product_name', 'import.duplicate_row', { row: first }); continue; }
    seen.set(key, r.row);
    const match = existing.get(key);
    const id = match?.id ?? randomUUID();
    if (r.gtin) {
      const firstGtin = seenGtin.get(r.gtin);
      const owner = gtinOwner.get(r.gtin);
      if (firstGtin !== undefined) { k.errors.add(r.row, 'gtin', 'import.duplicate_row', { row: firstGtin }); continue; }
      seenGtin.set(r.gtin, r.row);
      if (owner && owner !== id) { k.errors.add(r.row, 'gtin', 'import.gtin_taken', { gtin: r.gtin }); continue; }
    }
    if (match) updates.push({ id, productSetCode: r.setCode, description: r.description, gtin: r.gtin });
    else {
      creates.push({
        id, producerId: producer.id, name: r.name, classification: CURRENT_CLASSIFICATION, productSetCode: r.setCode,
        description: r.description ?? '', gtin: r.gtin, provinceCode: producer.provinceCode, communeCode: producer.communeCode,
      });
    }
  }
  if (k.errors.size) return null;
  return {
    work: creates.length + updates.length,
    async write(tx, progress) {
      await repo.updateProducts(tx, updates, progress.advance);
      await repo.insertProducts(tx, creates, progress.advance);
      return { rows: dataRows.length, created: creates.length, updated: updates.length };
    },
  };
}
