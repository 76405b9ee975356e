import type { FastifyRequest } from 'fastify';
import { readMultipart, type MultipartBody } from '../../web/multipart';
import { DOCUMENT_LIMITS } from './dossier-documents.service';

export type DocumentUploadBody = MultipartBody<'_csrf' | 'docType'>;

/** preValidation: the multipart parts into `req.body` (the CSRF check reads `_csrf`); an oversize file arrives truncated → 413 from the service. */
export async function readDocumentUpload(req: FastifyRequest) {
  req.body = await readMultipart(req, { maxBytes: DOCUMENT_LIMITS.maxBytes, tooLarge: 'truncate', fields: ['_csrf', 'docType'], what: 'the document' });
}
