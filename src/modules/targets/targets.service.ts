/**
 * Programme targets: set per area (a province, a commune, or the whole country) and period on an
 * indicator computed from the data (indicators.ts); each answer carries the progress on today
 * (target-progress.ts: value, % achieved, linear forecast, on_track / at_risk / off_track).
 * Writes are transactions with an audit row; edits and deletes check the version (409 conflict
 * when stale); one target per area, indicator and period (409 conflict).
 */
import { inTx, type Ctx } from '../../context';
import { AppError, problem, validation, zodFieldErrors, type FieldErrors } from '../../errors';
import { addMonths, isIsoDate, todayInVietnam } from '../../domain/dates';
import { addDays, chartDays, targetProgress, type Progress } from '../../domain/target-progress';
import { t as translate } from '../../core/i18n';
import { requireActor } from '../../core/actor';
import { NONE } from '../../core/scope';
import { recordAudit } from '../audit/audit.service';
import { COUNTRY_NAME, type ReportArea } from '../reports/report-scope';
import { INDICATORS, type Indicator } from './targets.tables';
import { INDICATOR_INFO, isIndicator } from './indicators';
import { indicatorBaseline, indicatorValue } from './indicators.repository';
import {
  MAX_PERIOD_YEARS, MAX_TARGET_DATE, MIN_TARGET_DATE, TargetInputSchema, TargetPatchSchema,
  type IndicatorDto, type TargetDto, type TargetListQuery,
} from './targets.schema';
import { canManageTarget, canReadTarget, targetScope } from './targets.policy';
import * as repo from './targets.repository';

const DUPLICATE = 'a target for this area, indicator and period already exists: edit it instead';
const STALE = 'the target was changed meanwhile: reload it';

/** Field problems of a target (translated by targets.i18n.ts `field.target.*`). */
const MSG = {
  unknownIndicator: problem('target.unknown_indicator'),
  notDate: problem('target.not_date'),
  outOfRange: problem('target.date_range', { min: MIN_TARGET_DATE, max: MAX_TARGET_DATE }),
  endBeforeStart: problem('target.ends_before_start'),
  tooLong: problem('target.period_too_long', { years: MAX_PERIOD_YEARS }),
  negative: problem('target.negative'),
  notNumber: problem('target.not_number'),
  shareTooBig: problem('target.share_too_big'),
  countTooBig: problem('target.count_too_big', { max: INDICATOR_INFO.new_certified_products.max.toLocaleString('en') }),
  unknownArea: problem('target.unknown_area'),
  areaFormat: problem('target.area_format'),
} as const;

const num = (s: string | number) => Number(s);

// ---- indicators -----------------------------------------------------------------------------

export function listIndicators(): IndicatorDto[] {
  return INDICATORS.map((key) => {
    const info = INDICATOR_INFO[key];
    const both = (k: string) => ({ vi: translate('vi', k as never), en: translate('en', k as never) });
    return {
      key, kind: info.kind, unit: info.unit, max: info.max,
      name: both(`targets.ind.${key}`), unitName: both(`targets.unit.${info.unit}`), hint: both(`targets.ind.${key}.hint`),
    };
  });
}

// ---- reading --------------------------------------------------------------------------------

export function areaOfView(v: repo.TargetView): ReportArea {
  if (v.row.areaCode === null) return { code: null, name: COUNTRY_NAME, level: 'country', provinceCode: null };
  const level = v.areaLevel ?? 'province';
  return { code: v.row.areaCode, name: v.areaName ?? v.row.areaCode, level, provinceCode: level === 'province' ? v.row.areaCode : v.areaParent };
}

const today = (ctx: Ctx) => todayInVietnam(ctx.deps.clock());

