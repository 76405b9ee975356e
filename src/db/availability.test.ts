import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import pg from 'pg';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { DbBusyError, DbDownError, dbTrouble, describeDbError } from './availability';

/** A SQLSTATE error as node-postgres builds it from the server's message. */
const sqlError = (code: string, message = 'x') => Object.assign(new pg.DatabaseError(message, 0, 'error'), { code });

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('dbTrouble: "the database cannot answer now", for both engines', () => {
  it('a refused connection, as node-postgres reports it, is down — also wrapped by drizzle', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: await closedPort(), connectionTimeoutMillis: 2_000 });
    const refused = await client.connect().then(() => null, (e: unknown) => e);
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED');
    expect(dbTrouble(refused)).toBe('down');
    expect(dbTrouble(new DrizzleQueryError('select 1', [], refused as Error))).toBe('down');
  });

  it('a server that closes the connection mid-way is down', async () => {
    // Accepts, then hangs up at once: what a PostgreSQL stopped with `-m immediate` does to its clients.
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const client = new pg.Client({ host: '127.0.0.1', port: (server.address() as { port: number }).port, connectionTimeoutMillis: 2_000 });
      client.on('error', () => {});
      const ended = await client.connect().then(() => null, (e: unknown) => e);
      expect(ended).toBeInstanceOf(Error);
      expect(dbTrouble(ended)).toBe('down');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection because of crash of another server process'],
    ['57P03', 'the database system is starting up'],
    ['08006', 'connection failure'],
    ['08001', 'could not establish connection'],
    ['08P01', 'protocol violation'],
  ])('SQLSTATE %s (%s) is down', (code, message) => {
    expect(dbTrouble(sqlError(code, message))).toBe('down');
  });

  it.each([['53300', 'sorry, too many clients already'], ['53100', 'could not extend file: No space left on device']])(
    'SQLSTATE %s (%s) is busy: answered 503, but no outage', (code, message) => {
      expect(dbTrouble(sqlError(code, message))).toBe('busy');
    },
  );

  it.each([
    ['Connection terminated unexpectedly'],
    ['Connection terminated'],
    ['Connection terminated due to connection timeout'],
    ['Client has encountered a connection error and is not queryable'],
    ['Client was closed and is not queryable'],
    ['Cannot use a pool after calling end on the pool'],
    ['embedded database is closed'],
    ['embedded database: its thread stopped (exit code 1)'],
  ])('"%s" (no code) is down', (message) => {
    expect(dbTrouble(new Error(message))).toBe('down');
  });

  it('pg-pool\'s wait for a free connection and our own refusals are busy; DbDownError is down', () => {
    expect(dbTrouble(new Error('timeout exceeded when trying to connect'))).toBe('busy');
    expect(dbTrouble(new DbBusyError('full'))).toBe('busy');
    expect(dbTrouble(new DbDownError('away'))).toBe('down');
  });

  it('every address of a host name refused (AggregateError) is down', () => {
    const each = [Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED', syscall: 'connect' })];
    expect(dbTrouble(new AggregateError(each, ''))).toBe('down');
  });

  it('errors of the statement or the data, files and our own code are no trouble of availability', async () => {
    expect(dbTrouble(sqlError('23505', 'duplicate key value violates unique constraint'))).toBeNull();
    expect(dbTrouble(sqlError('22P02', 'invalid input syntax for type uuid'))).toBeNull();
    expect(dbTrouble(sqlError('57014', 'canceling statement due to statement timeout'))).toBeNull();
    expect(dbTrouble(new DrizzleQueryError('insert …', [], sqlError('23503')))).toBeNull();
    const missing = await readFile('/nonexistent/upload.jpg').then(() => null, (e: unknown) => e);
    expect((missing as { code?: string }).code).toBe('ENOENT');
    expect(dbTrouble(missing)).toBeNull();
    expect(dbTrouble(new TypeError('x is undefined'))).toBeNull();
    expect(dbTrouble(null)).toBeNull();
    expect(dbTrouble('ECONNREFUSED')).toBeNull();
  });

  it('a cycle of causes ends', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(dbTrouble(a)).toBeNull();
  });

  it('describes an error in one line without its stack', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' });
    expect(describeDbError(new DbDownError('could not connect', { cause: refused }))).toBe('connect ECONNREFUSED 127.0.0.1:5433');
    expect(describeDbError(sqlError('57P01', 'terminating connection due to administrator command'))).toBe('terminating connection due to administrator command (57P01)');
    expect(describeDbError(new Error('line one\n    at stack'))).toBe('line one');
  });
});
