import type { FieldCode, Params } from './core/i18n';

/**
 * One error vocabulary: a stable code, its HTTP status, and a message key in the i18n
 * dictionary (`errors.<code>`). Domain outcomes the caller can fix are AppErrors; anything
 * else that escapes is a bug and becomes a logged 500 with the request id.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  /** The version and product set exist but no scoring sheet was published for them (e.g. 148/2023 until its annex is imported). */
  sheet_not_available: 404,
  conflict: 409,
  duplicate: 409,
  /** A published scoring sheet cannot change; draft a new revision. */
  sheet_immutable: 409,
  /** The record's state does not allow this action (review-cycle transition table). */
  invalid_transition: 409,
  /** A business plan can only be filed for an accepted product idea. */
  idea_not_accepted: 409,
  /** A dossier cannot be submitted while required documents are missing (details list them). */
  dossier_incomplete: 409,
  /** A submitted score sheet is locked; only a re-score requested by the secretary reopens it. */
  sheet_locked: 409,
  /** The council member declared a conflict of interest with this producer. */
  conflict_of_interest: 403,
  /** The council member was not assigned this dossier. */
  not_assigned: 403,
  /** Fewer than ¾ of the council (or not the chair) scored the dossier. */
  quorum_not_met: 409,
  /** Members' totals differ by more than the round's limit: re-score first. */
  spread_too_wide: 409,
  /** A decision may only list products the council's result makes certifiable. */
  not_certifiable: 409,
  /** Marketplace: an item of the cart is no longer on sale (certificate no longer valid, listing or shop withdrawn). */
  not_on_sale: 409,
  /** Marketplace: a price changed since the buyer saw it (details: the new prices); confirm the new total. */
  price_changed: 409,
  /** Marketplace: not enough in stock (details: the variant ids and what is left). */
  out_of_stock: 409,
  /** An Idempotency-Key sent again with another request body. */
  idempotency_key_reused: 409,
  /** Marketplace: a bank-transfer order is shipped only once paid. */
  payment_required: 409,
  /** Marketplace: the order was paid already. */
  already_paid: 409,
  /** Marketplace: the shop's return period is over (or it takes no returns). */
  return_period_over: 409,
  /** Trade: a buyer organisation posts demands only once an officer has verified it. */
  buyer_not_verified: 403,
  /** Trade: the demand's deadline has passed (offers are made until the deadline day, inclusive). */
  deadline_passed: 409,
  /** Trade: the producer has no product certified today in the demand's product set with its stars. */
  no_certified_product: 409,
  /** Trade events: registration is closed (from the event's start, or its closing date). */
  registration_closed: 409,
  /** Trade events: the event's booth quota is full. */
  quota_full: 409,
  /** Trade events: another exhibitor of the event holds this booth. */
  booth_taken: 409,
  payload_too_large: 413,
  /** A part of the address is longer than the router takes (a path parameter over 100 characters). */
  uri_too_long: 414,
  unsupported_media_type: 415,
  rate_limited: 429,
  import_failed: 422,
  service_unavailable: 503,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * One field's problem: a stable code, translated by the owning module's `.i18n.ts` as
 * `field.<code>` (a code without a message does not compile), and its parameters. `message`
 * keeps the English text of zod's own issues for the API; otherwise the API's English message is
 * the code's English translation.
 */
export interface FieldProblem { code: FieldCode; params?: Params; message?: string }
export type FieldErrors = Record<string, FieldProblem>;
/** Field errors as shown: field → text in the reader's language. */
export type FieldMessages = Record<string, string>;

export const problem = (code: FieldCode, params?: Params): FieldProblem => (params ? { code, params } : { code });

