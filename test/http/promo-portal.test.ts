/**
 * Promotion posts on the public portal (issue 16, item 4): /tin-tuc and a post's page, the Atom
 * and RSS feeds (well-formed XML, absolute links from PUBLIC_BASE_URL), the "Tin tức" sections of
 * the product, producer and province pages — served from the portal's page cache and dropped when
 * a post is published or withdrawn — stored-XSS attempts inert everywhere they show, Open Graph
 * tags and share links (percent-encoded) on public pages, and the back office's forms.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, json, testApp, type AuthedUser, type TestApp } from '../helpers/app';
import { PORTAL_NOW, seedPortalCatalogue, type PortalCatalogue } from '../helpers/portal-fixtures';
import { attrsOf, decodeHtml, fieldErrorsOf, formsOf } from '../helpers/html-forms';
import { portalRuntime } from '../../src/modules/portal/catalogue.snapshot';
import { tradeEvents } from '../../src/modules/trade/trade.tables';
import { postsTagged } from '../../src/modules/promo/promo.service';
import { PromoPostsAside } from '../../src/modules/promo/promo.view';
import { shareTargets } from '../../src/web/components/share';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { translator } from '../../src/core/i18n';
import type { View } from '../../src/web/view';

const BASE = 'https://ocop.example.vn';
let t: TestApp;
let cat: PortalCatalogue;
let thanhHoa: AuthedUser, haNoi: AuthedUser;
let urls: { product: string; producer: string; province: string };

const XSS = {
  title: 'Mật ong <script>alert(1)</script><img src=x onerror=alert(1)> "ngon"',
  summary: '"><svg onload=alert(1)> javascript:alert(1) & <b>đậm</b>',
  body: '<p>Hợp tác xã <strong>Cẩm Tú</strong>.</p><script>alert(1)</script><img src="x" onerror="alert(1)">'
    + '<a href="javascript:alert(1)">bấm</a><a href="JaVaScRiPt:alert(2)">bấm</a><iframe src="https://evil.example"></iframe>'
    + '<p style="color:red" onmouseover="alert(1)">di chuột</p><object data="x"></object><img src="https://evil.example/a.png">',
};

beforeAll(async () => {
  t = await testApp({ clock: () => PORTAL_NOW, env: { PUBLIC_BASE_URL: BASE } });
  cat = await seedPortalCatalogue(t);
  [thanhHoa, haNoi] = await Promise.all([
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: '38', login: true }),
    asUser(t.app, t.deps, { role: 'province_officer', areaCode: '01', login: true }),
  ]);
  const p = json(await t.app.inject({ url: `/api/v1/catalogue/products/${cat.ids.honeyCamThuy}` }));
  urls = { product: p.url, producer: p.producer.url, province: p.province.url };
}, 120_000);
afterAll(() => t?.close());

const page = (url: string) => t.app.inject({ url, headers: { accept: 'text/html' } });
const api = (method: 'POST' | 'PATCH', url: string, payload: object = {}) =>
  t.app.inject({ method, url, headers: thanhHoa.headers(), payload });
async function publishedPost(extra: Record<string, unknown> = {}) {
  const res = await api('POST', '/api/v1/promo/posts', {
    kind: 'news', title: 'Tin mật ong Cẩm Thủy', summary: 'Tóm tắt.', body: 'Nội dung.',
    tags: { products: [cat.ids.honeyCamThuy], producers: [urls.producer], provinces: ['38'] }, ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  const p = json(res);
  expect((await api('POST', `/api/v1/promo/posts/${p.id}/publish`)).statusCode).toBe(200);
  return p as { id: string; slug: string; url: string; title: string };
}

/**
 * No executable markup in a page: no <script> but the app's own module and JSON-LD data blocks, no
 * event-handler attribute, no javascript: address, no frame or object — in any start tag. (Our
 * markup is regular: attributes double-quoted, text and attribute values entity-escaped.)
 */
