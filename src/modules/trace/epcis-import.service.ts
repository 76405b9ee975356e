/**
 * The EPCIS import's plan, after the document is read (epcis.service.ts runs it, then
 * epcis-apply.service.ts writes it): planImport checks every identifier against the database before anything is written, and lists
 * every problem: the lots an event names must exist and be the actor's (a producer its own,
 * officers their area's) or be created by the document; a lot the document creates must be of a
 * product the actor keeps (found by GTIN, or by the platform's product id), must not exist yet,
 * and its trace code must be free; communes must be known; a correction must name an event
 * recorded or in the document. Events recorded already (by eventID) and lot records of existing
 * lots are skipped. It also orders the events so that a transformation comes before the events
 * of the lots it makes, and a corrected event before its correction.
 */
import type { Ctx } from '../../context';
import { requireActor } from '../../core/actor';
import * as repo from './trace.repository';
import * as erepo from './epcis.repository';
import { canReadLot, canWriteLot } from './trace.policy';
import { located } from './lots.service';
import {
  refKey, type EventCommand, type ImportCommand, type ImportProblem, type LotCommand, type LotRef, type LotSpec, type TransformationCommand,
} from './epcis-read';

export interface ImportOutcome {
  /** Events (and lot records) written. */
  recorded: number;
  /** Events recorded already (by eventID) and lot records of lots that exist. */
  skipped: number;
  lotsCreated: { id: string; traceCode: string; lotNumber: string; productId: string }[];
  /** Each event of the document: recorded (with our id: the event's, or the lot's for a lot record) or skipped. */
  events: { index: number; eventID: string; status: 'recorded' | 'skipped'; id: string | null }[];
}

export interface Creation { spec: LotSpec; cmd: LotCommand | EventCommand; product: repo.ProductFacts; communeCode: string }
export type Run = EventCommand | TransformationCommand;

export interface ImportPlan {
  commands: ImportCommand[];
  problems: ImportProblem[];
  /** Lots that exist, by refKey. */
  known: Map<string, repo.LotView>;
  /** Lots the document creates outside transformations, in its order. */
  creations: Creation[];
  /** Events and transformations to record, each after what it depends on. */
  runs: Run[];
  /** The products of each transformation's outputs (by the command's index). */
  outputProducts: Map<number, repo.ProductFacts[]>;
  /** Commands skipped (recorded already). */
  skipped: Set<number>;
  /** eventID → our event id, of the events recorded already that the document names. */
  recorded: Map<string, string>;
  /** Who did it, when the document does not say: the producer of the lot (by refKey). */
  producerNames: Map<string, string>;
}

export const at = (index: number, path: string) => (path.startsWith('epcisBody') ? path : `epcisBody.eventList[${index}]${path ? `.${path}` : ''}`);
export const usesOf = (c: Run): [LotRef, string][] =>
  (c.type === 'event' ? [[c.subject, c.subjectPath]] : c.inputs.map((i, k) => [i.ref, `inputQuantityList[${k}].epcClass`]));

