import { describe, expect, it } from 'vitest';
import { renderToString } from 'preact-render-to-string';
import { shareTargets, ShareLinks } from './share';

describe('share links', () => {
  it('carry the page\'s address percent-encoded, one parameter each', () => {
    const url = 'https://ocop.example.vn/tin-tuc?province=38&page=2#x';
    const to = shareTargets(url);
    expect(to.facebook).toBe('https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Focop.example.vn%2Ftin-tuc%3Fprovince%3D38%26page%3D2%23x');
    expect(new URL(to.facebook).searchParams.get('u')).toBe(url);
    expect(new URL(to.zalo).searchParams.get('url')).toBe(url);
    expect([...new URL(to.zalo).searchParams.keys()]).toEqual(['url']);
  });

  it('render as plain links and the address to copy, no script or frame', () => {
    const html = renderToString(<ShareLinks url={'https://ocop.example.vn/a"><script>'} />);
    expect(html).not.toMatch(/<script|<iframe/);
    expect(html).toContain('href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Focop.example.vn%2Fa%22%3E%3Cscript%3E"');
    expect(html).toContain('value="https://ocop.example.vn/a&quot;>&lt;script>"');
  });
});
