/**
 * Issue 12, defect 12: a demo's terminal keeps the demo accounts and the address in sight. The
 * server writes a JSON line per request (level info) only in production or when asked (LOG_LEVEL,
 * `--log-level`, `--verbose`); otherwise only warnings and errors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { readEnv, logLevel, withLogFlags } from '../../src/config/env';
import type { App } from '../../src/web/http';
import { freshDeps, type TestDeps } from '../helpers/db';

interface LogLine { level: number; msg: string; req?: { url?: string } }

const opened: { app: App; deps: TestDeps }[] = [];
afterEach(async () => {
  for (const { app, deps } of opened.splice(0)) {
    await app.close();
    await deps.cleanup();
  }
});

/** The app on a fresh database with the logger as `ocop serve` sets it up; returns the lines it writes. */
async function served(env: Record<string, string | undefined>): Promise<{ app: App; lines: LogLine[] }> {
  const deps = await freshDeps({ env: { LOG_LEVEL: undefined, ...env } });
  const lines: LogLine[] = [];
  const app = await buildApp({ deps, logStream: { write: (line: string) => { lines.push(JSON.parse(line) as LogLine); } } });
  opened.push({ app, deps });
  await app.ready();
  return { app, lines };
}

const requestLines = (lines: LogLine[]) => lines.filter((l) => l.msg === 'incoming request' || l.msg === 'request completed');

describe('request logs', () => {
  it('a demo or development server logs no request at info, only warnings and errors', async () => {
    const { app, lines } = await served({ NODE_ENV: 'development' });
    expect((await app.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect(requestLines(lines)).toEqual([]);
    expect(lines.filter((l) => l.level < 40)).toEqual([]);
  });

  it('a production server writes a JSON line per request at info', async () => {
    const { app, lines } = await served({ NODE_ENV: 'production' });
    await app.inject({ method: 'GET', url: '/healthz' });
    const logged = requestLines(lines);
    expect(logged.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
    expect(logged.every((l) => l.level === 30)).toBe(true);
    expect(logged[0]!.req?.url).toBe('/healthz');
  });

  it('never writes a password-reset token (ASVS 7.1.1): the link\'s path is logged without it', async () => {
    const { app, lines } = await served({ NODE_ENV: 'production' });
    const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
    await app.inject({ method: 'GET', url: `/dat-lai-mat-khau/${token}` });
    expect(JSON.stringify(lines)).not.toContain(token);
    expect(requestLines(lines)[0]!.req?.url).toBe('/dat-lai-mat-khau/[redacted]');
  });

  it('LOG_LEVEL asks for them in development, and silences them in production', async () => {
    const dev = await served({ NODE_ENV: 'development', LOG_LEVEL: 'info' });
    await dev.app.inject({ method: 'GET', url: '/healthz' });
    expect(requestLines(dev.lines)).toHaveLength(2);
    const prod = await served({ NODE_ENV: 'production', LOG_LEVEL: 'warn' });
    await prod.app.inject({ method: 'GET', url: '/healthz' });
    expect(requestLines(prod.lines)).toEqual([]);
  });
});

describe('the log level of `ocop serve`', () => {
  const env = (e: Record<string, string>) => readEnv({ OCOP_DATA_DIR: '/tmp/x', ...e });

  it('is info in production, warn otherwise, LOG_LEVEL when given', () => {
    expect(logLevel(env({ NODE_ENV: 'production' }))).toBe('info');
    expect(logLevel(env({ NODE_ENV: 'development' }))).toBe('warn');
    expect(logLevel(env({}))).toBe('warn');
    expect(logLevel(env({ NODE_ENV: 'development', LOG_LEVEL: 'debug' }))).toBe('debug');
  });

  it('--verbose and --log-level override the environment; an unknown level is refused', () => {
    expect(logLevel(withLogFlags(env({}), { verbose: true }))).toBe('info');
    expect(logLevel(withLogFlags(env({ NODE_ENV: 'production' }), { 'log-level': 'error' }))).toBe('error');
    expect(logLevel(withLogFlags(env({ LOG_LEVEL: 'warn' }), { 'log-level': 'info', verbose: true }))).toBe('info');
    expect(logLevel(withLogFlags(env({}), {}))).toBe('warn');
    expect(() => withLogFlags(env({}), { 'log-level': 'loud' })).toThrow(/Unknown --log-level "loud": use one of fatal, error, warn/);
  });
});
