/** /admin/areas: reads the areas and the successors of an old area searched for; the view draws them. */
import { z } from 'zod';
import type { App } from '../../../web/http';
import { sendPage } from '../../../web/render';
import { viewOf } from '../../../web/view';
import { listAreas, findSuccessors } from '../area.service';
import { AreasPage, type OldArea } from './areas.view';

const AreaQuery = z.object({
  q: z.string().max(200).optional(),
  level: z.enum(['province', 'commune']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

const PAGE_SIZE = 50;

export function registerAreaPages(app: App) {
  app.get('/admin/areas', {
    config: { access: ['national_admin', 'province_officer', 'commune_officer', 'inspector', 'council_member'] },
    schema: { hide: true, querystring: AreaQuery },
  }, async (req, reply) => {
    const q = req.query;
    const [r, successors] = await Promise.all([
      listAreas(req.ctx, { q: q.q, level: q.level, limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE }),
      q.q ? findSuccessors(req.ctx, q.q) : Promise.resolve([]),
    ]);
    const byOld = new Map<string, OldArea>();
    for (const s of successors) {
      const key = `${s.old_level}:${s.old_code}`;
      const entry = byOld.get(key) ?? { name: s.old_name, code: s.old_code, names: [] };
      entry.names.push(`${s.name} (${s.code})`);
      byOld.set(key, entry);
    }
    return sendPage(reply, <AreasPage view={viewOf(req)} query={q} items={r.items} total={r.total} pageSize={PAGE_SIZE} oldAreas={[...byOld.values()]} />);
  });
}
