/**
 * Hostile requests for one operation and one caller, as fast-check arbitraries of plain data
 * (`Plan`: what to put in the path, query, headers and body, and how to authenticate), turned into
 * `app.inject` options at send time with the caller's current credentials.
 */
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import type { FormField } from './html-forms';
import type { Operation, Param, Schema } from './hostile-openapi';
import type { Actor } from './hostile-seed';
import {
  GARBAGE_BODIES, HOSTILE_KEYS, HOSTILE_STRINGS, RAW_URL_PIECES, hostileAny, hostileFor, hostileString, kindOf, objectFor,
  realOrHostile, validFor, type Pools,
} from './hostile-values';

export type Auth = 'none' | 'bearer' | 'session' | 'session-no-csrf' | 'session-bad-csrf' | 'bad-bearer' | 'bad-cookie';

export type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; type: string; text: string }
  | { kind: 'form'; fields: [string, string][]; csrf: 'good' | 'bad' | 'none' }
  | { kind: 'multipart'; fields: [string, string][]; file: FilePart | null; csrf: 'good' | 'bad' | 'none' };

export interface FilePart { field: string; name: string; type: string; data: 'png' | 'pdf' | 'csv' | 'empty' | 'random' | 'text' }

export interface Plan {
  auth: Auth;
  /** Each path parameter, already percent-encoded (some raw, malformed on purpose). */
  path: string[];
  /** The query string without `?`. */
  query: string;
  headers: Record<string, string>;
  accept: string;
  body: Body;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Percent-encoding of the UTF-8 bytes (a lone surrogate becomes U+FFFD, as a browser sends it). */
export function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // A lone surrogate: encodeURIComponent refuses it; the bytes Buffer makes of it are sent.
  }
  let out = '';
  for (const b of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const asText = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' || v === null ? String(v) : JSON.stringify(v) ?? '');

/** What a header may carry over HTTP at all (CR, LF and NUL are refused by every client and by Node). */
const headerSafe = (s: string) => s.replace(/[^\x20-\x7e]/g, '').slice(0, 4_000);

function pathArb(op: Operation, pools: Pools): fc.Arbitrary<string[]> {
  const names = [...op.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const segments = op.url.split('/');
  const before = (name: string) => segments[segments.indexOf(`:${name}`) - 1] ?? '';
  return fc.tuple(...names.map((name) => fc.oneof(
    { weight: 9, arbitrary: realOrHostile(pools, kindOf(name, before(name))).map(encode) },
    { weight: 1, arbitrary: fc.tuple(realOrHostile(pools, kindOf(name, before(name))), fc.constantFrom(...RAW_URL_PIECES)).map(([v, raw]) => encode(v) + raw) },
  )));
}

function paramValue(p: Param, pools: Pools): fc.Arbitrary<string | null> {
  return fc.oneof(
    { weight: p.required ? 1 : 9, arbitrary: fc.constant(null) },
    { weight: 7, arbitrary: validFor(p.schema, p.name, pools).map(asText) },
    { weight: 5, arbitrary: hostileFor(p.schema, p.name, pools).map(asText) },
  );
}

/** Extra query pieces: unknown names, repeats, prototype names, the language switch, raw bytes. */
const QUERY_EXTRAS: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_KEYS), hostileString).map(([k, v]) => `${encode(k)}=${encode(v)}`) },
  { weight: 1, arbitrary: hostileString.map((v) => `lang=${encode(v)}`) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__[x]=1', 'constructor[prototype][x]=1', 'a=1&a=2&a=3', '&&', '=', '=x', 'x', 'page=1&page=2', 'lang=vi&lang=en', 'lang=vi%0d%0aSet-Cookie:%20a=1') },
  { weight: 1, arbitrary: fc.constantFrom(...RAW_URL_PIECES).map((raw) => `q=${raw}`) },
);

function queryArb(op: Operation, pools: Pools): fc.Arbitrary<string> {
  const all = op.params.filter((p) => p.in === 'query');
  // A long list of names (the pages' shared vocabulary): a few of them per request.
  const chosen = all.length > 12 ? fc.subarray(all, { maxLength: 4 }) : fc.constant(all);
  return chosen.chain((params) => fc.tuple(fc.tuple(...params.map((p) => paramValue(p, pools))), QUERY_EXTRAS).map(([values, extra]) => {
    const parts = values.flatMap((v, i) => (v === null ? [] : [`${encode(params[i]!.name)}=${encode(v)}`]));
    if (extra) parts.push(extra);
    return parts.join('&');
  }));
}

