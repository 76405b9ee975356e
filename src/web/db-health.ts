/**
 * The HTTP side of a database that is away or too busy (docs/decisions/043):
 *
 * - the server bounds the work waiting for the database (DB_QUEUE_MAX, DB_QUEUE_WAIT_MS): beyond
 *   it a request gets 503 + Retry-After at once instead of waiting tens of seconds;
 * - an error that means "the database cannot answer now" (db/availability.ts) is a 503 with
 *   Retry-After — JSON `service_unavailable` for the API, the error page for people — never a 500,
 *   and is not logged per request;
 * - the log gets one line when a connection goes down and one when it is back (with how long it
 *   lasted and how many answers were 503 meanwhile); error lines of background work that fail for
 *   the same reason meanwhile are left out, and outside an outage such lines carry no stack.
 */
import type { FastifyReply } from 'fastify';
import type { Deps } from '../context';
import { DbBusyError, dbTrouble, describeDbError, type DbTrouble } from '../db/availability';
import type { DbHealth } from '../db/health';
import type { App } from './http';

/** Seconds a client should wait before trying again: a database coming back, a queue draining. */
export const RETRY_AFTER_SECONDS: Record<DbTrouble, number> = { down: 2, busy: 1 };

/** The API's English message (people get the page's Vietnamese or English text). */
export const UNAVAILABLE_MESSAGE: Record<DbTrouble, string> = {
  down: 'the database is unavailable; please try again in a moment',
  busy: 'the server is busy; please try again in a moment',
};

export interface Degradation {
  /** A request was answered 503 for this reason (counted for the "back" line). */
  answered(trouble: DbTrouble): void;
}

const LEVEL_WARN = 40;

/**
 * pino's `logMethod` hook: an error line whose `err` is the database being away or busy is left
 * out while the database is known to be down (its own line said so), and otherwise written
 * without the stack (a stack of a refused connection tells an operator nothing).
 */
export function quietDbErrors(health: DbHealth) {
  return function logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void, level: number) {
    const first = args[0];
    if (level >= LEVEL_WARN && typeof first === 'object' && first !== null && 'err' in first) {
      const { err, ...rest } = first as { err: unknown };
      if (dbTrouble(err)) {
        if (health.down) return;
        return method.apply(this, [{ ...rest, database: describeDbError(err) }, ...args.slice(1)]);
      }
    }
    return method.apply(this, args);
  };
}

/** Never turned away: the operators' probes and the static assets (they read no database). */
const NEVER_SHED = /^\/(?:healthz|readyz|metrics)(?:$|\?)|^\/static\//;
const READS = new Set(['GET', 'HEAD']);

/**
 * The door: while the database's queue is full (DB_QUEUE_MAX calls wait) or its oldest call has
 * waited half of DB_QUEUE_WAIT_MS, a new request that would read it is refused at once (503 busy),
 * before it does any work, so that the requests already under way get the database and finish
 * rather than being refused half-way. Reads of public addresses pass (the portal and verification
 * answer them from memory; those that do reach the database meet the bound of each call).
 */
function registerDoor(app: App, deps: Deps): void {
  const { database, env } = deps;
  const doorMs = env.DB_QUEUE_WAIT_MS / 2;
  app.addHook('onRequest', (req, _reply, done) => {
    const q = database.queue();
    if (q.oldestMs < doorMs && q.waiting < env.DB_QUEUE_MAX) return done();
    if (NEVER_SHED.test(req.url)) return done();
    if (READS.has(req.method) && req.routeOptions.config?.access === 'public') return done();
    done(new DbBusyError(`the database is busy: ${q.waiting} calls wait, the oldest for ${Math.round(q.oldestMs)} ms`));
  });
}

/**
 * Bound the database's queue from the environment, open the door, and log each change of the
 * database's state once. Registered before authentication (which reads the database).
 */
export function registerDegradation(app: App, deps: Deps): Degradation {
  const { database, env } = deps;
  database.setQueueLimits({ max: env.DB_QUEUE_MAX, waitMs: env.DB_QUEUE_WAIT_MS });
  registerDoor(app, deps);
  let answered = 0;
  const stop = database.health.onChange((c) => {
    if (c.up) {
      app.log.warn({ database: c.source, downMs: c.downMs, answered503: answered },
        `database (${c.source}) available again after ${(c.downMs / 1000).toFixed(1)} s; ${answered} answers were 503 meanwhile`);
    } else {
      answered = 0;
      app.log.error({ database: c.source, reason: c.reason },
        `database (${c.source}) unavailable: ${c.reason}; answering 503 with Retry-After until it is back`);
    }
  });
  app.addHook('onClose', async () => { stop(); });
  return { answered: () => { answered++; } };
}

/** The headers of every answer refused for the database's sake. */
export function unavailableHeaders(reply: FastifyReply, trouble: DbTrouble): void {
  if (!reply.hasHeader('retry-after')) reply.header('retry-after', String(RETRY_AFTER_SECONDS[trouble]));
  reply.header('cache-control', 'no-store');
}
