/**
 * `ocop serve --demo` / `ocop seed --demo`: a small, hand-written SAMPLE dataset (seed/demo/,
 * invented for demonstration, not official records) and one account per role.
 *
 * The files go through the same paths as real data: producers.csv and certified-products.csv
 * through the import service, product details (products.json) through the product service.
 * Loads only into an empty database (no producers, no users).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inTx, makeCtx, systemActor, type Actor, type Ctx, type Deps } from '../../context';
import { SEED_DIR } from '../../paths';
import type { Role } from '../../core/roles';
import { createUser } from '../identity/identity.service';
import { runImport } from '../imports/import.service';
import { listProducers } from '../registry/producer.service';
import { createProduct, listProducts, updateProduct } from '../registry/product.service';
import type { ProductUpdate } from '../registry/product.schema';
import { hasProducers, hasUsers, markRegistrySample } from './scale-seed.repository';
import { draftSheetIdsFrom } from './demo.repository';
import { publishSheet } from '../criteria/criteria.service';
import { loadDemoOutlets, type DemoOutlet } from '../outlets/outlets.demo';
import { loadDemoMarket, type DemoShop } from '../market/market.demo';
import { loadDemoTrade, type DemoBuyerOrg } from '../trade/trade.demo';
import { seedDemoEvents } from '../trade/events.demo';
import { seedDemoPosts } from '../promo/promo.demo';
import { loadDemoTargets } from '../targets/targets.demo';
import { loadDemoTraining } from '../training/training.demo';
import { loadDemoInspections } from '../inspections/inspections.demo';
import { loadDemoSupport } from '../support/support.demo';
import { DEMO_TEA_PRODUCER, DEMO_TEA_PRODUCT, demoTraceLine, loadDemoTrace, type DemoTraceResult } from '../trace/trace.demo';
import { loadDemoPictures } from './demo-pictures';

export const DEMO_DIR = join(SEED_DIR, 'demo');

/** One password for every demo account (≥12 characters, not a common password, no username in it). */
export const DEMO_PASSWORD = 'Demo@OCOP2026';

export interface DemoUser {
  username: string;
  role: Role;
  displayName: string;
  /** Province or commune code of the scope; null = national. */
  area: string | null;
  /** For the producer account: the demo producer it belongs to (by name). */
  producerName?: string;
}

/** The demo producer whose account `htxpuluong` is, in the demo commune of Thanh Hóa. */
export const DEMO_PRODUCER_NAME = 'Hợp tác xã Du lịch cộng đồng Pù Luông';
/** Xã Pù Luông (Thanh Hóa): three demo producers live there. */
export const DEMO_COMMUNE = '14956';

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', role: 'national_admin', displayName: 'Quản trị quốc gia (demo)', area: null },
  { username: 'thanhhoa', role: 'province_officer', displayName: 'Cán bộ OCOP tỉnh Thanh Hóa (demo)', area: '38' },
  { username: 'hanoi', role: 'province_officer', displayName: 'Cán bộ OCOP TP Hà Nội (demo)', area: '01' },
  { username: 'xapuluong', role: 'commune_officer', displayName: 'Cán bộ xã Pù Luông (demo)', area: DEMO_COMMUNE },
  { username: 'hoidong', role: 'council_member', displayName: 'Thành viên Hội đồng tỉnh Thanh Hóa (demo)', area: '38' },
  { username: 'thanhtra', role: 'inspector', displayName: 'Đoàn kiểm tra liên ngành Thanh Hóa (demo)', area: '38' },
  { username: 'htxpuluong', role: 'producer', displayName: 'HTX Du lịch cộng đồng Pù Luông (demo)', area: null, producerName: DEMO_PRODUCER_NAME },
  { username: 'nguoimua', role: 'buyer', displayName: 'Người mua (demo)', area: null },
];

/** One entry of seed/demo/products.json. */
export interface DemoProductDetails {
  producer: string;
  product: string;
  description?: string;
  story?: string;
  ingredients?: string;
  packaging?: string;
  shelfLife?: string;
  gtin?: string;
  /** A product not in the certified list: created here, in `productSet`, with `status`. */
  create?: boolean;
  productSet?: string;
  status?: 'idea' | 'developing' | 'registered';
}

export interface DemoResult {
  loaded: boolean;
  users: { username: string; role: string; area?: string | null }[];
  password: string;
  /** The sample tea lots (traceability): their trace pages. */
  trace?: DemoTraceResult;
}

async function importFile(ctx: Ctx, kind: 'producers' | 'certified-products' | 'criteria', file: string) {
  const outcome = await runImport(ctx, kind, { name: file, data: await readFile(join(DEMO_DIR, file)) });
  if (!outcome.ok) {
    const first = outcome.errors.slice(0, 5).map((e) => `row ${e.row} ${e.field}: ${e.message}`).join('; ');
    throw new Error(`demo data ${file} did not import (${outcome.errors.length} errors): ${first}`);
  }
  return outcome;
}

async function producerIdByName(ctx: Ctx, name: string): Promise<string> {
  const found = await listProducers(ctx, { q: name, page: 1, pageSize: 100, sort: 'name' });
  const hit = found.items.find((p) => p.name === name);
  if (!hit) throw new Error(`demo data: producer "${name}" not found`);
  return hit.id;
}