function headersArb(op: Operation, pools: Pools): fc.Arbitrary<Record<string, string>> {
  const params = op.params.filter((p) => p.in === 'header');
  return fc.tuple(...params.map((p) => paramValue(p, pools))).map((values) => {
    const out: Record<string, string> = {};
    values.forEach((v, i) => { if (v !== null) out[params[i]!.name] = headerSafe(v); });
    return out;
  });
}

const FILES: fc.Arbitrary<FilePart | null> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  {
    weight: 5,
    arbitrary: fc.record({
      field: fc.constantFrom('file', 'file', 'file', 'image', 'photo', 'files', '__proto__'),
      name: fc.constantFrom('anh.png', 'ho-so.pdf', 'danh-sach.csv', '../../../etc/passwd', 'a\u0000.png', 'Ảnh sản phẩm.jpg', `${'x'.repeat(300)}.png`, '', '.htaccess', 'con.pdf'),
      type: fc.constantFrom('image/png', 'application/pdf', 'text/csv', 'application/octet-stream', 'image/svg+xml', 'text/html', '', 'x/y; charset=\u00ff'),
      data: fc.constantFrom('png' as const, 'pdf' as const, 'csv' as const, 'empty' as const, 'random' as const, 'text' as const),
    }),
  },
);

const CSRF = fc.oneof({ weight: 8, arbitrary: fc.constant('good' as const) }, { weight: 1, arbitrary: fc.constantFrom('bad' as const, 'none' as const) });

/** A value a person could have typed or chosen in the field (the page's own value first). */
function validFormValue(f: FormField, pools: Pools): fc.Arbitrary<string> {
  return f.options?.length ? fc.constantFrom(...f.options)
    : f.kind === 'number' ? fc.integer({ min: 0, max: 100_000 }).map(String)
      : f.kind === 'date' ? fc.constantFrom('2026-09-15', '2026-10-01', '2027-01-31')
        : f.kind === 'checkbox' ? fc.constant('on')
          : f.kind === 'hidden' || f.value ? fc.constant(f.value)
            : validFor({ type: 'string', maxLength: f.maxLength ?? 80 }, f.name, pools).map(asText);
}

/** A text value for a form or multipart field: near-valid for its kind, or hostile. */
function formValue(f: FormField, pools: Pools): fc.Arbitrary<string> {
  return fc.oneof({ weight: 5, arbitrary: validFormValue(f, pools) }, { weight: 1, arbitrary: hostileString }, { weight: 1, arbitrary: realOrHostile(pools, kindOf(f.name)) });
}

/**
 * Fields of a form: each kept (near-valid), hostile or left out, extra names now and then; or, one
 * time in four, every field near-valid and nothing else (so that some submissions get through).
 */
export function formFieldsArb(fields: readonly FormField[], pools: Pools): fc.Arbitrary<[string, string][]> {
  const own = fields.filter((f) => f.name !== '_csrf' && f.kind !== 'file');
  const mixed = fc.tuple(
    fc.tuple(...own.map((f) => fc.option(formValue(f, pools), { freq: 8, nil: null }).map((v) => [f.name, v] as const))),
    fc.array(fc.tuple(fc.constantFrom(...HOSTILE_KEYS, ...HOSTILE_STRINGS.slice(0, 20)), hostileString), { maxLength: 2 }),
  ).map(([kept, extra]) => [...kept.filter((e): e is readonly [string, string] => e[1] !== null), ...extra].map(([k, v]) => [k, v] as [string, string]));
  const clean = fc.tuple(...own.map((f) => validFormValue(f, pools).map((v) => [f.name, v] as [string, string])));
  return fc.oneof({ weight: 3, arbitrary: mixed }, { weight: 1, arbitrary: clean });
}

