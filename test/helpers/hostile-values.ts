/**
 * Malformed values for the hostile-input suite, as fast-check arbitraries: per JSON Schema type
 * (wrong types, boundaries, huge and fractional numbers, NaN-like text, unicode edge cases, lone
 * surrogates, control characters, prototype keys, deep nesting) and near-valid values read from
 * the schema (enums, patterns, bounds) so that a request gets past validation into the services —
 * where a 500 hides. Real ids and codes of the seeded data come from `Pools` (hostile-seed.ts).
 */
import fc from 'fast-check';
import type { Schema } from './hostile-openapi';

/** Real values of the seeded database by kind (`producer` → ids, `certificateNumber` → numbers…). */
export type Pools = Record<string, readonly string[]>;

const UUID_RE = /^\^\(\[0-9a-fA-F\]\{8\}/;

/** Text an attacker types: each entry is one case the suite wants seen at least sometimes. */
export const HOSTILE_STRINGS: readonly string[] = [
  '', ' ', '  \t ', '0', '-1', '1.5', '-0', '1e3', '1e309', '0x1F', '0b1', '1_000', '９', '٣', '²', 'NaN', 'Infinity', '-Infinity',
  'null', 'undefined', 'true', 'false', '[]', '{}', '[object Object]', '9007199254740993', '99999999999999999999999', '2147483648',
  '-2147483649', '1e-7', '00000000001', '+84', '٠٩١٢٣٤٥٦٧٨',
  // Unicode edge cases.
  'Mật ong rừng', 'Mâ\u0323t ong (NFD)', 'a\u0301\u0301\u0301\u0301', '🐝🍯', '👩‍👩‍👧‍👦', '\uFEFFbom', '\u200Bzero\u200Bwidth', 'rtl\u202Eevil',
  '\u2028line\u2029para', 'İıßẞ', '\uFFFF\uFFFE', '\u{10FFFF}', '\uD800', '\uDFFF', 'a\uD83D', '\uDC00b', 'Ω'.repeat(300),
  // Control characters (refused by input hygiene; next is judged elsewhere).
  '\u0000', 'a\u0000b', '\r\n', 'a\rb', '\n', '\t', '\u001B[31mred', '\u007F', '\u0085', '\u009F', '\b\f\v',
  // Header-unsafe values (they must never reach a header).
  'x\r\nSet-Cookie: evil=1', 'x\nLocation: https://evil.example', '/%0d%0aSet-Cookie:%20a=1',
  // Injection and path tricks.
  "' OR '1'='1", "'; drop table users; --", '%', '_', '\\', '%%', '%_', '${7*7}', '{{7*7}}', '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>', '../../../../etc/passwd', '..\\..\\boot.ini', '%2e%2e%2f', '/\\evil.example', '//evil.example',
  'https://evil.example', 'javascript:alert(1)', 'data:text/html,x', '=HYPERLINK("http://evil.example")', '+cmd|calc', '@SUM(1)',
  'CON', 'nul.txt', '*', '?', '#', '&', '=', '+', ';', ',', '|',
  // Prototype keys.
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__',
  // Ids and codes, malformed.
  '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '00000000-0000-0000-0000-00000000000g',
  '{6f1c1b7e-0000-4000-8000-000000000000}', '6f1c1b7e000040008000000000000000', 'urn:uuid:6f1c1b7e-0000-4000-8000-000000000000',
  'OCOP-38-2024-00001', 'OCOP-38-2024-0000', 'OCOP-99-9999-99999', 'HS-00000', '8930000000000', '893000000000X',
  // Dates and times.
  '2026-02-30', '2026-02-29', '2024-02-29', '2026-13-01', '2026-00-10', '0000-00-00', '0001-01-01', '9999-12-31', '+275760-09-13',
  '-000001-01-01', '1969-12-31', '2026-1-1', '20260101', '2026-07-15T25:61:61Z', '2026-07-15T03:00:00+99:00', '2026/07/15', '15/07/2026',
  // E-mail addresses, phones, web addresses.
  'a@b', '@', 'a@', '@b.vn', 'a@@b.vn', 'a..b@c.vn', '"quoted"@example.org', 'a@[127.0.0.1]', 'mật@ong.vn', 'x'.repeat(250) + '@e.vn',
  '0', '0912', '0912 345 678 9999 0000 1111', '(+84) 912-345-678', '+84 912 345 678 ext. 12', '1-800-FLOWERS',
  'http://', 'http://localhost:22', 'http://169.254.169.254/latest/meta-data/', 'ftp://example.org', 'http://[::1]/', 'http://a b',
];

/** Keys that must not reach an object's prototype or a query's parsing. */
export const HOSTILE_KEYS: readonly string[] = [
  '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '', ' ', 'a.b', 'a[b]', '$where', '\u0000',
  'x'.repeat(300), '🐝', 'id', 'version', 'role', 'isSample', 'producerId', 'status', 'createdBy', 'areaCode',
];

/** Numbers at and beyond every boundary a column or a schema may have. */
export const HOSTILE_NUMBERS: readonly number[] = [
  0, -0, -1, 1, 0.5, -0.5, 1.0000001, 99.999, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 53 - 1, 2 ** 53 + 2, -(2 ** 53) - 2,
  2 ** 63, 1e21, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, 5e-324, 123456789.12345679,
];

/** Percent-encodings of bytes that are not UTF-8, or not an encoding at all (sent raw in a URL). */
export const RAW_URL_PIECES: readonly string[] = [
  '%', '%ZZ', '%0', '%00', '%0A', '%0D%0A', '%ED%A0%80', '%C0%80', '%C0%AF', '%FF', '%E0%80', '%F4%90%80%80', '%2F', '%2e%2e', '%252F', '..',
  '.', '%5C', '%3F', '%23', '%3B', '%26', '%3D', '%E1%BA%A1', '%F0%9F%90%9D', '%EF%BB%BF',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.constantFrom(1_000, 10_001, 70_000).map((n) => 'ẫ'.repeat(n)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_STRINGS), fc.constantFrom(...HOSTILE_STRINGS)).map(([a, b]) => a + b) },
);

