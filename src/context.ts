import { randomUUID } from 'node:crypto';
import type { Database, Db, Executor } from './db/client';
import type { Env } from './config/env';
import type { Role } from './core/roles';
import type { Locale } from './core/i18n';
import type { Storage } from './storage';

/** Who is acting. Officers carry the area they are scoped to; producers their producer. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** Scope code as assigned (province 2 digits or commune 5 digits), null = national. */
  areaCode: string | null;
  /** Province of the scope (the area itself or the commune's parent). */
  provinceCode: string | null;
  producerId: string | null;
  /** Label written to the audit log. */
  label: string;
}

/** What services need from the outside world, passed explicitly (no globals). */
export interface Deps {
  database: Database;
  env: Env;
  storage: Storage;
  clock: () => Date;
}

/** The request context every service takes as its first argument. */
export interface Ctx {
  deps: Deps;
  actor: Actor | null;
  requestId: string;
  locale: Locale;
  /** The open transaction, when the caller opened one. */
  tx: Executor | null;
  /** Run once the open transaction has committed (inTx); absent outside one. */
  afterCommit?: (() => void)[];
}

export function makeCtx(deps: Deps, init: Partial<Omit<Ctx, 'deps'>> = {}): Ctx {
  return { deps, actor: null, requestId: randomUUID(), locale: 'vi', tx: null, ...init };
}

/** Executor for repositories: the open transaction or the primary database. */
export const exec = (ctx: Ctx): Executor => ctx.tx ?? ctx.deps.database.db;
export const readDb = (ctx: Ctx): Db => ctx.deps.database.read;

/** Run `fn` in one transaction (reusing the caller's when already inside one). */
export async function inTx<T>(ctx: Ctx, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.tx) return fn(ctx);
  const afterCommit: (() => void)[] = [];
  const result = await ctx.deps.database.db.transaction(async (tx) => fn({ ...ctx, tx, afterCommit }));
  for (const run of afterCommit) run();
  return result;
}

/** A system actor for CLI commands and seeding. */
/** The user id of the system actor (jobs, the demo, the CLI): no row of users has it. */
export const SYSTEM_USER_ID = '00000000-0000-0000-0000-000000000000';

/** The actor's user id as a reference to `users` (null for the system actor, which has no row). */
export const userIdOf = (actor: Actor | null): string | null => (actor && actor.userId !== SYSTEM_USER_ID ? actor.userId : null);

export function systemActor(label = 'system'): Actor {
  return {
    userId: SYSTEM_USER_ID, username: label, displayName: label,
    role: 'national_admin', areaCode: null, provinceCode: null, producerId: null, label,
  };
}
