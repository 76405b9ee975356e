/**
 * Verification, the hottest path (docs/decisions/010):
 * - GET /api/v1/verify/<valid certificate> through the whole app (buildApp, in process, rate
 *   limit allow-listed for 127.0.0.1) and GET /v/<same code> (the HTML page), each against a
 *   bare node:http server returning the same bytes — same run, same tool (autocannon in a child
 *   process), same connection count (50 by default), in alternating rounds (median of each);
 * - revocation propagation: on PostgreSQL two app processes (the shipped CLI, `serve`) on the
 *   same DATABASE_URL, both caches warmed, the revocation made through one, the other polled
 *   until it answers "revoked" (budget 1 s). PGlite is one process: the same check runs against
 *   the in-process app (revoke, then poll).
 */
import { createServer, type Server } from 'node:http';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../src/app';
import { makeCtx, systemActor, type Deps } from '../../src/context';
import { rows } from '../../src/db/client';
import { todayInVietnam } from '../../src/domain/dates';
import { createApiToken, createUser } from '../../src/modules/identity/identity.service';
import { autocannon, type LoadResult } from './http';
import { startServer, stopProcess, type ServerCommand } from './startup';
import { metric, type Engine, type Metric } from './report';
import { round } from './stats';

export const VERIFY_BUDGET = { apiRatio: 0.6, pageRatio: 0.4, p99Ms: 20, revocationMs: 1_000 } as const;

export interface LoadPair { app: LoadResult; baseline: LoadResult; bytes: number }

export interface RevocationResult {
  mode: 'two-processes' | 'one-process';
  /** From the revocation's HTTP answer until the other instance answered "revoked". */
  ms: number;
  /** From sending the revocation (includes the revocation request itself). */
  fromRequestMs: number;
  polls: number;
}

export interface VerifyBenchResult {
  code: string;
  connections: number;
  api: LoadPair;
  page: LoadPair;
  revocation: RevocationResult;
  revocationNote: string | null;
}

export interface VerifyBenchOptions {
  seconds: number;
  engine: Engine;
  connections?: number;
  /** Alternating app/baseline rounds per endpoint (median taken); default 3. */
  rounds?: number;
  /** The server command (bench/lib/startup.ts serverCommand()) and environment of the national database: for the two-process check on PostgreSQL. */
  cmd?: ServerCommand;
  processEnv?: NodeJS.ProcessEnv;
}

interface CertRow { number: string; province_code: string; stars: number }

/** Certificates valid today (approved decision, active, within dates), by province. */
async function validCertificates(deps: Deps, n: number): Promise<CertRow[]> {
  const today = todayInVietnam(deps.clock());
  return rows<CertRow>(deps.database.db, sql`
    select c.number, c.province_code, c.stars from certificates c join decisions d on d.id = c.decision_id
    where d.status = 'approved' and c.state = 'active' and c.issued_on <= ${today}::date and c.expires_on > ${today}::date and c.stars <= 4
    order by c.number limit ${n}`);
}

async function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

/** Median of a load figure over rounds. */
function medianLoad(runs: LoadResult[]): LoadResult {
  const mid = (f: (r: LoadResult) => number) => { const v = runs.map(f).sort((a, b) => a - b); return v[Math.floor(v.length / 2)]!; };
  const sum = (f: (r: LoadResult) => number) => runs.reduce((n, r) => n + f(r), 0);
  return { rps: mid((r) => r.rps), mean: mid((r) => r.mean), p50: mid((r) => r.p50), p99: mid((r) => r.p99), non2xx: sum((r) => r.non2xx), errors: sum((r) => r.errors), requests: sum((r) => r.requests) };
}

/**
 * The app's figure and a bare node:http server's serving the same bytes, measured in alternating
 * rounds (app, bare, app, bare, …) so that a busy neighbour on the machine weighs on both alike;
 * each figure is the median of its rounds.
 */