async function applyProductDetails(ctx: Ctx, entries: DemoProductDetails[]) {
  const producerIds = new Map<string, string>();
  for (const e of entries) {
    let producerId = producerIds.get(e.producer);
    if (!producerId) producerIds.set(e.producer, (producerId = await producerIdByName(ctx, e.producer)));
    const details: ProductUpdate = {
      description: e.description, story: e.story, ingredients: e.ingredients,
      packaging: e.packaging, shelfLife: e.shelfLife, gtin: e.gtin,
    };
    for (const k of Object.keys(details) as (keyof ProductUpdate)[]) if (details[k] === undefined) delete details[k];
    if (e.create) {
      if (!e.productSet) throw new Error(`demo data: "${e.product}" needs productSet`);
      const created = await createProduct(ctx, { producerId, name: e.product, productSetCode: e.productSet, ...details }, { isSample: true });
      if (e.status && e.status !== created.status) await updateProduct(ctx, created.id, { status: e.status });
      continue;
    }
    const list = await listProducts(ctx, { producerId, page: 1, pageSize: 100, sort: 'name' });
    const product = list.items.find((p) => p.name === e.product);
    if (!product) throw new Error(`demo data: product "${e.product}" of "${e.producer}" not found`);
    await updateProduct(ctx, product.id, details);
  }
}

/** Load the demo dataset and accounts into an empty database; otherwise do nothing. */
export async function loadDemo(deps: Deps): Promise<DemoResult> {
  const ctx = makeCtx(deps, { actor: systemActor('demo') });
  const users = DEMO_USERS.map((u) => ({ username: u.username, role: u.role, area: u.area }));
  if ((await hasProducers(ctx)) || (await hasUsers(ctx))) return { loaded: false, users: [], password: DEMO_PASSWORD };

  // The import service opens its own transaction per file; the rest is one transaction.
  await importFile(ctx, 'producers', 'producers.csv');
  await importFile(ctx, 'certified-products', 'certified-products.csv');
  await loadSampleSheets(ctx);
  const details = JSON.parse(await readFile(join(DEMO_DIR, 'products.json'), 'utf8')) as DemoProductDetails[];
  const outlets = JSON.parse(await readFile(join(DEMO_DIR, 'outlets.json'), 'utf8')) as DemoOutlet[];
  const shops = JSON.parse(await readFile(join(DEMO_DIR, 'shops.json'), 'utf8')) as DemoShop[];
  const trade = JSON.parse(await readFile(join(DEMO_DIR, 'trade.json'), 'utf8')) as { organisations: DemoBuyerOrg[] };
  let admin: Actor | null = null;
  await inTx(ctx, async (tx) => {
    await applyProductDetails(tx, details);
    await loadDemoOutlets(tx, outlets);
    await loadDemoTraining(tx);
    await loadDemoInspections(tx);
    await loadDemoSupport(tx);
    await loadDemoTargets(tx);
    await markRegistrySample(tx);
    await loadDemoMarket(tx, shops);
    for (const u of DEMO_USERS) {
      const made = await createUser(tx, {
        username: u.username, password: DEMO_PASSWORD, role: u.role, displayName: u.displayName,
        areaCode: u.area ?? undefined,
        producerId: u.producerName ? await producerIdByName(tx, u.producerName) : undefined,
        isSample: true,
      });
      if (u.role === 'national_admin' && !admin) {
        admin = { userId: made.id, username: made.username, displayName: made.displayName || made.username, role: made.role, areaCode: null, provinceCode: null, producerId: null, label: made.username };
      }
    }
  });
  // Files and rows together, outside the transaction above (as for an upload): sample pictures.
  await loadDemoPictures(ctx);
  // The sample tea lots (files too: the lab's report), recorded by the demo's national
  // administrator, who keeps the tea cooperative (it has no account of its own).
  const trace = await loadDemoTrace({ ...ctx, actor: admin ?? ctx.actor }, { outlet: outlets.find((o) => o.products.some((p) => p.producer === DEMO_TEA_PRODUCER && p.product === DEMO_TEA_PRODUCT)) ?? null });
  // Matching reads (and so builds) the catalogue's index, outside any transaction: the buyer
  // organisations come once the catalogue is complete, pictures included.
  for (const username of await loadDemoTrade(ctx, trade.organisations, DEMO_PASSWORD)) users.push({ username, role: 'buyer', area: null });
  await seedDemoEvents(ctx);
  // News after the events and organisations, so posts may be tagged with them.
  await inTx(ctx, (tx) => seedDemoPosts(tx));
  return { loaded: true, users, password: DEMO_PASSWORD, trace };
}

/**
 * SAMPLE scoring sheets (seed/demo/sample-sheets.json) under the regime in force, so the demo's
 * producers can self-assess and councils can score: no official 148 / 26/2026 annex ships. The
 * sheets are `official: false` with a provenance that says "sample, not the official annex",
 * which every page showing them repeats.
 */
async function loadSampleSheets(ctx: Ctx) {
  await importFile(ctx, 'criteria', 'sample-sheets.json');
  const drafts = await draftSheetIdsFrom(ctx, 'sample-sheets.json: seed/demo/sample-sheets.json');
  for (const id of drafts) await publishSheet(ctx, id);
}

/** The lines `ocop serve --demo` prints: the shared password and every account. */
export function demoBanner(result: DemoResult): string {
  if (!result.loaded) return 'Demo data not loaded: the database is not empty.';
  return [
    'Demo data loaded (SAMPLE data invented for demonstration, not official records).',
    `Demo accounts (password for all: ${result.password}):`,
    ...result.users.map((u) => `  ${u.username.padEnd(12)} ${u.role}${u.area ? ` (${u.area})` : ''}`),
    ...(result.trace ? [demoTraceLine(result.trace)] : []),
  ].join('\n');
}
