/**
 * Files of a dossier: upload (PDF, JPEG, PNG or WebP recognised by their first bytes, at most
 * 10 MB, at most 20 per document type), list, download (whoever may read the dossier) and
 * delete while the dossier is editable. A document carried over from the previous dossier
 * shares its stored file, which is removed only when no row refers to it any more.
 */
import { createHash, randomUUID } from 'node:crypto';
import { inTx, type Ctx } from '../../context';
import { AppError, fieldError, problem } from '../../errors';
import { DOCUMENT_EXTENSIONS as EXT, sniffDocumentType, uploadName } from '../../domain/image';
import { recordAudit } from '../audit/audit.service';
import { requireActor } from '../../core/actor';
import type { UploadedFile } from '../../web/multipart';
import * as repo from './dossier.repository';
import { assertEditable, EXTRA_TESTS_DOC, mayAddExtraTests, readableDossier, regimeOfDossier, specsOf, toDocumentDto } from './dossier.service';
import { recordDossierEvent } from './dossier-status';
import type { DossierDocumentDto } from './dossier.schema';

export const DOCUMENT_LIMITS = { maxBytes: 10 * 1024 * 1024, maxPerType: 20 } as const;
/** The accepted types as people name them (one wording in the hint, the error and the API). */
export const DOCUMENT_TYPES_LABEL = 'PDF, JPEG, PNG, WebP';
const MAX_MB = DOCUMENT_LIMITS.maxBytes / 1024 / 1024;

export { sniffDocumentType, type DocumentMime } from '../../domain/image';


export async function uploadDocument(ctx: Ctx, dossierId: string, docType: string | undefined, file: UploadedFile | null): Promise<DossierDocumentDto> {
  const actor = requireActor(ctx);
  const row = await readableDossier(ctx, dossierId);
  const extraTests = docType === EXTRA_TESTS_DOC && mayAddExtraTests(actor, row);
  if (!extraTests) assertEditable(actor, row);
  // The checklist's regime: today's while the producer edits, the one fixed at submission after
  // (the province's extra test results are checked against the dossier's own list).
  const regime = await regimeOfDossier(ctx, row);
  const uploadable = specsOf(regime, row.kind, row.isService).filter((s) => s.provided === 'upload').map((s) => s.code);
  if (!docType || !uploadable.includes(docType)) throw fieldError('docType', 'dossier.doc_type', { types: uploadable.join(', ') });
  if (!file || file.data.length === 0) throw fieldError('file', 'dossier.choose_file');
  // One message naming the file, the accepted types and the limit (the page shows it once, at the item).
  const params = { name: uploadName(file.name), types: DOCUMENT_TYPES_LABEL, maxMb: MAX_MB };
  if (file.truncated || file.data.length > DOCUMENT_LIMITS.maxBytes) {
    throw new AppError('payload_too_large', `the file is larger than ${MAX_MB} MB`, { file: problem('dossier.file_too_large', params) });
  }
  const mime = sniffDocumentType(file.data);
  if (!mime) throw new AppError('unsupported_media_type', `send a ${DOCUMENT_TYPES_LABEL} file of at most ${MAX_MB} MB`, { file: problem('dossier.file_type', params) });
  if (await repo.countDocumentsOfType(ctx, dossierId, docType) >= DOCUMENT_LIMITS.maxPerType) throw new AppError('conflict', `at most ${DOCUMENT_LIMITS.maxPerType} files per document`);

  const id = randomUUID();
  const storageKey = `dossiers/${dossierId}/${id}.${EXT[mime]}`;
  await ctx.deps.storage.put(storageKey, file.data);
  try {
    return await inTx(ctx, async (tx) => {
      const doc = await repo.insertDocument(tx, {
        id, dossierId, docType, fileName: uploadName(file.name), mediaType: mime, sizeBytes: file.data.length,
        sha256: createHash('sha256').update(file.data).digest('hex'), storageKey, uploadedBy: actor.label, uploadedAt: tx.deps.clock(),
      });
      await recordAudit(tx, {
        action: 'dossier.document_add', entityType: 'dossier', entityId: dossierId, provinceCode: row.provinceCode,
        after: { documentId: id, docType, fileName: doc.fileName, sizeBytes: doc.sizeBytes },
      });
      // The producer follows what the province added on the timeline.
      if (extraTests) await recordDossierEvent(tx, dossierId, 'extra_tests', row.status, row.status, doc.fileName);
      return toDocumentDto(doc);
    });
  } catch (e) {
    await ctx.deps.storage.remove(storageKey).catch(() => undefined);
    throw e;
  }
}

export async function listDocuments(ctx: Ctx, dossierId: string): Promise<DossierDocumentDto[]> {
  await readableDossier(ctx, dossierId);
  return (await repo.listDocumentRows(ctx, dossierId)).map(toDocumentDto);
}

export async function readDocument(ctx: Ctx, dossierId: string, docId: string) {
  await readableDossier(ctx, dossierId);
  const doc = await repo.findDocumentRow(ctx, dossierId, docId);
  if (!doc) throw new AppError('not_found', 'document not found');
  const data = await ctx.deps.storage.get(doc.storageKey);
  if (!data) throw new AppError('not_found', 'document file not found');
  return { doc, data };
}

export async function deleteDocument(ctx: Ctx, dossierId: string, docId: string): Promise<void> {
  const actor = requireActor(ctx);
  const row = await readableDossier(ctx, dossierId);
  const doc = await repo.findDocumentRow(ctx, dossierId, docId);
  if (!doc) throw new AppError('not_found', 'document not found');
  assertEditable(actor, row);
  const shared = await inTx(ctx, async (tx) => {
    await repo.deleteDocumentRow(tx, docId);
    await recordAudit(tx, {
      action: 'dossier.document_delete', entityType: 'dossier', entityId: dossierId, provinceCode: row.provinceCode,
      before: { documentId: docId, docType: doc.docType, fileName: doc.fileName, carriedFrom: doc.carriedFrom },
    });
    return (await repo.countDocumentsOfFile(tx, doc.storageKey)) > 0;
  });
  if (!shared) await ctx.deps.storage.remove(doc.storageKey).catch(() => undefined);
}
