/**
 * Reading a multipart upload in a `preValidation` hook, so that the route sees the parts as
 * `req.body` (and the CSRF check its `_csrf` field) before the handler runs.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors';

export interface UploadedFile {
  name: string;
  data: Buffer;
  /** Cut off at the size limit (only when `tooLarge: 'truncate'`): the file is larger. */
  truncated: boolean;
}

export interface MultipartOptions<F extends string> {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Over the limit: 'throw' → 413 while reading; 'truncate' → `truncated` set, for the service to answer. */
  tooLarge: 'throw' | 'truncate';
  /** Text fields kept (others are ignored). */
  fields: readonly F[];
  /** What the `file` part is, for the 415 message ("the file", "the image"). */
  what: string;
}

export type MultipartBody<F extends string> = Partial<Record<F, string>> & { file: UploadedFile | null };

/** The first non-empty `file` part (buffered) and the listed text fields; other parts are drained. */
export async function readMultipart<F extends string>(
  req: FastifyRequest, opts: MultipartOptions<F>,
): Promise<MultipartBody<F>> {
  if (!req.isMultipart()) {
    throw new AppError('unsupported_media_type', `send ${opts.what} as multipart/form-data in the field "file"`);
  }
  const body = { file: null } as MultipartBody<F>;
  // throwFileSizeLimit is honoured per call by @fastify/multipart but missing from its types.
  const options = { limits: { fileSize: opts.maxBytes }, throwFileSizeLimit: opts.tooLarge === 'throw' };
  for await (const part of req.parts(options)) {
    if (part.type === 'file') {
      if (part.fieldname === 'file' && !body.file) {
        const data = await part.toBuffer();
        if (data.length > 0 || part.filename) body.file = { name: part.filename || 'upload', data, truncated: part.file.truncated };
      } else {
        part.file.resume();
      }
    } else if (typeof part.value === 'string' && (opts.fields as readonly string[]).includes(part.fieldname)) {
      (body as Record<string, unknown>)[part.fieldname] = part.value;
    }
  }
  return body;
}