async function pair(address: string, path: string, seconds: number, connections: number, rounds: number): Promise<LoadPair> {
  const res = await fetch(`${address}${path}`);
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${body.toString().slice(0, 300)}`);
  const type = res.headers.get('content-type') ?? 'application/octet-stream';
  const bare = createServer((_req, reply) => {
    reply.writeHead(200, { 'content-type': type, 'content-length': body.length });
    reply.end(body);
  });
  try {
    const bareUrl = `http://127.0.0.1:${await listen(bare)}${path}`;
    await autocannon(`${address}${path}`, {}, 1, connections); // warm-up
    await autocannon(bareUrl, {}, 1, connections);
    const app: LoadResult[] = [];
    const baseline: LoadResult[] = [];
    for (let i = 0; i < rounds; i++) {
      app.push(await autocannon(`${address}${path}`, {}, seconds, connections));
      baseline.push(await autocannon(bareUrl, {}, seconds, connections));
    }
    return { app: medianLoad(app), baseline: medianLoad(baseline), bytes: body.length };
  } finally {
    await new Promise((r) => bare.close(r));
  }
}

async function statusAt(base: string, code: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/verify/${encodeURIComponent(code)}`);
  const body = (await res.json()) as { status?: string };
  return body.status ?? `http ${res.status}`;
}

async function revokeVia(base: string, token: string, code: string): Promise<void> {
  const res = await fetch(`${base}/api/v1/certificates/${encodeURIComponent(code)}/revoke`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'Benchmark: revocation propagation check', legalBasis: 'bench/lib/verify.ts' }),
  });
  if (res.status !== 200) throw new Error(`revoking ${code} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
}

/** Revoke through `revokeBase`, then poll `watchBase` until it says revoked (gives up after 10 s). */
async function timeRevocation(revokeBase: string, watchBase: string, token: string, code: string, mode: RevocationResult['mode']): Promise<RevocationResult> {
  for (const base of new Set([revokeBase, watchBase])) {
    for (let i = 0; i < 3; i++) {
      const s = await statusAt(base, code);
      if (s !== 'valid') throw new Error(`${code} is ${s} at ${base} before the revocation`);
    }
  }
  const sent = performance.now();
  await revokeVia(revokeBase, token, code);
  const answered = performance.now();
  let polls = 0;
  for (;;) {
    polls++;
    if ((await statusAt(watchBase, code)) === 'revoked') break;
    if (performance.now() - answered > 10_000) throw new Error(`${watchBase} still did not say revoked after 10 s`);
    await new Promise((r) => setTimeout(r, 2));
  }
  const done = performance.now();
  return { mode, ms: done - answered, fromRequestMs: done - sent, polls };
}

