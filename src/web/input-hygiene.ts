/**
 * Input hygiene at the edge (docs/decisions/042-input-hygiene.md). No string the platform reads
 * from a request holds NUL or another control character: PostgreSQL refuses NUL in text
 * ("invalid byte sequence for encoding UTF8: 0x00"), and the others are invisible, break exports
 * and can hide text. The one rule, for every string input (path parameters, query, JSON and form
 * bodies, multipart text fields, spreadsheet cells):
 *
 * - refused: the C0 controls U+0000–U+001F except TAB, LF and CR; DEL U+007F; the C1 controls
 *   U+0080–U+009F — in values and in names (JSON keys, query and form field names);
 * - kept: TAB, LF, CR (textareas and JSON strings hold line breaks, cells pasted from Excel hold
 *   tabs); one-line fields keep their own schema rules.
 *
 * A refusal is a 400 `validation_failed` naming each field with the code `control_chars`. The
 * return address `next` is exempt: `safeNext` (identity/landing.ts) judges it and drops any
 * control character, and it never reaches the database. File names of uploads are cleaned
 * rather than refused (`cleanFileName`): the sender did not type them.
 */
import type { FastifyRequest } from 'fastify';
import { AppError, problem, type FieldErrors } from '../errors';
import type { App } from './http';

/** Characters no string input may hold (TAB, LF, CR are allowed). */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Every control character, TAB, LF and CR included (names of files, field names shown to people). */
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;

/** At most this many fields are named in one refusal (a hostile body may hold thousands). */
export const MAX_NAMED_FIELDS = 20;

/** Fields judged elsewhere, at the top level of the query and of a body (see the header). */
const EXEMPT = new Set(['next']);

