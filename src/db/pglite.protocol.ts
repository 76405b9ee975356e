/**
 * What the embedded database's thread (pglite.worker.ts) and the app's thread (embedded.ts) say
 * to each other (docs/decisions/034). Every request carries an id; the answer carries it back.
 * Data crosses by structured clone; a dump's bytes are transferred.
 */
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGlite } from '@electric-sql/pglite';

export const PGLITE_EXTENSIONS = { unaccent, pg_trgm };

/**
 * The embedded engine's buffer pool lives in the process's own memory and never shrinks; its
 * data files are read through the operating system's page cache anyway. 32 MB instead of
 * PostgreSQL's 128 MB keeps a process serving the national dataset under its memory budget
 * (issue 14: ≤ 400 MB) at no measurable cost to the hot paths, which read from memory.
 */
export const PGLITE_START = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

/** How the thread opens its database: a data directory, or in memory from a dump (tests). */
export interface Opening { dataDir?: string | undefined; loadDataDir?: ArrayBuffer | undefined }

/** `tx` 0: outside any transaction. `keepText`: type OIDs returned as PostgreSQL's text (drizzle's parsers). */
export type Request =
  | { id: number; op: 'query'; tx: number; text: string; params: unknown[]; rowMode: 'object' | 'array'; keepText: number[] }
  | { id: number; op: 'exec'; tx: number; text: string }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'listen'; channel: string }
  | { id: number; op: 'unlisten'; channel: string }
  | { id: number; op: 'dump'; compression: 'none' | 'gzip' | 'auto' }
  | { id: number; op: 'close' };

/** A database error's own fields (code, detail, constraint…) travel with its message. */
export interface ErrorFields { name: string; message: string; fields: Record<string, string | number | boolean> }

export type Message =
  | { ready: true }
  | { failed: ErrorFields }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: ErrorFields }
  | { channel: string; payload: string };

export function errorFields(e: unknown): ErrorFields {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e), fields: {} };
  const fields: ErrorFields['fields'] = {};
  for (const [k, v] of Object.entries(e)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields[k] = v;
  }
  return { name: e.name, message: e.message, fields };
}

export function errorFrom(f: ErrorFields): Error {
  const e = new Error(f.message);
  e.name = f.name;
  Object.assign(e, f.fields);
  return e;
}