export async function planImport(ctx: Ctx, commands: ImportCommand[]): Promise<ImportPlan> {
  const actor = requireActor(ctx);
  const problems: ImportProblem[] = [];
  const bad = (c: ImportCommand, path: string, code: ImportProblem['code'], params?: ImportProblem['params']) =>
    problems.push({ index: c.index, path: at(c.index, path), code, ...(params ? { params } : {}) });
  const recorded = await erepo.recordedEvents(ctx, commands.flatMap((c) => (c.type === 'lot' ? [] : c.type === 'event' && c.corrects ? [c.eventId, c.corrects] : [c.eventId])));

  const known = new Map<string, repo.LotView>();
  const producerNames = new Map<string, string>();
  for (const c of commands) {
    const refs = c.type === 'lot' ? [c.lot.ref] : c.type === 'event' ? [c.subject] : [...c.inputs.map((i) => i.ref), ...c.outputs.map((o) => o.ref)];
    for (const r of refs) {
      const k = refKey(r);
      if (known.has(k) || producerNames.has(k)) continue;
      const lot = r.by === 'code' ? await repo.findLotByCode(ctx, r.code) : await repo.findLotByGtin(ctx, r.gtin, r.lotNumber);
      if (lot) { known.set(k, lot); producerNames.set(k, lot.producerName); } else producerNames.set(k, '');
    }
  }
  const communes = new Map<string, boolean>();
  const communeKnown = async (code: string) => {
    if (!communes.has(code)) communes.set(code, !!(await repo.findCommune(ctx, code)));
    return communes.get(code)!;
  };
  const products = new Map<string, repo.ProductFacts | null>();
  const productOf = async (s: LotSpec) => {
    const key = s.ref.by === 'gtin' ? `gtin:${s.ref.gtin}` : `id:${s.productId ?? ''}`;
    if (!products.has(key)) products.set(key, s.ref.by === 'gtin' ? await repo.findProductByGtin(ctx, s.ref.gtin) : s.productId ? await repo.findProduct(ctx, s.productId) : null);
    const p = products.get(key) ?? null;
    const keeps = p && canWriteLot(actor, { provinceCode: p.provinceCode, communeCode: p.communeCode, producerId: p.producerId })
      && (actor.role !== 'producer' || p.producerId === actor.producerId);
    return keeps ? p : null;
  };
  const creators = new Map<string, number>();
  /** A lot the document creates: not twice, of a product the actor keeps, with a free trace code. */
  const created = async (c: ImportCommand, s: LotSpec): Promise<repo.ProductFacts | null> => {
    const k = refKey(s.ref);
    if (creators.has(k) || (c.type === 'transformation' && known.has(k))) { bad(c, s.path, 'epcis.lot_exists'); return null; }
    creators.set(k, c.index);
    const product = await productOf(s);
    if (!product) { bad(c, s.path, 'epcis.unknown_product'); return null; }
    producerNames.set(k, product.producerName);
    if (s.communeCode && !(await communeKnown(s.communeCode))) bad(c, `${s.path}.ocop:commune`, 'trace.unknown_commune');
    if (s.traceCode && await repo.traceCodeTaken(ctx, s.traceCode)) bad(c, `${s.path}.ocop:traceCode`, 'epcis.trace_code_taken');
    return product;
  };

  const skipped = new Set<number>();
  const creations: Creation[] = [];
  const outputProducts = new Map<number, repo.ProductFacts[]>();
  const inDocument = new Map<string, Run>();
  for (const c of commands) {
    if (c.type === 'lot') {
      if (known.has(refKey(c.lot.ref))) { skipped.add(c.index); continue; }
      const communeCode = c.lot.communeCode ?? c.communeCode;
      if (!c.lot.communeCode && !(await communeKnown(communeCode))) bad(c, 'bizLocation.id', 'trace.unknown_commune');
      const product = await created(c, c.lot);
      if (product) creations.push({ spec: c.lot, cmd: c, product, communeCode });
      continue;
    }
    if (recorded.has(c.eventId)) { skipped.add(c.index); continue; }
    inDocument.set(c.eventId, c);
    if (!(await communeKnown(c.communeCode))) bad(c, 'bizLocation.id', 'trace.unknown_commune');
    if (c.type === 'event' && c.creates && !known.has(refKey(c.creates.ref))) {
      const product = await created(c, c.creates);
      if (product) creations.push({ spec: c.creates, cmd: c, product, communeCode: c.creates.communeCode ?? c.communeCode });
    }
    if (c.type === 'transformation') {
      const list: repo.ProductFacts[] = [];
      for (const o of c.outputs) {
        const product = await created(c, o);
        if (product) list.push(product);
      }
      outputProducts.set(c.index, list);
    }
  }
  // The lots each event takes: the actor's, or made by the document.
  const pending: Run[] = [];
  for (const c of commands) {
    if (c.type === 'lot' || skipped.has(c.index)) continue;
    pending.push(c);
    for (const [ref, path] of usesOf(c)) {
      const lot = known.get(refKey(ref));
      if (lot && !canReadLot(actor, located(lot))) bad(c, path, 'trace.unknown_lot');
      else if (lot && !canWriteLot(actor, located(lot))) bad(c, path, 'trace.not_your_lot');
      else if (!lot && !creators.has(refKey(ref))) bad(c, path, 'trace.unknown_lot');
    }
    if (c.type === 'event' && c.corrects && !recorded.has(c.corrects) && !inDocument.has(c.corrects)) bad(c, 'ocop:corrects', 'epcis.unknown_event');
  }
  return {
    commands, problems, known, creations, runs: dependencyOrder(pending, inDocument, (c) => bad(c, '', 'epcis.cycle')),
    outputProducts, skipped, recorded, producerNames,
  };
}

/** The events in document order, except that each comes after the transformations making its lots and the event it corrects. */
function dependencyOrder(pending: Run[], byEventId: Map<string, Run>, cycle: (c: Run) => void): Run[] {
  const makers = new Map<string, TransformationCommand>();
  for (const c of pending) if (c.type === 'transformation') for (const o of c.outputs) makers.set(refKey(o.ref), c);
  const deps = (c: Run): Run[] => [
    ...usesOf(c).map(([r]) => makers.get(refKey(r))).filter((m): m is TransformationCommand => !!m && m !== c),
    ...(c.type === 'event' && c.corrects && byEventId.get(c.corrects) ? [byEventId.get(c.corrects)!] : []),
  ];
  const state = new Map<Run, 'open' | 'done'>();
  const order: Run[] = [];
  for (const root of pending) {
    if (state.has(root)) continue;
    state.set(root, 'open');
    const stack = [{ c: root, next: 0, deps: deps(root) }];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.deps.length) {
        const d = top.deps[top.next++]!;
        if (state.get(d) === 'open') cycle(d);
        if (state.has(d)) continue;
        state.set(d, 'open');
        stack.push({ c: d, next: 0, deps: deps(d) });
      } else {
        state.set(top.c, 'done');
        order.push(top.c);
        stack.pop();
      }
    }
  }
  return order;
}