function bodyArb(op: Operation, pools: Pools, formFields: readonly FormField[]): fc.Arbitrary<Body> {
  const garbage = fc.constantFrom(...GARBAGE_BODIES).map((g): Body => ({ kind: 'raw', type: g.type, text: g.text }));
  if (op.form) {
    const form = fc.tuple(formFieldsArb(formFields, pools), CSRF).map(([fields, csrf]): Body => ({ kind: 'form', fields, csrf }));
    const multi = fc.tuple(formFieldsArb(formFields, pools), FILES, CSRF).map(([fields, file, csrf]): Body => ({ kind: 'multipart', fields, file, csrf }));
    return fc.oneof({ weight: 8, arbitrary: form }, { weight: 2, arbitrary: multi }, { weight: 1, arbitrary: garbage }, { weight: 1, arbitrary: fc.constant<Body>({ kind: 'none' }) });
  }
  const arbs: fc.WeightedArbitrary<Body>[] = [];
  const json = op.body['application/json'] ?? op.body['application/ld+json'];
  if (json) {
    const obj = json.type === 'object' || json.properties;
    const near = (h: number): fc.Arbitrary<unknown> => (obj ? objectFor(json, pools, h) : h ? hostileFor(json, 'body', pools) : validFor(json, 'body', pools));
    arbs.push({ weight: 7, arbitrary: near(1).map((value): Body => ({ kind: 'json', value })) });
    arbs.push({ weight: 3, arbitrary: near(0).map((value): Body => ({ kind: 'json', value })) });
    arbs.push({ weight: 1, arbitrary: hostileAny.map((value): Body => ({ kind: 'json', value })) });
  }
  const multipart: Schema | undefined = op.body['multipart/form-data'];
  if (multipart) {
    const fields: FormField[] = Object.entries(multipart.properties ?? {}).filter(([, s]) => s.format !== 'binary')
      .map(([name]) => ({ name, kind: 'text' as const, value: '', required: false }));
    if (!multipart.properties) fields.push({ name: 'data', kind: 'text', value: '{}', required: true });
    const multi = fc.tuple(formFieldsArb(fields, pools), FILES, CSRF).map(([f, file, csrf]): Body => ({ kind: 'multipart', fields: f, file, csrf }));
    arbs.push({ weight: 8, arbitrary: multi });
  }
  if (arbs.length) {
    arbs.push({ weight: 2, arbitrary: garbage });
    return fc.oneof(...arbs);
  }
  // No body declared: mostly none; for writes sometimes one anyway.
  if (!UNSAFE.has(op.method)) return fc.constant({ kind: 'none' });
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant<Body>({ kind: 'none' }) },
    { weight: 1, arbitrary: hostileAny.map((value): Body => ({ kind: 'json', value })) },
    { weight: 1, arbitrary: garbage },
  );
}

function authArb(actor: Actor): fc.Arbitrary<Auth> {
  if (!actor.user) return fc.oneof({ weight: 8, arbitrary: fc.constant<Auth>('none') }, { weight: 1, arbitrary: fc.constantFrom<Auth>('bad-bearer', 'bad-cookie') });
  return fc.oneof(
    { weight: 10, arbitrary: fc.constant<Auth>('bearer') },
    { weight: 6, arbitrary: fc.constant<Auth>('session') },
    { weight: 1, arbitrary: fc.constantFrom<Auth>('session-no-csrf', 'session-bad-csrf', 'bad-bearer') },
  );
}

/** What a request to the operation carries besides its authentication (built once per operation and pools). */
const partsCache = new WeakMap<Pools, Map<string, fc.Arbitrary<Omit<Plan, 'auth'>>>>();

