/**
 * Back-office pages of the dossier module: HTTP, parameters and service calls for the
 * self-assessment of a product, the list of dossiers, a new dossier and a dossier with its steps.
 * The views are dossier.view.tsx and self-assessment.view.tsx.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../context';
import type { App } from '../../web/http';
import { redirect, requireActor } from '../../web/http';
import { sendPage } from '../../web/render';
import { viewOf } from '../../web/view';
import { FORM_CODES, formErrors, str, type FormBody } from '../../web/forms';
import { answersFromForm } from '../../web/components/sheet-form';
import { AppError, type FieldMessages } from '../../errors';
import type { DossierKind } from '../../domain/dossier';
import { listProducts } from '../registry/product.service';
import { DOSSIER_ROLES } from './dossier.policy';
import { createDossier, getDossier, listDossiers, patchDossier, transitionDossier } from './dossier.service';
import { deleteDocument, uploadDocument } from './dossier-documents.service';
import { handOverDossier } from './dossier-handover.service';
import { dossierResult } from './dossier-result.service';
import { readDocumentUpload, type DocumentUploadBody } from './dossier-upload';
import { DossierListQuerySchema, type DossierTransitionInput } from './dossier.schema';
import { getSelfAssessment, regimeInForce, saveSelfAssessment } from './self-assessment.service';
import { regimeName } from '../../domain/regime';
import { DossierPage, DossiersPage, NewDossierPage, type DossierFailure } from './dossier.view';
import { SelfAssessmentPage } from './self-assessment.view';
import { blankFormPdf, dossierFormPdf, type FormCode } from './dossier-forms.service';
import { pdfHeaders } from '../../web/pdf';

const access = DOSSIER_ROLES;
const Id = z.object({ id: z.string().max(64) });
const DocId = z.object({ id: z.string().max(64), docId: z.string().max(64) });
const Flash = z.object({ done: z.string().max(40).optional() });
const FormFile = z.object({ file: z.enum(['01.pdf', '02.pdf']) });
const DossierFormFile = FormFile.extend({ id: z.string().max(64) });
const formOf = (file: '01.pdf' | '02.pdf') => file.slice(0, 2) as FormCode;

/** A dossier's steps also re-render the page on a state conflict, an incomplete checklist or a refused file. */
const RE_RENDER = [...FORM_CODES, 'invalid_transition', 'dossier_incomplete', 'payload_too_large', 'unsupported_media_type'];

/** The failure of a step on the dossier page (anything unexpected propagates). */
function dossierFailure(e: unknown, req: FastifyRequest): { failure: DossierFailure; status: number } {
  const { fields, message, status } = formErrors(e, viewOf(req).locale, RE_RENDER);
  const missing = e instanceof AppError && e.code === 'dossier_incomplete'
    ? (e.details as { missing?: DossierFailure['missing'] } | undefined)?.missing : undefined;
  return { failure: { fields, message, missing }, status };
}

const yn = (v: string | undefined) => (v === 'yes' ? true : v === 'no' ? false : undefined);

