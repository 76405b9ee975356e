import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { atomFeed, rssFeed, type Feed } from './promo.feed';
import { storedBody } from './promo.service';

const feed = (title: string, html = '<p>Xin <a href="/san-pham/x">chào</a></p>'): Feed => ({
  title: 'Tin tức OCOP', subtitle: 'Tin & bài <mới>', pageUrl: 'https://ocop.example.vn/tin-tuc', selfUrl: 'https://ocop.example.vn/tin-tuc/atom.xml',
  base: 'https://ocop.example.vn', language: 'vi', fallbackUpdated: new Date('2026-01-01T00:00:00Z'),
  entries: [{
    id: '0b8f6a9e-3c1d-4e2f-9a7b-5c6d7e8f9a0b', title, url: 'https://ocop.example.vn/tin-tuc/a?x=1&y=2', summary: '"quoted" <b>', html,
    published: new Date('2026-07-02T03:00:00Z'), updated: new Date('2026-07-03T03:00:00Z'), image: 'https://ocop.example.vn/anh/tin-tuc/a/b/full', categories: ['Mật ong & chè'],
  }],
});

describe('feeds', () => {
  const nasty = 'A <script>alert(1)</script> & "B" \u0001\u000b\uFFFE\uD800 end]]>';
  it('are well-formed whatever the texts hold, and give them back as written (less what XML cannot carry)', () => {
    for (const [xml, root] of [[atomFeed(feed(nasty)), 'feed'], [rssFeed(feed(nasty)), 'rss']] as const) {
      expect(XMLValidator.validate(xml)).toBe(true);
      const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
      const entry = root === 'feed' ? doc.feed.entry : doc.rss.channel.item;
      const title = typeof entry.title === 'string' ? entry.title : entry.title['#text'];
      expect(title).toBe('A <script>alert(1)</script> & "B"  end]]>');
    }
  });
  it('make the platform\'s links in bodies absolute', () => {
    const doc = new XMLParser({ ignoreAttributes: false }).parse(atomFeed(feed('t')));
    expect(doc.feed.entry.content['#text']).toContain('<a href="https://ocop.example.vn/san-pham/x">chào</a>');
    expect(doc.feed.updated).toBe('2026-07-03T03:00:00.000Z');
    expect(new XMLParser().parse(rssFeed({ ...feed('t'), entries: [] })).rss.channel.lastBuildDate).toBe('Thu, 01 Jan 2026 00:00:00 GMT');
  });
});

describe('the stored body', () => {
  it('makes paragraphs of typed text, keeps inline markup, escapes text that has none', () => {
    expect(storedBody('Một\ndòng hai\n\nĐoạn <strong>hai</strong>')).toBe('<p>Một<br />dòng hai</p>\n<p>Đoạn <strong>hai</strong></p>');
    expect(storedBody('giá < 100 & > 50')).toBe('<p>giá &lt; 100 &amp; &gt; 50</p>');
    expect(storedBody('<h2>Tiêu đề</h2><p>Đoạn</p>')).toBe('<h2>Tiêu đề</h2><p>Đoạn</p>');
  });
  it('keeps only the safe subset and the platform\'s own pictures', () => {
    const out = storedBody('<p onclick="x()">a<script>b</script></p><img src="//evil.example/a.png"><img src="https://evil.example/a.png"><img src="/anh/x/full" alt="">'
      + '<a href=" javascript:alert(1)">c</a><iframe src="https://www.youtube.com/embed/1"></iframe>');
    expect(out).toBe('<p>a</p><img src="/anh/x/full" alt="" /><a rel="noopener nofollow">c</a>');
  });
});
