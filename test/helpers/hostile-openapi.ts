/**
 * The hostile-input suite's map of what to attack (docs/decisions/044-hostile-input-suite.md):
 * every operation of the app's OpenAPI document (`app.swagger()`, built by @fastify/swagger from
 * the routes' zod schemas; routes with `schema.hide` are not in it), and the HTML form routes the
 * document leaves out (hidden POST routes from `routesOf(app)`).
 */
import { routesOf, type ServedRoute } from '../../src/app';
import type { Role } from '../../src/core/roles';
import type { App } from '../../src/web/http';

/** A JSON Schema as @fastify/swagger writes it (the subset the generators read). */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | Schema;
  default?: unknown;
  $ref?: string;
  description?: string;
}

export interface Param { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: Schema }

export interface Operation {
  /** `POST /api/v1/producers/:id` — how failures and the HOSTILE_ONLY filter name it. */
  key: string;
  method: string;
  /** Fastify's form of the path (`:id`). */
  url: string;
  params: Param[];
  /** Media type → schema of the request body (JSON, multipart, JSON-LD). */
  body: Record<string, Schema>;
  /** From routesOf: who the route lets in before any policy. */
  access: ServedRoute['access'];
  /** A hidden HTML form route (not in the document): urlencoded bodies, session + CSRF. */
  form: boolean;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, {
    parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
    requestBody?: { content?: Record<string, { schema?: Schema }> };
  }>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** `/a/{id}/b` → `/a/:id/b`. */
export const fastifyPath = (openApiPath: string) => openApiPath.replace(/\{(\w+)\}/g, ':$1');

/** `$ref`s replaced by what they name (recursive schemas stop after a few levels). */
function deref(schema: Schema | undefined, doc: OpenApiDoc, depth = 0): Schema {
  if (!schema || depth > 6) return {};
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()!;
    return deref(doc.components?.schemas?.[name], doc, depth + 1);
  }
  const out: Schema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, deref(v, doc, depth + 1)]));
  }
  if (schema.items) out.items = deref(schema.items, doc, depth + 1);
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) if (schema[k]) out[k] = schema[k]!.map((s) => deref(s, doc, depth + 1));
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    out.additionalProperties = deref(schema.additionalProperties, doc, depth + 1);
  }
  return out;
}

/** Every operation of the OpenAPI document, with the access its route declares. */
export function apiOperations(app: App): Operation[] {
  const doc = app.swagger() as unknown as OpenApiDoc;
  const served = routesOf(app);
  const ops: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(byMethod)) {
      if (!METHODS.has(m)) continue;
      const method = m.toUpperCase();
      const url = fastifyPath(path);
      const route = served.find((r) => r.method === method && r.url === url);
      const body: Record<string, Schema> = {};
      for (const [type, c] of Object.entries(op.requestBody?.content ?? {})) body[type] = deref(c.schema, doc);
      ops.push({
        key: `${method} ${url}`, method, url, body, form: false,
        access: route?.access ?? 'user',
        params: (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'header').map((p) => ({
          name: p.name, in: p.in as Param['in'], required: Boolean(p.required) || p.in === 'path', schema: deref(p.schema, doc),
        })),
      });
    }
  }
  return ops.sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * The HTML form routes: hidden POST routes (they take url-encoded forms, a few multipart). Their
 * fields are not declared anywhere the suite can read, so `fields` come from the forms the pages
 * render (see hostile-forms.ts) or a vocabulary; path parameters are read from the URL.
 */
export function formOperations(app: App): Operation[] {
  return routesOf(app)
    .filter((r) => r.hidden && r.method === 'POST' && !r.url.startsWith('/api/'))
    .map((r) => ({
      key: `${r.method} ${r.url}`, method: r.method, url: r.url, body: {}, form: true, access: r.access,
      params: [...r.url.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1]!, in: 'path' as const, required: true, schema: { type: 'string' } })),
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Query names the pages read (filters, paging, search, switches): the pages' own are not declared where the suite can read them. */
const PAGE_QUERY: Param[] = [
  ...['page', 'pageSize', 'year', 'stars'].map((name) => ({ name, in: 'query' as const, required: false, schema: { type: 'integer', minimum: 1, maximum: 100_000 } })),
  ...['q', 'status', 'province', 'commune', 'area', 'kind', 'from', 'to', 'asOf', 'sort', 'set', 'tab', 'saved', 'done', 'next', 'format', 'units', 'issuer', 'product', 'producer', 'shop']
    .map((name) => ({ name, in: 'query' as const, required: false, schema: { type: 'string', maxLength: 100 } })),
];

/** The HTML pages (hidden GET routes other than files): path parameters from the URL, the pages' query names. */
export function pageOperations(app: App): Operation[] {
  return routesOf(app)
    .filter((r) => r.hidden && r.method === 'GET' && !r.url.includes('*') && !/^\/(static|api)\//.test(r.url))
    .map((r) => ({
      key: `${r.method} ${r.url}`, method: r.method, url: r.url, body: {}, form: false, access: r.access,
      params: [
        ...[...r.url.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1]!, in: 'path' as const, required: true, schema: { type: 'string' } })),
        ...PAGE_QUERY,
      ],
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Whether the route's declared access lets this role (or anonymous: null) past the door. */
export function admits(access: ServedRoute['access'], role: Role | null): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  return access === 'user' || access.includes(role);
}

/** A stable 32-bit hash of a text (per-operation seeds, shards). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Shard `index` of `count`: operations dealt in turn after sorting, so each shard holds a mix of
 * modules and methods (the files run on vitest's two workers side by side).
 */
export function shard<T extends { key: string }>(ops: readonly T[], index: number, count: number): T[] {
  return [...ops].sort((a, b) => a.key.localeCompare(b.key)).filter((_, i) => i % count === index);
}
