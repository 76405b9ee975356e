import { afterEach, describe, expect, it } from 'vitest';
import { backoffMs, changedCount, clearDraft, draftKey, readDraft, sameAnswers, writeDraft } from './sheet-draft';

/** A Map-backed localStorage for the node test environment. */
function fakeStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() { return m.size; },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => { m.delete(k); },
    setItem: (k, v) => { m.set(k, String(v)); },
  };
}

describe('the scoring form draft kept in the browser', () => {
  const g = globalThis as { localStorage?: Storage };
  afterEach(() => { delete g.localStorage; });

  it('backs off 1 s, 2 s, 4 s … and never waits more than 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('counts the fields that differ from what the server holds', () => {
    expect(changedCount({ 'option:A.1': 'A.1.o1', 'option:A.2': 'A.2.o2' }, { 'option:A.1': 'A.1.o1' })).toBe(1);
    expect(changedCount({ 'option:A.1': 'A.1.o2' }, { 'option:A.1': 'A.1.o1', 'knockOut:A.3': '1' })).toBe(2);
    expect(changedCount({}, {})).toBe(0);
  });

  it('compares answers whatever their order', () => {
    expect(sameAnswers({ options: ['b', 'a'], knockOuts: [], left: [] }, { options: ['a', 'b'], knockOuts: [], left: [] })).toBe(true);
    expect(sameAnswers({ options: ['a'], knockOuts: [], left: [] }, { options: ['a'], knockOuts: ['k'], left: [] })).toBe(false);
  });

  it('stores one draft per sheet, reads it back and clears it; bad or missing storage is harmless', () => {
    expect(readDraft('/x/autosave')).toBeNull();
    writeDraft('/x/autosave', { answers: { options: ['a'], knockOuts: [], left: [] }, baseVersion: 1, savedAt: 5 });
    g.localStorage = fakeStorage();
    writeDraft('/x/autosave', { answers: { options: ['a'], knockOuts: [], left: ['c'] }, baseVersion: 3, savedAt: 5 });
    expect(readDraft('/x/autosave')).toEqual({ answers: { options: ['a'], knockOuts: [], left: ['c'] }, baseVersion: 3, savedAt: 5 });
    expect(readDraft('/y/autosave')).toBeNull();
    g.localStorage.setItem(draftKey('/y/autosave'), '{"answers":{"options":[1]},"baseVersion":1}');
    expect(readDraft('/y/autosave')).toBeNull();
    g.localStorage.setItem(draftKey('/y/autosave'), 'not json');
    expect(readDraft('/y/autosave')).toBeNull();
    clearDraft('/x/autosave');
    expect(readDraft('/x/autosave')).toBeNull();
  });
});
