/**
 * The traceability pages of the back office (issue 17): the lots in reach (/admin/truy-xuat), a new
 * lot (/lo/moi), one lot (/lo/:id) and its forms, each on its own page for phones — an event or a
 * correction (/su-kien, with evidence), a raw-material input (/nguyen-lieu, with its document), a
 * lab report (/kiem-nghiem), a transformation into new lots (/che-bien), a recall (/thu-hoi) — the
 * producer's raw-material areas (/vung-nguyen-lieu) and the recalls queue (/thu-hoi). Every form
 * posts, then redirects with what was done; a refusal re-renders the form with what was typed and
 * says why, field by field. Forms with a file are multipart (the CSRF check reads `_csrf` from it).
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import { todayInVietnam } from '../../domain/dates';
import { isUuid } from '../../domain/ids';
import { AppError, notFound, validation, zodFieldErrors } from '../../errors';
import { t } from '../../core/i18n';
import type { App } from '../../web/http';
import { redirect } from '../../web/http';
import { readMultipart, type MultipartBody } from '../../web/multipart';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { findArea, listAreas } from '../registry/area.service';
import { getProducer, listProducers } from '../registry/producer.service';
import { getProduct, listProducts } from '../registry/product.service';
import { searchCatalogue } from '../portal/catalogue.service';
import { addInput, addLabResult, addMaterialArea, createLot, materialAreas, readableLot, TRACE_FILE_MAX_BYTES, writableLot } from './lots.service';
import { recordEvent, recordTransformation } from './trace-events.service';
import { acknowledgeRecall, closeRecall, listRecalls, recallLot } from './recalls.service';
import { listLots, lotDto } from './trace-read.service';
import { RECALL_QUEUE, TRACE_STAFF } from './trace.policy';
import { RecallSchema, type LotDto } from './trace.schema';
import {
  AREA_FIELDS, areaInputOf, doneKey, EVENT_FIELDS, eventInputOf, INPUT_FIELDS, inputInputOf, LAB_FIELDS, labInputOf, localNow, LOT_FIELDS,
  lotInputOf, OUTPUT_ROWS, pageFailure, RECALL_FIELDS, recallConfirmProblem, recallInputOf, TRANSFORM_FIELDS, transformationInputOf, unchosen, valuesOf, type FormValues,
} from './trace-forms';
import { AREAS_PATH, LOT_FORMS, LOT_WRITERS, lotHref, NEW_LOT, RECALLERS, RECALLS_PATH, TRACE_ADMIN, type CommuneChoice } from './trace-admin-shared.pages';
import { LotListPage, NewLotPage } from './trace-admin-lots.pages';
import { LotPage } from './trace-admin-lot.pages';
import { EventFormPage, InputFormPage, LabFormPage } from './trace-admin-forms.pages';
import { RecallFormPage, TransformFormPage } from './trace-admin-transform.pages';
import { AreasPage, RecallsPage } from './trace-admin-recalls.pages';

const Id = z.object({ id: z.string().max(64) });
const Page = z.coerce.number().int().min(1).max(10_000).catch(1).default(1);
const Done = z.object({ done: z.string().max(20).optional() });
/** A search as typed (one line: a pasted line break must not refuse the page). */
const Search = z.string().max(100).transform((s) => s.replace(/[\r\n\t]+/g, ' ').trim()).optional().catch(undefined);
const Picked = z.object({ 'chu-the': z.string().max(64).optional(), tim: Search, done: z.string().max(20).optional() });
const PAGE_SIZE = 20;

type Errors = Record<string, string>;
const multipart = (fields: readonly string[]) => async (req: FastifyRequest) => {
  req.body = await readMultipart(req, { maxBytes: TRACE_FILE_MAX_BYTES, tooLarge: 'truncate', fields: ['_csrf', ...fields], what: 'the file' });
};
const fileOf = (req: FastifyRequest) => (req.body as MultipartBody<string>).file;

