import { describe, expect, it } from 'vitest';
import { richTextToPlain, sanitizeRichText } from './rich-text';

describe('rich text', () => {
  it('keeps the safe subset', () => {
    const html = '<h2>Mật ong</h2><p><strong>4 sao</strong> <a href="https://ocop.gov.vn/x">xem</a></p><ul><li>a</li></ul>';
    expect(sanitizeRichText(html)).toBe('<h2>Mật ong</h2><p><strong>4 sao</strong> <a href="https://ocop.gov.vn/x" rel="noopener nofollow">xem</a></p><ul><li>a</li></ul>');
  });

  it.each([
    ['<script>alert(1)</script><p>ok</p>', '<p>ok</p>'],
    ['<img src=x onerror=alert(1)>', '<img src="x" />'],
    ['<a href="javascript:alert(1)">x</a>', '<a rel="noopener nofollow">x</a>'],
    ['<a href="JaVaScRiPt:alert(1)">x</a>', '<a rel="noopener nofollow">x</a>'],
    ['<p style="background:url(javascript:x)" onclick="x()">y</p>', '<p>y</p>'],
    ['<iframe src="https://evil.example"></iframe><p>z</p>', '<p>z</p>'],
    ['<svg><script>alert(1)</script></svg>', ''],
    ['<img src="data:image/png;base64,AAAA">', '<img />'],
    ['<a href="//evil.example">x</a>', '<a rel="noopener nofollow">x</a>'],
    ['<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', ''],
  ])('removes what could run: %s', (input, expected) => {
    const out = sanitizeRichText(input);
    expect(out).not.toMatch(/<script|onerror|onclick|javascript:|<iframe|<style|data:/i);
    if (expected !== '') expect(out).toBe(expected);
  });

  it('a relative image is kept, an http one is not', () => {
    expect(sanitizeRichText('<img src="http://x.example/a.jpg" alt="a">')).toBe('<img alt="a" />');
  });

  it('plain text of a body', () => {
    expect(richTextToPlain('<p>Mật <b>ong</b></p>\n<p>rừng</p><script>x</script>')).toBe('Mật ong rừng');
  });
});
