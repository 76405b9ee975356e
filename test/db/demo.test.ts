import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from '../../src/paths';
import { freshDeps, type TestDeps } from '../helpers/db';
import { rows } from '../../src/db/client';
import { makeCtx } from '../../src/context';
import { validateTaxCode } from '../../src/domain/tax-code';
import { validateGtin13 } from '../../src/domain/gtin';
import { ROLES } from '../../src/core/roles';
import { login } from '../../src/modules/identity/identity.service';
import { getSheet } from '../../src/modules/criteria/criteria.service';
import { searchFloor } from '../../src/modules/market/shops.service';
import { ListingQuerySchema } from '../../src/modules/market/market.schema';
import { DEMO_COMMUNE, DEMO_PASSWORD, DEMO_PRODUCER_NAME, DEMO_USERS, demoBanner, loadDemo, type DemoResult } from '../../src/modules/ops/demo';
import { traceByCode } from '../../src/modules/trace/trace-read.service';
import { DEMO_TEA_PRODUCER, DEMO_TEA_PRODUCT } from '../../src/modules/trace/trace.demo';

let deps: TestDeps;
let result: DemoResult;
const TODAY = '2026-11-22';

beforeAll(async () => {
  deps = await freshDeps({ clock: () => new Date(`${TODAY}T03:00:00Z`) });
  result = await loadDemo(deps);
}, 120_000);

afterAll(() => deps?.cleanup());

const q = <T>(query: ReturnType<typeof sql>) => rows<T>(deps.database.db, query);

