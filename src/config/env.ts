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
