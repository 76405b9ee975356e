/**
 * The fields of the HTML form routes (hidden from the OpenAPI document, so their fields are not
 * declared anywhere the suite can read): read from the forms the pages render. Each page route is
 * fetched once with real ids, by the first caller it lets in (most privileged first), and every
 * `<form method="post">` found is matched to its route. A form no page shows gets the vocabulary
 * of every field seen.
 */
import { routesOf } from '../../src/app';
import { formsOf, type FormField } from './html-forms';
import { admits, hash32, type Operation } from './hostile-openapi';
import type { HostileWorld } from './hostile-seed';
import { kindOf } from './hostile-values';

const ORDER = ['national_admin', 'province_officer', 'commune_officer', 'producer', 'inspector', 'council_member', 'buyer', null];
/** Pages that are not pages: files, images, feeds, exports, the sign-out. */
const NOT_A_PAGE = /\.(csv|xlsx|pdf|png|svg|xml|json|webp|jpe?g|txt|zip)$|\/(anh|media|static|api)\/|\/logout|\/export|\/tai-ve|\/in-tem|\*/;

export interface FormFields { of(op: Operation): readonly FormField[]; pages: number; matched: number; unmatched: string[] }

export async function discoverForms(world: HostileWorld, ops: readonly Operation[]): Promise<FormFields> {
  const matchers = ops.map((op) => ({ op, re: new RegExp(`^${op.url.replace(/:(\w+)/g, '[^/?#]+')}$`) }));
  const found = new Map<string, Map<string, FormField>>();
  const vocabulary = new Map<string, FormField>();
  let pages = 0;
  const pageRoutes = routesOf(world.app).filter((r) => r.method === 'GET' && r.hidden && !NOT_A_PAGE.test(r.url));
  const read = (html: string, url: string) => {
    for (const form of formsOf(html).filter((f) => f.method === 'post')) {
      const action = (form.action || url).split('?')[0]!;
      const hit = matchers.find((m) => m.re.test(action));
      for (const f of form.fields) vocabulary.set(f.name, f);
      if (!hit) continue;
      const fields = found.get(hit.op.key) ?? new Map<string, FormField>();
      for (const f of form.fields) fields.set(f.name, f);
      found.set(hit.op.key, fields);
    }
  };
  for (const route of pageRoutes) {
    const segments = route.url.split('/');
    // Two addresses for a page of one parameter (the first and the last row of its pool), one otherwise.
    for (const pick of (route.url.match(/:/g) ?? []).length === 1 ? [0, -1] : [0]) {
      let url = route.url;
      let complete = true;
      for (const m of route.url.matchAll(/:(\w+)/g)) {
        const before = segments[segments.indexOf(m[0]) - 1] ?? '';
        const value = world.pools[kindOf(m[1]!, before) ?? '']?.at(pick);
        if (!value) complete = false;
        url = url.replace(m[0], encodeURIComponent(value ?? ''));
      }
      if (!complete) continue;
      // Each caller the page lets in: roles see different forms (a producer's, an officer's).
      for (const role of ORDER) {
        const actor = world.actors.find((a) => a.role === role);
        if (!actor || !admits(route.access, actor.role)) continue;
        const res = await world.app.inject({
          url, headers: { accept: 'text/html', ...(actor.user?.cookie ? { cookie: actor.user.cookie } : {}) }, remoteAddress: '10.77.253.1',
        });
        pages++;
        if (res.statusCode === 200 && String(res.headers['content-type']).includes('html')) read(res.body, url);
      }
    }
  }
  // A form no page showed: a dozen of the names seen anywhere, chosen by the route.
  const all = [...vocabulary.values()];
  const some = (op: Operation) => all.filter((f) => hash32(`${op.key}:${f.name}`) % Math.max(1, Math.ceil(all.length / 12)) === 0);
  return { of: (op) => [...(found.get(op.key)?.values() ?? some(op))], pages, matched: found.size, unmatched: ops.filter((o) => !found.has(o.key)).map((o) => o.key) };
}