describe('loadDemo', () => {
  it('loads about 40 producers of all four kinds in the required provinces', async () => {
    expect(result.loaded).toBe(true);
    const producers = await q<{ kind: string; province_code: string; commune_code: string; tax_code: string | null; is_sample: boolean }>(
      sql`select kind, province_code, commune_code, tax_code, is_sample from producers`);
    expect(producers.length).toBeGreaterThanOrEqual(38);
    expect(producers.length).toBeLessThanOrEqual(50);
    expect(new Set(producers.map((p) => p.kind))).toEqual(new Set(['enterprise', 'cooperative', 'cooperative_group', 'household']));
    const provinces = new Set(producers.map((p) => p.province_code));
    for (const code of ['38', '08', '01', '51', '22', '82', '68']) expect(provinces, code).toContain(code);
    // Tuyên Quang's demo producers sit in communes of the former Hà Giang (GSO codes below 02000).
    for (const p of producers.filter((x) => x.province_code === '08')) expect(p.commune_code < '02000', p.commune_code).toBe(true);
    for (const p of producers) if (p.tax_code) expect(validateTaxCode(p.tax_code), p.tax_code).toMatchObject({ ok: true });
    expect(producers.every((p) => p.is_sample)).toBe(true);
    const [commune] = await q<{ n: number }>(sql`select count(*)::int as n from producers where commune_code = ${DEMO_COMMUNE}`);
    expect(commune!.n).toBeGreaterThanOrEqual(2);
  });

  it('certifies most products, with expired, soon-expiring, 5★ and potential 5★ certificates', async () => {
    const products = await q<{ status: string; is_sample: boolean; gtin: string | null; story: string }>(
      sql`select status, is_sample, gtin, story from products`);
    expect(products.every((p) => p.is_sample)).toBe(true);
    const certified = products.filter((p) => p.status === 'certified').length;
    expect(certified).toBeGreaterThan(products.length / 2);
    expect(products.some((p) => p.status === 'expired')).toBe(true);
    expect(products.some((p) => p.status === 'idea' || p.status === 'developing')).toBe(true);
    const gtins = products.filter((p) => p.gtin).map((p) => p.gtin!);
    expect(gtins.length).toBeGreaterThanOrEqual(10);
    for (const g of gtins) expect(validateGtin13(g), g).toMatchObject({ ok: true, vietnamese: true });
    expect(products.filter((p) => p.story).length).toBeGreaterThanOrEqual(20);

    const certs = await q<{ stars: number; potential_five_star: boolean; expires_on: string }>(
      sql`select stars, potential_five_star, expires_on::text from certificates`);
    const stars = (n: number) => certs.filter((c) => c.stars === n).length;
    expect(stars(3)).toBeGreaterThan(stars(4));
    expect(stars(4)).toBeGreaterThan(0);
    expect(stars(5)).toBe(1);
    expect(certs.filter((c) => c.potential_five_star)).toHaveLength(1);
    const in90 = new Date(Date.parse(`${TODAY}T00:00:00Z`) + 90 * 86_400_000).toISOString().slice(0, 10);
    expect(certs.some((c) => c.expires_on <= TODAY)).toBe(true);
    expect(certs.some((c) => c.expires_on > TODAY && c.expires_on <= in90)).toBe(true);
  });

  it('applies product details from products.json', async () => {
    const [honey] = await q<{ story: string; gtin: string | null; packaging: string }>(
      sql`select story, gtin, packaging from products where name = 'Mật ong bạc hà Mèo Vạc'`);
    expect(honey!.story).toMatch(/bạc hà/);
    expect(honey!.gtin).toMatch(/^893\d{10}$/);
    expect(honey!.packaging).not.toBe('');
  });

  it('creates a sample account for every role, each able to log in with the one password', async () => {
    expect(new Set(result.users.map((u) => u.role))).toEqual(new Set(ROLES));
    expect(result.password).toBe(DEMO_PASSWORD);
    const users = await q<{ username: string; is_sample: boolean }>(sql`select username, is_sample from users`);
    // Every demo account, and the member accounts of the sample buyer organisations (seed/demo/trade.json).
    expect(users.map((u) => u.username).sort()).toEqual([...DEMO_USERS.map((u) => u.username), 'sieuthi'].sort());
    expect(result.users.map((u) => u.username).sort()).toEqual(users.map((u) => u.username).sort());
    expect(users.every((u) => u.is_sample)).toBe(true);
    const ctx = makeCtx(deps);
    expect((await login(ctx, 'sieuthi', DEMO_PASSWORD, {})).actor.role).toBe('buyer');
    for (const u of DEMO_USERS) {
      const session = await login(ctx, u.username, DEMO_PASSWORD, {});
      expect(session.actor.role).toBe(u.role);
      expect(session.actor.areaCode).toBe(u.area);
      if (u.role === 'producer') {
        const [p] = await q<{ name: string }>(sql`select name from producers where id = ${session.actor.producerId}`);
        expect(p!.name).toBe(DEMO_PRODUCER_NAME);
      }
    }
    const thanhhoa = (await login(ctx, 'xapuluong', DEMO_PASSWORD, {})).actor;
    expect(thanhhoa.provinceCode).toBe('38');
  }, 30_000);

  it('publishes SAMPLE scoring sheets under the regime in force, never marked official', async () => {
    const ctx = makeCtx(deps);
    for (const set of ['3', '8', '26']) {
      const sheet = await getSheet(ctx, '26-2026', set);
      expect(sheet).toMatchObject({ status: 'published', official: false, totalPoints: 100 });
      expect(sheet.provenance).toMatch(/^MẪU MINH HOẠ .*KHÔNG phải phụ lục chính thức/);
    }
  });

  it('opens SAMPLE shops with listings in stock on the floor, paid into made-up accounts', async () => {
    const shops = await q<{ name: string; is_sample: boolean; bank_holder: string; bank_account: string }>(sql`select name, is_sample, bank_holder, bank_account from shops`);
    expect(shops.length).toBe(5);
    for (const s of shops) {
      expect(s, s.name).toMatchObject({ is_sample: true, bank_holder: 'TAI KHOAN MAU KHONG CHUYEN TIEN' });
      expect(s.name).toMatch(/\(mẫu\)$/);
      expect(s.bank_account).toMatch(/^0{10}\d{3}$/);
    }
    const floor = await searchFloor(makeCtx(deps), ListingQuerySchema.parse({ pageSize: '100' }));
    expect(floor.total).toBeGreaterThanOrEqual(5);
    expect(floor.items.every((l) => l.isSample && l.onSale && l.certificate?.status === 'valid')).toBe(true);
    expect(floor.items.filter((l) => l.inStock).length).toBeGreaterThanOrEqual(5);
  });

  it('signs up a SAMPLE supermarket, verified, with an open demand for 4★ honey matched to the demo\'s honeys (api.md)', async () => {
    const [org] = await q<{ status: string; is_sample: boolean; name: string }>(sql`select status, is_sample, name from buyer_orgs`);
    expect(org).toMatchObject({ status: 'verified', is_sample: true, name: expect.stringMatching(/\(mẫu\)$/) });
    const demands = await q<{ status: string; is_sample: boolean; matched: number }>(sql`
      select d.status, d.is_sample, (select count(*)::int from trade_demand_matches m where m.demand_id = d.id) as matched from trade_demands d`);
    expect(demands).toEqual([{ status: 'open', is_sample: true, matched: expect.any(Number) }]);
    expect(demands[0]!.matched).toBeGreaterThanOrEqual(1);
  });

  it('includes a product with SAMPLE lots, events and one transformation: fresh leaves into two packed lots (api.md)', async () => {
    const lots = await q<{ id: string; lot_number: string; trace_code: string; is_sample: boolean; product: string; producer: string; product_sample: boolean; produced_on: string; unit: string }>(sql`
      select l.id, l.lot_number, l.trace_code, l.is_sample, p.name as product, r.name as producer, p.is_sample as product_sample, l.produced_on::text, l.unit
      from trace_lots l join products p on p.id = l.product_id join producers r on r.id = l.producer_id order by l.lot_number`);
    expect(lots.length).toBeGreaterThanOrEqual(3);
    for (const l of lots) expect(l, l.lot_number).toMatchObject({ is_sample: true, product_sample: true, product: DEMO_TEA_PRODUCT, producer: DEMO_TEA_PRODUCER });
    const [cert] = await q<{ status: string }>(sql`select p.status from products p where p.name = ${DEMO_TEA_PRODUCT}`);
    expect(cert!.status).toBe('certified');
    // Twelve days before the demo's clock: valid whenever it is loaded.
    expect(new Set(lots.map((l) => l.produced_on))).toEqual(new Set(['2026-11-10']));
    const leaf = lots.find((l) => l.lot_number.startsWith('CHE-TUOI-'))!;
    expect(leaf).toMatchObject({ unit: 'kg' });

    const transformations = await q<{ id: string }>(sql`select id from trace_events where kind = 'transformation'`);
    expect(transformations).toHaveLength(1);
    const sides = await q<{ lot_id: string; role: string }>(sql`select lot_id, role from trace_event_lots where event_id = ${transformations[0]!.id}`);
    expect(sides.filter((s) => s.role === 'input').map((s) => s.lot_id)).toEqual([leaf.id]);
    const outputs = sides.filter((s) => s.role === 'output').map((s) => s.lot_id);
    expect(outputs).toHaveLength(2);

    const kinds = await q<{ lot_id: string; kind: string; container: string | null; counterparty: string | null }>(sql`
      select el.lot_id, e.kind, e.container, e.counterparty from trace_events e join trace_event_lots el on el.event_id = e.id where el.role = 'subject'`);
    const kindsOf = (id: string) => new Set(kinds.filter((k) => k.lot_id === id).map((k) => k.kind));
    expect(kindsOf(leaf.id)).toEqual(new Set(['planting', 'harvest', 'receiving']));
    for (const id of outputs) expect(kindsOf(id)).toContain('quality_test');
    expect(kinds.some((k) => k.kind === 'packing' && k.container)).toBe(true);
    expect(kinds.some((k) => k.kind === 'storage')).toBe(true);
    // Dispatched to the demo's outlet that carries the tea.
    expect(kinds.find((k) => k.kind === 'dispatch')?.counterparty).toBe('Phòng trưng bày đặc sản vùng cao (mẫu)');
    const [future] = await q<{ n: number }>(sql`select count(*)::int as n from trace_events where occurred_at > ${`${TODAY}T03:00:00Z`}::timestamptz`);
    expect(future!.n).toBe(0);

    const [input] = await q<{ source_kind: string; name: string; commune_code: string; producer_commune: string }>(sql`
      select i.source_kind, a.name, a.commune_code, r.commune_code as producer_commune from trace_lot_inputs i
      join trace_material_areas a on a.id = i.material_area_id join producers r on r.id = a.producer_id where i.lot_id = ${leaf.id}`);
    expect(input).toMatchObject({ source_kind: 'area', name: expect.stringMatching(/mẫu/) });
    expect(input!.commune_code).toBe(input!.producer_commune);

    const labs = await q<{ lot_id: string; passed: boolean; laboratory: string; report_key: string; report_mime: string }>(sql`select lot_id, passed, laboratory, report_key, report_mime from trace_lab_results`);
    expect(labs.length).toBeGreaterThanOrEqual(1);
    for (const lab of labs) {
      expect(outputs).toContain(lab.lot_id);
      expect(lab).toMatchObject({ passed: true, laboratory: expect.stringMatching(/mẫu/), report_mime: 'application/pdf' });
      expect((await deps.storage.get(lab.report_key))!.subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect(await q(sql`select id from trace_recalls`)).toEqual([]);

    // The shopper's view of a packed lot: the journey back to the leaves, no recall.
    expect(result.trace).toBeDefined();
    const trace = (await traceByCode(makeCtx(deps), result.trace!.packs.traceCode))!;
    expect(trace.lot).toMatchObject({ isSample: true, recalled: false, lotNumber: result.trace!.packs.lotNumber });
    expect(trace.upstream.map((u) => u.lot.id)).toEqual([leaf.id]);
    expect(trace.upstream[0]!.inputs[0]).toMatchObject({ sourceKind: 'area' });
    expect(trace.journey.map((e) => e.kind)).toEqual(['planting', 'harvest', 'receiving', 'transformation', 'packing', 'storage', 'quality_test', 'dispatch', 'receipt']);
    expect(trace.places.length).toBeGreaterThanOrEqual(2);
    expect(trace.certificate?.status).toBe('valid');
    expect(demoBanner(result)).toContain(`/truy-xuat/${result.trace!.packs.traceCode}`);
  });

  it('does nothing on a database that is no longer empty', async () => {
    const count = async () => (await q<{ n: number }>(sql`select (select count(*) from producers) + (select count(*) from users) as n`))[0]!.n;
    const before = await count();
    const again = await loadDemo(deps);
    expect(again.loaded).toBe(false);
    expect(await count()).toBe(before);
  });
});

describe('README', () => {
  it('lists exactly the demo accounts that exist, with their roles', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\| `([a-z0-9.]+)` \| ([a-z_]+) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(listed.sort()).toEqual(result.users.map((u) => `${u.username} ${u.role}`).sort());
  });
});
