/**
 * The hostile-input suite's world: an app on its own fresh database (errors logged to memory, so a
 * 500's stack can be shown), realistic data (the demo dataset plus fixtures for what it lacks:
 * dossiers, rounds and council seats, a draft decision, a stamp batch, a fake report, an order),
 * one user per role with a Bearer token and a cookie session, and pools of the real ids and codes
 * that path parameters and body fields draw from — so fuzzing reaches real rows, not only 404s.
 */
import { sql, type SQL } from 'drizzle-orm';
import { expect } from 'vitest';
import { buildApp } from '../../src/app';
import type { Role } from '../../src/core/roles';
import { ROLES } from '../../src/core/roles';
import type { App } from '../../src/web/http';
import { DEMO_COMMUNE, DEMO_PRODUCER_NAME, loadDemo } from '../../src/modules/ops/demo';
import { IMPORT_KINDS, EXPORT_KINDS } from '../../src/modules/imports/columns';
import { makeSerial } from '../../src/domain/stamp-serial';
import { stampSecret } from '../../src/modules/stamps/stamp-lookup';
import { asUser, json, systemCtx, type AuthedUser, type TestApp } from './app';
import { freshDeps } from './db';
import { AREAS } from './builders';
import { buildClosedRound, draftBody, testSheetId } from './certification-fixtures';
import { buildDossier, createRound, formCouncil } from './council-fixtures';
import { guestCheckout } from './market-fixtures';
import { batchBody } from './stamps-fixtures';
import { rowsOf, watchDatabase } from './hostile-db';
import type { Pools } from './hostile-values';

/** The clock of the suite's world: fixed, so a seed replays the same requests against the same dates. */
export const HOSTILE_NOW = new Date('2026-09-15T03:00:00Z');

/** Who sends a request: anonymous, or a user of a role (token and session). */
export interface Actor { name: string; role: Role | null; user: AuthedUser | null }

export interface HostileWorld extends TestApp {
  actors: Actor[];
  pools: Pools;
  /** Lines the app logged at level error (JSON), newest last: a 500's stack is among them. */
  errorLog: string[];
  /** Read the pools again (after fuzzing created or removed rows). */
  refreshPools(): Promise<void>;
  /** Make a new token and session for an actor whose credentials a fuzzed request revoked. */
  renewActor(actor: Actor): Promise<void>;
}

/** Address of the fuzzing clients: rate limits exempt (RATE_LIMIT_ALLOWLIST), so they never answer first. */
export const CLIENT_NET = '10.77.0.0/16';

/** Pools: kind → [table, column, condition]. */
const POOLS: Record<string, [string, string, string?]> = {
  producer: ['producers', 'id'],
  product: ['products', 'id'],
  productImage: ['product_images', 'id'],
  gtin: ['products', 'gtin', 'gtin is not null'],
  certificate: ['certificates', 'id'],
  certificateNumber: ['certificates', 'number'],
  decision: ['decisions', 'id'],
  dossier: ['dossiers', 'id'],
  dossierDocument: ['dossier_documents', 'id'],
  round: ['evaluation_rounds', 'id'],
  councilMember: ['council_members', 'id'],
  criteriaSheet: ['criteria_sheets', 'id'],
  criteriaVersion: ['criteria_regimes', 'code'],
  productSet: ['product_sets', 'code', 'classification = (select max(classification) from product_sets)'],
  classification: ['product_sets', 'classification', "code = '1'"],
  idea: ['product_ideas', 'id'],
  notification: ['notifications', 'id'],
  fakeReport: ['fake_reports', 'id'],
  stampBatch: ['stamp_batches', 'id'],
  stampAlert: ['stamp_alerts', 'id'],
  target: ['targets', 'id'],
  outlet: ['outlets', 'id'],
  course: ['training_courses', 'id'],
  trainingSession: ['training_sessions', 'id'],
  plan: ['inspection_plans', 'id'],
  visit: ['inspection_visits', 'id'],
  proposal: ['revocation_proposals', 'id'],
  support: ['support_records', 'id'],
  shop: ['shops', 'id'],
  listing: ['listings', 'id'],
  variant: ['listing_variants', 'id'],
  orderCode: ['orders', 'code'],
  review: ['reviews', 'id'],
  address: ['buyer_addresses', 'id'],
  post: ['promo_posts', 'id'],
  buyerOrg: ['buyer_orgs', 'id'],
  demand: ['trade_demands', 'id'],
  offer: ['trade_offers', 'id'],
  offerFile: ['trade_offer_files', 'id'],
  agreement: ['trade_agreements', 'id'],
  event: ['trade_events', 'id'],
  registration: ['trade_event_registrations', 'id'],
  lot: ['trace_lots', 'id'],
  lotNumber: ['trace_lots', 'lot_number'],
  traceCode: ['trace_lots', 'trace_code'],
  traceEvent: ['trace_events', 'id'],
  traceFile: ['trace_lab_results', 'id'],
  recall: ['trace_recalls', 'id'],
  importJob: ['import_jobs', 'id'],
  accountRequest: ['account_requests', 'id'],
  // Users of the demo only: the suite's own actors are kept out, so a fuzzed "disable user" or
  // "change role" cannot take the fuzzing's credentials away.
  user: ['users', 'id', 'is_sample'],
  province: ['areas', 'code', "level = 'province'"],
  // The communes data lives in, and a stable slice of the others.
  commune: ['areas', 'code', "level = 'commune' and (code in (select commune_code from producers) or code like '1475%')"],
};

