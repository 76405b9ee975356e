/**
 * Issue 18, item 9: the components gallery (/_components, for developers) is no public page:
 * whatever NODE_ENV says, an anonymous visitor is sent to sign in (401 for the API's clients)
 * or finds nothing (404), other roles are refused, and only a signed-in national administrator
 * sees it (outside production, where it is not served at all).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { asUser, testApp, type TestApp } from '../helpers/app';

const NODE_ENVS = ['development', 'test', 'production'] as const;

describe.each(NODE_ENVS)('/_components with NODE_ENV=%s', (nodeEnv) => {
  let t: TestApp;
  afterAll(() => t?.close());
  const get = async (headers: Record<string, string> = {}) => {
    t ??= await testApp({ env: { NODE_ENV: nodeEnv } });
    return t.app.inject({ url: '/_components', headers });
  };

  it('refuses an anonymous visitor: to the sign-in page, 401 or 404, never the page', async () => {
    const page = await get({ accept: 'text/html' });
    expect(page.body).not.toContain('Thư viện thành phần');
    if (page.statusCode === 303) expect(page.headers.location).toBe('/login?next=%2F_components');
    else expect(page.statusCode).toBe(404);
    const api = await get();
    expect([401, 404]).toContain(api.statusCode);
  });

  it('refuses signed-in people other than a national administrator', async () => {
    await get();
    for (const role of ['producer', 'province_officer', 'buyer'] as const) {
      const u = await asUser(t.app, t.deps, { role });
      const res = await get(u.headers({ accept: 'text/html' }));
      expect({ role, status: [403, 404].includes(res.statusCode) }).toEqual({ role, status: true });
      expect(res.body).not.toContain('Thư viện thành phần giao diện');
    }
  });

  it(nodeEnv === 'production' ? 'is not served at all in production' : 'shows the gallery to a national administrator', async () => {
    await get();
    const admin = await asUser(t.app, t.deps, { role: 'national_admin' });
    const res = await get(admin.headers({ accept: 'text/html' }));
    if (nodeEnv === 'production') expect(res.statusCode).toBe(404);
    else {
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Thư viện thành phần giao diện');
    }
  });
});