/** The progress of a target on `day` (value, baseline, forecast, status). */
export async function progressOf(ctx: Ctx, row: repo.TargetRow, area: ReportArea, day: string): Promise<Progress> {
  const period = { start: row.periodStart, end: row.periodEnd };
  const [value, baseline] = await Promise.all([
    day < row.periodStart ? Promise.resolve(0) : indicatorValue(ctx, row.indicator, area, period, day),
    indicatorBaseline(ctx, row.indicator, area, row.periodStart),
  ]);
  const kind = INDICATOR_INFO[row.indicator].kind;
  return targetProgress({
    kind, periodStart: row.periodStart, periodEnd: row.periodEnd, target: num(row.targetValue),
    value: day < row.periodStart && kind === 'level' ? baseline : value, baseline, today: day,
  });
}

async function toDto(ctx: Ctx, v: repo.TargetView): Promise<TargetDto> {
  const area = areaOfView(v);
  const r = v.row;
  const manage = ctx.actor ? canManageTarget(ctx.actor, area) : false;
  const progress = await progressOf(ctx, r, area, today(ctx));
  return {
    id: r.id, area: { code: area.code, name: area.name, level: area.level }, indicator: r.indicator,
    indicatorName: translate(ctx.locale, `targets.ind.${r.indicator}` as never), unit: INDICATOR_INFO[r.indicator].unit,
    periodStart: r.periodStart, periodEnd: r.periodEnd, targetValue: num(r.targetValue), note: r.note, isSample: r.isSample,
    createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), version: r.version,
    progress, actions: { edit: manage, delete: manage },
  };
}

async function readable(ctx: Ctx, id: string): Promise<repo.TargetView> {
  const actor = requireActor(ctx);
  const v = await repo.findTarget(ctx, id);
  if (!v || !canReadTarget(actor, areaOfView(v))) throw new AppError('not_found', 'target not found');
  return v;
}

async function manageable(ctx: Ctx, id: string): Promise<repo.TargetView> {
  const v = await readable(ctx, id);
  if (!canManageTarget(requireActor(ctx), areaOfView(v))) throw new AppError('forbidden', 'only the area\'s province or a national administrator may change this target');
  return v;
}

export async function getTarget(ctx: Ctx, id: string): Promise<TargetDto> {
  return toDto(ctx, await readable(ctx, id));
}

export async function listTargets(ctx: Ctx, q: TargetListQuery) {
  const actor = requireActor(ctx);
  const filter = { area: q.area === 'national' ? null : q.area || undefined, indicator: q.indicator, year: q.year };
  const { items, total } = await repo.listTargets(ctx, targetScope(actor), filter, q.page, q.pageSize);
  return { items: await Promise.all(items.map((v) => toDto(ctx, v))), total, page: q.page, pageSize: q.pageSize };
}

/** The area's targets whose period includes `day` (for the dashboard panel), at most `limit`. */
export async function targetsInForce(ctx: Ctx, area: ReportArea, day: string, limit = 6): Promise<TargetDto[]> {
  const scope = ctx.actor ? targetScope(ctx.actor) : NONE;
  const { items } = await repo.listTargets(ctx, scope, { area: area.code, inForceOn: day }, 1, limit);
  return Promise.all(items.map((v) => toDto(ctx, v)));
}

export interface SeriesPoint { day: string; value: number; expected: number }

/** The target's value on evenly spaced days of its period up to today, and the straight line to the target. */
export async function targetSeries(ctx: Ctx, id: string): Promise<{ target: TargetDto; points: SeriesPoint[] }> {
  const v = await readable(ctx, id);
  const target = await toDto(ctx, v);
  const area = areaOfView(v);
  const r = v.row;
  const days = chartDays(r.periodStart, r.periodEnd, today(ctx));
  const baseline = target.progress.baseline;
  const totalDays = target.progress.totalDays;
  const values = await Promise.all(days.map((d) => indicatorValue(ctx, r.indicator, area, { start: r.periodStart, end: r.periodEnd }, d)));
  const points = days.map((day, i) => {
    const elapsed = Math.round((Date.parse(day) - Date.parse(r.periodStart)) / 86_400_000) + 1;
    return { day, value: values[i]!, expected: Math.round((baseline + ((target.targetValue - baseline) * elapsed) / totalDays) * 100) / 100 };
  });
  return { target, points };
}

