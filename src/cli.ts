import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readEnv, withLogFlags, type Env } from './config/env';
import { prepare } from './bootstrap';
import { buildApp } from './app';
import { makeCtx, systemActor, type Deps } from './context';
import { AppError } from './errors';
import { apiFieldMessages } from './web/field-errors';
import { TOKEN_COMMANDS, USER_COMMANDS, tokenCommand, userCommand } from './modules/identity/accounts.cli';
import { ROLES } from './core/roles';
import { IMPORT_KINDS, failInterruptedJobs, formatOutcome, runImport, type ImportKind } from './modules/imports/import.service';
import { demoBanner, loadDemo } from './modules/ops/demo';
import { seedNationalScale } from './modules/ops/scale-seed';
import { backupDatabase, restoreDatabase } from './modules/ops/backup';
import { runReminderCycle, scheduleReminders } from './modules/certification/reminders';
import { WARM_AFTER_MS, warmCatalogue } from './modules/portal/catalogue.snapshot';
import { scheduleOrderExpiry } from './modules/market/market.jobs';
import { scheduleImportSweep } from './modules/imports/import.jobs';

const USAGE = `ocop — OCOP Platform command line

  ocop serve [--port N] [--host H] [--data-dir D] [--demo] [--verbose | --log-level L]
      Logs warnings and errors only, unless NODE_ENV=production (then a JSON line per
      request, level info), LOG_LEVEL, --log-level L or --verbose (= info) ask otherwise.
  ocop migrate
  ocop user create --username U --password P --role R [--area CODE] [--producer ID]
  ocop user disable --username U --reason R      no sign-in; sessions end, API tokens stop
  ocop user enable --username U
  ocop user set-password --username U --password P [--temporary]
                            (--temporary: the user chooses a new password at the next sign-in)
  ocop user set-role --username U --role R [--area CODE] [--producer ID]
  ocop token create --username U [--name N] [--days D]
                            prints a new API token (shown once); it works D days (default 365, at most 3650)
  ocop token list --username U
  ocop token revoke --prefix P | --id ID         (P: the 8 characters after ocop_)
  ocop import <areas|producers|products|certified-products|criteria> FILE
      (criteria: a JSON criteria file, imported as draft sheets; see docs/guide/national-admin.md)
  ocop seed --demo | --scale national
  ocop backup FILE
  ocop restore FILE
  ocop reminders            certificate expiry reminders (in-app + e-mail), then deliver the outbox
                            (SMTP_URL, or .eml files in <data dir>/outbox/); serve also runs this hourly

Every command reads --data-dir (default ./data, or OCOP_DATA_DIR) and DATABASE_URL.
Roles: ${ROLES.join(', ')}`;

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  strict: true,
  options: {
    port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' },
    demo: { type: 'boolean' }, username: { type: 'string' }, password: { type: 'string' },
    role: { type: 'string' }, area: { type: 'string' }, producer: { type: 'string' },
    name: { type: 'string' }, scale: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    reason: { type: 'string' }, temporary: { type: 'boolean' }, prefix: { type: 'string' }, id: { type: 'string' }, days: { type: 'string' },
    'log-level': { type: 'string' }, verbose: { type: 'boolean', short: 'v' },
  },
});

function env(): Env {
  const e = withLogFlags(readEnv(), flags);
  if (flags['data-dir']) e.OCOP_DATA_DIR = flags['data-dir'];
  return e;
}

async function withDeps<T>(fn: (deps: Deps) => Promise<T>): Promise<T> {
  const deps = await prepare({ env: env() });
  try {
    return await fn(deps);
  } finally {
    await deps.database.close();
  }
}

const cliCtx = (deps: Deps) => makeCtx(deps, { actor: systemActor('cli') });

async function printDemo(deps: Deps) {
  const demo = await loadDemo(deps);
  if (demo.loaded) console.log(`\n${demoBanner(demo)}\n`);
}

