/**
 * public/app.css is one file many changes append to; a block that loses its closing brace turns
 * every rule after it into part of a media query, silently. Its braces must balance, never going
 * below zero, with comments and strings left out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/paths';

/** Line numbers where the depth went negative, and the depth at the end. */
function braceBalance(css: string): { negativeAt: number[]; end: number } {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (q) => ' '.repeat(q.length));
  let depth = 0;
  let line = 1;
  const negativeAt: number[] = [];
  for (const ch of text) {
    if (ch === '\n') line++;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth < 0) { negativeAt.push(line); depth = 0; }
  }
  return { negativeAt, end: depth };
}

describe('the stylesheet', () => {
  it('has balanced braces', () => {
    expect(braceBalance(readFileSync(join(ROOT, 'public', 'app.css'), 'utf8'))).toEqual({ negativeAt: [], end: 0 });
  });
  it('the check sees a block left open and a stray closing brace', () => {
    expect(braceBalance('@media (max-width: 1px) {\n  a { color: red; }\n/* } */ b { content: "}"; }').end).toBe(1);
    expect(braceBalance('a { }\n}').negativeAt).toEqual([2]);
  });
});