const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false) },
);

/** Objects and arrays nested `depth` deep (a stack-depth probe for every walker of a body). */
const nested = (depth: number, asArray: boolean): unknown => {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
};

/** A value of any JSON type, malformed for whatever the field expects. */
export const hostileAny: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...HOSTILE_KEYS), hostileScalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom([], {}, [[]], [{}], [null], { '': '' }, nested(64, false), nested(64, true), nested(2_000, true)) },
  { weight: 1, arbitrary: fc.constantFrom(new Array(10_000).fill(1), Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`k${i}`, i]))) },
);

/** Which pool a name (path parameter or body key) draws real values from, given the path segment before it. */
export function kindOf(name: string, segment = ''): string | null {
  const byName: Record<string, string> = {
    imageId: 'productImage', docId: 'dossierDocument', dossierId: 'dossier', sheetId: 'criteriaSheet', shopId: 'shop',
    listingId: 'listing', variantId: 'variant', version: 'criteriaVersion', productSetCode: 'productSet', gtin: 'gtin',
    lot: 'lotNumber', serial: 'serial', number: 'certificateNumber', old: 'area', variant: 'imageVariant', kind: 'kindName',
    producerId: 'producer', productId: 'product', productIds: 'product', roundId: 'round', previousRoundId: 'round',
    decisionId: 'decision', lotId: 'lot', eventId: 'event', buyerOrgId: 'buyerOrg', userId: 'user', planId: 'plan',
    batchId: 'stampBatch', ideaId: 'idea', dossierIds: 'dossier', communeCode: 'commune', venueCommuneCode: 'commune',
    provinceCode: 'province', deliveryProvinceCode: 'province', areaCode: 'area', area: 'area', province: 'province',
    commune: 'commune', parent: 'area', producer: 'producer', product: 'product', shop: 'shop', set: 'productSet',
    classification: 'classification', name: 'coverName', sourceLotId: 'lot', correctsEventId: 'traceEvent',
    code: segment === 'verify' || segment === 'v' ? 'certificateNumber' : segment === 'sets' ? 'productSet' : 'orderCode',
    memberId: segment === 'team' ? 'user' : 'councilMember', listing: 'listing', review: 'review', offer: 'offer',
    rid: 'registration', token: 'none',
  };
  if (name !== 'id' && byName[name]) return byName[name]!;
  const bySegment: Record<string, string> = {
    producers: 'producer', products: 'product', ideas: 'idea', dossiers: 'dossier', rounds: 'round', decisions: 'decision',
    certificates: 'certificateNumber', notifications: 'notification', 'fake-reports': 'fakeReport', batches: 'stampBatch',
    alerts: 'stampAlert', targets: 'target', outlets: 'outlet', courses: 'course', sessions: 'trainingSession', plans: 'plan',
    visits: 'visit', proposals: 'proposal', support: 'support', listings: 'listing', 'shop-listings': 'listing', shops: 'shop',
    orders: 'orderCode', 'shop-orders': 'orderCode', reviews: 'review', addresses: 'address', posts: 'post', 'tin-tuc': 'post',
    'buyer-orgs': 'buyerOrg', demands: 'demand', offers: 'offer', 'offer-files': 'offerFile', agreements: 'agreement',
    events: 'event', 'su-kien': 'event', registrations: 'registration', lots: 'lot', recalls: 'recall', imports: 'importJob',
    sheets: 'criteriaSheet', 'danh-gia': 'review', files: 'traceFile', media: 'product', 'san-pham': 'product',
    // The back office's and the market's pages.
    'cua-hang': 'shop', 'dia-chi': 'address', 'thong-bao': 'notification', 'don-hang': 'orderCode', reports: 'fakeReport',
    stamps: 'stampBatch', inspections: 'plan', training: 'course', 'account-requests': 'accountRequest', criteria: 'criteriaVersion',
    'nhu-cau': 'demand', 'hop-dong': 'agreement', 'doanh-nghiep': 'buyerOrg', lo: 'lot', 'thu-hoi': 'recall',
  };
  return bySegment[segment] ?? (name.endsWith('Id') ? name.slice(0, -2) : null);
}