async function serve() {
  const e = env();
  // The demo's accounts share a published password: never on a production server (ASVS 2.5.4).
  if (flags.demo && e.NODE_ENV === 'production') throw new AppError('validation_failed', '--demo creates sample accounts with a published password: not with NODE_ENV=production');
  const port = flags.port !== undefined ? Number(flags.port) : e.PORT;
  const host = flags.host ?? e.HOST;
  const deps = await prepare({ env: e });
  const interrupted = await failInterruptedJobs(cliCtx(deps));
  if (interrupted) console.log(`Marked ${interrupted} interrupted import job(s) as failed (nothing of them was written).`);
  if (flags.demo) await printDemo(deps);
  const app = await buildApp({ deps });
  let closing = false;
  /** The timed jobs' stops (reminders, order expiry, the import sweep), called on shutdown. */
  const stopJobs: (() => void)[] = [];
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    for (const stop of stopJobs) stop();
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close();
      await deps.database.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  const address = await app.listen({ port, host });
  setTimeout(() => void warmCatalogue(deps), WARM_AFTER_MS).unref();
  // Expiry reminders a minute after start, then every hour (the timers do not keep the process alive).
  const log = (msg: string, err?: unknown) => (err ? app.log.error({ err }, msg) : app.log.info(msg));
  stopJobs.push(scheduleReminders(deps, log));
  // Unpaid bank-transfer orders expire once their time to pay is over (checked every minute).
  stopJobs.push(scheduleOrderExpiry(deps, log));
  // Import jobs whose worker stopped mid-way (no heartbeat for 2 minutes) are failed, every minute.
  stopJobs.push(scheduleImportSweep(deps, log));
  console.log(`OCOP Platform listening on ${address.replace('0.0.0.0', 'localhost')} (database: ${deps.database.engine})`);
}

async function main() {
  const [cmd, sub, arg] = positionals;
  if (flags.help || !cmd) {
    console.log(USAGE);
    return;
  }
  switch (cmd) {
    case 'serve':
      return serve();
    case 'migrate':
      return withDeps(async () => console.log('Database is up to date.'));
    case 'user':
    case 'token': {
      const known: readonly string[] = cmd === 'user' ? USER_COMMANDS : TOKEN_COMMANDS;
      if (!sub || !known.includes(sub)) break;
      return withDeps(async (deps) => {
        const lines = await (cmd === 'user' ? userCommand : tokenCommand)(cliCtx(deps), sub, flags);
        for (const line of lines) console.log(line);
      });
    }
    case 'import': {
      if (!sub || !arg || !(IMPORT_KINDS as readonly string[]).includes(sub)) break;
      const data = await readFile(arg);
      return withDeps(async (deps) => {
        const outcome = await runImport(cliCtx(deps), sub as ImportKind, { name: basename(arg), data });
        console.log(formatOutcome(outcome));
        if (!outcome.ok) process.exitCode = 1;
      });
    }
    case 'seed': {
      if (flags.demo) return withDeps(printDemo);
      if (flags.scale === 'national') {
        return withDeps(async (deps) => {
          const r = await seedNationalScale(deps, { onProgress: (m) => console.log(m) });
          console.log(`Seeded ${r.producers} producers, ${r.products} products, ${r.certificates} certificates in ${(r.ms / 1000).toFixed(1)} s (sample data).`);
        });
      }
      break;
    }
    case 'reminders':
      return withDeps(async (deps) => {
        const r = await runReminderCycle(deps);
        console.log(`Expiry reminders: ${r.reminders.certificates} certificate(s) due, ${r.reminders.notifications} new notification(s), `
          + `${r.reminders.emails} e-mail(s) queued; ${r.delivery.sent} e-mail(s) sent via ${r.delivery.via === 'smtp' ? 'SMTP' : 'the outbox folder'}`
          + `${r.delivery.failed ? `, ${r.delivery.failed} failed (retried next run)` : ''}.`);
        if (r.delivery.failed) process.exitCode = 1;
      });
    case 'backup':
      if (!sub) break;
      return withDeps(async (deps) => console.log(`Backup written to ${await backupDatabase(deps, sub)}`));
    case 'restore': {
      if (!sub) break;
      await restoreDatabase(env(), sub);
      console.log(`Restored from ${sub}`);
      return;
    }
    default:
      break;
  }
  console.error(USAGE);
  process.exitCode = 2;
}

main().catch((e: unknown) => {
  if (e instanceof AppError) {
    console.error(`Error (${e.code}): ${e.message}`);
    if (e.fields) for (const [k, v] of Object.entries(apiFieldMessages(e.fields))) console.error(`  ${k}: ${v}`);
  } else {
    console.error(e instanceof Error ? e.message : e);
  }
  process.exit(1);
});
