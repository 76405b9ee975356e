/**
 * How the hostile-input suite sees the database change (docs/decisions/044-hostile-input-suite.md).
 *
 * 1. A change log, installed by the suite in its own copy of the database: a row trigger on every
 *    table appends the table's name to `hostile.changes` for each inserted, deleted or really
 *    changed row (an UPDATE that writes the same values is not a change). The log is written in the
 *    request's own transaction, so a rolled-back write leaves no trace — exactly "committed
 *    changes". Read (and emptied) after every request: a refused request that logged a change is
 *    caught on the spot, with the tables it changed.
 * 2. A fingerprint of every table: its row count and an md5 over its rows (the md5 of the sorted
 *    md5s of the rows), in one statement, taken around each batch of requests. Tables no successful
 *    request of the batch changed (by the log) must have the same fingerprint after it — which also
 *    catches a change the triggers cannot see (TRUNCATE, a table added later without a trigger, a
 *    write made in the background after an answer).
 *
 * A few things legitimately change when a request is refused; they are left out below, each with
 * its reason. Nothing else is.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Deps } from '../../src/context';
import { flushStampScans } from '../../src/modules/stamps/stamp-scans';

/** Tables left out entirely. */
const IGNORED_TABLES: Record<string, string> = {
  // Failed sign-ins counted per typed username / client address: a refused sign-in (401) must add
  // to them, or guessing passwords would cost nothing (issue 18, item 8).
  login_throttle: 'counts refused sign-ins by design',
  // Known devices of a user and their failed sign-ins: a refused sign-in from a device counts.
  login_devices: 'counts refused sign-ins from a known device by design',
};

/** Columns left out of a table's rows (the rest of the row is still compared). */
const IGNORED_COLUMNS: Record<string, Record<string, string>> = {
  // Authentication runs before the route's own checks: a valid token is touched (its last use)
  // even when the route then refuses the request (403, 400…). The token itself does not change.
  api_tokens: { last_used_at: 'touched by every authenticated request, refused or not' },
  // Idle timeout: a session's last activity moves on every authenticated request, refused or not.
  sessions: { last_seen_at: 'touched by every authenticated request, refused or not' },
};

/** Rows left out of a table (a condition on the row, `$` standing for it). */
const IGNORED_ROWS: Record<string, { where: string; why: string }> = {
  // The record of an import attempt is written before the file is validated and kept, failed,
  // with the reasons, so the uploader sees them (decisions/005): a refused import (422, 413, 415)
  // leaves it. Only callers who may import get one (import.service.ts authorise runs first); the
  // rows an import writes are in their own tables, still compared, as are running and succeeded jobs.
  import_jobs: { where: "$.status in ('validating', 'failed')", why: 'the kept record of a refused import' },
};

export interface Fingerprint { [table: string]: string }

/** Rows of a raw statement, on either engine. */
export async function rowsOf<T>(deps: Deps, query: SQL): Promise<T[]> {
  const res = (await deps.database.db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

/** The compared columns of every table of the application (public schema), in order. */
async function comparedColumns(deps: Deps): Promise<Map<string, string[]>> {
  const columns = await rowsOf<{ table_name: string; column_name: string }>(deps, sql`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`);
  const byTable = new Map<string, string[]>();
  for (const { table_name: t, column_name: c } of columns) {
    if (IGNORED_TABLES[t] || IGNORED_COLUMNS[t]?.[c]) continue;
    byTable.set(t, [...(byTable.get(t) ?? []), c]);
  }
  return byTable;
}

const statements = new WeakMap<Deps, string>();

/** Install the change log (once per database, before any fuzzing) and prepare the fingerprint. */
export async function watchDatabase(deps: Deps): Promise<void> {
  const tables = await comparedColumns(deps);
  const ddl = [
    'create schema if not exists hostile',
    'create table if not exists hostile.changes (t text not null)',
    `create or replace function hostile.log_change() returns trigger language plpgsql as $$
      begin insert into hostile.changes (t) values (tg_table_name); return null; end $$`,
  ];
  for (const [t, cols] of tables) {
    const row = (side: string) => `row(${cols.map((c) => `${side}.${q(c)}`).join(', ')})::text`;
    const ignored = IGNORED_ROWS[t]?.where;
    const kept = (side: string) => (ignored ? `not (${ignored.replace(/\$/g, side)})` : 'true');
    ddl.push(
      `create trigger hostile_log_insert after insert on ${q(t)} for each row when (${kept('new')}) execute function hostile.log_change()`,
      `create trigger hostile_log_delete after delete on ${q(t)} for each row when (${kept('old')}) execute function hostile.log_change()`,
      `create trigger hostile_log_update after update on ${q(t)} for each row
        when (${row('old')} is distinct from ${row('new')} and (${kept('old')} or ${kept('new')})) execute function hostile.log_change()`,
    );
  }
  for (const stmt of ddl) await deps.database.db.execute(sql.raw(stmt));
  statements.set(deps, [...tables].map(([t, cols]) => `select '${t}' as t, count(*)::text || ':' || coalesce(md5(string_agg(h, '' order by h)), '') as f
    from (select md5(row(${cols.map((c) => `x.${q(c)}`).join(', ')})::text) as h from ${q(t)} x
    ${IGNORED_ROWS[t] ? `where not (${IGNORED_ROWS[t]!.where.replace(/\$/g, 'x')})` : ''}) r`).join('\nunion all\n'));
}

/**
 * The tables changed (committed) since the last call, emptying the log. Pending stamp scans are
 * written first: they are counted off the request path (stamp-scans.ts), so they belong to the
 * request that made them.
 */
export async function takeChanges(deps: Deps): Promise<string[]> {
  await flushStampScans(deps);
  const rows = await rowsOf<{ t: string }>(deps, sql.raw('delete from hostile.changes returning t'));
  return [...new Set(rows.map((r) => r.t))].sort();
}

export async function fingerprint(deps: Deps): Promise<Fingerprint> {
  await flushStampScans(deps);
  const stmt = statements.get(deps);
  if (!stmt) throw new Error('watchDatabase(deps) first');
  const out: Fingerprint = {};
  for (const row of await rowsOf<{ t: string; f: string }>(deps, sql.raw(stmt))) out[row.t] = row.f;
  return out;
}

/** Tables whose fingerprint differs (other than `except`), with their row counts before → after. */
export function changedTables(before: Fingerprint, after: Fingerprint, except: ReadonlySet<string> = new Set()): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].sort().filter((t) => !except.has(t) && before[t] !== after[t])
    .map((t) => `${t} (rows ${before[t]?.split(':')[0] ?? '-'} → ${after[t]?.split(':')[0] ?? '-'})`);
}