/** A real value of the pool, any real value, or a malformed one. */
export function realOrHostile(pools: Pools, kind: string | null, realWeight = 6): fc.Arbitrary<string> {
  const own = kind ? pools[kind] ?? [] : [];
  const any = pools.any ?? [];
  const arbs: fc.WeightedArbitrary<string>[] = [{ weight: 4, arbitrary: hostileString }];
  if (own.length) arbs.push({ weight: realWeight, arbitrary: fc.constantFrom(...own) });
  if (any.length) arbs.push({ weight: 1, arbitrary: fc.constantFrom(...any) });
  arbs.push({ weight: 1, arbitrary: fc.uuid() });
  if (own.length) arbs.push({ weight: 1, arbitrary: fc.constantFrom(...own).map((v) => v.toUpperCase()) });
  return fc.oneof(...arbs);
}

const VIETNAMESE_WORDS = ['Mật', 'ong', 'rừng', 'Pù', 'Luông', 'chè', 'Shan', 'tuyết', 'nước', 'mắm', 'HTX', 'Thanh', 'Hóa', 'đặc', 'sản', 'xã'];

/** A string inside a schema's bounds (pattern, length): what a person would type, near the limits. */
function textFor(s: Schema, name: string, pools: Pools): fc.Arbitrary<string> {
  const kind = kindOf(name);
  const real = kind && pools[kind]?.length ? fc.constantFrom(...pools[kind]!) : null;
  if (s.pattern && UUID_RE.test(s.pattern)) return real ?? fc.uuid();
  if (s.format === 'uuid') return real ?? fc.uuid();
  if (s.pattern === '^\\d{4}-\\d{2}-\\d{2}$') {
    return fc.oneof(
      fc.date({ min: new Date('2025-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.constantFrom('2026-07-15', '2026-02-29', '2026-02-30', '2026-04-31', '0000-01-01', '9999-12-31', '1900-01-01', '2026-99-99'),
    );
  }
  if (s.pattern) {
    try {
      const re = new RegExp(s.pattern, 'u');
      return real ? fc.oneof(real.filter((v) => re.test(v)), fc.stringMatching(re, { size: 'small' })) : fc.stringMatching(re, { size: 'small' });
    } catch {
      return hostileString;
    }
  }
  if (real) return real;
  const max = Math.min(s.maxLength ?? 60, 400);
  const min = Math.min(s.minLength ?? 0, max);
  if (/e-?mail/i.test(name)) return fc.oneof(fc.emailAddress(), fc.constantFrom('hop.tac.xa@example.vn'));
  if (/phone/i.test(name)) return fc.oneof(fc.constantFrom('0912 345 678', '+84 912 345 678', '02373 852 111'), fc.stringMatching(/^0\d{9}$/));
  if (/url|website|link/i.test(name)) return fc.oneof(fc.webUrl(), fc.constantFrom('https://ocop.example/san-pham'));
  return fc.oneof(
    { weight: 3, arbitrary: fc.array(fc.constantFrom(...VIETNAMESE_WORDS), { minLength: 1, maxLength: 6 }).map((w) => w.join(' ')) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 40) }) },
    { weight: 1, arbitrary: fc.constantFrom(max, min).map((n) => 'ệ'.repeat(Math.max(n, 0))) },
  ).filter((v) => [...v].length >= min && [...v].length <= (s.maxLength ?? Infinity));
}

