/**
 * Reading a multipart upload in a `preValidation` hook, so that the route sees the parts as
 * `req.body` (and the CSRF check its `_csrf` field) before the handler runs.
 *
 * The one place multipart bodies are parsed, so the one place their problems are answered
 * (docs/decisions/042-input-hygiene.md): a body that is not multipart is a 415, a file or part
 * over a limit a 413, and anything the parser cannot read (no boundary, garbage, a truncated or
 * malformed part) a 400 naming `body` — never a 500. The text fields kept are held to the input
 * rule of src/web/input-hygiene.ts (no NUL or other control character: 400 naming the field);
 * file names lose their control characters.
 */
import type { FastifyRequest } from 'fastify';
import { AppError, problem, type FieldErrors } from '../errors';
import { cleanFileName, controlCharError, controlCharFields } from './input-hygiene';

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

/**
 * An error met while parsing a multipart body, as the answer it deserves: the plugin's own errors
 * by their status (413 limits, 406 → 415, other 4xx → 400); the parser's (busboy: "Boundary not
 * found", "Unexpected end of multipart data", a part "terminated early", a boundary too long…)
 * and an interrupted request are a malformed body (400).
 */
export function multipartError(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err;
  const e = err as { code?: unknown; statusCode?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const status = typeof e?.statusCode === 'number' && typeof e.code === 'string' && e.code.startsWith('FST_') ? e.statusCode : 400;
  if (status === 413) return new AppError('payload_too_large', `${what} is too large (${message})`);
  if (status === 406 || status === 415) {
    return new AppError('unsupported_media_type', `send ${what} as multipart/form-data in the field "file"`);
  }
  return new AppError('bad_request', `malformed multipart body: ${message.slice(0, 200)}`, { body: problem('multipart_malformed') });
}

/** The first non-empty `file` part (buffered) and the listed text fields; other parts are drained. */
export async function readMultipart<F extends string>(
  req: FastifyRequest, opts: MultipartOptions<F>,
): Promise<MultipartBody<F>> {
  if (!req.isMultipart()) {
    throw new AppError('unsupported_media_type', `send ${opts.what} as multipart/form-data in the field "file"`);
  }
  const body = { file: null } as MultipartBody<F>;
  const dirty: FieldErrors = {};
  // throwFileSizeLimit is honoured per call by @fastify/multipart but missing from its types.
  const options = { limits: { fileSize: opts.maxBytes }, throwFileSizeLimit: opts.tooLarge === 'throw' };
  try {
    for await (const part of req.parts(options)) {
      if (part.type === 'file') {
        if (part.fieldname === 'file' && !body.file) {
          const data = await part.toBuffer();
          const name = cleanFileName(part.filename ?? '');
          if (data.length > 0 || name) body.file = { name: name || 'upload', data, truncated: part.file.truncated };
        } else {
          part.file.resume();
        }
      } else if (typeof part.value === 'string' && (opts.fields as readonly string[]).includes(part.fieldname)) {
        // Refused after the whole body is read (every bad field named in one answer).
        controlCharFields({ [part.fieldname]: part.value }, '', dirty);
        (body as Record<string, unknown>)[part.fieldname] = part.value;
      }
    }
  } catch (e) {
    throw multipartError(e, opts.what);
  }
  if (Object.keys(dirty).length) throw controlCharError(dirty);
  return body;
}