/** Ids and timestamps differ between runs: rows are ordered by their text without them. */
const VOLATILE = "'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\\d{4}-\\d{2}-\\d{2}[ T][0-9:.]+(\\+00)?'";

async function readPools(t: TestApp, serials: string[]): Promise<Pools> {
  const pools: Record<string, string[]> = {};
  for (const [kind, [table, column, where]] of Object.entries(POOLS)) {
    const rows = await rowsOf<{ v: string }>(t.deps, sql.raw(`select v from (select ${column}::text as v,
      regexp_replace(x::text, ${VOLATILE}, '', 'g') as k from ${table} x ${where ? `where ${where}` : ''}) p
      order by k, v limit 400`));
    pools[kind] = [...new Set(rows.map((r) => r.v))];
  }
  pools.area = [...pools.province!, ...pools.commune!];
  pools.serial = serials;
  pools.kindName = [...new Set<string>([...IMPORT_KINDS, ...EXPORT_KINDS, 'lab', 'input', 'evidence'])];
  pools.imageVariant = ['thumb', 'full'];
  pools.coverName = ['cover.webp', 'cover.jpg'];
  const fixed = new Set(['kindName', 'imageVariant', 'coverName', 'area', 'province', 'commune']);
  pools.any = [...new Set(Object.entries(pools).filter(([k]) => !fixed.has(k)).flatMap(([, v]) => v.slice(0, 12)))];
  return pools;
}

/** The app with error logging to memory, on a fresh database. */
async function worldApp(): Promise<TestApp & { errorLog: string[] }> {
  const deps = await freshDeps({
    clock: () => HOSTILE_NOW,
    env: { LOG_LEVEL: 'error', RATE_LIMIT_ALLOWLIST: CLIENT_NET },
  });
  const errorLog: string[] = [];
  let app: App;
  try {
    app = await buildApp({
      deps,
      logStream: { write: (line: string) => { errorLog.push(line); if (errorLog.length > 500) errorLog.shift(); } },
    });
    await app.ready();
  } catch (e) {
    await deps.cleanup();
    throw e;
  }
  return {
    deps, app, ctx: systemCtx(deps), errorLog,
    close: async () => { try { await app.close(); } finally { await deps.cleanup(); } },
  };
}

const SCOPE: Partial<Record<Role, string>> = {
  province_officer: AREAS.thanhHoa, commune_officer: DEMO_COMMUNE, council_member: AREAS.thanhHoa, inspector: AREAS.thanhHoa,
};

async function one(deps: TestApp['deps'], query: SQL): Promise<string> {
  const [row] = await rowsOf<{ v?: string }>(deps, query);
  if (!row?.v) throw new Error('hostile seed: a row the fixtures need is missing');
  return row.v;
}