export function registerDossierPages(app: App, _deps: Deps) {
  const selfAssessment = async (req: FastifyRequest, productId: string, flash: { saved?: boolean; errors?: FieldMessages; message?: string }) =>
    <SelfAssessmentPage view={viewOf(req)} sa={await getSelfAssessment(req.ctx, productId)} flash={flash} />;

  app.get('/admin/products/:id/self-assessment', { config: { access }, schema: { hide: true, params: Id, querystring: z.object({ saved: z.string().optional() }) } },
    async (req, reply) => sendPage(reply, await selfAssessment(req, req.params.id, { saved: !!req.query.saved })));

  app.post('/admin/products/:id/self-assessment', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) => {
    try {
      await saveSelfAssessment(req.ctx, req.params.id, answersFromForm(req.body as FormBody));
      return redirect(reply, `/admin/products/${req.params.id}/self-assessment?saved=1`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, viewOf(req).locale, RE_RENDER);
      return sendPage(reply, await selfAssessment(req, req.params.id, { errors: fields, message }), status);
    }
  });

  app.get('/admin/dossiers', { config: { access }, schema: { hide: true, querystring: DossierListQuerySchema } }, async (req, reply) => {
    const actor = requireActor(req);
    const result = await listDossiers(req.ctx, req.query);
    return sendPage(reply, <DossiersPage view={viewOf(req)} producer={actor.role === 'producer'} query={req.query} result={result} />);
  });

  const newPage = async (req: FastifyRequest, values: FormBody, errors?: FieldMessages, message?: string) => {
    const actor = requireActor(req);
    const products = (await listProducts(req.ctx, { ...(actor.role === 'producer' && actor.producerId ? { producerId: actor.producerId } : {}), sort: 'name', page: 1, pageSize: 100 })).items;
    const regime = regimeName((await regimeInForce(req.ctx)).title);
    return <NewDossierPage view={viewOf(req)} products={products} values={values} errors={errors} message={message} regimeName={regime} />;
  };

  app.get('/admin/dossiers/forms/:file', { config: { access }, schema: { hide: true, params: FormFile } }, async (req, reply) => {
    const { bytes, fileName } = await blankFormPdf(req.ctx, formOf(req.params.file));
    return reply.headers(pdfHeaders(fileName, false)).send(bytes);
  });

  app.get('/admin/dossiers/:id/forms/:file', { config: { access }, schema: { hide: true, params: DossierFormFile } }, async (req, reply) => {
    const { bytes, fileName } = await dossierFormPdf(req.ctx, req.params.id, formOf(req.params.file));
    return reply.headers(pdfHeaders(fileName, false)).send(bytes);
  });

  app.get('/admin/dossiers/new', { config: { access }, schema: { hide: true } }, async (req, reply) => sendPage(reply, await newPage(req, {})));

  app.post('/admin/dossiers', { config: { access }, schema: { hide: true } }, async (req, reply) => {
    const body = req.body as FormBody;
    try {
      const kind = str(body, 'kind') as DossierKind | undefined;
      const d = await createDossier(req.ctx, { productId: str(body, 'productId') ?? '', ...(kind ? { kind } : {}) });
      return redirect(reply, `/admin/dossiers/${d.id}`);
    } catch (e) {
      const { fields, message, status } = formErrors(e, viewOf(req).locale, RE_RENDER);
      return sendPage(reply, await newPage(req, body, fields, message), status);
    }
  });

  const detail = async (req: FastifyRequest, id: string, opts: { flash?: string | undefined; failure?: DossierFailure; values?: FormBody } = {}) => {
    const d = await getDossier(req.ctx, id);
    return <DossierPage view={viewOf(req)} d={d} result={await dossierResult(req.ctx, d)} flash={opts.flash} failure={opts.failure} values={opts.values ?? {}} />;
  };

  app.get('/admin/dossiers/:id', { config: { access }, schema: { hide: true, params: Id, querystring: Flash } },
    async (req, reply) => sendPage(reply, await detail(req, req.params.id, { flash: req.query.done })));

  app.post('/admin/dossiers/:id', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) => {
    try {
      await patchDossier(req.ctx, req.params.id, { changesNote: str(req.body as FormBody, 'changesNote') ?? null });
      return redirect(reply, `/admin/dossiers/${req.params.id}?done=edit`);
    } catch (e) {
      const { failure, status } = dossierFailure(e, req);
      return sendPage(reply, await detail(req, req.params.id, { failure }), status);
    }
  });

  app.post('/admin/dossiers/:id/documents', { config: { access }, preValidation: readDocumentUpload, schema: { hide: true, params: Id } }, async (req, reply) => {
    const body = req.body as DocumentUploadBody;
    try {
      await uploadDocument(req.ctx, req.params.id, body.docType, body.file);
      return redirect(reply, `/admin/dossiers/${req.params.id}?done=upload#doc-${encodeURIComponent(body.docType ?? '')}`);
    } catch (e) {
      const { failure, status } = dossierFailure(e, req);
      // The file's problem belongs to its checklist item (the summary links to that item's file input).
      const item = `upload-${body.docType ?? ''}`;
      const { file, docType, ...rest } = failure.fields;
      const fields = file || docType ? { [item]: (file ?? docType)!, ...rest } : rest;
      return sendPage(reply, await detail(req, req.params.id, { failure: { ...failure, fields } }), status);
    }
  });

  app.post('/admin/dossiers/:id/documents/:docId/delete', { config: { access }, schema: { hide: true, params: DocId } }, async (req, reply) => {
    try {
      await deleteDocument(req.ctx, req.params.id, req.params.docId);
      return redirect(reply, `/admin/dossiers/${req.params.id}?done=delete`);
    } catch (e) {
      const { failure, status } = dossierFailure(e, req);
      return sendPage(reply, await detail(req, req.params.id, { failure }), status);
    }
  });

  app.post('/admin/dossiers/:id/handover', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const body = req.body as FormBody;
    try {
      await handOverDossier(req.ctx, req.params.id, { userId: str(body, 'userId') || undefined, version: Number(str(body, 'version') ?? 0) });
      return redirect(reply, `/admin/dossiers/${req.params.id}?done=handover`);
    } catch (e) {
      const { failure, status } = dossierFailure(e, req);
      return sendPage(reply, await detail(req, req.params.id, { failure }), status);
    }
  });

  app.post('/admin/dossiers/:id/transitions', { config: { access }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const body = req.body as FormBody;
    const action = str(body, 'action') as DossierTransitionInput['action'];
    try {
      await transitionDossier(req.ctx, req.params.id, {
        action, comment: str(body, 'comment') ?? null, version: Number(str(body, 'version') ?? 0),
        ...(action === 'forward' ? {
          communeAssessment: {
            localOrigin: yn(str(body, 'localOrigin')), localLabour: yn(str(body, 'localLabour')), localIdea: yn(str(body, 'localIdea')),
            localIdentity: yn(str(body, 'localIdentity')), report: str(body, 'report'), samplesReceived: body.samplesReceived === 'on',
          },
        } : {}),
      });
      return redirect(reply, `/admin/dossiers/${req.params.id}?done=${action}`);
    } catch (e) {
      const { failure, status } = dossierFailure(e, req);
      return sendPage(reply, await detail(req, req.params.id, { failure, values: body }), status);
    }
  });
}
