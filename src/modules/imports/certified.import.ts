/**
 * `certified-products`: the list of certified products every province keeps in Excel.
 * Producers are matched by tax code, else name + commune; products by producer + normalised
 * name; one decision per (number, date, province); one certificate per row.
 */
import { randomUUID } from 'node:crypto';
import type { Ctx } from '../../context';
import { AppError } from '../../errors';
import { t } from '../../core/i18n';
import { certificateExpiry, isPlatformNumber, makeCertificateNumber, CERTIFICATE_SEQ_MAX } from '../../domain/certificate';
import { nameKey, normalizeVi } from '../../domain/text';
import type { ProducerKind } from '../../domain/producer-kind';
import { CURRENT_CLASSIFICATION } from '../registry/reference-data';
import * as certRepo from '../certification/certification.repository';
import { lockNumbering } from '../certification/decision.repository';
import * as repo from './import.repository';
import * as f from './fields';
import { inScope, readProductSet, type ImportPlan, type KindContext } from './import.context';
import { loadHistoryRef, namedIssuer, placeCommune, readIssuer, unifyDecisions, type HistoryRef, type Issuer, type Placement } from './certified-history';
import type { DataRow } from './parse';

interface ProducerRef {
  key: string;
  firstRow: number;
  name: string; nameKey: string; kind: ProducerKind; taxCode: string | null;
  communeCode: string; provinceCode: string; address: string;
  /** Set when matched in the database. */
  existing?: repo.ProducerRow;
  /** A matched producer without a tax code that gets the file's. */
  fillTaxCode?: string;
  id?: string;
}

