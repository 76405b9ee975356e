import { afterEach, describe, expect, it } from 'vitest';
import { DbDownError } from './availability';
import { DbHealth, PROBE_MS, type HealthChange } from './health';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED', syscall: 'connect' });

describe('a connection\'s breaker (one event per change of state)', () => {
  let health: DbHealth;
  afterEach(() => health?.close());

  function setUp() {
    health = new DbHealth();
    let serverUp = true;
    let probes = 0;
    const breaker = health.breaker('primary', async () => { probes++; if (!serverUp) throw refused(); });
    const changes: HealthChange[] = [];
    health.onChange((c) => changes.push(c));
    return { breaker, changes, probes: () => probes, set: (up: boolean) => { serverUp = up; } };
  }

  it('one failed query with the server still there is no outage: one probe, no event, nothing refused', async () => {
    const s = setUp();
    s.breaker.failed(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
    await sleep(20);
    expect([s.probes(), s.changes.length, s.breaker.down, health.down]).toEqual([1, 0, false, false]);
  });

  it('errors that say nothing about availability do not even probe', async () => {
    const s = setUp();
    s.breaker.failed(Object.assign(new Error('duplicate key'), { code: '23505' }));
    s.breaker.failed(new TypeError('bug'));
    await sleep(20);
    expect(s.probes()).toBe(0);
  });

  it('down once however many failures, probed until back, up once with how long it lasted', async () => {
    const s = setUp();
    s.set(false);
    for (let i = 0; i < 50; i++) s.breaker.failed(refused());
    await sleep(20);
    expect(s.breaker.down).toBe(true);
    expect(health.primaryDown).toBe(true);
    expect(s.breaker.refusal()).toBeInstanceOf(DbDownError);
    expect(s.changes).toEqual([{ source: 'primary', up: false, reason: 'connect ECONNREFUSED 127.0.0.1:5433', downMs: 0 }]);
    for (let i = 0; i < 50; i++) s.breaker.failed(refused());
    await sleep(PROBE_MS * 3);
    expect(s.probes()).toBeGreaterThanOrEqual(3);
    const back = performance.now();
    s.set(true);
    while (s.breaker.down && performance.now() - back < 2_000) await sleep(5);
    // Back within one probe interval (plus scheduling), by itself: nothing asked for it.
    expect(performance.now() - back).toBeLessThan(PROBE_MS + 150);
    expect(s.changes).toHaveLength(2);
    expect(s.changes[1]).toMatchObject({ source: 'primary', up: true });
    expect(s.changes[1]!.downMs).toBeGreaterThanOrEqual(PROBE_MS * 3);
    const probes = s.probes();
    await sleep(PROBE_MS * 2);
    expect(s.probes()).toBe(probes); // no probing once up
  });

  it('a query that succeeds anywhere closes it at once', async () => {
    const s = setUp();
    s.set(false);
    s.breaker.failed(refused());
    await sleep(20);
    expect(s.breaker.down).toBe(true);
    s.breaker.succeeded();
    expect(s.breaker.down).toBe(false);
    expect(s.changes.map((c) => c.up)).toEqual([false, true]);
  });

  it('closed (shutting down): no probe, no event', async () => {
    const s = setUp();
    s.set(false);
    health.close();
    s.breaker.failed(refused());
    await sleep(20);
    expect([s.probes(), s.changes.length]).toEqual([0, 0]);
  });
});
