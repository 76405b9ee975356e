/**
 * The change feed (src/db/change-feed.ts): a change published in a transaction is heard by this
 * process at once ("pending") and once more when it commits ("committed", or the database's
 * notice if that comes first — never both), and through NOTIFY by every other subscriber on the
 * database when (and only if) the transaction commits — on PGlite and on PostgreSQL alike.
 * Channels are kept apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { inTx, makeCtx, type Deps } from '../../src/context';
import { publishChange, subscribeChanges, type ChangePhase, type ChangeSubscription } from '../../src/db/change-feed';
import { freshDeps, type TestDeps } from '../helpers/db';

let deps: TestDeps;
beforeAll(async () => { deps = await freshDeps(); });
afterAll(() => deps?.cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await sleep(10);
}

function record(d: Deps, channel: string): { heard: (string | undefined)[]; phases: ChangePhase[]; states: string[]; sub: ChangeSubscription } {
  const heard: (string | undefined)[] = [];
  const phases: ChangePhase[] = [];
  const states: string[] = [];
  const sub = subscribeChanges(d, channel, {
    changed: (p, phase) => { heard.push(p); phases.push(phase); }, offline: () => states.push('offline'), online: () => states.push('online'),
  });
  return { heard, phases, states, sub };
}

/** Once committed, this process hears its own change once more: at the commit, or by the notice if that came first. */
const ONCE_MORE = /^(committed|notice)$/;

describe('change feed', () => {
  it('a change is heard at once in this process, and once more when the transaction commits — not again by its notice', async () => {
    const r = record(deps, 'test_feed_a');
    await r.sub.ready;
    if (deps.database.engine === 'postgres') expect(r.states).toEqual(['offline', 'online']);
    let heardInside = -1;
    await inTx(makeCtx(deps), async (tx) => {
      await publishChange(tx, 'test_feed_a', '{"x":1}');
      await publishChange(tx, 'test_feed_a', '{"x":1}'); // the same change twice: one notice
      heardInside = r.heard.length;
      await sleep(100);
      // Not committed yet: nothing more arrives.
      expect(r.phases).toEqual(['pending']);
    });
    expect(heardInside).toBe(1);
    // Committed: heard before inTx returns (PGlite may deliver its notice first: then that is it).
    expect(r.heard).toEqual(['{"x":1}', '{"x":1}']);
    expect(r.phases[1]).toMatch(ONCE_MORE);
    await sleep(300);
    expect(r.heard).toHaveLength(2);
    // And a later identical change is heard again: the first one's notice was not left waiting.
    await inTx(makeCtx(deps), async (tx) => { await publishChange(tx, 'test_feed_a', '{"x":1}'); });
    await sleep(300);
    expect(r.phases.slice(2)).toHaveLength(2);
    expect(r.phases[2]).toBe('pending');
    expect(r.phases[3]).toMatch(ONCE_MORE);
    await r.sub.stop();
  });

  it('a rolled back change is heard in this process only, as pending; other channels and stopped subscribers hear nothing', async () => {
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
    expect(a.phases).toEqual(['pending']);
    // Outside a transaction the statement commits it: heard once.
    await publishChange(makeCtx(deps), 'test_feed_b', 'kept');
    await until(() => a.heard.length >= 2);
    await sleep(300);
    expect(a.heard).toEqual(['gone', 'kept']);
    expect(a.phases[1]).toMatch(ONCE_MORE);
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
    expect(b.phases).toEqual(['notice']);
    await inTx(makeCtx(deps), async (tx) => {
      await publishChange(tx, 'test_feed_d', 'mine');
      expect(a.heard).toEqual(['raw', 'mine']);
      expect(b.heard).toEqual(['raw']);
    });
    await until(() => b.heard.length >= 2);
    await sleep(200);
    expect(b.heard).toEqual(['raw', 'mine']);
    expect(b.phases).toEqual(['notice', 'notice']);
    expect(a.heard).toEqual(['raw', 'mine', 'mine']);
    await Promise.all([a.sub.stop(), b.sub.stop()]);
  });

  it('refuses channel names that are not plain identifiers', async () => {
    expect(() => subscribeChanges(deps, 'bad; drop table x', { changed: () => {} })).toThrow(/invalid channel/);
    await expect(publishChange(makeCtx(deps), 'Bad-Name', 'x')).rejects.toThrow(/invalid channel/);
  });
});