/** The first forbidden character of a text as `U+XXXX`, or null when the text is clean. */
export function forbiddenCharOf(text: string): string | null {
  const m = FORBIDDEN.exec(text);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

export const hasForbiddenChars = (text: string): boolean => FORBIDDEN.test(text);

/** A name as it may be shown and sent back: each control character as `\uXXXX`. */
export const printableName = (name: string): string =>
  name.replace(ANY_CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** An uploaded file's name without control characters ('' when nothing else is left). */
export const cleanFileName = (name: string): string => name.replace(ANY_CONTROL, '');

/** Not an uploaded file's bytes. */
const isText = (v: object) => !Buffer.isBuffer(v) && !(v instanceof Uint8Array);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && isText(v);

/** Whether a parsed input holds no forbidden character anywhere, names included (the quick pass). */
export function isCleanInput(input: unknown): boolean {
  if (typeof input === 'string') return !FORBIDDEN.test(input);
  if (typeof input !== 'object' || input === null) return true;
  const stack: object[] = [input];
  while (stack.length) {
    const v = stack.pop()! as Record<string, unknown>;
    if (Array.isArray(v)) {
      for (const x of v) {
        if (typeof x === 'string') { if (FORBIDDEN.test(x)) return false; } else if (typeof x === 'object' && x !== null) stack.push(x);
      }
    } else if (isText(v)) {
      for (const k in v) {
        if (FORBIDDEN.test(k)) return false;
        const x = v[k];
        if (typeof x === 'string') { if (FORBIDDEN.test(x)) return false; } else if (typeof x === 'object' && x !== null) stack.push(x);
      }
    }
  }
  return true;
}

/**
 * The fields of a parsed input (nested objects and arrays, walked without recursion) whose value
 * or name holds a forbidden character: "a.b.0" → problem, at most MAX_NAMED_FIELDS of them.
 * Buffers (uploaded files) are not text and are skipped.
 */
export function controlCharFields(input: unknown, prefix = '', fields: FieldErrors = {}): FieldErrors {
  if (isCleanInput(input)) return fields;
  const stack: [string, unknown, boolean][] = [[prefix, input, true]];
  let named = Object.keys(fields).length;
  const add = (path: string, char: string) => {
    const key = printableName(path || 'body');
    if (!(key in fields) && named < MAX_NAMED_FIELDS) {
      fields[key] = problem('control_chars', { char });
      named++;
    }
  };
  while (stack.length && named < MAX_NAMED_FIELDS) {
    const [path, value, top] = stack.pop()!;
    if (typeof value === 'string') {
      const char = forbiddenCharOf(value);
      if (char) add(path, char);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([path ? `${path}.${i}` : String(i), value[i], false]);
    } else if (isPlainObject(value)) {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        if (top && EXEMPT.has(k) && typeof v === 'string') continue;
        const at = path ? `${path}.${k}` : k;
        const char = forbiddenCharOf(k);
        if (char) add(at, char);
        else stack.push([at, v, false]);
      }
    }
  }
  return fields;
}

/** The 400 for fields holding forbidden characters. */
export const controlCharError = (fields: FieldErrors) =>
  new AppError('validation_failed', 'control characters are not allowed in text', fields);

/** Throws the 400 when a parsed input holds a forbidden character. */
export function assertCleanInput(input: unknown): void {
  const fields = controlCharFields(input);
  if (Object.keys(fields).length) throw controlCharError(fields);
}

/** Path parameters, query and parsed body (JSON, url-encoded form) of a request. */
export function checkRequestInput(req: FastifyRequest): void {
  const fields: FieldErrors = {};
  controlCharFields(req.params, '', fields);
  controlCharFields(req.query, '', fields);
  controlCharFields(req.body, '', fields);
  if (Object.keys(fields).length) throw controlCharError(fields);
}

/**
 * A multipart body that no upload route read. The multipart plugin parses nothing by itself: an
 * upload route reads its parts in its own preValidation (readMultipart sets `req.body`), so by the
 * time the handler is due, a multipart request whose body is still unread went to a route that
 * takes url-encoded forms or JSON — which would otherwise run on no body at all (a 500). It is
 * refused as the media type it is (415).
 */
export function isUnreadMultipart(req: Pick<FastifyRequest, 'body' | 'headers' | 'method'>): boolean {
  return req.method !== 'GET' && req.method !== 'HEAD' && req.body === undefined
    && /^multipart\//i.test(String(req.headers['content-type'] ?? '').trimStart());
}

/**
 * A write that came with no body at all (no content type: `curl -X POST`, a form without fields)
 * to a route that declares no body schema: the HTML form routes read `req.body` as the submitted
 * form, so they get an empty one (their own checks then answer: missing fields, CSRF), not a 500.
 * Routes with a body schema keep `undefined` and their 400. On the same routes a JSON body that is
 * not an object (`null`, an array, a string) is no form at all: a 400 naming `body`.
 */
export function isBodiless(req: Pick<FastifyRequest, 'body' | 'headers' | 'method'>, hasBodySchema: boolean): boolean {
  return !hasBodySchema && req.body === undefined && req.method !== 'GET' && req.method !== 'HEAD' && !req.headers['content-type'];
}

/**
 * Every route's inputs are checked before its schema and handler see them (`preValidation`, after
 * the body is parsed). Multipart bodies are read later, by each upload route's own preValidation
 * (src/web/multipart.ts readMultipart), which applies the same check to the text fields it keeps;
 * one no route read is refused before the handler (`preHandler`, after every preValidation).
 * An address no route serves is left to the not-found answer.
 */
export function registerInputHygiene(app: App): void {
  app.addHook('preValidation', async (req) => {
    if (!req.routeOptions.url) return;
    if (!(req.routeOptions.schema as { body?: unknown } | undefined)?.body) {
      if (isBodiless(req, false)) req.body = {};
      else if (req.body !== undefined && !isPlainObject(req.body)) {
        throw new AppError('bad_request', 'send a form (name=value pairs) or a JSON object', { body: problem('invalid') });
      }
    }
    checkRequestInput(req);
  });
  app.addHook('preHandler', async (req) => {
    if (req.routeOptions.url && isUnreadMultipart(req)) {
      throw new AppError('unsupported_media_type', 'this address takes a url-encoded form or JSON, not multipart/form-data');
    }
  });
}