interface CertRow {
  row: number;
  producer: ProducerRef;
  productName: string; productKey: string; setCode: string;
  stars: 3 | 4 | 5; potential: boolean;
  decisionNumber: string; decisionDate: string; provinceCode: string;
  certNumber: string | null;
  oldDistrict: string | null;
  issuer: Issuer;
  place: Placement;
  issuerNamed: string;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ');

/** The rows of one province and year that get a generated certificate number, in file order. */
interface NumberSequence { provinceCode: string; year: number; fileMax: number; rows: number[] }

/**
 * Give the generated numbers for good, in the write transaction: under the numbering lock that
 * decision approvals take (decision.repository.ts `lockNumbering`, held to commit), each
 * province-year sequence continues from the highest number in the database or in the file. An
 * approval committed since the file was checked has moved the sequence on; the import's numbers
 * follow it instead of colliding. Locks are taken in one order, before any row is written.
 */
async function numberUnderLock(tx: Ctx, sequences: Map<string, NumberSequence>, certOfRow: Map<number, { number: string }>): Promise<void> {
  for (const [, s] of [...sequences].sort(([a], [b]) => a.localeCompare(b))) {
    await lockNumbering(tx, s.provinceCode, s.year);
    let seq = Math.max(await certRepo.maxCertificateSeq(tx, s.provinceCode, s.year), s.fileMax);
    for (const row of s.rows) {
      seq += 1;
      if (seq > CERTIFICATE_SEQ_MAX) throw new AppError('conflict', t(tx.locale, 'imports.conflict'));
      certOfRow.get(row)!.number = makeCertificateNumber(s.provinceCode, s.year, seq);
    }
  }
}

/** Step 1: every cell of every row. */
function readRows(k: KindContext, h: HistoryRef, rows: DataRow[]): CertRow[] {
  const out: CertRow[] = [];
  for (const r of rows) {
    const rd = new f.RowReader(r.values, (field, p) => k.errors.addProblem(r.row, field, p));
    const productName = rd.get('product_name', (v) => f.requiredText(v, f.MAX_TEXT.name));
    const setCode = readProductSet(k.ref, rd);
    const producerName = rd.get('producer_name', (v) => f.requiredText(v, f.MAX_TEXT.name));
    const kind = rd.get('producer_kind', f.producerKind);
    const taxCode = rd.get('tax_code', f.taxCode);
    const address = rd.get('address', (v) => f.text(v, f.MAX_TEXT.address));
    const stars = rd.get('stars', f.stars);
    const decisionNumber = rd.get('decision_number', (v) => f.requiredText(collapse(v), f.MAX_TEXT.short));
    let decisionDate = rd.get('decision_date', f.date);
    if (decisionDate && decisionDate > k.today) {
      rd.problem('decision_date', 'import.future_date');
      decisionDate = undefined;
    }
    const place = placeCommune(k, h, rd, decisionDate);
    const { communeCode, provinceCode } = place;
    const issuer = decisionDate && decisionNumber && stars !== undefined && provinceCode ? readIssuer(h, rd, decisionNumber, decisionDate, stars, place) : undefined;
    const certNumber = rd.get('certificate_number', (v) => f.text(collapse(v), f.MAX_TEXT.short));
    const potential = rd.get('potential_five_star', f.bool);
    if (potential && stars !== undefined && stars !== 4) rd.problem('potential_five_star', 'import.potential_needs4');
    const oldDistrict = rd.get('old_district', (v) => f.text(collapse(v), f.MAX_TEXT.short));
    if (k.errors.hasRow(r.row)) continue;
    out.push({
      row: r.row,
      producer: {
        key: '', firstRow: r.row, name: producerName!, nameKey: nameKey(producerName!), kind: kind!,
        taxCode: taxCode ?? null, communeCode, provinceCode: provinceCode!, address: address ?? '',
      },
      productName: productName!, productKey: normalizeVi(productName!), setCode: setCode!, stars: stars!,
      potential: potential ?? false, decisionNumber: decisionNumber!, decisionDate: decisionDate!,
      provinceCode: provinceCode!, certNumber: certNumber || null, oldDistrict: oldDistrict || null,
      issuer: issuer!, place, issuerNamed: namedIssuer(rd),
    });
  }
  for (const f of unifyDecisions(out)) k.errors.add(f.row, 'issuer', 'import.issuer_unknown', { level: f.level });
  return out;
}

/** Step 2: one ProducerRef per producer in the file, matched against the database. */
async function resolveProducers(k: KindContext, rows: CertRow[]): Promise<Map<string, ProducerRef>> {
  const nameKeyOf = (p: ProducerRef) => `${p.communeCode}|${p.nameKey}`;
  // A name + commune written with a tax code in one row identifies the untaxed rows too.
  const taxByName = new Map<string, { taxCode: string; row: number }>();
  for (const r of rows) {
    const p = r.producer;
    if (!p.taxCode) continue;
    const seen = taxByName.get(nameKeyOf(p));
    if (!seen) taxByName.set(nameKeyOf(p), { taxCode: p.taxCode, row: r.row });
    else if (seen.taxCode !== p.taxCode) k.errors.add(r.row, 'tax_code', 'import.name_taken', { taxCode: seen.taxCode });
  }
  const refs = new Map<string, ProducerRef>();
  for (const r of rows) {
    const p = r.producer;
    const tax = p.taxCode ?? taxByName.get(nameKeyOf(p))?.taxCode;
    p.key = tax ? `T:${tax}` : `N:${nameKeyOf(p)}`;
    if (tax) p.taxCode = tax;
    const known = refs.get(p.key);
    if (known) r.producer = known;
    else refs.set(p.key, p);
  }
  const all = [...refs.values()];
  const byTax = new Map((await repo.findProducersByTaxCodes(k.ctx, all.flatMap((p) => p.taxCode ? [p.taxCode] : [])))
    .map((p) => [p.taxCode!, p]));
  const byName = new Map((await repo.findProducersByNames(k.ctx, all.map((p) => ({ communeCode: p.communeCode, nameKey: p.nameKey }))))
    .map((p) => [`${p.communeCode}|${p.nameKey}`, p]));
  const rowsOf = new Map<ProducerRef, number[]>();
  for (const r of rows) {
    const list = rowsOf.get(r.producer);
    if (list) list.push(r.row); else rowsOf.set(r.producer, [r.row]);
  }
  for (const p of all) {
    const found = (p.taxCode ? byTax.get(p.taxCode) : undefined) ?? byName.get(nameKeyOf(p));
    if (!found) continue;
    const rowsHere = rowsOf.get(p) ?? [p.firstRow];
    if (p.taxCode && found.taxCode && found.taxCode !== p.taxCode) {
      for (const row of rowsHere) k.errors.add(row, 'tax_code', 'import.tax_code_mismatch', { taxCode: found.taxCode });
      continue;
    }
    if (!inScope(k.actor, found.provinceCode)) {
      for (const row of rowsHere) k.errors.add(row, 'tax_code', 'import.outside_area');
      continue;
    }
    p.existing = found;
    p.id = found.id;
    if (p.taxCode && !found.taxCode) p.fillTaxCode = p.taxCode;
  }
  return refs;
}

interface ProductRef { key: string; id: string; existing: boolean; producer: ProducerRef; name: string; setCode: string }

interface TimelineCert { id: string; issuedOn: string; expiresOn: string; isNew: boolean; state: string }

export async function planCertified(k: KindContext, dataRows: DataRow[]): Promise<ImportPlan | null> {
  const rows = readRows(k, await loadHistoryRef(k.ctx), dataRows);
  const producers = await resolveProducers(k, rows);

  // Products: existing ones of matched producers, by normalised name.
  const existingProducts = new Map<string, repo.ProductMatchRow>();
  const matchedIds = [...producers.values()].flatMap((p) => p.existing ? [p.existing.id] : []);
  for (const pr of await repo.findProductsOfProducers(k.ctx, matchedIds)) {
    existingProducts.set(`${pr.producerId}|${normalizeVi(pr.name)}`, pr);
  }
  const products = new Map<string, ProductRef>();
  const productOf = new Map<number, ProductRef>();
  const seenCert = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.producer.key}|${r.productKey}`;
    const dupKey = `${key}|${r.decisionDate}`;
    const dup = seenCert.get(dupKey);
    if (dup !== undefined) { k.errors.add(r.row, 'product_name', 'import.duplicate_row', { row: dup }); continue; }
    seenCert.set(dupKey, r.row);
    let ref = products.get(key);
    if (!ref) {
      const found = r.producer.existing ? existingProducts.get(`${r.producer.existing.id}|${r.productKey}`) : undefined;
      ref = { key, id: found?.id ?? randomUUID(), existing: !!found, producer: r.producer, name: r.productName, setCode: r.setCode };
      products.set(key, ref);
    }
    productOf.set(r.row, ref);
  }

  // Certificate numbers: unique per issuing body (platform-form numbers nationally), in the file
  // and in the database.
  const numberKey = (r: CertRow) => `${isPlatformNumber(r.certNumber!) ? '*' : r.issuer.key}|${r.certNumber!.toUpperCase()}`;
  const numberRow = new Map<string, number>();
  for (const r of rows) {
    if (!r.certNumber) continue;
    const first = numberRow.get(numberKey(r));
    if (first !== undefined) k.errors.add(r.row, 'certificate_number', 'import.duplicate_cert_number', { row: first });
    else numberRow.set(numberKey(r), r.row);
  }
  const taken = await certRepo.findTakenCertificateNumbers(k.ctx, rows.flatMap((r) => r.certNumber ? [r.certNumber] : []));
  for (const r of rows) {
    if (r.certNumber && taken.has(numberKey(r))) {
      k.errors.add(r.row, 'certificate_number', 'import.cert_number_exists', { number: r.certNumber });
    }
  }

  // Existing certificates of matched products: same-day duplicates and the supersede timeline.
  const existingIds = [...products.values()].filter((p) => p.existing).map((p) => p.id);
  const timeline = new Map<string, TimelineCert[]>();
  const addToTimeline = (productId: string, c: TimelineCert) => {
    const list = timeline.get(productId);
    if (list) list.push(c); else timeline.set(productId, [c]);
  };
  for (const c of await certRepo.findCertificatesOfProducts(k.ctx, existingIds)) addToTimeline(c.productId, { ...c, isNew: false });
  for (const r of rows) {
    const p = productOf.get(r.row);
    if (!p || k.errors.hasRow(r.row)) continue;
    if ((timeline.get(p.id) ?? []).some((c) => c.issuedOn === r.decisionDate)) {
      k.errors.add(r.row, 'decision_date', 'import.already_certified_on', { date: r.decisionDate });
    }
  }
  if (k.errors.size) return null;

  // Generated numbers continue each province-year sequence (after the file's own numbers in it).
  // They are taken again in the write transaction, under the approvals' numbering lock.
  const nextSeq = new Map<string, number>();
  const sequences = new Map<string, NumberSequence>();
  const numbers = new Map<number, string>();
  let generated = 0;
  for (const r of rows) {
    if (r.certNumber) { numbers.set(r.row, r.certNumber); continue; }
    const year = Number(r.decisionDate.slice(0, 4));
    const pk = `${r.provinceCode}-${year}`;
    let seq = nextSeq.get(pk);
    if (seq === undefined) {
      const prefix = `OCOP-${r.provinceCode}-${year}-`;
      let fileMax = 0;
      for (const key of numberRow.keys()) {
        const n = key.slice(key.indexOf('|') + 1);
        if (n.startsWith(prefix) && /^\d{5}$/.test(n.slice(prefix.length))) fileMax = Math.max(fileMax, Number(n.slice(prefix.length)));
      }
      sequences.set(pk, { provinceCode: r.provinceCode, year, fileMax, rows: [] });
      seq = Math.max(await certRepo.maxCertificateSeq(k.ctx, r.provinceCode, year), fileMax);
    }
    sequences.get(pk)!.rows.push(r.row);
    seq += 1;
    nextSeq.set(pk, seq);
    if (seq > CERTIFICATE_SEQ_MAX) { k.errors.add(r.row, 'certificate_number', 'import.seq_exhausted', { province: r.provinceCode, year }); continue; }
    numbers.set(r.row, makeCertificateNumber(r.provinceCode, year, seq));
    generated++;
  }
  if (k.errors.size) return null;

  // Decisions.
  // Decisions: one per issuing body, number and date.
  const keyOf = (d: certRepo.DecisionKey) => `${d.level}|${d.issuerCode}|${d.number}|${d.decisionDate}`;
  const decisionKey = (r: CertRow) => keyOf({ level: r.issuer.level, issuerCode: r.issuer.issuerCode ?? '', number: r.decisionNumber, decisionDate: r.decisionDate });
  const wanted = new Map<string, { key: certRepo.DecisionKey; row: CertRow }>();
  for (const r of rows) {
    wanted.set(decisionKey(r), { key: { level: r.issuer.level, issuerCode: r.issuer.issuerCode ?? '', number: r.decisionNumber, decisionDate: r.decisionDate }, row: r });
  }
  const decisionIds = new Map<string, string>();
  for (const d of await certRepo.findDecisions(k.ctx, [...wanted.values()].map((w) => w.key))) {
    decisionIds.set(keyOf({ level: d.level, issuerCode: d.issuerCode ?? '', number: d.number, decisionDate: d.decisionDate }), d.id);
  }
  const newDecisions: certRepo.DecisionInsert[] = [];
  const countLevel = (level: string) => [...wanted.values()].filter((w) => w.row.issuer.level === level).length;
  for (const [key, { row: r }] of wanted) {
    if (decisionIds.has(key)) continue;
    const id = randomUUID();
    decisionIds.set(key, id);
    newDecisions.push({
      id, number: r.decisionNumber, decisionDate: r.decisionDate, areaCode: r.issuer.level === 'national' ? null : r.provinceCode,
      level: r.issuer.level, issuer: r.issuer.issuer, issuerCode: r.issuer.issuerCode, source: 'import',
    });
  }

  // Producers and products to create.
  const newProducers: repo.ProducerInsert[] = [];
  for (const p of producers.values()) {
    if (p.existing) continue;
    p.id = randomUUID();
    newProducers.push({
      id: p.id, name: p.name, nameKey: p.nameKey, kind: p.kind, taxCode: p.taxCode, communeCode: p.communeCode,
      provinceCode: p.provinceCode, address: p.address,
    });
  }
  const taxFills = [...producers.values()].flatMap((p) => p.fillTaxCode ? [{ id: p.id!, taxCode: p.fillTaxCode }] : []);

  // Certificates, then the timeline per product: older certificates still valid when a newer
  // one is issued are superseded on that day.
  const newCerts: certRepo.CertificateInsert[] = rows.map((r) => {
    const p = productOf.get(r.row)!;
    const cert = {
      id: randomUUID(), number: numbers.get(r.row)!, productId: p.id, decisionId: decisionIds.get(decisionKey(r))!,
      stars: r.stars, potentialFiveStar: r.potential, issuedOn: r.decisionDate, expiresOn: certificateExpiry(r.decisionDate),
      state: 'active' as 'active' | 'superseded', supersededOn: null as string | null,
      provinceCode: p.producer.existing?.provinceCode ?? p.producer.provinceCode,
      communeCode: p.producer.existing?.communeCode ?? p.producer.communeCode,
      oldDistrict: r.oldDistrict,
      issuerKey: r.issuer.key,
      provinceCodeThen: r.place.then?.province?.code ?? null, districtCodeThen: r.place.then?.district?.code ?? null,
      communeCodeThen: r.place.then?.commune?.code ?? null,
    };
    addToTimeline(p.id, { id: cert.id, issuedOn: cert.issuedOn, expiresOn: cert.expiresOn, isNew: true, state: 'active' });
    return cert;
  });
  const certById = new Map(newCerts.map((c) => [c.id, c]));
  const certOfRow = new Map(rows.map((r, i) => [r.row, newCerts[i]!]));
  const supersede: { id: string; supersededOn: string }[] = [];
  const statusOf = new Map<string, 'certified' | 'expired'>();
  for (const [productId, certs] of timeline) {
    if (!certs.some((c) => c.isNew)) continue;
    certs.sort((a, b) => a.issuedOn.localeCompare(b.issuedOn));
    for (let i = 0; i < certs.length - 1; i++) {
      const older = certs[i]!;
      const newer = certs[i + 1]!;
      if (older.state !== 'active' || !(newer.issuedOn < older.expiresOn)) continue;
      if (older.isNew) Object.assign(certById.get(older.id)!, { state: 'superseded', supersededOn: newer.issuedOn });
      else if (newer.isNew) supersede.push({ id: older.id, supersededOn: newer.issuedOn });
    }
    const latest = certs[certs.length - 1]!;
    statusOf.set(productId, latest.expiresOn <= k.today ? 'expired' : 'certified');
  }
  // New products are inserted with their status; existing ones are updated (rewriting 20,000
  // fresh rows would double the cost of a large import).
  const newProducts: repo.ProductInsert[] = [...products.values()].filter((p) => !p.existing).map((p) => ({
    id: p.id, producerId: p.producer.id!, name: p.name, classification: CURRENT_CLASSIFICATION, productSetCode: p.setCode,
    provinceCode: p.producer.existing?.provinceCode ?? p.producer.provinceCode,
    communeCode: p.producer.existing?.communeCode ?? p.producer.communeCode,
    status: statusOf.get(p.id) ?? 'certified',
  }));
  const status = { certified: [] as string[], expired: [] as string[] };
  for (const p of products.values()) if (p.existing) status[statusOf.get(p.id) ?? 'certified'].push(p.id);
  const expiredCount = newCerts.filter((c) => c.expiresOn <= k.today).length;

  const matchedProducers = [...producers.values()].filter((p) => p.existing).length;
  const work = newProducers.length + newProducts.length + newCerts.length;
  const MAX_NOTES = 500;
  const details = {
    decisions: [...wanted.values()].slice(0, MAX_NOTES).map(({ row: r }) => ({
      number: r.decisionNumber, date: r.decisionDate, level: r.issuer.level, issuer: r.issuer.issuer, inferred: !r.issuer.nameGiven,
    })),
  };
  return {
    work,
    details,
    async write(tx, progress) {
      await numberUnderLock(tx, sequences, certOfRow);
      await repo.insertProducers(tx, newProducers, progress.advance);
      await repo.setProducerTaxCodes(tx, taxFills);
      await repo.insertProducts(tx, newProducts, progress.advance);
      await certRepo.insertDecisions(tx, newDecisions);
      await certRepo.insertCertificates(tx, newCerts, progress.advance);
      await certRepo.supersedeCertificates(tx, supersede);
      await repo.setProductStatus(tx, status.certified, 'certified');
      await repo.setProductStatus(tx, status.expired, 'expired');
      return {
        rows: rows.length,
        producersCreated: newProducers.length, producersMatched: matchedProducers, producersUpdated: taxFills.length,
        productsCreated: newProducts.length, productsMatched: products.size - newProducts.length,
        decisionsCreated: newDecisions.length, decisionsMatched: wanted.size - newDecisions.length,
        decisionsDistrict: countLevel('district'), decisionsProvince: countLevel('province'), decisionsNational: countLevel('national'),
        issuersInferred: [...wanted.values()].filter((w) => !w.row.issuer.nameGiven).length,
        certificatesCreated: newCerts.length, certificatesSuperseded: supersede.length + newCerts.filter((c) => c.state === 'superseded').length,
        numbersGenerated: generated, expired: expiredCount,
      };
    },
  };
}