// ---- writing --------------------------------------------------------------------------------

const rawField = (raw: unknown, key: string): unknown => (raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined);

/** Checks of a (possibly partial) target beyond its schema; adds to `fields`. */
function checkTarget(fields: FieldErrors, t: { indicator?: unknown; periodStart?: unknown; periodEnd?: unknown; targetValue?: unknown }) {
  if (t.indicator !== undefined && !isIndicator(t.indicator)) fields.indicator = MSG.unknownIndicator;
  const dates: Record<string, string | undefined> = {};
  for (const k of ['periodStart', 'periodEnd'] as const) {
    const d = t[k];
    if (d === undefined) continue;
    if (typeof d !== 'string' || !isIsoDate(d)) fields[k] = MSG.notDate;
    else if (d < MIN_TARGET_DATE || d > MAX_TARGET_DATE) fields[k] = MSG.outOfRange;
    else dates[k] = d;
  }
  const { periodStart: s, periodEnd: e } = dates;
  if (s && e) {
    if (e < s) fields.periodEnd = MSG.endBeforeStart;
    else if (e > addDays(addMonths(s, MAX_PERIOD_YEARS * 12), -1)) fields.periodEnd = MSG.tooLong;
  }
  const v = t.targetValue;
  if (v !== undefined) {
    if (typeof v !== 'number' || !Number.isFinite(v)) fields.targetValue = MSG.notNumber;
    else if (v < 0) fields.targetValue = MSG.negative;
    else if (isIndicator(t.indicator)) {
      const info = INDICATOR_INFO[t.indicator];
      if (v > info.max) fields.targetValue = info.unit === 'percent' ? MSG.shareTooBig : MSG.countTooBig;
    }
  }
}

async function resolveArea(ctx: Ctx, code: string | null, fields: FieldErrors): Promise<ReportArea | null> {
  if (code === null) return { code: null, name: COUNTRY_NAME, level: 'country', provinceCode: null };
  const a = await repo.areaOf(ctx, code);
  if (!a) { fields.areaCode = MSG.unknownArea; return null; }
  return { code: a.code, name: a.name, level: a.level, provinceCode: a.level === 'province' ? a.code : a.parentCode };
}

const isUniqueViolation = (e: unknown): boolean => {
  const err = e as { code?: string; cause?: { code?: string } } | null;
  return err?.code === '23505' || err?.cause?.code === '23505';
};

const snapshot = (r: repo.TargetRow) => ({
  areaCode: r.areaCode, indicator: r.indicator, periodStart: r.periodStart, periodEnd: r.periodEnd,
  targetValue: num(r.targetValue), note: r.note, version: r.version,
});

