import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Environment, validated once at boot. CLI flags override these. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  OCOP_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_READ_URL: z.string().url().optional(),
  PUBLIC_BASE_URL: z.string().url().optional(),
  /**
   * Without PUBLIC_BASE_URL: the host names (comma-separated) whose Host header may become the base
   * of absolute links — `name` (any port), `name:port`, `.domain` (it and its subdomains). Loopback
   * names are allowed outside production, and HOST when it names an address; any other Host gets
   * relative links (see allowedHost).
   */
  ALLOWED_HOSTS: z.string().default(''),
  RATE_LIMIT_ALLOWLIST: z.string().default(''),
  METRICS_ALLOW: z.string().default(''),
  TRUST_PROXY: z.string().default(''),
  SMTP_URL: z.string().optional(),
  /** Notices by text message (decisions/039): `esms`, `zalo_oa` or `off` (default). */
  NOTICE_TEXT_CHANNEL: z.enum(['esms', 'zalo_oa', 'off']).optional(),
  NOTICE_TEXT_TIMEOUT_MS: z.string().regex(/^\d+$/).optional(),
  ESMS_API_KEY: z.string().optional(),
  ESMS_SECRET_KEY: z.string().optional(),
  ESMS_BRANDNAME: z.string().optional(),
  ESMS_SMS_TYPE: z.string().optional(),
  ESMS_UNICODE: z.enum(['0', '1']).optional(),
  ESMS_SANDBOX: z.enum(['0', '1']).optional(),
  ESMS_BASE_URL: z.string().url().optional(),
  ZALO_OA_ACCESS_TOKEN: z.string().optional(),
  ZALO_ZNS_TEMPLATE_ID: z.string().optional(),
  ZALO_ZNS_TEXT_PARAM: z.string().optional(),
  ZALO_ZNS_BASE_URL: z.string().url().optional(),
  /** Notices dispatched after each write and every minute: `auto` (default; `off` under NODE_ENV=test) or `off`. */
  NOTICE_DISPATCH: z.enum(['auto', 'off']).optional(),
  STAMP_SECRET: z.string().min(16).optional(),
  /** Unset: `info` in production (one line per request), `warn` otherwise (see logLevel). */
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** Back-office sessions end after this many minutes without a request (buyers' sessions: 7 days). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  /** Back-office sessions end this many hours after sign-in, however active (buyers': 30 days). */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  /**
   * Load shedding (decisions/043): at most this many database calls wait at once (PostgreSQL: requests
   * for a pool connection; the embedded database: calls queued for its thread); more get 503 + Retry-After.
   */
  DB_QUEUE_MAX: z.coerce.number().int().min(1).max(100_000).default(256),
  /** …and a call that has waited this long for the database gets 503 + Retry-After. */
  DB_QUEUE_WAIT_MS: z.coerce.number().int().min(50).max(600_000).default(2_000),
  /**
   * The checkout desk (decisions/036): how long a variant a checkout saw sold out is answered "out
   * of stock" from memory, without asking the database; 0 asks it every time.
   */
  MARKET_SOLD_OUT_MS: z.coerce.number().int().min(0).max(60_000).default(200),
});

export type Env = z.infer<typeof EnvSchema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(
    Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * The log level the server runs at: LOG_LEVEL when given; otherwise `info` in production (a JSON
 * line per request, for the operators' log collector) and `warn` elsewhere, so that a demo or a
 * developer's terminal keeps the demo accounts and the address in sight and shows only problems.
 */
export function logLevel(env: Pick<Env, 'NODE_ENV' | 'LOG_LEVEL'>): LogLevel {
  return env.LOG_LEVEL ?? (env.NODE_ENV === 'production' ? 'info' : 'warn');
}

/**
 * The CLI's `--log-level L` and `--verbose` (= `info`, every request) over the environment's
 * LOG_LEVEL. An unknown level is refused with the list of known ones.
 */
export function withLogFlags(env: Env, flags: { 'log-level'?: string; verbose?: boolean }): Env {
  const given = flags['log-level'];
  if (given !== undefined) {
    if (!(LOG_LEVELS as readonly string[]).includes(given)) {
      throw new Error(`Unknown --log-level "${given}": use one of ${LOG_LEVELS.join(', ')}`);
    }
    return { ...env, LOG_LEVEL: given as LogLevel };
  }
  return flags.verbose ? { ...env, LOG_LEVEL: 'info' } : env;
}

/** A Host header's syntax: a DNS name or an IPv4 address, or a bracketed IPv6 address, then an optional port. */
const HOST_SYNTAX = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)(?::(\d{1,5}))?$/;
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
/** Addresses that bind every interface: they name no host. */
const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);

interface HostEntry { name: string; port: string | null; subdomains: boolean }

let parsedFor: string | null = null;
let parsed: HostEntry[] = [];

function hostEntries(env: Pick<Env, 'ALLOWED_HOSTS' | 'HOST' | 'NODE_ENV'>): HostEntry[] {
  const key = `${env.NODE_ENV}|${env.HOST}|${env.ALLOWED_HOSTS}`;
  if (key === parsedFor) return parsed;
  const entries: HostEntry[] = [];
  const add = (raw: string) => {
    const subdomains = raw.startsWith('.');
    const m = HOST_SYNTAX.exec((subdomains ? raw.slice(1) : raw).toLowerCase());
    if (m) entries.push({ name: m[1]!, port: m[2] ?? null, subdomains });
  };
  for (const entry of splitList(env.ALLOWED_HOSTS)) add(entry);
  const bound = env.HOST.trim().toLowerCase();
  if (bound && !WILDCARD.has(bound)) add(bound.includes(':') && !bound.startsWith('[') ? `[${bound}]` : bound);
  if (env.NODE_ENV !== 'production') for (const name of LOOPBACK) add(name);
  parsedFor = key;
  parsed = entries;
  return entries;
}

/**
 * The request's host (as sent: Host, or X-Forwarded-Host behind a trusted proxy), lower-cased, when
 * the server may build absolute links from it; null otherwise. Allowed: ALLOWED_HOSTS, HOST when it
 * names an address, and — outside production — localhost, 127.0.0.1 and [::1]. Everything else, a
 * forged Host included, must not reach an answer (issue 18, item 7): the caller uses relative links.
 */
export function allowedHost(env: Pick<Env, 'ALLOWED_HOSTS' | 'HOST' | 'NODE_ENV'>, host: string | undefined): string | null {
  if (!host || host.length > 300) return null;
  const m = HOST_SYNTAX.exec(host.toLowerCase());
  if (!m) return null;
  const [normal, name, port] = [m[0], m[1]!, m[2] ?? null];
  if (port !== null && Number(port) > 65535) return null;
  const ok = hostEntries(env).some((e) => (e.port === null || e.port === port)
    && (name === e.name || (e.subdomains && name.endsWith(`.${e.name}`))));
  return ok ? normal : null;
}