export function registerTraceAdminPages(app: App, deps: Deps) {
  const writers = { access: LOT_WRITERS };
  const today = () => todayInVietnam(deps.clock());
  const isProducer = (req: FastifyRequest) => req.ctx.actor?.role === 'producer';

  // ── What the forms offer ──
  const communesOf = async (req: FastifyRequest, provinceCode: string | null | undefined): Promise<CommuneChoice[]> => (provinceCode
    ? (await listAreas(req.ctx, { level: 'commune', parent: provinceCode, limit: 1000, offset: 0 })).items.map((a) => ({ value: a.code, label: a.name }))
    : []);
  const lotCommunes = async (req: FastifyRequest, lot: LotDto) => communesOf(req, (await findArea(req.ctx, lot.communeCode))?.parentCode);
  const productsOf = async (req: FastifyRequest, producerId: string) =>
    (await listProducts(req.ctx, { producerId, sort: 'name', page: 1, pageSize: 100 })).items.map((p) => ({ id: p.id, name: p.name, gtin: p.gtin }));
  const pickProducers = async (req: FastifyRequest, q: string | undefined) => {
    const r = await listProducers(req.ctx, { q: q || undefined, sort: 'name', page: 1, pageSize: PAGE_SIZE });
    return { q, producers: r.items.map((p) => ({ id: p.id, name: p.name, communeName: p.communeName })), total: r.total };
  };
  /** The producer a write is for: a producer itself; for an officer the one picked (404 when out of reach), or null. */
  const producerOf = async (req: FastifyRequest, picked: string | undefined) => {
    const actor = req.ctx.actor!;
    const id = actor.role === 'producer' ? actor.producerId : picked;
    return id && isUuid(id) ? getProducer(req.ctx, id) : null;
  };
  /** Registered producers to take inputs from: the certified ones anywhere (catalogue) and, for officers, those of their area. */
  const findSuppliers = async (req: FastifyRequest, q: string) => {
    const [found, kept] = await Promise.all([
      searchCatalogue(req.ctx, { q, page: 1, pageSize: 50 }, { facets: false }),
      isProducer(req) ? Promise.resolve(null) : listProducers(req.ctx, { q, sort: 'name', page: 1, pageSize: PAGE_SIZE }),
    ]);
    const seen = new Map<string, { id: string; name: string; place: string }>();
    for (const p of kept?.items ?? []) seen.set(p.id, { id: p.id, name: p.name, place: `${p.communeName}, ${p.provinceName}` });
    for (const i of found.items) if (!seen.has(i.producer.id)) seen.set(i.producer.id, { id: i.producer.id, name: i.producer.name, place: `${i.communeName}, ${i.province.name}` });
    return { q, producers: [...seen.values()].slice(0, PAGE_SIZE) };
  };
  const keptLot = async (req: FastifyRequest, id: string) => lotDto(req.ctx, await writableLot(req.ctx, id));
  /** Where and by whom, as the lot's forms start: now, the lot's commune and facility, the producer. */
  const startValues = (lot: LotDto): FormValues => ({ occurredAt: localNow(deps.clock()), communeCode: lot.communeCode, facility: lot.facility, actor: lot.producer.name });
  /** A commune outside the list goes to "another commune". */
  const placed = (v: FormValues, communes: CommuneChoice[]): FormValues =>
    (v.communeCode && !v.communeCodeOther && !communes.some((c) => c.value === v.communeCode) ? { ...v, communeCode: '', communeCodeOther: v.communeCode } : v);

  // ── Lots ──
  const ListQuery = z.object({ q: Search, product: z.string().max(40).optional().catch(undefined), page: Page });
  app.get(TRACE_ADMIN, { config: { access: TRACE_STAFF }, schema: { hide: true, querystring: ListQuery } }, async (req, reply) => {
    const { q, product, page } = req.query;
    const own = isProducer(req) ? req.ctx.actor!.producerId : null;
    const [list, products] = await Promise.all([
      listLots(req.ctx, { q: q || undefined, product: product || undefined, page, pageSize: PAGE_SIZE }),
      listProducts(req.ctx, { ...(own ? { producerId: own } : {}), sort: 'name', page: 1, pageSize: 100 }),
    ]);
    return sendPage(reply, <LotListPage view={viewOf(req)} list={list} query={{ q, product }}
      products={products.total <= 100 ? products.items.map((p) => ({ id: p.id, name: p.name })) : null}
      canCreate={(LOT_WRITERS as readonly string[]).includes(req.ctx.actor!.role)} canSeeRecalls={(RECALL_QUEUE as readonly string[]).includes(req.ctx.actor!.role)} />);
  });

  async function showNewLot(req: FastifyRequest, reply: FastifyReply, picked: string | undefined, values: FormValues, errors: Errors, status = 200, q?: string) {
    const producer = await producerOf(req, picked);
    const [products, communes, picker] = await Promise.all([
      producer ? productsOf(req, producer.id) : Promise.resolve([]),
      communesOf(req, producer?.provinceCode),
      producer || isProducer(req) ? Promise.resolve(null) : pickProducers(req, q),
    ]);
    const v = { communeCode: producer?.communeCode ?? '', producedOn: today(), unit: 'kg', ...values };
    return sendPage(reply, <NewLotPage view={viewOf(req)} producer={producer ? { id: producer.id, name: producer.name } : null} picker={picker}
      products={products} communes={communes} values={v} errors={errors} />, status);
  }

  app.get(NEW_LOT, {
    config: writers, schema: { hide: true, querystring: Picked.extend({ 'san-pham': z.string().max(64).optional() }) },
  }, async (req, reply) => {
    const productId = req.query['san-pham'];
    const product = productId && isUuid(productId) ? await getProduct(req.ctx, productId) : null;
    return showNewLot(req, reply, product?.producerId ?? req.query['chu-the'], product ? { productId: product.id } : {}, {}, 200, req.query.tim);
  });

  app.post(`${TRACE_ADMIN}/lo`, { config: writers, schema: { hide: true } }, async (req, reply) => {
    const values = valuesOf(req.body, LOT_FIELDS);
    try {
      const lot = await createLot(req.ctx, lotInputOf(values));
      return redirect(reply, `${lotHref(lot.id)}?done=created`);
    } catch (e) {
      const f = pageFailure(req, e);
      const fields = unchosen(f.fields, values, /^productId$/, t(req.ctx.locale, 'field.trace.unknown_product'));
      return showNewLot(req, reply, values.producerId, values, fields, f.status);
    }
  });

  app.get(`${TRACE_ADMIN}/lo/:id`, { config: { access: TRACE_STAFF }, schema: { hide: true, params: Id, querystring: Done } }, async (req, reply) => {
    const lot = await lotDto(req.ctx, await readableLot(req.ctx, req.params.id));
    return sendPage(reply, <LotPage view={viewOf(req)} lot={lot} done={doneKey(req.query.done)} />);
  });

  const sub = (form: keyof typeof LOT_FORMS) => `${TRACE_ADMIN}/lo/:id/${LOT_FORMS[form]}`;
  const back = (id: string, done: string, anchor = '') => `${lotHref(id)}?done=${done}${anchor}`;

  // ── An event, or the correction of one ──
  async function showEvent(req: FastifyRequest, reply: FastifyReply, id: string, correctsId: string | undefined, values: FormValues | null, errors: Errors = {}, status = 200) {
    const lot = await keptLot(req, id);
    const correcting = correctsId ? lot.events.find((e) => e.id === correctsId && e.kind !== 'transformation') : null;
    if (correctsId && !correcting) throw notFound('event');
    const communes = await lotCommunes(req, lot);
    const from: FormValues = correcting ? {
      kind: correcting.kind, occurredAt: localNow(new Date(correcting.occurredAt)), communeCode: correcting.communeCode, facility: correcting.facility ?? '',
      actor: correcting.actor, note: correcting.note ?? '', counterparty: correcting.counterparty ?? '', container: correcting.container ?? '',
    } : startValues(lot);
    return sendPage(reply, <EventFormPage view={viewOf(req)} lot={lot} communes={communes} correcting={correcting ?? null} values={placed(values ?? from, communes)} errors={errors} />, status);
  }

  app.get(sub('event'), { config: writers, schema: { hide: true, params: Id, querystring: z.object({ 'dinh-chinh': z.string().max(64).optional() }) } }, async (req, reply) =>
    showEvent(req, reply, req.params.id, req.query['dinh-chinh'], null));

  app.post(sub('event'), { config: writers, preValidation: multipart(EVENT_FIELDS), schema: { hide: true, params: Id } }, async (req, reply) => {
    const values = valuesOf(req.body, EVENT_FIELDS);
    try {
      await recordEvent(req.ctx, req.params.id, eventInputOf(values), fileOf(req));
      return redirect(reply, back(req.params.id, values.correctsId ? 'corrected' : 'event', '#journey-h'));
    } catch (e) {
      const f = pageFailure(req, e);
      return showEvent(req, reply, req.params.id, values.correctsId || undefined, values, f.fields, f.status);
    }
  });

  // ── A raw-material input ──
  async function showInput(req: FastifyRequest, reply: FastifyReply, id: string, q: string | undefined, values: FormValues, errors: Errors = {}, status = 200) {
    const lot = await keptLot(req, id);
    const [areas, suppliers] = await Promise.all([materialAreas(req.ctx, lot.producer.id), q ? findSuppliers(req, q) : Promise.resolve(null)]);
    return sendPage(reply, <InputFormPage view={viewOf(req)} lot={lot} areas={areas} suppliers={suppliers} values={values} errors={errors} />, status);
  }

  app.get(sub('input'), { config: writers, schema: { hide: true, params: Id, querystring: z.object({ tim: Search }) } }, async (req, reply) =>
    showInput(req, reply, req.params.id, req.query.tim, {}));

  app.post(sub('input'), { config: writers, preValidation: multipart(INPUT_FIELDS), schema: { hide: true, params: Id } }, async (req, reply) => {
    const values = valuesOf(req.body, INPUT_FIELDS);
    try {
      await addInput(req.ctx, req.params.id, inputInputOf(values), fileOf(req));
      return redirect(reply, back(req.params.id, 'input', '#inputs-h'));
    } catch (e) {
      const f = pageFailure(req, e);
      return showInput(req, reply, req.params.id, undefined, values, f.fields, f.status);
    }
  });

  // ── A lab report ──
  app.get(sub('lab'), { config: writers, schema: { hide: true, params: Id } }, async (req, reply) =>
    sendPage(reply, <LabFormPage view={viewOf(req)} lot={await keptLot(req, req.params.id)} values={{ testedOn: today() }} errors={{}} />));

  app.post(sub('lab'), { config: writers, preValidation: multipart(LAB_FIELDS), schema: { hide: true, params: Id } }, async (req, reply) => {
    const values = valuesOf(req.body, LAB_FIELDS);
    const { input, rows } = labInputOf(values);
    try {
      await addLabResult(req.ctx, req.params.id, input, fileOf(req));
      return redirect(reply, back(req.params.id, 'lab', '#lab-h'));
    } catch (e) {
      const f = pageFailure(req, e, rows);
      return sendPage(reply, <LabFormPage view={viewOf(req)} lot={await keptLot(req, req.params.id)} values={values} errors={f.fields} />, f.status);
    }
  });

  // ── A transformation into new lots ──
  async function showTransform(req: FastifyRequest, reply: FastifyReply, id: string, values: FormValues | null, errors: Errors = {}, status = 200) {
    const lot = await keptLot(req, id);
    const [communes, products, lots] = await Promise.all([
      lotCommunes(req, lot), productsOf(req, lot.producer.id), listLots(req.ctx, { page: 1, pageSize: 100 }),
    ]);
    const otherLots = lots.items.filter((l) => l.producer.id === lot.producer.id && l.id !== lot.id && !l.recalled);
    const day = today();
    const from: FormValues = { ...startValues(lot), ...Object.fromEntries(Array.from({ length: OUTPUT_ROWS }, (_, i) => [`outputs.${i}.producedOn`, day])) };
    return sendPage(reply, <TransformFormPage view={viewOf(req)} lot={lot} communes={communes} otherLots={otherLots} products={products}
      values={placed(values ?? from, communes)} errors={errors} />, status);
  }

  app.get(sub('transform'), { config: writers, schema: { hide: true, params: Id } }, async (req, reply) => showTransform(req, reply, req.params.id, null));

  app.post(sub('transform'), { config: writers, schema: { hide: true, params: Id } }, async (req, reply) => {
    const values = valuesOf(req.body, TRANSFORM_FIELDS);
    await writableLot(req.ctx, req.params.id);
    const { input, rows } = transformationInputOf(values, req.params.id);
    try {
      await recordTransformation(req.ctx, input);
      return redirect(reply, back(req.params.id, 'transformed', '#inputs-h'));
    } catch (e) {
      const f = pageFailure(req, e, rows);
      const products = unchosen(f.fields, values, /^outputs\.\d+\.productId$/, t(req.ctx.locale, 'field.trace.unknown_product'));
      return showTransform(req, reply, req.params.id, values, unchosen(products, values, /^inputs\.\d+\.lotId$/, t(req.ctx.locale, 'field.invalid_option')), f.status);
    }
  });

  // ── A recall ──
  async function showRecall(req: FastifyRequest, reply: FastifyReply, id: string, values: FormValues, errors: Errors | null, status = 200) {
    const lot = await lotDto(req.ctx, await readableLot(req.ctx, id));
    if (!errors && !lot.actions.recall) {
      if (lot.recalls.some((r) => r.lotId === lot.id)) return redirect(reply, lotHref(lot.id));
      throw new AppError('forbidden', 'not allowed');
    }
    return sendPage(reply, <RecallFormPage view={viewOf(req)} lot={lot} values={values} errors={errors ?? {}} />, status);
  }

  app.get(sub('recall'), { config: { access: RECALLERS }, schema: { hide: true, params: Id } }, async (req, reply) => showRecall(req, reply, req.params.id, {}, null));

  app.post(sub('recall'), { config: { access: RECALLERS }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const values = valuesOf(req.body, RECALL_FIELDS);
    const input = recallInputOf(values);
    try {
      const unconfirmed = recallConfirmProblem(values);
      if (Object.keys(unconfirmed).length) {
        await readableLot(req.ctx, req.params.id);
        const parsed = RecallSchema.safeParse(input);
        throw validation({ ...(parsed.success ? {} : zodFieldErrors(parsed.error.issues)), ...unconfirmed });
      }
      await recallLot(req.ctx, req.params.id, input);
      return redirect(reply, back(req.params.id, 'recalled'));
    } catch (e) {
      const f = pageFailure(req, e);
      return showRecall(req, reply, req.params.id, values, f.fields, f.status);
    }
  });

  // ── Raw-material areas ──
  async function showAreas(req: FastifyRequest, reply: FastifyReply, picked: string | undefined, q: string | undefined, values: FormValues, errors: Errors = {}, status = 200, done?: string) {
    const producer = await producerOf(req, picked);
    const [areas, communes, picker] = await Promise.all([
      producer ? materialAreas(req.ctx, producer.id) : Promise.resolve([]),
      communesOf(req, producer?.provinceCode),
      producer || isProducer(req) ? Promise.resolve(null) : pickProducers(req, q),
    ]);
    return sendPage(reply, <AreasPage view={viewOf(req)} producer={producer ? { id: producer.id, name: producer.name } : null} picker={picker} areas={areas}
      communes={communes} values={placed({ communeCode: producer?.communeCode ?? '', ...values }, communes)} errors={errors} done={doneKey(done)} />, status);
  }

  app.get(AREAS_PATH, { config: writers, schema: { hide: true, querystring: Picked } }, async (req, reply) =>
    showAreas(req, reply, req.query['chu-the'], req.query.tim, {}, {}, 200, req.query.done));

  app.post(AREAS_PATH, { config: writers, schema: { hide: true } }, async (req, reply) => {
    const values = valuesOf(req.body, AREA_FIELDS);
    try {
      const area = await addMaterialArea(req.ctx, areaInputOf(values));
      return redirect(reply, `${AREAS_PATH}?done=area${isProducer(req) ? '' : `&chu-the=${area.producerId}`}`);
    } catch (e) {
      const f = pageFailure(req, e);
      return showAreas(req, reply, values.producerId, undefined, values, f.fields, f.status);
    }
  });

  // ── The recalls queue ──
  const QueueQuery = z.object({ 'trang-thai': z.enum(['open', 'closed']).optional().catch(undefined), page: Page, done: z.string().max(20).optional() });
  async function showRecalls(req: FastifyRequest, reply: FastifyReply, status: 'open' | 'closed', page: number, done?: string, failed?: { id: string; errors: Errors; message: string }, code = 200) {
    const list = await listRecalls(req.ctx, { status, page, pageSize: PAGE_SIZE });
    const role = req.ctx.actor!.role;
    return sendPage(reply, <RecallsPage view={viewOf(req)} status={status} list={list} done={doneKey(done)} failed={failed}
      canAcknowledge={['national_admin', 'province_officer', 'inspector'].includes(role)} canClose={['national_admin', 'province_officer'].includes(role)} />, code);
  }

  app.get(RECALLS_PATH, { config: { access: RECALL_QUEUE }, schema: { hide: true, querystring: QueueQuery } }, async (req, reply) =>
    showRecalls(req, reply, req.query['trang-thai'] ?? 'open', req.query.page, req.query.done));

  /** A move on a recall of the queue; a refusal is told on the queue, on the recall it concerns. */
  const queueAction = (action: 'tiep-nhan' | 'ket-thuc') => app.post(`${RECALLS_PATH}/:id/${action}`, {
    config: { access: RECALL_QUEUE }, schema: { hide: true, params: Id },
  }, async (req, reply) => {
    const id = req.params.id;
    try {
      if (action === 'tiep-nhan') await acknowledgeRecall(req.ctx, id);
      else await closeRecall(req.ctx, id, { note: valuesOf(req.body, ['note']).note ?? '' });
      return redirect(reply, `${RECALLS_PATH}?done=${action === 'tiep-nhan' ? 'acknowledged' : 'closed'}#thu-hoi-${id}`);
    } catch (e) {
      const f = pageFailure(req, e);
      const refused = e instanceof AppError && e.code === 'forbidden'
        ? t(req.ctx.locale, action === 'tiep-nhan' ? 'field.traceAdmin.acknowledge_forbidden' : 'field.traceAdmin.close_forbidden') : null;
      const errors = refused ? { form: refused } : f.fields;
      return showRecalls(req, reply, 'open', 1, undefined, { id, errors, message: refused ?? f.message }, f.status);
    }
  });
  queueAction('tiep-nhan');
  queueAction('ket-thuc');
}