function expectInert(html: string, where: string) {
  const own = html.replace(/<script type="module" src="\/static\/app\.js\?v=\w+" defer><\/script>/g, '')
    .replace(/<script type="application\/ld\+json">[^<]*<\/script>/g, '');
  expect(own, where).not.toMatch(/<script\b/i);
  // Start tags, their attribute values (double-quoted; ">" may stand in them) read whole.
  for (const m of own.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>"'/]+(?:\s*=\s*"[^"]*")?)*)\s*\/?>/g)) {
    const tag = m[1]!.toLowerCase();
    expect(['iframe', 'object', 'embed', 'style', 'base', 'meta-refresh'], `${where}: <${tag}>`).not.toContain(tag);
    for (const [name, value] of Object.entries(attrsOf(m[2]!))) {
      expect(name, `${where}: <${tag} ${name}>`).not.toMatch(/^on/);
      if (['href', 'src', 'action', 'formaction', 'content'].includes(name)) {
        // eslint-disable-next-line no-control-regex -- a browser ignores these in a URL's scheme
        expect(value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase(), `${where}: <${tag} ${name}>`).not.toMatch(/^javascript:/);
      }
    }
  }
}

describe('stored-XSS attempts are inert wherever a post shows', () => {
  let post: { id: string; slug: string; url: string };
  beforeAll(async () => {
    // A video link with markup is refused outright; the other fields are stored (sanitised) and escaped.
    const bad = await api('POST', '/api/v1/promo/posts', { kind: 'video', title: 'x', videoUrl: 'https://www.youtube.com/watch?v="><script>alert(1)</script>' });
    expect(json(bad).error.fieldCodes.videoUrl).toBe('promo.video_url');
    post = await publishedPost({ ...XSS, kind: 'video', videoUrl: 'https://www.youtube.com/watch?v=abc&t=1' });
  });

  it('on the post\'s page, the list, the product, producer and province pages', async () => {
    for (const url of [post.url, '/tin-tuc', urls.product, urls.producer, urls.province, `/tin-tuc?product=${cat.ids.honeyCamThuy}`]) {
      const res = await page(url);
      expect(res.statusCode, url).toBe(200);
      expectInert(res.body, url);
      // The title is shown, as text.
      expect(decodeHtml(res.body), url).toContain(XSS.title);
      expect(res.body, url).toContain('Mật ong &lt;script>alert(1)&lt;/script>&lt;img src=x onerror=alert(1)>');
    }
    const body = (await page(post.url)).body;
    expect(body).toContain('<strong>Cẩm Tú</strong>');
    // The video is a link card to the clip's page, its address escaped; nothing embedded.
    expect(body).toContain('href="https://www.youtube.com/watch?v=abc&amp;t=1"');
    expect(body).toContain('Xem video trên YouTube');
  });

  it('in both feeds, which stay well-formed XML', async () => {
    for (const file of ['atom.xml', 'rss.xml']) {
      const res = await page(`/tin-tuc/${file}`);
      expect(res.statusCode).toBe(200);
      expect(XMLValidator.validate(res.body), file).toBe(true);
      expect(res.body, file).not.toMatch(/<script|<img|<iframe/i); // markup in values is escaped text
      const doc = new XMLParser({ ignoreAttributes: false, processEntities: true }).parse(res.body);
      const entries = file === 'atom.xml' ? [doc.feed.entry].flat() : [doc.rss.channel.item].flat();
      const entry = entries.find((e: { title: string | { '#text': string } }) => (typeof e.title === 'string' ? e.title : e.title['#text']).startsWith('Mật ong <script>'));
      expect(entry, file).toBeDefined();
      const html = file === 'atom.xml' ? entry.content['#text'] : entry.description;
      expectInert(html, `${file} content`);
      expect(html).not.toContain('evil.example');
      expect(html).toContain('<strong>Cẩm Tú</strong>');
    }
  });
});

