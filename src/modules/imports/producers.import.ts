/**
 * `producers`: matched to existing producers by tax code, else by name + commune; existing ones
 * are updated (an empty optional cell keeps the stored value), new ones created.
 */
import { randomUUID } from 'node:crypto';
import { nameKey } from '../../domain/text';
import * as repo from './import.repository';
import * as f from './fields';
import { inScope, readCommune, type ImportPlan, type KindContext } from './import.context';
import type { DataRow } from './parse';

type Values = Omit<repo.ProducerInsert, 'id'>;

interface Parsed { row: number; values: Values; given: Set<string> }

export async function planProducers(k: KindContext, dataRows: DataRow[]): Promise<ImportPlan | null> {
  const thisYear = Number(k.today.slice(0, 4));
  const parsed: Parsed[] = [];
  const byTax = new Map<string, number>();
  const byName = new Map<string, number>();
  for (const r of dataRows) {
    const rd = new f.RowReader(r.values, (field, p) => k.errors.addProblem(r.row, field, p));
    const name = rd.get('name', (v) => f.requiredText(v, f.MAX_TEXT.name));
    const kind = rd.get('kind', f.producerKind);
    const taxCode = rd.get('tax_code', f.taxCode);
    const { communeCode, provinceCode } = readCommune(k, rd);
    const values = {
      address: rd.get('address', (v) => f.text(v, f.MAX_TEXT.address)),
      representative: rd.get('representative', (v) => f.text(v, f.MAX_TEXT.name)),
      phone: rd.get('phone', f.phone),
      email: rd.get('email', f.email),
      foundedYear: rd.get('founded_year', (v) => f.year(v, thisYear)),
      members: rd.get('members', f.count),
      womenLed: rd.get('women_led', f.bool),
      ethnicMinorityLed: rd.get('ethnic_minority_led', f.bool),
    };
    // Duplicates are looked for even in rows with other errors, so both are reported at once.
    let duplicate = false;
    if (taxCode) {
      const first = byTax.get(taxCode);
      if (first !== undefined) { k.errors.add(r.row, 'tax_code', 'import.duplicate_row', { row: first }); duplicate = true; }
      else byTax.set(taxCode, r.row);
    }
    const key = name ? nameKey(name) : null;
    if (key && communeCode && !duplicate) {
      const nk = `${communeCode}|${key}`;
      const first = byName.get(nk);
      if (first !== undefined) k.errors.add(r.row, 'name', 'import.duplicate_row', { row: first });
      else byName.set(nk, r.row);
    }
    if (k.errors.hasRow(r.row)) continue;
    const given = new Set(Object.keys(r.values).filter((c) => r.values[c as keyof typeof r.values] !== ''));
    parsed.push({
      row: r.row, given,
      values: {
        name: name!, nameKey: key!, kind: kind!, taxCode: taxCode ?? null, communeCode, provinceCode: provinceCode!,
        address: values.address ?? '', representative: values.representative ?? '', phone: values.phone ?? null,
        email: values.email ?? null, foundedYear: values.foundedYear ?? null, members: values.members ?? null,
        womenLed: values.womenLed ?? false, ethnicMinorityLed: values.ethnicMinorityLed ?? false,
      },
    });
  }

  const dbByTax = new Map((await repo.findProducersByTaxCodes(k.ctx, parsed.flatMap((p) => p.values.taxCode ? [p.values.taxCode] : [])))
    .map((p) => [p.taxCode!, p]));
  const dbByName = new Map((await repo.findProducersByNames(k.ctx, parsed.map((p) => ({ communeCode: p.values.communeCode, nameKey: p.values.nameKey }))))
    .map((p) => [`${p.communeCode}|${p.nameKey}`, p]));
  const creates: repo.ProducerInsert[] = [];
  const updates: repo.ProducerInsert[] = [];
  const claimed = new Map<string, number>();
  for (const p of parsed) {
    const v = p.values;
    const named = dbByName.get(`${v.communeCode}|${v.nameKey}`);
    const found = (v.taxCode ? dbByTax.get(v.taxCode) : undefined) ?? named;
    if (named && found && named.id !== found.id) {
      k.errors.add(p.row, 'name', 'import.name_taken', { taxCode: named.taxCode ?? '—' });
      continue;
    }
    if (!found) { creates.push({ id: randomUUID(), ...v }); continue; }
    if (v.taxCode && found.taxCode && found.taxCode !== v.taxCode) {
      k.errors.add(p.row, 'tax_code', 'import.tax_code_mismatch', { taxCode: found.taxCode });
      continue;
    }
    if (!inScope(k.actor, found.provinceCode)) { k.errors.add(p.row, 'tax_code', 'import.outside_area'); continue; }
    const first = claimed.get(found.id);
    if (first !== undefined) { k.errors.add(p.row, 'name', 'import.duplicate_row', { row: first }); continue; }
    claimed.set(found.id, p.row);
    const keep = <T>(col: string, next: T, stored: T): T => (p.given.has(col) ? next : stored);
    updates.push({
      ...v, id: found.id,
      taxCode: v.taxCode ?? found.taxCode,
      address: keep('address', v.address, found.address),
      representative: keep('representative', v.representative, found.representative),
      phone: keep('phone', v.phone, found.phone),
      email: keep('email', v.email, found.email),
      foundedYear: keep('founded_year', v.foundedYear, found.foundedYear),
      members: keep('members', v.members, found.members),
      womenLed: keep('women_led', v.womenLed, found.womenLed),
      ethnicMinorityLed: keep('ethnic_minority_led', v.ethnicMinorityLed, found.ethnicMinorityLed),
    });
  }
  if (k.errors.size) return null;
  return {
    work: creates.length + updates.length,
    async write(tx, progress) {
      await repo.updateProducers(tx, updates, progress.advance);
      await repo.insertProducers(tx, creates, progress.advance);
      return { rows: dataRows.length, created: creates.length, updated: updates.length };
    },
  };
}