/** Seed the world (≈10 s on PGlite): demo data, fixtures, actors, pools. */
export async function hostileWorld(): Promise<HostileWorld> {
  const t0 = performance.now();
  const lap = (what: string) => { if (process.env.HOSTILE_TIMING) console.log(`[hostile-seed] ${what} ${Math.round(performance.now() - t0)} ms`); };
  const t = await worldApp();
  lap('app');
  try {
    expect((await loadDemo(t.deps)).loaded).toBe(true);
    lap('demo');
    const demoProducer = await one(t.deps, sql`select id::text as v from producers where name = ${DEMO_PRODUCER_NAME}`);

    let logins = 0;
    const actorFor = async (role: Role): Promise<Actor> => {
      const user = await asUser(t.app, t.deps, {
        role, areaCode: SCOPE[role], ...(role === 'producer' ? { producerId: demoProducer } : {}), displayName: `Hostile ${role}`,
      });
      // From the fuzzing clients' network: the sign-in's own rate limit never refuses the suite.
      await user.login({ remoteAddress: `10.77.254.${++logins % 250}` });
      return { name: role, role, user };
    };
    const actors: Actor[] = [{ name: 'anonymous', role: null, user: null }];
    for (const role of ROLES) actors.push(await actorFor(role));
    lap('actors');
    const officer = actors.find((a) => a.role === 'province_officer')!.user!;

    // Cycle and council: dossiers of the demo producer, a closed round with results and a draft
    // decision on it, an open round with seats.
    const sheetId = await testSheetId(t.ctx);
    for (const status of ['received', 'draft', 'submitted'] as const) {
      await buildDossier(t.ctx, { sheetId, producerId: demoProducer, status });
    }
    const closed = await buildClosedRound(t.ctx, { results: [{ mean: 78 }, { mean: 52 }], provinceCode: AREAS.thanhHoa });
    const draft = await t.app.inject({ method: 'POST', url: '/api/v1/decisions', headers: officer.headers(), payload: draftBody(closed.id) });
    expect(draft.statusCode, draft.body).toBe(201);
    const open = await createRound(t, officer);
    await formCouncil(t, officer, open.id as string, ['chair', 'member', 'secretary']);

    // Stamps: a batch of a product certified in Thanh Hóa, and serials of it.
    const certified = await one(t.deps, sql`select product_id::text as v from certificates where province_code = ${AREAS.thanhHoa} and state = 'active' and expires_on > '2026-09-15' order by number limit 1`);
    const batch = await t.app.inject({ method: 'POST', url: '/api/v1/stamps/batches', headers: officer.headers(), payload: batchBody(certified) });
    expect(batch.statusCode, batch.body).toBe(201);
    const secret = await stampSecret(t.deps);
    const serials = [1, 2, 60].map((n) => makeSerial(secret, json(batch).code as string, n));

    // A report of a suspected fake, and a guest's order from the demo market.
    const report = await t.app.inject({
      method: 'POST', url: '/api/v1/fake-reports', remoteAddress: '10.77.255.1',
      payload: { code: 'OCOP-38-2024-00001', message: 'Tem nghi giả trên hộp nem chua', placeSeen: 'Chợ Vườn Hoa, Thanh Hóa' },
    });
    expect(report.statusCode, report.body).toBe(201);
    const variant = await one(t.deps, sql`select v.id::text as v from listing_variants v where v.stock > 2 order by v.name limit 1`);
    const order = await t.app.inject({
      method: 'POST', url: '/api/v1/market/checkout', remoteAddress: '10.77.255.2', headers: { 'idempotency-key': 'hostile-seed-order-1' },
      payload: guestCheckout([{ variantId: variant, quantity: 1 }], 'cod'),
    });
    expect(order.statusCode, order.body).toBeLessThan(300);

    const world: HostileWorld = {
      ...t, actors, pools: {},
      refreshPools: async () => { world.pools = await readPools(t, serials); },
      renewActor: async (actor) => {
        if (!actor.role) return;
        actor.user = (await actorFor(actor.role)).user;
      },
    };
    lap('fixtures');
    await watchDatabase(t.deps);
    await world.refreshPools();
    lap('watch and pools');
    return world;
  } catch (e) {
    await t.close();
    throw e;
  }
}