function partsArb(op: Operation, pools: Pools, formFields: readonly FormField[]): fc.Arbitrary<Omit<Plan, 'auth'>> {
  let byOp = partsCache.get(pools);
  if (!byOp) partsCache.set(pools, (byOp = new Map()));
  let arb = byOp.get(op.key);
  if (!arb) {
    const api = op.url.startsWith('/api/');
    const accept = op.form || !api
      ? fc.constantFrom('text/html,application/xhtml+xml', 'text/html', 'application/json', '*/*')
      : fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/html', '*/*', '') });
    arb = fc.record({
      path: pathArb(op, pools), query: queryArb(op, pools), headers: headersArb(op, pools), accept, body: bodyArb(op, pools, formFields),
    });
    byOp.set(op.key, arb);
  }
  return arb;
}

/** Every hostile request for this operation and caller (the caller's credentials are read at send time). */
export function planArb(op: Operation, actor: Actor, pools: Pools, formFields: readonly FormField[] = []): fc.Arbitrary<Plan> {
  const auth = op.form && actor.user ? fc.oneof({ weight: 8, arbitrary: fc.constant<Auth>('session') }, { weight: 1, arbitrary: fc.constant<Auth>('bearer') }) : authArb(actor);
  return fc.tuple(auth, partsArb(op, pools, formFields)).map(([a, parts]): Plan => ({ auth: a, ...parts }));
}

// ---------------------------------------------------------------------------------------------

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
/** Bytes that look like nothing (fixed: a seed replays the same file). */
const RANDOM = Buffer.from(Array.from({ length: 2_048 }, (_, i) => (i * 2654435761) >>> 24));

function fileBytes(kind: FilePart['data']): Buffer {
  switch (kind) {
    case 'png': return PNG;
    case 'pdf': return PDF;
    case 'csv': return Buffer.from('name,kind,commune_code\r\nHTX \u0000Thử,htx,14758\r\n=cmd|calc,household,99999\r\n');
    case 'empty': return Buffer.alloc(0);
    case 'random': return RANDOM;
    case 'text': return Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
  }
}

function multipartPayload(fields: [string, string][], file: FilePart | null): { payload: Buffer; type: string } {
  const boundary = '----hostile7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [k, v] of fields) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k.replace(/"/g, '%22')}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${file.field}"; filename="${file.name.replace(/"/g, '%22')}"\r\n`
      + `content-type: ${file.type || 'application/octet-stream'}\r\n\r\n`), fileBytes(file.data), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

/** A form token of the pre-session kind (`ocop_pre`, double submit) for anonymous form posts. */
const PRE_TOKEN = 'hostilePreSessionToken0123456789'.slice(0, 32);

/** The request to send: `app.inject` options. */
export function toInject(op: Operation, actor: Actor, plan: Plan, requestId: string, remoteAddress: string): InjectOptions {
  let i = 0;
  const path = op.url.replace(/:(\w+)/g, () => plan.path[i++] ?? '');
  const headers: Record<string, string> = { ...plan.headers, 'x-request-id': requestId };
  if (plan.accept) headers.accept = plan.accept;
  const u = actor.user;
  const session = plan.auth.startsWith('session') && u?.cookie;
  switch (plan.auth) {
    case 'bearer': if (u) headers.authorization = `Bearer ${u.token}`; break;
    case 'bad-bearer': headers.authorization = `Bearer ${'x'.repeat(40)}\u00ff`; break;
    case 'bad-cookie': headers.cookie = `ocop_sid=${'%00'.repeat(10)}; ocop_pre=\u00ff`; break;
    default: break;
  }
  if (session) {
    headers.cookie = u!.cookie!;
    if (UNSAFE.has(op.method) && plan.auth === 'session') headers['x-csrf-token'] = u!.csrf!;
    if (plan.auth === 'session-bad-csrf') headers['x-csrf-token'] = 'A'.repeat(43);
  }
  const csrfValue = (csrf: 'good' | 'bad' | 'none') => {
    if (csrf === 'none') return [];
    if (csrf === 'bad') return [['_csrf', 'B'.repeat(32)] as [string, string]];
    if (session) return [['_csrf', u!.csrf!] as [string, string]];
    headers.cookie = `${headers.cookie ? `${headers.cookie}; ` : ''}ocop_pre=${PRE_TOKEN}`;
    return [['_csrf', PRE_TOKEN] as [string, string]];
  };
  let payload: string | Buffer | undefined;
  const b = plan.body;
  if (b.kind === 'json') {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(b.value) ?? 'null';
  } else if (b.kind === 'raw') {
    if (b.type) headers['content-type'] = b.type;
    payload = b.text;
  } else if (b.kind === 'form') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = [...csrfValue(b.csrf), ...b.fields].map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  } else if (b.kind === 'multipart') {
    const m = multipartPayload([...csrfValue(b.csrf), ...b.fields], b.file);
    headers['content-type'] = m.type;
    payload = m.payload;
  }
  return {
    method: op.method as InjectOptions['method'], url: plan.query ? `${path}?${plan.query}` : path, headers, remoteAddress,
    ...(payload !== undefined ? { payload } : {}),
  };
}