export async function createTarget(ctx: Ctx, raw: unknown): Promise<TargetDto> {
  const actor = requireActor(ctx);
  const parsed = TargetInputSchema.safeParse(raw);
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  if (fields.areaCode) fields.areaCode = MSG.areaFormat;
  const rawIndicator = rawField(raw, 'indicator');
  checkTarget(fields, {
    indicator: rawIndicator, periodStart: rawField(raw, 'periodStart'), periodEnd: rawField(raw, 'periodEnd'), targetValue: rawField(raw, 'targetValue'),
  });
  if (rawIndicator === undefined || rawIndicator === '') fields.indicator = MSG.unknownIndicator;
  if (!parsed.success || Object.keys(fields).length) throw validation(fields);
  const input = parsed.data;
  const area = await resolveArea(ctx, input.areaCode, fields);
  if (!area) throw validation(fields);
  if (!canManageTarget(actor, area)) throw new AppError('forbidden', 'you may set targets only for your province and its communes');
  const values = {
    areaCode: input.areaCode, indicator: input.indicator, periodStart: input.periodStart, periodEnd: input.periodEnd,
  };
  if (await repo.findDuplicate(ctx, values)) throw new AppError('conflict', DUPLICATE);
  const row = await inTx(ctx, async (tx) => {
    try {
      const r = await repo.insertTarget(tx, {
        ...values, targetValue: String(input.targetValue), note: input.note, createdBy: actor.label,
        createdAt: ctx.deps.clock(), updatedAt: ctx.deps.clock(),
      });
      await recordAudit(tx, { action: 'target.create', entityType: 'target', entityId: r.id, provinceCode: area.provinceCode, after: snapshot(r) });
      return r;
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('conflict', DUPLICATE);
      throw e;
    }
  }).catch((e: unknown) => {
    if (isUniqueViolation(e)) throw new AppError('conflict', DUPLICATE);
    throw e;
  });
  return getTarget(ctx, row.id);
}

export async function updateTarget(ctx: Ctx, id: string, raw: unknown): Promise<TargetDto> {
  const v = await manageable(ctx, id);
  const parsed = TargetPatchSchema.safeParse(raw ?? {});
  const fields: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
  const merged = {
    indicator: rawField(raw, 'indicator') ?? v.row.indicator,
    periodStart: rawField(raw, 'periodStart') ?? v.row.periodStart,
    periodEnd: rawField(raw, 'periodEnd') ?? v.row.periodEnd,
    targetValue: rawField(raw, 'targetValue') ?? num(v.row.targetValue),
  };
  checkTarget(fields, merged);
  if (!parsed.success || Object.keys(fields).length) throw validation(fields);
  const p = parsed.data;
  if (p.version !== undefined && p.version !== v.row.version) throw new AppError('conflict', STALE);
  const next = {
    indicator: (p.indicator ?? v.row.indicator) as Indicator, periodStart: p.periodStart ?? v.row.periodStart, periodEnd: p.periodEnd ?? v.row.periodEnd,
  };
  if (await repo.findDuplicate(ctx, { areaCode: v.row.areaCode, ...next }, id)) throw new AppError('conflict', DUPLICATE);
  await inTx(ctx, async (tx) => {
    const row = await repo.updateTargetIf(tx, id, v.row.version, {
      ...next, targetValue: String(p.targetValue ?? num(v.row.targetValue)), note: p.note ?? v.row.note, updatedAt: ctx.deps.clock(),
    });
    if (!row) throw new AppError('conflict', STALE);
    await recordAudit(tx, {
      action: 'target.update', entityType: 'target', entityId: id, provinceCode: areaOfView(v).provinceCode,
      before: snapshot(v.row), after: snapshot(row),
    });
  }).catch((e: unknown) => {
    if (isUniqueViolation(e)) throw new AppError('conflict', DUPLICATE);
    throw e;
  });
  return getTarget(ctx, id);
}

export async function deleteTarget(ctx: Ctx, id: string, version?: number): Promise<void> {
  const v = await manageable(ctx, id);
  if (version !== undefined && version !== v.row.version) throw new AppError('conflict', STALE);
  await inTx(ctx, async (tx) => {
    if (!(await repo.deleteTargetIf(tx, id, v.row.version))) throw new AppError('conflict', STALE);
    await recordAudit(tx, { action: 'target.delete', entityType: 'target', entityId: id, provinceCode: areaOfView(v).provinceCode, before: snapshot(v.row) });
  });
}

/** The areas a province officer may set a new target for (their province and its communes); null for everyone else. */
export async function targetAreaChoices(ctx: Ctx): Promise<{ code: string; name: string }[] | null> {
  const actor = requireActor(ctx);
  if (actor.role !== 'province_officer' || !actor.areaCode) return null;
  return repo.provinceAndCommunes(ctx, actor.areaCode);
}