/** A zod refinement's options naming its field code: `.refine(ok, zodCode('tax_code.check_digit'))`. */
export const zodCode = (code: FieldCode, params?: Params) => ({ params: { ...params, code } });

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldErrors | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, fields?: FieldErrors, details?: unknown) {
    // A refusal (4xx) is an answer, not a fault: nothing reads its stack, and capturing one was a
    // measurable part of a 409's cost when 190 of 200 buyers at once are refused. 5xx keep theirs.
    const limit = Error.stackTraceLimit;
    if (ERROR_STATUS[code] < 500) Error.stackTraceLimit = 0;
    super(message ?? code);
    Error.stackTraceLimit = limit;
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  /** Fastify plugins (rate limit) read `statusCode` from thrown errors. */
  get statusCode(): number {
    return this.status;
  }
}

export const notFound = (what = 'resource') => new AppError('not_found', `${what} not found`);
export const forbidden = () => new AppError('forbidden', 'not allowed');
export const validation = (fields: FieldErrors, message = 'invalid input') =>
  new AppError('validation_failed', message, fields);
/** One field's problem as a 400. */
export const fieldError = (field: string, code: FieldCode, params?: Params) => validation({ [field]: problem(code, params) });

/** A zod issue as zod (and fastify's zod provider: `keyword` and `params`) report it. */
export interface ZodLikeIssue {
  path?: readonly PropertyKey[];
  code?: string;
  message?: string;
  origin?: string;
  minimum?: unknown;
  maximum?: unknown;
  expected?: unknown;
  params?: Record<string, unknown>;
}

/**
 * The field code of a zod issue: a refinement names its code in `params.code` (see `refineCode`
 * in src/web/api-schemas.ts); zod's own issues map by their kind, never by their text.
 */
export function zodProblem(issue: ZodLikeIssue): FieldProblem {
  const custom = issue.params?.code;
  if (typeof custom === 'string') {
    const { code: _code, ...rest } = issue.params ?? {};
    const params = Object.fromEntries(Object.entries(rest).filter(([, v]) => typeof v === 'string' || typeof v === 'number')) as Params;
    return Object.keys(params).length ? { code: custom as FieldCode, params } : { code: custom as FieldCode };
  }
  const message = issue.message;
  const num = (v: unknown) => (typeof v === 'number' || typeof v === 'bigint' ? Number(v) : undefined);
  const sized = issue.origin === 'string' || issue.origin === 'array' || issue.origin === 'set';
  switch (issue.code) {
    case 'too_small': {
      const min = num(issue.minimum);
      if (sized && min !== undefined && min <= 1) return { code: 'required', message };
      if (issue.origin === 'string') return { code: 'too_short', params: { min: min ?? 0 }, message };
      if (sized) return { code: 'too_few', params: { min: min ?? 0 }, message };
      return { code: 'out_of_range', message };
    }
    case 'too_big': {
      const max = num(issue.maximum);
      if (issue.origin === 'string') return { code: 'too_long', params: { max: max ?? 0 }, message };
      if (sized) return { code: 'too_many', params: { max: max ?? 0 }, message };
      return { code: 'out_of_range', message };
    }
    case 'invalid_value':
    case 'invalid_union':
      return { code: 'invalid_option', message };
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int') return { code: 'not_a_number', message };
      if (issue.expected === 'nonoptional' || issue.expected === 'undefined') return { code: 'required', message };
      return { code: 'invalid', message };
    default:
      return { code: 'invalid', message };
  }
}

/** zod issues as field errors ("a.b" → problem; the first problem per field). */
export function zodFieldErrors(issues: readonly ZodLikeIssue[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const i of issues) fields[(i.path ?? []).map(String).join('.')] ??= zodProblem(i);
  return fields;
}

/**
 * The string-valued fields of an input that failed its schema, so that the checks beyond the
 * schema (check digits, lookups) can still run and every problem is reported in one answer.
 */
export function stringFieldsOf<K extends string>(raw: unknown, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  if (raw && typeof raw === 'object') {
    for (const k of keys) {
      const v = (raw as Record<string, unknown>)[k];
      if (typeof v === 'string') out[k] = v;
    }
  }
  return out;
}
