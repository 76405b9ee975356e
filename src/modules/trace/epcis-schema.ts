/**
 * GS1's EPCIS 2.0 JSON Schema (seed/standards/epcis-2.0, used unchanged; see PROVENANCE.md there),
 * compiled once with Ajv (draft-07) and ajv-formats — the validator GS1's own scripts use. Strict
 * mode is off because GS1's inlined schema names required properties it does not declare (Ajv's
 * `strictRequired`), which is valid JSON Schema. Every problem is returned, each with its place in
 * the document (JSON Pointer, and the dotted path with indexes in brackets the house's JSON imports
 * use) and Ajv's message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { SEED_DIR } from '../../paths';

export const EPCIS_SCHEMA_FILE = join(SEED_DIR, 'standards', 'epcis-2.0', 'EPCIS-JSON-Schema.json');

/** At most this many schema problems are told (a broken 50,000-event document would list millions). */
export const MAX_SCHEMA_PROBLEMS = 1000;

export interface SchemaProblem {
  /** JSON Pointer of the value at fault (`/epcisBody/eventList/3/eventTime`); '' for the document. */
  pointer: string;
  /** The same as a path: `epcisBody.eventList[3].eventTime` ('' for the document). */
  path: string;
  /** The event's index in `epcisBody.eventList`, or null for the document's own fields. */
  index: number | null;
  /** Ajv's keyword (`required`, `format`, `enum`, `pattern`, …). */
  keyword: string;
  /** What is wrong, in English (Ajv's text, with the property or the allowed values named). */
  message: string;
}

// ajv-formats is CommonJS with `exports.default`; under Node's ESM loader the default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as typeof addFormatsModule;

let compiled: ValidateFunction | null = null;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  compiled = ajv.compile(JSON.parse(readFileSync(EPCIS_SCHEMA_FILE, 'utf8')) as object);
  return compiled;
}

const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** `/epcisBody/eventList/3/quantityList/0` → `epcisBody.eventList[3].quantityList[0]`. */
export function pathOf(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = unescape(raw);
    out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  }
  return out;
}

function messageOf(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return `must have property "${String(p.missingProperty)}"`;
  if (e.keyword === 'additionalProperties') return `must not have property "${String(p.additionalProperty)}"`;
  if (e.keyword === 'propertyNames') return `property name "${String(p.propertyName)}" is not allowed here`;
  if (e.keyword === 'enum' && Array.isArray(p.allowedValues)) return `must be one of: ${p.allowedValues.map(String).join(', ')}`;
  return e.message ?? e.keyword;
}

/** Where a problem is: a missing or misnamed property is the property's own place. */
function pointerOf(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required' && typeof p.missingProperty === 'string') return `${e.instancePath}/${p.missingProperty.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  if (e.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string') return `${e.instancePath}/${p.additionalProperty.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  return e.instancePath;
}

/**
 * The document's problems against the EPCIS 2.0 schema; an empty list when it is valid. The
 * wrappers of `if`/`then` ("must match then schema") add nothing to the problem inside them and
 * are left out; the same message at the same place is told once.
 */
export function epcisSchemaProblems(doc: unknown): SchemaProblem[] {
  const validate = validator();
  if (validate(doc)) return [];
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const e of validate.errors ?? []) {
    if (e.keyword === 'if') continue;
    const pointer = pointerOf(e);
    const message = messageOf(e);
    const key = `${pointer}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const m = /^\/epcisBody\/eventList\/(\d+)(?:\/|$)/.exec(pointer);
    out.push({ pointer, path: pathOf(pointer), index: m ? Number(m[1]) : null, keyword: e.keyword, message });
    if (out.length >= MAX_SCHEMA_PROBLEMS) break;
  }
  return out;
}