export async function benchVerify(deps: Deps, opts: VerifyBenchOptions): Promise<VerifyBenchResult> {
  const connections = opts.connections ?? 50;
  const certs = await validCertificates(deps, 2);
  if (certs.length < 2) throw new Error('the dataset has fewer than two certificates valid today');
  const [loadCert, revokeCert] = certs as [CertRow, CertRow];
  const ctx = makeCtx(deps, { actor: systemActor('bench') });
  const username = `bench.revoker.${revokeCert.province_code}`;
  await createUser(ctx, { username, password: 'Bench-run-2026-x', role: 'province_officer', areaCode: revokeCert.province_code });
  const token = await createApiToken(ctx, username, 'bench');

  const app = await buildApp({ deps, logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  let api: LoadPair;
  let page: LoadPair;
  let revocation: RevocationResult;
  let revocationNote: string | null = null;
  try {
    const code = encodeURIComponent(loadCert.number);
    if ((await statusAt(address, loadCert.number)) !== 'valid') throw new Error(`${loadCert.number} does not verify as valid`);
    const rounds = opts.rounds ?? 3;
    api = await pair(address, `/api/v1/verify/${code}`, opts.seconds, connections, rounds);
    page = await pair(address, `/v/${code}`, opts.seconds, connections, rounds);
    if (opts.engine === 'postgres' && opts.cmd && opts.processEnv) {
      const env = { ...opts.processEnv, LOG_LEVEL: 'warn' };
      const [a, b] = await Promise.all([startServer(opts.cmd, env), startServer(opts.cmd, env)]);
      try {
        revocation = await timeRevocation(a.base, b.base, token, revokeCert.number, 'two-processes');
      } finally {
        await Promise.all([stopProcess(a.child), stopProcess(b.child)]);
      }
    } else {
      revocation = await timeRevocation(address, address, token, revokeCert.number, 'one-process');
      revocationNote = opts.engine === 'pglite'
        ? 'PGlite serves one process: revocation measured in process (revoke over HTTP, then poll the same app)'
        : 'no server command given: revocation measured in process';
    }
  } finally {
    await app.close();
  }
  return { code: loadCert.number, connections, api, page, revocation, revocationNote };
}

/** The report rows (and notes) of a verification run. */
export function verifyMetrics(engine: Engine, r: VerifyBenchResult, notes: string[]): Metric[] {
  const bare = 'node:http, same bytes';
  const c = r.connections;
  const out: Metric[] = [
    metric({ engine, metric: `verify GET /api/v1/verify/:code throughput (${c} connections)`, unit: 'req/s', value: round(r.api.app.rps), baseline: round(r.api.baseline.rps), baselineLabel: bare, budget: null }),
    metric({ engine, metric: 'verify API throughput ÷ bare node:http', unit: '×', value: round(r.api.app.rps / r.api.baseline.rps, 3), baseline: null, baselineLabel: null, budget: { op: '>=', value: VERIFY_BUDGET.apiRatio } }),
    metric({ engine, metric: `verify API latency p99 (${c} connections)`, unit: 'ms', value: r.api.app.p99, baseline: r.api.baseline.p99, baselineLabel: bare, budget: { op: '<=', value: VERIFY_BUDGET.p99Ms } }),
    metric({ engine, metric: `verify page GET /v/:code throughput (${c} connections)`, unit: 'req/s', value: round(r.page.app.rps), baseline: round(r.page.baseline.rps), baselineLabel: bare, budget: null }),
    metric({ engine, metric: 'verify page throughput ÷ bare node:http', unit: '×', value: round(r.page.app.rps / r.page.baseline.rps, 3), baseline: null, baselineLabel: null, budget: { op: '>=', value: VERIFY_BUDGET.pageRatio } }),
    metric({ engine, metric: 'verify page latency p99', unit: 'ms', value: r.page.app.p99, baseline: r.page.baseline.p99, baselineLabel: bare, budget: null }),
  ];
  if (r.revocation) {
    out.push(metric({
      engine, metric: `revocation visible ${r.revocation.mode === 'two-processes' ? 'in the other of two app processes on one database' : 'to the next scan (one process)'}`,
      unit: 'ms', value: round(r.revocation.ms, 1), baseline: null, baselineLabel: null, budget: { op: '<=', value: VERIFY_BUDGET.revocationMs },
    }));
  }
  notes.push(`${engine}: verify ${r.code}: API body ${r.api.bytes} bytes, page ${r.page.bytes} bytes; API ${r.api.app.requests} requests (${r.api.app.non2xx} non-2xx, ${r.api.app.errors} errors), page ${r.page.app.requests} requests (${r.page.app.non2xx} non-2xx).`);
  if (r.revocation) notes.push(`${engine}: revocation ${r.revocation.mode}: ${round(r.revocation.ms, 1)} ms after the revoke answered (${round(r.revocation.fromRequestMs, 1)} ms from sending it), ${r.revocation.polls} polls.`);
  if (r.revocationNote) notes.push(`${engine}: ${r.revocationNote}.`);
  return out;
}
