/**
 * Programme reports API: the summary of api.md, the detail behind the statistics page (figures
 * on a date, the period's changes and the evaluation pipeline) and its XLSX/PDF export. The
 * statistics pages are registered here too (statistics.routes.tsx).
 */
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { errorResponses } from '../../web/api-schemas';
import { todayInVietnam } from '../../domain/dates';
import { REPORT_READERS, resolveReportArea } from './report-scope';
import {
  ReportDetailSchema, ReportExportQuerySchema, ReportQuerySchema, SummaryUnitsQuerySchema, SummarySchema,
} from './reports.schema';
import { summary } from './summary.service';
import { summaryThen } from './then.service';
import { beforeReform } from '../../domain/admin-units';
import { reportDates, reportDetail } from './period.service';
import { buildReportExport, sendExport } from './report-export';
import { registerStatisticsPages } from './statistics.routes';

const tags = ['reports'];

export function registerReportsRoutes(app: App, deps: Deps) {
  app.get('/api/v1/reports/summary', {
    config: { access: REPORT_READERS },
    schema: {
      tags,
      summary: 'Certified products, producers and communes of an area on a date, counted from the certificates valid that day '
        + '(issued on or before it, not yet expired, not revoked or superseded by then). Unknown area → 404; outside the caller\'s scope → 403',
      querystring: SummaryUnitsQuerySchema,
      response: { 200: SummarySchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => {
    const asOf = req.query.asOf ?? todayInVietnam(deps.clock());
    if (req.query.units === 'then' && beforeReform(asOf)) return summaryThen(req.ctx, req.query.area, asOf);
    const area = await resolveReportArea(req.ctx, req.query.area);
    return summary(req.ctx, area, asOf);
  });

  app.get('/api/v1/reports/detail', {
    config: { access: REPORT_READERS },
    schema: {
      tags,
      summary: 'The statistics report of an area: the summary on `asOf` with its breakdowns (product group and set, commune, old district), '
        + 'the certificates new, upgraded, reissued, expired and revoked in the period [from, to], and the evaluation pipeline of the period. '
        + 'from ≤ to, at most 10 years; unknown area → 404; outside the caller\'s scope → 403',
      querystring: ReportQuerySchema,
      response: { 200: ReportDetailSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => {
    const dates = reportDates(req.query, todayInVietnam(deps.clock()));
    const area = await resolveReportArea(req.ctx, req.query.area);
    return reportDetail(req.ctx, area, dates);
  });

  app.get('/api/v1/reports/export', {
    config: { access: REPORT_READERS },
    schema: {
      tags,
      summary: 'The statistics report as a file: `format=xlsx` (one sheet per table and the list of products certified on asOf) or '
        + '`format=pdf` (print-ready A4). The file is built whole before it is sent (Content-Length set); a failure answers an error status',
      querystring: ReportExportQuerySchema,
      response: errorResponses(400, 401, 403, 404),
    },
  }, async (req, reply) => {
    const dates = reportDates(req.query, todayInVietnam(deps.clock()));
    const area = await resolveReportArea(req.ctx, req.query.area);
    return sendExport(reply, await buildReportExport(req.ctx, area, dates, req.query.format));
  });

  registerStatisticsPages(app, deps);
}
