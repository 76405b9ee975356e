/**
 * The change feed (src/db/change-feed.ts): a change published in a transaction is heard by this
 * process at once and, through NOTIFY, by every subscriber on the database when (and only if)
 * the transaction commits — on PGlite and on PostgreSQL alike. Channels are kept apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { inTx, makeCtx, type Deps } from '../../src/context';
import { publishChange, subscribeChanges, type ChangeSubscription } from '../../src/db/change-feed';
import { freshDeps, type TestDeps } from '../helpers/db';

let deps: TestDeps;
beforeAll(async () => { deps = await freshDeps(); });
afterAll(() => deps?.cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await sleep(10);
}

function record(d: Deps, channel: string): { heard: (string | undefined)[]; states: string[]; sub: ChangeSubscription } {
  const heard: (string | undefined)[] = [];
  const states: string[] = [];
  const sub = subscribeChanges(d, channel, {
    changed: (p) => heard.push(p), offline: () => states.push('offline'), online: () => states.push('online'),
  });
  return { heard, states, sub };
}

describe('change feed', () => {
  it('a change is heard at once in this process, again as soon as the transaction commits, and by the notice', async () => {
    const r = record(deps, 'test_feed_a');
    await r.sub.ready;
    if (deps.database.engine === 'postgres') expect(r.states).toEqual(['offline', 'online']);
    let heardInside = -1;
    await inTx(makeCtx(deps), async (tx) => {
      await publishChange(tx, 'test_feed_a', '{"x":1}');
      heardInside = r.heard.length;
      await sleep(100);
      // Not committed yet: nothing more arrives.
      expect(r.heard).toEqual(['{"x":1}']);
    });
    expect(heardInside).toBe(1);
    // Once committed: at once in this process (before inTx returns), and by the database's notice
    // (which PGlite may deliver before inTx returns too).
    expect(r.heard.length).toBeGreaterThanOrEqual(2);
    await until(() => r.heard.length >= 3);
    expect(r.heard).toEqual(['{"x":1}', '{"x":1}', '{"x":1}']);
    await r.sub.stop();
  });

  it('a rolled back change is heard in this process only; other channels and stopped subscribers hear nothing', async () => {
    const a = record(deps, 'test_feed_b');
    const other = record(deps, 'test_feed_c');
    const stopped = record(deps, 'test_feed_b');
    await Promise.all([a.sub.ready, other.sub.ready, stopped.sub.ready]);
    await stopped.sub.stop();
    await expect(inTx(makeCtx(deps), async (tx) => {
      await publishChange(tx, 'test_feed_b', 'gone');
      throw new Error('rollback');
    })).rejects.toThrow('rollback');
    await sleep(200);
    expect(a.heard).toEqual(['gone']);
    await publishChange(makeCtx(deps), 'test_feed_b', 'kept');
    await until(() => a.heard.length >= 3);
    expect(a.heard).toEqual(['gone', 'kept', 'kept']);
    expect(other.heard).toEqual([]);
    expect(stopped.heard).toEqual([]);
    await Promise.all([a.sub.stop(), other.sub.stop()]);
  });

  it('a notice sent by another connection reaches the subscriber; another app instance hears only after the commit', async () => {
    const a = record(deps, 'test_feed_d');
    const twin: Deps = { ...deps };
    const b = record(twin, 'test_feed_d');
    await Promise.all([a.sub.ready, b.sub.ready]);
    await deps.database.db.execute(sql`select pg_notify('test_feed_d', 'raw')`);
    await until(() => a.heard.length >= 1 && b.heard.length >= 1);
    expect(a.heard).toEqual(['raw']);
    expect(b.heard).toEqual(['raw']);
    await inTx(makeCtx(deps), async (tx) => {
      await publishChange(tx, 'test_feed_d', 'mine');
      expect(a.heard).toEqual(['raw', 'mine']);
      expect(b.heard).toEqual(['raw']);
    });
    await until(() => b.heard.length >= 2 && a.heard.length >= 3);
    expect(b.heard).toEqual(['raw', 'mine']);
    await Promise.all([a.sub.stop(), b.sub.stop()]);
  });

  it('refuses channel names that are not plain identifiers', async () => {
    expect(() => subscribeChanges(deps, 'bad; drop table x', { changed: () => {} })).toThrow(/invalid channel/);
    await expect(publishChange(makeCtx(deps), 'Bad-Name', 'x')).rejects.toThrow(/invalid channel/);
  });
});
