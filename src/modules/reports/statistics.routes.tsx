/**
 * /admin/statistics: the statistics report of an area on a date and over a period — a GET form
 * (so every report has a shareable address), then the tables (statistics.view.tsx); with XLSX and
 * PDF downloads of the same report (/admin/statistics/export.xlsx|pdf with the same query).
 */
import { z } from 'zod';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { requireActor } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { parseDateInput, todayInVietnam } from '../../domain/dates';
import type { FieldMessages } from '../../errors';
import { REPORT_READERS, resolveReportArea } from './report-scope';
import { checkReportDates, reportDetail } from './period.service';
import { buildReportExport, sendExport } from './report-export';
import { statisticsAreaGroups } from './statistics.service';
import { thenSections } from './then.service';
import { marketSales } from './market-sales.service';
import { tradeFigures } from './trade-figures.service';
import { traceFigures } from './trace-figures.service';
import { STATISTICS_BASE as BASE, StatisticsPage } from './statistics.view';

const Field = z.string().trim().max(32).optional().catch(undefined);
const PageQuery = z.object({ area: Field, asOf: Field, from: Field, to: Field });
type PageQueryT = z.infer<typeof PageQuery>;

/** A typed date (the date input sends YYYY-MM-DD; dd/mm/yyyy typed by hand is read too). */
const dateOf = (v: string | undefined) => (v ? parseDateInput(v) ?? v : undefined);

export function registerStatisticsPages(app: App, deps: Deps) {
  const today = () => todayInVietnam(deps.clock());
  const parse = (q: PageQueryT) => checkReportDates({ asOf: dateOf(q.asOf), from: dateOf(q.from), to: dateOf(q.to) }, today());

  app.get(BASE, { config: { access: REPORT_READERS }, schema: { hide: true, querystring: PageQuery } }, async (req, reply) => {
    const view = viewOf(req);
    const { t } = view;
    const actor = requireActor(req);
    const q = req.query;
    const area = await resolveReportArea(req.ctx, q.area);
    const checked = parse(q);
    const groups = await statisticsAreaGroups(req.ctx, actor, area);
    const errors: FieldMessages = {};
    if (checked.problems) for (const [k, p] of Object.entries(checked.problems)) errors[k] = t(`statistics.error.${p}`);
    const dates = checked.dates;
    const [report, then, sales, trade, trace] = dates
      ? await Promise.all([
        reportDetail(req.ctx, area, dates), thenSections(req.ctx, area, dates.asOf), marketSales(req.ctx, area, dates.from, dates.to),
        tradeFigures(req.ctx, area, dates.from, dates.to), traceFigures(req.ctx, area, dates.asOf),
      ])
      : [null, [], null, null, null];
    return sendPage(reply, (
      <StatisticsPage view={view} area={area} groups={groups} query={q} dates={dates} errors={errors} report={report} then={then}
        sales={sales} trade={trade} trace={trace} />
    ), report ? 200 : 400);
  });

  for (const format of ['xlsx', 'pdf'] as const) {
    app.get(`${BASE}/export.${format}`, { config: { access: REPORT_READERS }, schema: { hide: true, querystring: PageQuery } }, async (req, reply) => {
      const q = req.query;
      const area = await resolveReportArea(req.ctx, q.area);
      const checked = parse(q);
      if (checked.problems) {
        const view = viewOf(req);
        return reply.code(400).type('text/plain; charset=utf-8')
          .send(Object.values(checked.problems).map((p) => view.t(`statistics.error.${p}`)).join('\n'));
      }
      return sendExport(reply, await buildReportExport(req.ctx, area, checked.dates, format));
    });
  }
}
