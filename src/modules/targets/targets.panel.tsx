/**
 * The targets of an area with their progress, for the dashboard (src/modules/registry/pages/home.pages.tsx):
 * a compact card of the area's targets in force today (period includes today) with a progress
 * bar, status and forecast, and a link to /admin/targets. Null when there are none (or the
 * viewer may not read the area's targets).
 */
import type { JSX } from 'preact';
import type { Ctx } from '../../context';
import type { View } from '../../web/view';
import { Card } from '../../web/components/page';
import { SampleBadge } from '../../web/components/badges';
import { formatDateVi } from '../../domain/dates';
import type { ReportArea } from '../reports/report-scope';
import { targetsInForce } from './targets.service';
import { fmtNumber } from './targets.chart';
import { ProgressBar, TargetStatusBadge } from './targets.pages';

export async function renderTargetsPanel(ctx: Ctx, view: View, area: ReportArea, today: string): Promise<JSX.Element | null> {
  if (!ctx.actor) return null;
  const items = await targetsInForce(ctx, area, today);
  if (items.length === 0) return null;
  const { t } = view;
  return (
    <Card title={t('targets.panel.title')} actions={<a href="/admin/targets">{t('targets.panel.all')}</a>}>
      <ul class="target-panel">
        {items.map((x) => (
          <li key={x.id} class="target-panel-item">
            <div class="target-head">
              <a href={`/admin/targets/${x.id}`}><strong>{x.indicatorName}</strong></a>
              <TargetStatusBadge view={view} status={x.progress.status} />
              {x.isSample && <SampleBadge />}
            </div>
            <ProgressBar view={view} target={x} />
            <p class="muted target-panel-meta">
              {t('targets.forecastLine', { forecast: fmtNumber(view, x.progress.forecast, x.unit), percent: fmtNumber(view, x.progress.forecastPercent) })}
              {' · '}{formatDateVi(x.periodStart)} – {formatDateVi(x.periodEnd)}
            </p>
          </li>
        ))}
      </ul>
    </Card>
  );
}