const typesOf = (s: Schema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** A value the schema accepts (mostly): enums, bounds, patterns, required properties, real ids. */
export function validFor(s: Schema, name: string, pools: Pools, depth = 0): fc.Arbitrary<unknown> {
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  if (s.const !== undefined) return fc.constant(s.const);
  const branches = s.anyOf ?? s.oneOf;
  if (branches?.length) return fc.oneof(...branches.map((b) => validFor(b, name, pools, depth)));
  if (s.allOf?.length) return validFor(Object.assign({}, ...s.allOf) as Schema, name, pools, depth);
  const type = typesOf(s)[0] ?? (s.properties ? 'object' : undefined);
  switch (type) {
    case 'string': return s.format === 'binary' ? fc.constant('file') : textFor(s, name, pools);
    case 'integer':
    case 'number': {
      const lo = s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : s.minimum ?? -1_000_000;
      const hi = s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : s.maximum ?? 1_000_000;
      const ints = fc.integer({ min: Math.ceil(Math.max(lo, Number.MIN_SAFE_INTEGER)), max: Math.floor(Math.min(hi, Number.MAX_SAFE_INTEGER)) });
      if (type === 'integer') return s.multipleOf ? ints.map((n) => Math.round(n / s.multipleOf!) * s.multipleOf!) : ints;
      return fc.oneof(ints, fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }));
    }
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'array': {
      if (depth > 4) return fc.constant([]);
      const item = s.items ? validFor(s.items, name, pools, depth + 1) : fc.string();
      const min = s.minItems ?? 0;
      return fc.array(item, { minLength: min, maxLength: Math.max(min, Math.min(s.maxItems ?? 3, 3)) });
    }
    case 'object': return depth > 4 ? fc.constant({}) : objectFor(s, pools, 0, depth + 1);
    default: return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant({}));
  }
}

/** A value of the wrong type or just past a bound of the schema. */
export function hostileFor(s: Schema, name: string, pools: Pools): fc.Arbitrary<unknown> {
  const type = typesOf(s)[0] ?? (s.anyOf ?? s.oneOf)?.flatMap(typesOf).find((t) => t !== 'null');
  const edges: unknown[] = [];
  if (type === 'integer' || type === 'number') {
    const lo = s.minimum ?? s.exclusiveMinimum;
    const hi = s.maximum ?? s.exclusiveMaximum;
    if (lo !== undefined) edges.push(lo - 1, lo - 0.5, lo);
    if (hi !== undefined) edges.push(hi + 1, hi + 0.5, hi);
    edges.push(String(lo ?? 1), '1e3', 'NaN', '', -1, 1.5);
  }
  if (type === 'string') {
    if (s.maxLength !== undefined) edges.push('ă'.repeat(s.maxLength + 1), 'a'.repeat(s.maxLength), '🐝'.repeat(Math.ceil(s.maxLength / 2) + 1));
    if (s.minLength) edges.push('a'.repeat(s.minLength - 1));
    edges.push(123, true, ['x'], { x: 'y' }, '   ');
  }
  if (type === 'array') edges.push({}, 'a,b', [null], new Array((s.maxItems ?? 50) + 1).fill(null).map(() => 'x'), [[[]]]);
  if (type === 'object') edges.push([], 'x', null, [{}]);
  const kind = kindOf(name);
  const arbs: fc.WeightedArbitrary<unknown>[] = [{ weight: 5, arbitrary: hostileAny }];
  if (edges.length) arbs.push({ weight: 3, arbitrary: fc.constantFrom(...edges) });
  if (kind) arbs.push({ weight: 2, arbitrary: realOrHostile(pools, kind) });
  return fc.oneof(...arbs);
}

