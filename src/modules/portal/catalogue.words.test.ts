/**
 * The catalogue's word matching in memory: prefix bitsets and pg_trgm's similarity (values as
 * pg_trgm's `similarity()` gives them). test/http/catalogue-words.test.ts compares with the
 * database itself.
 */
import { describe, expect, it } from 'vitest';
import { buildWordPostings, closestWords, prefixBits, trigramSimilarity, trigramsOf } from './catalogue.words';

const positions = (bits: Uint32Array) => {
  const out: number[] = [];
  for (let i = 0; i < bits.length * 32; i++) if (bits[i >>> 5]! & (1 << (i & 31))) out.push(i);
  return out;
};

describe('prefixBits', () => {
  const list = [
    ['mat', 'ong', 'rung'], ['tra', 'xanh'], ['mat', 'tra'], [], ['ca', 'phe'], ['cam', 'ong'],
    ...Array.from({ length: 30 }, (_, i) => [`w${i}`]), ['tra', 'ong'],
  ];
  const wp = buildWordPostings(list);

  it('sets the positions where every query word starts a word', () => {
    expect(wp.size).toBe(37);
    expect(prefixBits(wp, ['ong'])).toHaveLength(2);
    expect(positions(prefixBits(wp, ['ong']))).toEqual([0, 5, 36]);
    expect(positions(prefixBits(wp, ['m']))).toEqual([0, 2]);
    expect(positions(prefixBits(wp, ['t']))).toEqual([1, 2, 36]);
    expect(positions(prefixBits(wp, ['ca']))).toEqual([4, 5]);
    expect(positions(prefixBits(wp, ['cam']))).toEqual([5]);
    expect(positions(prefixBits(wp, ['tra', 'o']))).toEqual([36]);
    expect(positions(prefixBits(wp, ['mat', 'tr']))).toEqual([2]);
    expect(positions(prefixBits(wp, ['w1']))).toEqual([7, ...Array.from({ length: 10 }, (_, i) => 16 + i)]);
    expect(positions(prefixBits(wp, ['xanhh']))).toEqual([]);
    expect(positions(prefixBits(wp, ['z']))).toEqual([]);
  });

  it('answers every position for no words, and never hands out its shared bitsets', () => {
    expect(positions(prefixBits(wp, []))).toEqual(Array.from({ length: 37 }, (_, i) => i));
    prefixBits(wp, ['t']).fill(0);
    expect(positions(prefixBits(wp, ['t']))).toEqual([1, 2, 36]);
  });

  it('counts a word once per entry and handles an empty list', () => {
    expect(positions(prefixBits(buildWordPostings([['a', 'a', 'ab']]), ['a']))).toEqual([0]);
    expect(prefixBits(buildWordPostings([]), ['a'])).toHaveLength(0);
  });
});

describe('trigrams', () => {
  it('pads each word with two spaces before and one after and keeps distinct trigrams', () => {
    expect([...trigramsOf('aaaa')].sort()).toEqual(['  a', ' aa', 'aa ', 'aaa']);
    expect([...trigramsOf('ong')].sort()).toEqual(['  o', ' on', 'ng ', 'ong']);
  });

  it('computes similarity as pg_trgm does', () => {
    // {"  o"," on",ong,"ng "} and {"  o"," on",ong,ngg,"gg "}: 3 / (4 + 5 - 3)
    expect(trigramSimilarity('ong', 'ongg')).toBe(Math.fround(0.5));
    expect(trigramSimilarity('ca', 'cay')).toBe(Math.fround(0.4));
    expect(trigramSimilarity('abcd', 'abcxyzw')).toBe(Math.fround(0.3));
    expect(trigramSimilarity('mat', 'mta')).toBe(Math.fround(1 / 7));
    expect(trigramSimilarity('aaaa', 'aaa')).toBe(1);
    expect(trigramSimilarity('a', 'b')).toBe(0);
  });
});

describe('closestWords', () => {
  const vocabulary = ['mat', 'ong', 'rung', 'tra', 'xanh', 'abcxyzw'];

  it('replaces each word by the most similar vocabulary word at 0.3 or more, else keeps it', () => {
    expect(closestWords(['ongg', 'matt', 'qqqq'], vocabulary)).toEqual(['ong', 'mat', 'qqqq']);
    // Exactly 0.3 passes (pg_trgm compares a float4 with the threshold).
    expect(closestWords(['abcd'], vocabulary)).toEqual(['abcxyzw']);
    expect(closestWords(['abcd'], vocabulary, 0.31)).toEqual(['abcd']);
  });

  it('breaks ties by the word that sorts first', () => {
    expect(closestWords(['abx'], ['abd', 'abc'])).toEqual(['abc']);
    expect(closestWords(['ab1'], ['abb', 'ab0', 'aba'])).toEqual(['ab0']);
  });

  it('keeps the words when either list is empty', () => {
    expect(closestWords([], vocabulary)).toEqual([]);
    expect(closestWords(['ongg'], [])).toEqual(['ongg']);
  });
});
