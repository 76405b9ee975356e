import { describe, expect, it } from 'vitest';
import { WorkQueue } from './work-queue';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the embedded database\'s queue of waiting work', () => {
  /** A call the test finishes by hand. */
  const gate = () => {
    let open!: () => void;
    const p = new Promise<string>((r) => { open = () => r('done'); });
    return { p, open };
  };

  it('without limits every call goes straight through', async () => {
    const q = new WorkQueue(1);
    const gates = Array.from({ length: 5 }, gate);
    const started: number[] = [];
    const runs = gates.map((g, i) => q.run(() => { started.push(i); return g.p; }));
    expect(started).toEqual([0, 1, 2, 3, 4]);
    for (const g of gates) g.open();
    expect(await Promise.all(runs)).toEqual(['done', 'done', 'done', 'done', 'done']);
  });

  it('holds calls beyond the lanes in order, refuses at once beyond max', async () => {
    const q = new WorkQueue(2);
    q.setLimits({ max: 3, waitMs: 10_000 });
    const gates = Array.from({ length: 6 }, gate);
    const started: number[] = [];
    const runs = gates.map((g, i) => q.run(() => { started.push(i); return g.p; }).catch((e: Error) => e.name));
    expect(started).toEqual([0, 1]);
    expect(q.length).toBe(3);
    expect(await runs[5]).toBe('DbBusyError');
    gates[0]!.open();
    await sleep(0);
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    expect(await Promise.all(runs)).toEqual(['done', 'done', 'done', 'done', 'done', 'DbBusyError']);
    expect(q.shed).toBe(1);
  });

  it('refuses a call that waited longer than waitMs, soon after, and never starts it', async () => {
    const q = new WorkQueue(1);
    q.setLimits({ max: 100, waitMs: 100 });
    const first = gate();
    const started: string[] = [];
    const a = q.run(() => { started.push('a'); return first.p; });
    const t0 = performance.now();
    const b = q.run(async () => { started.push('b'); return 'b'; }).catch((e: Error) => e);
    const refusedB = await b;
    expect(refusedB).toMatchObject({ name: 'DbBusyError' });
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(95);
    expect(waited).toBeLessThan(250);
    first.open();
    await a;
    expect(started).toEqual(['a']);
    // The queue is free again: the next call starts at once.
    expect(await q.run(async () => 'c')).toBe('c');
  });

  it('a failing call frees its lane', async () => {
    const q = new WorkQueue(1);
    q.setLimits({ max: 10, waitMs: 1_000 });
    await expect(q.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await q.run(async () => 'next')).toBe('next');
  });
});