/**
 * An object for an object schema: each property absent, near-valid or hostile; extra keys
 * (prototype names among them) now and then. `hostility` 0 leans valid (deep paths), higher
 * leans malformed.
 */
export function objectFor(s: Schema, pools: Pools, hostility = 1, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(s.properties ?? {});
  const required = new Set(s.required ?? []);
  const fields = props.map(([k, p]) => {
    const valid = validFor(p, k, pools, depth);
    const choice = fc.oneof(
      { weight: required.has(k) ? 12 : 6, arbitrary: valid.map((v) => ({ v })) },
      { weight: required.has(k) ? 0 + hostility : 5, arbitrary: fc.constant(null).map(() => undefined) },
      { weight: 2 * hostility, arbitrary: hostileFor(p, k, pools).map((v) => ({ v })) },
    );
    return choice.map((c) => [k, c] as const);
  });
  const extra = hostility > 0
    ? fc.oneof({ weight: 8, arbitrary: fc.constant([] as [string, unknown][]) },
      { weight: 1, arbitrary: fc.array(fc.tuple(fc.constantFrom(...HOSTILE_KEYS), hostileAny), { maxLength: 2 }) })
    : fc.constant([] as [string, unknown][]);
  return fc.tuple(fc.tuple(...fields), extra).map(([chosen, more]) => {
    const out: Record<string, unknown> = {};
    for (const [k, c] of chosen) if (c) out[k] = c.v;
    // defineProperty: `__proto__` becomes an own key (as JSON.parse makes it), not the prototype.
    for (const [k, v] of more) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });
}

/** Whole bodies that are not what any route reads: each paired with the content type sent. */
export const GARBAGE_BODIES: readonly { type: string; text: string }[] = [
  { type: 'application/json', text: '' },
  { type: 'application/json', text: 'null' },
  { type: 'application/json', text: '[]' },
  { type: 'application/json', text: '"text"' },
  { type: 'application/json', text: '12' },
  { type: 'application/json', text: '{' },
  { type: 'application/json', text: '{"a":' },
  { type: 'application/json', text: '{"a":1}}' },
  { type: 'application/json', text: '\uFEFF{}' },
  { type: 'application/json', text: '{"a":"\\ud800"}' },
  { type: 'application/json', text: '{"a":"\\u0000"}' },
  { type: 'application/json', text: '{"__proto__":{"isAdmin":true}}' },
  { type: 'application/json', text: '{"constructor":{"prototype":{"isAdmin":true}}}' },
  { type: 'application/json', text: '{"a":1,"a":2}' },
  { type: 'application/json', text: '{"a":1e99999}' },
  { type: 'application/json', text: '{"a":-0.0000000000000000000000001}' },
  { type: 'application/json', text: '['.repeat(5_000) + ']'.repeat(5_000) },
  { type: 'application/json', text: '{"a":'.repeat(3_000) + '1' + '}'.repeat(3_000) },
  { type: 'application/json', text: `[${'1,'.repeat(200_000)}1]` },
  { type: 'application/json', text: `{"x":"${'a'.repeat(1_100_000)}"}` },
  { type: 'application/json; charset=latin1', text: '{"name":"M\u00e2t"}' },
  { type: 'application/json; charset=utf-16', text: '{}' },
  { type: 'text/plain', text: '{"name":"x"}' },
  { type: 'application/xml', text: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>' },
  { type: 'application/x-www-form-urlencoded', text: 'name=x&__proto__[a]=1&constructor[prototype][b]=2' },
  { type: 'multipart/form-data', text: 'garbage' },
  { type: 'multipart/form-data; boundary=x', text: '--x\r\ncontent-disposition: form-data; name="a"\r\n\r\nb' },
  { type: '', text: '{}' },
  { type: 'application/json', text: '\u0000' },
];
