/**
 * HTTP: GET /api/v1/products?q=mat%20ong through the whole app (buildApp, Bearer token,
 * rate limit allow-listed for 127.0.0.1) against a bare node:http server returning the same
 * bytes. autocannon runs in a child process so it does not share the server's event loop.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { buildApp } from '../../src/app';
import { makeCtx, systemActor, type Deps } from '../../src/context';
import { ROOT } from '../../src/paths';
import { createApiToken, createUser } from '../../src/modules/identity/identity.service';
import { listProducts } from '../../src/modules/registry/product.service';
import { median } from './stats';

export const HTTP_PATH = '/api/v1/products?q=mat%20ong';

export interface LoadResult { rps: number; mean: number; p50: number; p99: number; non2xx: number; errors: number; requests: number }

interface AutocannonJson {
  requests: { average: number; total: number };
  latency: { average: number; p50: number; p99: number };
  non2xx: number;
  errors: number;
}

export async function autocannon(url: string, headers: Record<string, string>, seconds: number, connections = 10): Promise<LoadResult> {
  const args = [join(ROOT, 'node_modules', 'autocannon', 'autocannon.js'), '-j', '-c', String(connections), '-d', String(seconds)];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  args.push(url);
  const j = await runJsonChild<AutocannonJson>(args, 'autocannon');
  return { rps: j.requests.average, mean: j.latency.average, p50: j.latency.p50, p99: j.latency.p99, non2xx: j.non2xx, errors: j.errors, requests: j.requests.total };
}

async function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

export interface HttpResult {
  app: LoadResult; baseline: LoadResult; bytes: number; status: number;
  /** Median time of the same search through the service alone, in process (where the request time goes). */
  serviceMs: number;
}

export async function benchHttp(deps: Deps, seconds: number): Promise<HttpResult> {
  const ctx = makeCtx(deps, { actor: systemActor('bench') });
  await createUser(ctx, { username: 'bench.admin', password: 'Bench-run-2026-x', role: 'national_admin' });
  const token = await createApiToken(ctx, 'bench.admin', 'bench');
  const headers = { authorization: `Bearer ${token}` };

  const app = await buildApp({ deps, logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  let bare: Server | null = null;
  try {
    const res = await fetch(`${address}${HTTP_PATH}`, { headers });
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`GET ${HTTP_PATH} answered ${res.status}: ${body.toString().slice(0, 300)}`);
    const type = res.headers.get('content-type') ?? 'application/json; charset=utf-8';
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await listProducts(ctx, { q: 'mat ong', page: 1, pageSize: 20, sort: 'name' });
      times.push(performance.now() - t0);
    }
    await autocannon(`${address}${HTTP_PATH}`, headers, 1); // warm-up
    const appLoad = await autocannon(`${address}${HTTP_PATH}`, headers, seconds);

    bare = createServer((_req, reply) => {
      reply.writeHead(200, { 'content-type': type, 'content-length': body.length });
      reply.end(body);
    });
    const port = await listen(bare);
    await autocannon(`http://127.0.0.1:${port}${HTTP_PATH}`, headers, 1);
    const baseline = await autocannon(`http://127.0.0.1:${port}${HTTP_PATH}`, headers, seconds);
    return { app: appLoad, baseline, bytes: body.length, status: res.status, serviceMs: median(times) };
  } finally {
    await app.close();
    if (bare) await new Promise((r) => bare!.close(r));
  }
}

/** Run `node <args>` and read the JSON object on the last line of its output. */
export async function runJsonChild<T>(args: string[], what: string, cwd?: string): Promise<T> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  const line = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`${what} failed (${code}): ${err.slice(-2000)}`);
  return JSON.parse(line) as T;
}