describe('the feeds', () => {
  it('are Atom 1.0 and RSS 2.0 with absolute links from PUBLIC_BASE_URL, newest first, filtered by a tag', async () => {
    const p = await publishedPost({ title: 'Chè Shan tuyết lên kệ', tags: { products: [cat.ids.tea], producers: [], events: [], provinces: [] } });
    const atom = await page(`/tin-tuc/atom.xml?product=${cat.ids.tea}`);
    expect(atom.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = new XMLParser({ ignoreAttributes: false }).parse(atom.body).feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    const links = [feed.link].flat().map((l: Record<string, string>) => l['@_href']);
    expect(links).toEqual(expect.arrayContaining([`${BASE}/tin-tuc/atom.xml?product=${cat.ids.tea}`, `${BASE}/tin-tuc?product=${cat.ids.tea}`]));
    const entries = [feed.entry].flat();
    expect(entries).toHaveLength(1);
    expect(entries[0].id).toBe(`urn:uuid:${p.id}`);
    expect(entries[0].link['@_href']).toBe(`${BASE}${p.url}`);
    const rss = await page(`/tin-tuc/rss.xml?product=${cat.ids.tea}`);
    expect(rss.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(XMLValidator.validate(rss.body)).toBe(true);
    const channel = new XMLParser({ ignoreAttributes: false }).parse(rss.body).rss.channel;
    expect([channel.item].flat().map((i: { link: string }) => i.link)).toEqual([`${BASE}${p.url}`]);
    expect(channel['atom:link']['@_href']).toBe(`${BASE}/tin-tuc/rss.xml?product=${cat.ids.tea}`);
    // A filter naming nothing: a valid, empty feed.
    const none = await page('/tin-tuc/atom.xml?province=99');
    expect(XMLValidator.validate(none.body)).toBe(true);
    expect(new XMLParser().parse(none.body).feed.entry).toBeUndefined();
  });
});

describe('the product page\'s "Tin tức" follows publishing and withdrawing at once (the page cache is dropped)', () => {
  it('shows a post once published, and no more once withdrawn', async () => {
    const res = await api('POST', '/api/v1/promo/posts', { kind: 'news', title: 'Nem chua Hạc Thành ra mắt', tags: { products: [cat.ids.nem] } });
    const p = json(res);
    const nem = json(await t.app.inject({ url: `/api/v1/catalogue/products/${cat.ids.nem}` })).url as string;
    const key = `2026-07-02|vi|${BASE}|${nem}`;
    const runtime = portalRuntime(t.deps);
    const show = async () => (await page(nem)).body;
    expect(await show()).not.toContain('Nem chua Hạc Thành ra mắt');
    await show();
    expect(runtime.pages.has(key)).toBe(true); // held
    expect((await api('POST', `/api/v1/promo/posts/${p.id}/publish`)).statusCode).toBe(200);
    expect(runtime.pages.has(key)).toBe(false); // dropped with the change
    const shown = await show();
    expect(shown).toContain('id="news-section-title"');
    expect(shown).toContain(`href="${p.url}"`);
    await show();
    expect(runtime.pages.has(key)).toBe(true);
    expect((await api('POST', `/api/v1/promo/posts/${p.id}/withdraw`)).statusCode).toBe(200);
    expect(await show()).not.toContain('Nem chua Hạc Thành ra mắt');
    expect((await page(p.url)).statusCode).toBe(404);
    expect((await page('/tin-tuc/rss.xml')).body).not.toContain('Nem chua Hạc Thành ra mắt');
  });

  it('places the newest posts of an event beside it (postsTagged, PromoPostsAside)', async () => {
    const [e] = await t.deps.database.db.insert(tradeEvents).values({
      kind: 'fair', title: 'Hội chợ OCOP Thanh Hóa 2026', startsOn: '2026-08-01', endsOn: '2026-08-05', venueAddress: 'Quảng trường Lam Sơn',
      venueCommuneCode: '14797', provinceCode: '38', organiser: 'Sở Nông nghiệp', createdBy: thanhHoa.user.id, status: 'published',
    }).returning();
    const p = await publishedPost({ title: 'Gian hàng OCOP tại hội chợ', tags: { events: [`/su-kien/${e!.id}`] } });
    const found = await postsTagged(t.ctx, { kind: 'event', ref: e!.id, limit: 3 });
    expect(found.map((x) => x.id)).toEqual([p.id]);
    const view: View = { locale: 'vi', t: translator('vi'), actor: null, csrfToken: null, url: '/su-kien' };
    const html = renderToString(h(PromoPostsAside, { view, posts: found, moreHref: `/tin-tuc?event=${e!.id}` }));
    expect(html).toContain(`<a href="${p.url}">Gian hàng OCOP tại hội chợ</a>`);
    // And the post's page links back to the event, whose page has its link preview (the Layout's og tags).
    expect((await page(p.url)).body).toContain(`href="/su-kien/${e!.id}"`);
    const event = await page(`/su-kien/${e!.id}`);
    expect(event.statusCode).toBe(200);
    expect(event.body).toContain('<meta property="og:title" content="Hội chợ OCOP Thanh Hóa 2026"/>');
    expect(event.body).toContain(`<meta property="og:url" content="${BASE}/su-kien/${e!.id}"/>`);
    expect(event.body.match(/property="og:title"/g)).toHaveLength(1);
  });
});

describe('link previews and share links', () => {
  const meta = (html: string, property: string) => {
    const m = new RegExp(`<meta property="${property}" content="([^"]*)"/>`).exec(html);
    return m ? decodeHtml(m[1]!) : null;
  };
  const hrefs = (html: string, cls: string) => [...html.matchAll(new RegExp(`<a class="share-link share-link--${cls}" href="([^"]+)"`, 'g'))].map((m) => decodeHtml(m[1]!));

  it('a post: og:type article, its title, summary, absolute cover and address; share links with the address encoded', async () => {
    const p = await publishedPost({ title: 'Tin có ảnh & chia sẻ', summary: 'Tóm tắt để chia sẻ.' });
    const html = (await page(p.url)).body;
    expect(meta(html, 'og:type')).toBe('article');
    expect(meta(html, 'og:title')).toBe('Tin có ảnh & chia sẻ');
    expect(meta(html, 'og:description')).toBe('Tóm tắt để chia sẻ.');
    expect(meta(html, 'og:url')).toBe(`${BASE}${p.url}`);
    const [fb] = hrefs(html, 'facebook');
    expect(fb).toBe(`https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(`${BASE}${p.url}`)}`);
    expect(new URL(fb!).searchParams.get('u')).toBe(`${BASE}${p.url}`);
    expect(hrefs(html, 'zalo')).toEqual([shareTargets(`${BASE}${p.url}`).zalo]);
    // Exactly one of each tag (the Layout's; the portal's head adds none).
    expect(html.match(/property="og:title"/g)).toHaveLength(1);
  });

  it('the product, producer, province and list pages: og tags and share links of their own address', async () => {
    for (const url of [urls.product, urls.producer, urls.province, '/tin-tuc', '/tin-tuc?province=38&page=1']) {
      const html = (await page(url)).body;
      const own = meta(html, 'og:url')!;
      expect(own, url).toMatch(/^https:\/\/ocop\.example\.vn\//);
      expect(meta(html, 'og:title'), url).toBeTruthy();
      const [fb] = hrefs(html, 'facebook');
      expect(new URL(fb!).searchParams.get('u'), url).toBe(own);
      expect(fb, url).not.toMatch(/[?&]u=https:\/\//); // encoded, never raw
      const [zalo] = hrefs(html, 'zalo');
      expect(new URL(zalo!).searchParams.get('url'), url).toBe(own);
    }
    const withPhoto = json(await t.app.inject({ url: `/api/v1/catalogue/products/${cat.ids.honeyMeoVac}` })).url as string;
    expect(meta((await page(withPhoto)).body, 'og:image')).toMatch(/^https:\/\/ocop\.example\.vn\/anh\/san-pham\//);
  });

  it('other public pages get defaults from their title (no address: no share block)', async () => {
    const html = (await page('/login')).body;
    expect(meta(html, 'og:title')).toBe('Đăng nhập');
    expect(meta(html, 'og:type')).toBe('website');
    expect(html).not.toContain('share-block');
    // The back office has none.
    const admin = await t.app.inject({ url: '/admin/tin-tuc', headers: { cookie: thanhHoa.cookie! } });
    expect(admin.body).not.toContain('og:title');
  });
});

describe('the back office', () => {
  const post = (url: string, user: AuthedUser, fields: [string, string][]) => t.app.inject({
    method: 'POST', url, headers: { cookie: user.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams([['_csrf', user.csrf!], ...fields]).toString(),
  });

  it('writes, refuses bad input in Vietnamese, publishes; another province\'s officer gets 404', async () => {
    const list = await t.app.inject({ url: '/admin/tin-tuc', headers: { cookie: thanhHoa.cookie! } });
    expect(list.statusCode).toBe(200);
    const bad = await post('/admin/tin-tuc', thanhHoa, [['kind', 'video'], ['title', 'Video'], ['videoUrl', 'javascript:alert(1)'], ['products', 'không-phải-mã']]);
    expect(bad.statusCode).toBe(400);
    const errors = fieldErrorsOf(bad.body).map((e) => e.text);
    expect(errors).toEqual(expect.arrayContaining(['không phải địa chỉ https của một trang YouTube, Facebook, TikTok hoặc Zalo', '“không-phải-mã” không phải mã hay địa chỉ trang hợp lệ']));
    expectInert(bad.body, 'form re-rendered');
    const ok = await post('/admin/tin-tuc', thanhHoa, [['kind', 'news'], ['title', 'Bài viết từ biểu mẫu'], ['body', 'Dòng một\ndòng hai'],
      ['products', `${BASE}${urls.product}`], ['provinces', '38'], ['provinces', '01']]);
    expect(ok.statusCode, ok.body).toBe(303);
    const editUrl = ok.headers.location!.split('?')[0]!;
    const edit = await t.app.inject({ url: ok.headers.location!, headers: { cookie: thanhHoa.cookie! } });
    expect(edit.body).toContain('Đã lưu bản nháp');
    expect(edit.body).toContain('<p>Dòng một<br />dòng hai</p>');
    const forms = formsOf(edit.body).map((f) => f.action);
    expect(forms).toEqual(expect.arrayContaining([`${editUrl}/publish`, editUrl, `${editUrl}/cover`]));
    const published = await post(`${editUrl}/publish`, thanhHoa, []);
    expect(published.headers.location).toBe(`${editUrl}?done=published`);
    expect((await t.app.inject({ url: editUrl, headers: { cookie: haNoi.cookie! } })).statusCode).toBe(404);
    expect((await post(`${editUrl}/withdraw`, haNoi, [])).statusCode).toBe(404);
    // Publishing twice (a second tab): the page says why.
    const again = await post(`${editUrl}/publish`, thanhHoa, []);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Bài không ở trạng thái cho phép thao tác này');
  });

  it('says what is wrong with a cover that is not a picture', async () => {
    const ok = await post('/admin/tin-tuc', thanhHoa, [['kind', 'news'], ['title', 'Bài cần ảnh bìa']]);
    const editUrl = ok.headers.location!.split('?')[0]!;
    const boundary = '----promo';
    const body = [`--${boundary}`, 'content-disposition: form-data; name="_csrf"', '', thanhHoa.csrf!,
      `--${boundary}`, 'content-disposition: form-data; name="file"; filename="a.png"', 'content-type: image/png', '', 'not a picture', `--${boundary}--`, ''].join('\r\n');
    const res = await t.app.inject({ method: 'POST', url: `${editUrl}/cover`, headers: { cookie: thanhHoa.cookie!, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    expect(res.statusCode).toBe(415);
    expect(fieldErrorsOf(res.body).map((e) => e.text)).toContain('Tệp không phải ảnh JPEG, PNG hoặc WebP.');
  });
});
