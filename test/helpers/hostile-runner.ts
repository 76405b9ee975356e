/**
 * The hostile-input suite's engine (docs/decisions/044-hostile-input-suite.md). For each operation
 * and each caller (anonymous and one user per role), fast-check generates requests from a seed
 * derived from the run's seed, the operation and the caller (`fc.sample`), sends them with
 * `app.inject`, and checks every answer:
 *
 * - never a 5xx (the stack is read from the app's error log);
 * - no header carries CR, LF or NUL; a redirect stays on this site;
 * - a refusal of the API (4xx) is JSON with an error code of the vocabulary (src/errors.ts) and
 *   that code's status;
 * - refusals change nothing: the change log (hostile-db.ts) is read after every request, and the
 *   fingerprint of every table is compared around each batch of requests.
 *
 * Failures are collected and reported together, each with the seed that reproduces it.
 */
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { ERROR_STATUS } from '../../src/errors';
import type { FormField } from './html-forms';
import { changedTables, fingerprint, takeChanges, type Fingerprint } from './hostile-db';
import { admits, hash32, type Operation } from './hostile-openapi';
import { planArb, toInject, type Plan } from './hostile-requests';
import type { Actor, HostileWorld } from './hostile-seed';

/** The run's seed: HOSTILE_SEED to replay another run. */
export const BASE_SEED = Number(process.env.HOSTILE_SEED ?? 20260718) | 0;
/** HOSTILE_ONLY='POST /api/v1/producers': fuzz only the operations whose key contains it. */
const ONLY = process.env.HOSTILE_ONLY ?? '';
/** HOSTILE_RUNS=3: three times the requests per operation and caller. */
const SCALE = Number(process.env.HOSTILE_RUNS ?? 1) || 1;

/** Requests per operation and caller: callers the route lets in get many; the others are refused at the door. */
export const RUNS = { admitted: 6, denied: 1 };
/** Operations that hash passwords (argon2) or render documents: fewer requests, same coverage of shapes. */
const COSTLY = /\/auth\/login|\/market\/buyers$|\/account-requests?|\.pdf$|\/minutes|\/labels|\/sheet\.pdf|\/report$|\/imports\/:kind$|\.xlsx$|\/export/;
/** Operations after which the callers' credentials are checked (a fuzzed logout or revocation may end them). */
const IDENTITY = /\/(auth|users|tokens|sessions|password|account|logout|mat-khau|tai-khoan|nguoi-dung)/;
const BATCH = 300;

interface Sent {
  op: Operation; actor: Actor; plan: Plan; seed: number; index: number;
  inject: InjectOptions; status: number;
}

/** Everything a failure report needs to show and reproduce one request. */
function describe(file: string, s: Sent, res?: LightMyRequestResponse): string {
  const h = { ...(s.inject.headers as Record<string, string>) };
  if (h.authorization) h.authorization = h.authorization.replace(/Bearer \S{12}\S*/, 'Bearer <token>');
  if (h.cookie) h.cookie = h.cookie.replace(/ocop_sid=[^;]+/, 'ocop_sid=<session>');
  if (h['x-csrf-token']) h['x-csrf-token'] = '<csrf>';
  const body = s.inject.payload === undefined ? '' : Buffer.isBuffer(s.inject.payload) ? s.inject.payload.toString('latin1') : String(s.inject.payload);
  return [
    `${s.op.key} as ${s.actor.name} (${s.plan.auth}) — seed ${BASE_SEED}, operation seed ${s.seed}, case ${s.index}`,
    `  request: ${s.inject.method} ${JSON.stringify(s.inject.url).slice(0, 400)}`,
    `  headers: ${JSON.stringify(h).slice(0, 400)}`,
    body ? `  body: ${JSON.stringify(body.slice(0, 600))}${body.length > 600 ? ` (${body.length} chars)` : ''}` : '',
    res ? `  answer: ${res.statusCode} ${JSON.stringify(res.body.slice(0, 300))}` : `  answer: ${s.status}`,
    `  reproduce: HOSTILE_SEED=${BASE_SEED} HOSTILE_ONLY='${s.op.key}' npx vitest run --project integration ${file}`,
  ].filter(Boolean).join('\n');
}

export class HostileRun {
  readonly stats = { operations: 0, requests: 0, fingerprints: 0, byStatus: {} as Record<string, number> };
  private requestNo = 0;
  /** Time answering each operation's requests (the run's summary names the costliest). */
  private readonly perOp = new Map<string, number>();
  /** Where the time went: generating requests, answering them, reading the change log, fingerprints. */
  private readonly ms = { generate: 0, answer: 0, changeLog: 0, fingerprint: 0 };
  private readonly started = performance.now();

  constructor(private readonly world: HostileWorld, private readonly file: string, private readonly runs = RUNS) {}

