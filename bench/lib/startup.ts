/**
 * Start-up: from spawning the server process until /readyz answers 200, on an existing national
 * database; baseline: spawning `node -e` with a bare node:http server until it answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../../src/paths';
import { since } from './stats';

export interface ServerCommand { command: string; args: string[]; label: string; cleanup(): Promise<void> }

/**
 * The CLI as it ships: bundled like `npm run build` does (esbuild, npm packages external), so
 * the figure measures the current source (with the embedded database's thread beside it). The bundle goes to bench/.build (inside the package,
 * so it finds migrations/ and seed/) and is removed afterwards. Falls back to dist/cli.js, then tsx.
 */
export async function serverCommand(): Promise<ServerCommand> {
  const outdir = join(ROOT, 'bench', '.build');
  try {
    const { build } = await import('esbuild');
    await build({
      entryPoints: [join(ROOT, 'src', 'cli.ts'), join(ROOT, 'src', 'db', 'pglite.worker.ts')], outdir, entryNames: '[name]', bundle: true, platform: 'node',
      format: 'esm', target: 'node20', packages: 'external', jsx: 'automatic', jsxImportSource: 'preact',
      logLevel: 'error',
    });
    return {
      command: process.execPath, args: [join(outdir, 'cli.js')], label: 'node <esbuild bundle of src/cli.ts>',
      cleanup: () => rm(outdir, { recursive: true, force: true }),
    };
  } catch (e) {
    await rm(outdir, { recursive: true, force: true });
    const dist = join(ROOT, 'dist', 'cli.js');
    if (existsSync(dist)) return { command: process.execPath, args: [dist], label: 'node dist/cli.js', cleanup: async () => {} };
    console.warn(`bundling src/cli.ts failed (${(e as Error).message}); measuring through tsx`);
    return {
      command: process.execPath, args: [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'src', 'cli.ts')],
      label: 'tsx src/cli.ts', cleanup: async () => {},
    };
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** SIGTERM, SIGKILL after 20 s, and wait for the exit (a process that already exited: nothing). */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/** Milliseconds from spawn until `url` answers 200 (polled every 10 ms); the process is then stopped. */
export async function timeUntilReady(command: string, args: string[], env: NodeJS.ProcessEnv, url: string, timeoutMs = 120_000): Promise<number> {
  const t0 = performance.now();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
  let output = '';
  child.stdout!.on('data', (b: Buffer) => { output = (output + b.toString()).slice(-4000); });
  child.stderr!.on('data', (b: Buffer) => { output = (output + b.toString()).slice(-4000); });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready:\n${output}`);
      if (since(t0) > timeoutMs) throw new Error(`server not ready after ${timeoutMs} ms:\n${output}`);
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.status === 200) return since(t0);
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await stopProcess(child);
  }
}

const BARE_SERVER = (port: number) =>
  `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`;

export interface StartupResult { app: number[]; baseline: number[]; label: string }

export async function benchStartup(cmd: ServerCommand, dataDir: string, env: NodeJS.ProcessEnv, runs: number): Promise<StartupResult> {
  const app: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < runs; i++) {
    let port = await freePort();
    app.push(await timeUntilReady(cmd.command, [...cmd.args, 'serve', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir],
      env, `http://127.0.0.1:${port}/readyz`));
    port = await freePort();
    baseline.push(await timeUntilReady(process.execPath, ['-e', BARE_SERVER(port)], env, `http://127.0.0.1:${port}/`));
  }
  return { app, baseline, label: cmd.label };
}

/** `serve` on a free port of 127.0.0.1 as its own process, once /readyz answers 200 (at most 120 s). */
export async function startServer(cmd: ServerCommand, env: NodeJS.ProcessEnv): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(cmd.command, [...cmd.args, 'serve', '--port', String(port), '--host', '127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
  let output = '';
  child.stdout!.on('data', (b: Buffer) => { output = (output + b.toString()).slice(-4000); });
  child.stderr!.on('data', (b: Buffer) => { output = (output + b.toString()).slice(-4000); });
  const base = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    if (performance.now() - t0 > 120_000) { child.kill('SIGKILL'); throw new Error(`server not ready after 120 s:\n${output}`); }
    try {
      const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return { base, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
