/**
 * Reading lots: the API's lot (api.md "Traceability": public fields for everyone, evidence and
 * documents for those who keep the lot), the back office's lists, and the public trace of a lot —
 * its journey back through every lot it was made from (the timeline and the communes on the way),
 * their inputs and lab results, and any open recall of it or of a lot upstream.
 */
import type { Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import { certificateStatusOn, lastValidDay, type CertificateStatus } from '../../domain/certificate';
import { todayInVietnam } from '../../domain/dates';
import { certificateVerifyUrl } from '../../domain/decision';
import { isUuid } from '../../domain/ids';
import { parseTraceCode, remainingOf } from '../../domain/trace';
import { notFound, validation, zodFieldErrors } from '../../errors';
import * as repo from './trace.repository';
import * as events from './trace-events.repository';
import { canRecall, canReadLot, canWriteLot, traceScope } from './trace.policy';
import { located } from './lots.service';
import { recallDto } from './recalls.service';
import {
  LotListQuerySchema, type LabResultDto, type LotDto, type LotInputDto, type LotRef, type LotSummaryDto, type RecallDto, type TraceEventDto,
} from './trace.schema';

export const tracePath = (code: string) => `/truy-xuat/${code}`;
export const digitalLinkPath = (gtin: string, lotNumber: string) => `/01/${gtin}/10/${encodeURIComponent(lotNumber)}`;
export const filePath = (kind: 'lab' | 'input' | 'evidence', id: string) => `/api/v1/trace/files/${kind}/${id}`;
export const lotAdminPath = (id: string) => `/admin/truy-xuat/lo/${id}`;

const lotRef = (l: repo.LotView): LotRef => ({ id: l.id, lotNumber: l.lotNumber, traceCode: l.traceCode, productName: l.productName, producerName: l.producerName });

function eventDtos(rowsIn: { events: events.EventRow[]; lots: events.EventLotRow[] }, keeper: boolean): TraceEventDto[] {
  const byEvent = new Map<string, events.EventLotRow[]>();
  for (const l of rowsIn.lots) byEvent.set(l.event_id, [...(byEvent.get(l.event_id) ?? []), l]);
  return rowsIn.events.map((e) => ({
    id: e.id, kind: e.kind, occurredAt: e.occurred_at.toISOString(), communeCode: e.commune_code, communeName: e.commune_name, provinceName: e.province_name,
    facility: e.facility, actor: e.actor, note: e.note, counterparty: e.counterparty, container: e.container, labResultId: e.lab_result_id,
    correctsId: e.corrects_id, correctedBy: e.corrected_by,
    lots: (byEvent.get(e.id) ?? []).map((l) => ({ id: l.lot_id, lotNumber: l.lot_number, traceCode: l.trace_code, productName: l.product_name, role: l.role, quantity: l.quantity, unit: l.unit })),
    evidence: keeper && e.evidence_key ? { url: filePath('evidence', e.id), name: e.evidence_name ?? 'evidence' } : null,
    recordedAt: e.recorded_at.toISOString(),
  }));
}

const inputDto = (i: repo.InputView, keeper: boolean): LotInputDto => ({
  id: i.id, material: i.material, sourceKind: i.sourceKind,
  supplier: i.sourceKind === 'producer'
    ? { name: i.supplierName ?? '', communeName: i.supplierCommuneName, provinceName: i.supplierProvinceName, url: null }
    : i.sourceKind === 'area'
      ? { name: i.area?.name ?? '', communeName: i.area?.communeName ?? null, provinceName: i.area?.provinceName ?? null, url: null }
      : { name: i.supplierText ?? '', communeName: null, provinceName: null, url: null },
  area: i.area ? { id: i.area.id, name: i.area.name, crop: i.area.crop, hectares: i.area.hectares, certification: i.area.certification } : null,
  quantity: i.quantity, unit: i.unit, receivedOn: i.receivedOn,
  document: keeper && i.documentKey ? { url: filePath('input', i.id), name: i.documentName ?? 'document' } : null,
});

const labDto = (l: repo.LabRecord): LabResultDto => ({
  id: l.id, laboratory: l.laboratory, reportNumber: l.reportNumber, testedOn: l.testedOn, passed: l.passed, indicators: l.indicators,
  report: l.reportKey ? { url: filePath('lab', l.id), name: l.reportName ?? 'report.pdf' } : null,
});

/** The API's lot: public fields for everyone; evidence, documents and actions for those who keep it. */
export async function lotDto(ctx: Ctx, lot: repo.LotView): Promise<LotDto> {
  const keeper = canReadLot(ctx.actor, located(lot));
  const [up, down] = await Promise.all([events.lineage(ctx, [lot.id], 'up'), events.lineage(ctx, [lot.id], 'down', 1)]);
  const related = await repo.lotsByIds(ctx, [...up.filter((u) => u.depth === 1), ...down].map((x) => x.lot_id));
  const byId = new Map(related.map((l) => [l.id, l]));
  const [evs, inputs, labs, recalls, consumed] = await Promise.all([
    events.eventsOfLots(ctx, [lot.id]), repo.inputsOf(ctx, [lot.id]), repo.labResultsOf(ctx, [lot.id]),
    events.recallsOfLots(ctx, [lot.id, ...up.map((u) => u.lot_id)], true), events.consumedOf(ctx, [lot.id]),
  ]);
  return {
    id: lot.id, lotNumber: lot.lotNumber, traceCode: lot.traceCode,
    product: { id: lot.productId, name: lot.productName, gtin: lot.gtin }, producer: { id: lot.producerId, name: lot.producerName },
    producedOn: lot.producedOn, expiresOn: lot.expiresOn, quantity: lot.quantity, unit: lot.unit, facility: lot.facility,
    communeCode: lot.communeCode, communeName: lot.communeName, provinceName: lot.provinceName, note: lot.note, isSample: lot.isSample,
    recalled: recalls.some((r) => r.status === 'open'),
    // Open recalls reaching it, and every recall of the lot itself (closed ones are its history).
    recalls: recalls.filter((r) => r.status === 'open' || r.lotId === lot.id).map(recallDto),
    events: eventDtos(evs, keeper),
    inputs: inputs.map((i) => inputDto(i, keeper)),
    inputLots: up.filter((u) => u.depth === 1).map((u) => byId.get(u.lot_id)).filter((l): l is repo.LotView => !!l).map(lotRef),
    outputLots: down.map((d) => byId.get(d.lot_id)).filter((l): l is repo.LotView => !!l).map(lotRef),
    labResults: labs.map(labDto),
    remaining: remainingOf(lot.quantity, consumed.get(lot.id) ?? []),
    links: { trace: tracePath(lot.traceCode), digitalLink: lot.gtin ? digitalLinkPath(lot.gtin, lot.lotNumber) : null, epcis: `/api/v1/trace/lots/${lot.id}/epcis` },
    actions: { record: canWriteLot(ctx.actor, located(lot)), recall: canRecall(ctx.actor, located(lot)) && !recalls.some((r) => r.lotId === lot.id && r.status === 'open') },
  };
}

/** A lot by id or trace code, for everyone (public fields); 404 for anything unknown. */
export async function getLot(ctx: Ctx, ref: string): Promise<LotDto> {
  const code = parseTraceCode(ref);
  const lot = isUuid(ref) ? await repo.findLot(ctx, ref) : code.ok ? await repo.findLotByCode(ctx, code.code) : null;
  if (!lot) throw notFound('lot');
  return lotDto(ctx, lot);
}

/** The lots an actor keeps or reads, newest first (`product`: one product's). */
export async function listLots(ctx: Ctx, raw: unknown): Promise<{ items: LotSummaryDto[]; total: number; page: number; pageSize: number }> {
  const actor = requireActor(ctx);
  // The route's query schema is looser (any text): this one's refusals (a line break in q) are a 400, not a ZodError's 500.
  const parsed = LotListQuerySchema.safeParse(raw ?? {});
  if (!parsed.success) throw validation(zodFieldErrors(parsed.error.issues));
  const q = parsed.data;
  const { items, total } = await repo.listLots(ctx, traceScope(actor), {
    productId: q.product && isUuid(q.product) ? q.product : q.product ? '00000000-0000-0000-0000-000000000000' : undefined,
    q: q.q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize,
  });
  return {
    items: items.map((l) => ({
      id: l.id, lotNumber: l.lotNumber, traceCode: l.traceCode, product: { id: l.productId, name: l.productName, gtin: l.gtin },
      producer: { id: l.producerId, name: l.producerName }, producedOn: l.producedOn, expiresOn: l.expiresOn, quantity: l.quantity, unit: l.unit,
      events: l.events, recalled: l.recalled, isSample: l.isSample,
    })),
    total, page: q.page, pageSize: q.pageSize,
  };
}

// ─── The public trace ──────────────────────────────────────────────────────

export interface TraceView {
  lot: LotDto;
  certificate: { number: string; stars: number; status: CertificateStatus; validUntil: string; verifyUrl: string } | null;
  /** Open recalls of this lot or of a lot upstream: shown in red at the top. */
  recalls: RecallDto[];
  /** Every lot upstream, one step back first (depth 1), with its inputs and lab results. */
  upstream: { lot: LotRef & { producedOn: string; communeName: string; provinceName: string }; depth: number; inputs: LotInputDto[]; labResults: LabResultDto[] }[];
  /** The events of the lot and of every lot upstream, in the order they happened. */
  journey: TraceEventDto[];
  /** The communes on the way, in the order they were first reached. */
  places: { communeCode: string; communeName: string; provinceName: string; kinds: TraceEventDto['kind'][] }[];
}

/** What the trace page shows of a lot (by its trace code); null when no lot has the code. */
export async function traceOf(ctx: Ctx, lot: repo.LotView): Promise<TraceView> {
  const today = todayInVietnam(ctx.deps.clock());
  const [dto, up, cert] = await Promise.all([lotDto(ctx, lot), events.lineage(ctx, [lot.id], 'up'), repo.latestCertificate(ctx, lot.productId)]);
  const upstreamLots = await repo.lotsByIds(ctx, up.map((u) => u.lot_id));
  const upIds = upstreamLots.map((l) => l.id);
  const [evs, inputs, labs] = await Promise.all([
    events.eventsOfLots(ctx, [lot.id, ...upIds]), repo.inputsOf(ctx, upIds), repo.labResultsOf(ctx, upIds),
  ]);
  const journey = eventDtos(evs, false);
  const places: TraceView['places'] = [];
  for (const e of journey) {
    const p = places.find((x) => x.communeCode === e.communeCode);
    if (p) { if (!p.kinds.includes(e.kind)) p.kinds.push(e.kind); } else places.push({ communeCode: e.communeCode, communeName: e.communeName, provinceName: e.provinceName, kinds: [e.kind] });
  }
  const depth = new Map(up.map((u) => [u.lot_id, u.depth]));
  return {
    lot: dto,
    certificate: cert ? {
      number: cert.number, stars: cert.stars,
      status: certificateStatusOn({ issuedOn: cert.issued_on, expiresOn: cert.expires_on, revokedOn: cert.revoked_on, supersededOn: cert.superseded_on }, today),
      validUntil: lastValidDay(cert.expires_on), verifyUrl: certificateVerifyUrl('', cert.number, cert.issuer_key),
    } : null,
    recalls: dto.recalls.filter((r) => r.status === 'open'),
    upstream: upstreamLots.sort((a, b) => depth.get(a.id)! - depth.get(b.id)! || a.producedOn.localeCompare(b.producedOn)).map((l) => ({
      lot: { ...lotRef(l), producedOn: l.producedOn, communeName: l.communeName, provinceName: l.provinceName },
      depth: depth.get(l.id)!,
      inputs: inputs.filter((i) => i.lotId === l.id).map((i) => inputDto(i, false)),
      labResults: labs.filter((x) => x.lotId === l.id).map(labDto),
    })),
    journey,
    places,
  };
}

/** The trace of a lot by its trace code (as typed or scanned); null when unknown or mistyped. */
export async function traceByCode(ctx: Ctx, raw: string): Promise<TraceView | null> {
  const code = parseTraceCode(raw);
  if (!code.ok) return null;
  const lot = await repo.findLotByCode(ctx, code.code);
  return lot ? traceOf(ctx, lot) : null;
}

/** The trace code of a GS1 Digital Link's lot, or null. */
export async function codeOfDigitalLink(ctx: Ctx, gtin: string, lotNumber: string): Promise<string | null> {
  const lot = await repo.findLotByGtin(ctx, gtin, lotNumber.trim().toUpperCase());
  return lot?.traceCode ?? null;
}
