/**
 * The targets of an area with their progress, for the dashboard (src/modules/dashboard/home.routes.tsx):
 * the area's targets in force today (period includes today) as the card TargetsPanel
 * (targets.pages.tsx) draws them. Null when there are none (or the viewer may not read the
 * area's targets).
 */
import type { JSX } from 'preact';
import type { Ctx } from '../../context';
import type { View } from '../../web/view';
import type { ReportArea } from '../reports/report-scope';
import { targetsInForce } from './targets.service';
import { TargetsPanel } from './targets.pages';

export async function renderTargetsPanel(ctx: Ctx, view: View, area: ReportArea, today: string): Promise<JSX.Element | null> {
  if (!ctx.actor) return null;
  const items = await targetsInForce(ctx, area, today);
  if (items.length === 0) return null;
  return <TargetsPanel view={view} items={items} />;
}