  /** Failures grouped by kind, operation and cause (the first frame of src/ in a stack): one example each, with a count. */
  private readonly groups = new Map<string, { text: string; count: number }>();

  private fail(kind: string, text: string, cause = '') {
    const key = `${kind} ${text.split(' — ')[0]!.replace(/ as .*/, '')} ${cause}`;
    const g = this.groups.get(key);
    if (g) g.count++;
    else if (this.groups.size < 80) this.groups.set(key, { text: `[${kind}] ${text}`, count: 1 });
  }

  get failures(): string[] {
    return [...this.groups.values()].map((g) => (g.count > 1 ? `${g.text}\n  (${g.count} requests like this one)` : g.text));
  }

  private stackOf(requestId: string): string {
    const line = this.world.errorLog.find((l) => l.includes(`"reqId":"${requestId}"`) && l.includes('"err"'));
    if (!line) return '  stack: (not logged)';
    const err = (JSON.parse(line) as { err?: { type?: string; message?: string; stack?: string } }).err;
    return `  stack: ${(err?.stack ?? err?.message ?? '').split('\n').slice(0, 8).join('\n    ')}`;
  }

  private async send(s: Omit<Sent, 'inject' | 'status'>): Promise<Sent> {
    const id = `hostile-${++this.requestNo}`;
    const remote = `10.77.${(this.requestNo >> 8) & 255}.${(this.requestNo & 255) || 1}`;
    const inject = toInject(s.op, s.actor, s.plan, id, remote);
    const t0 = performance.now();
    const res = await this.world.app.inject(inject);
    const ms = performance.now() - t0;
    this.ms.answer += ms;
    this.stats.requests++;
    this.stats.byStatus[res.statusCode] = (this.stats.byStatus[res.statusCode] ?? 0) + 1;
    const sent: Sent = { ...s, inject, status: res.statusCode };
    this.perOp.set(s.op.key, (this.perOp.get(s.op.key) ?? 0) + ms);
    this.check(sent, res, id);
    return sent;
  }

  private check(s: Sent, res: LightMyRequestResponse, id: string) {
    if (res.statusCode >= 500) {
      const stack = this.stackOf(id);
      return this.fail('5xx', `${describe(this.file, s, res)}\n${stack}`, /\(?(\/[^\s()]*\/src\/[^\s():]+)/.exec(stack)?.[1] ?? stack.split('\n')[0]);
    }
    for (const [name, value] of Object.entries(res.headers)) {
      // eslint-disable-next-line no-control-regex
      if ([value].flat().some((v) => /[\r\n\u0000]/.test(String(v)))) this.fail('header', `${name} carries CR/LF/NUL\n${describe(this.file, s, res)}`);
    }
    const location = res.headers.location;
    if (typeof location === 'string' && !onSite(location)) this.fail('redirect', `Location ${JSON.stringify(location)} leaves the site\n${describe(this.file, s, res)}`);
    if (res.statusCode >= 400) {
      const isJson = String(res.headers['content-type'] ?? '').includes('json');
      if (!isJson) {
        if (s.op.url.startsWith('/api/') && !String(s.inject.url).startsWith('/api/docs')) this.fail('error-shape', `an API refusal that is not JSON\n${describe(this.file, s, res)}`);
        return;
      }
      let code: unknown;
      try {
        code = (JSON.parse(res.body) as { error?: { code?: unknown } }).error?.code;
      } catch { code = undefined; }
      const known = typeof code === 'string' && code in ERROR_STATUS;
      if (!known) this.fail('error-shape', `refusal without a known error.code (${JSON.stringify(code)})\n${describe(this.file, s, res)}`);
      else if (ERROR_STATUS[code as keyof typeof ERROR_STATUS] !== res.statusCode) this.fail('error-shape', `error.code ${String(code)} answered with ${res.statusCode}\n${describe(this.file, s, res)}`);
    }
  }

  /** Requests of one operation for one caller, from the operation's own seed. */
  plans(op: Operation, actor: Actor, formFields: readonly FormField[] = [], runs = this.runs): { plans: Plan[]; seed: number } {
    const seed = hash32(`${BASE_SEED}:${op.key}:${actor.name}`) | 0;
    const admitted = admits(op.access, actor.role);
    let n = admitted ? runs.admitted : runs.denied;
    if (admitted && COSTLY.test(op.url)) n = Math.min(n, 4);
    return { seed, plans: fc.sample(planArb(op, actor, this.world.pools, formFields), { seed, numRuns: Math.ceil(n * SCALE) }) };
  }

  /**
   * Fuzz the operations: writes first, then reads, then deletions (so deletions do not empty the
   * pools the others draw from); the pools are read again between the phases.
   */
  async fuzz(ops: readonly Operation[], opts: { fieldsOf?: (op: Operation) => readonly FormField[]; runs?: typeof RUNS } = {}): Promise<void> {
    const fieldsOf = opts.fieldsOf ?? (() => []);
    const runs = opts.runs ?? this.runs;
    const chosen = ops.filter((op) => !ONLY || op.key.includes(ONLY));
    this.stats.operations += chosen.length;
    const phase = (op: Operation) => (op.method === 'DELETE' ? 2 : op.method === 'GET' ? 1 : 0);
    for (const p of [0, 1, 2]) {
      await this.world.refreshPools();
      let batch: Omit<Sent, 'inject' | 'status'>[] = [];
      for (const op of chosen.filter((o) => phase(o) === p)) {
        for (const actor of this.world.actors) {
          const g0 = performance.now();
          const { plans, seed } = this.plans(op, actor, fieldsOf(op), runs);
          this.ms.generate += performance.now() - g0;
          plans.forEach((plan, index) => batch.push({ op, actor, plan, seed, index }));
        }
        if (batch.length >= BATCH || IDENTITY.test(op.url)) {
          await this.runBatch(batch);
          batch = [];
          if (IDENTITY.test(op.url)) await this.keepCredentials();
        }
      }
      if (batch.length) await this.runBatch(batch);
    }
  }

  private async fp(): Promise<Fingerprint> {
    this.stats.fingerprints++;
    const t0 = performance.now();
    const f = await fingerprint(this.world.deps);
    this.ms.fingerprint += performance.now() - t0;
    return f;
  }

  /**
   * Send a batch between two fingerprints. After each request the change log says what it
   * committed: a refusal that changed anything fails on the spot; the tables successful requests
   * changed are set aside, and every other table must keep its fingerprint across the batch.
   */
  async runBatch(batch: readonly Omit<Sent, 'inject' | 'status'>[]): Promise<void> {
    const { deps } = this.world;
    await takeChanges(deps);
    const before = await this.fp();
    const written = new Set<string>();
    for (const s of batch) {
      const sent = await this.send(s);
      const t0 = performance.now();
      const changed = await takeChanges(deps);
      this.ms.changeLog += performance.now() - t0;
      if (!changed.length) continue;
      if (sent.status >= 400 && sent.status < 500) this.fail('db-changed', `a refusal (${sent.status}) changed ${changed.join(', ')}\n${describe(this.file, sent)}`);
      for (const t of changed) written.add(t);
    }
    const unexplained = changedTables(before, await this.fp(), written);
    if (unexplained.length) {
      this.fail('db-changed', `${unexplained.join(', ')} changed during a batch of ${batch.length} requests, none of which logged a write there `
        + `(a write the triggers miss, or one made in the background) — the batch began with ${batch[0]!.op.key} as ${batch[0]!.actor.name}`);
    }
  }

  /** A fuzzed logout or revocation may have ended a caller's token or session: make new ones. */
  private async keepCredentials(): Promise<void> {
    for (const actor of this.world.actors) {
      const u = actor.user;
      if (!u) continue;
      const token = await this.world.app.inject({ url: '/api/v1/auth/me', headers: u.headers() });
      const session = await this.world.app.inject({ url: '/api/v1/auth/me', headers: { cookie: u.cookie ?? '' } });
      if (token.statusCode !== 200 || session.statusCode !== 200) await this.world.renewActor(actor);
    }
  }

  /** One line for the run's log, and every failure (with its seed) as the test's error. */
  summary(): string {
    const secs = ((performance.now() - this.started) / 1000).toFixed(1);
    const slow = [...this.perOp].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`).join('; ');
    return `[hostile] ${this.file}: ${this.stats.operations} operations × ${this.world.actors.length} callers, ${this.stats.requests} requests in ${secs} s, `
      + `${JSON.stringify(this.stats.byStatus)}, ${this.stats.fingerprints} fingerprints, seed ${BASE_SEED}; time: answers ${(this.ms.answer / 1000).toFixed(1)} s, change log ${(this.ms.changeLog / 1000).toFixed(1)} s, `
      + `fingerprints ${(this.ms.fingerprint / 1000).toFixed(1)} s, generating ${(this.ms.generate / 1000).toFixed(1)} s; most time: ${slow}`;
  }

  report(): string {
    return this.failures.length
      ? `${this.failures.length} failure(s), seed ${BASE_SEED} (HOSTILE_SEED=${BASE_SEED} to replay):\n\n${this.failures.join('\n\n')}`
      : '';
  }
}

/** A Location a browser resolves on this site: a path (not `//` or `/\`), or this app's own origin. */
export function onSite(location: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f\\]/.test(location.slice(0, 2)) || /^\/[/\\]/.test(location)) return false;
  try {
    const url = new URL(location, 'http://localhost:80/base/');
    return url.origin === 'http://localhost' || url.origin === 'http://localhost:80';
  } catch {
    return false;
  }
}
