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
  account_locked: 423,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  import_failed: 422,
  service_unavailable: 503,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldErrors | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, fields?: FieldErrors, details?: unknown) {
    super(message ?? code);
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

/** zod issues as field errors ("a.b" → message; the first message per field). */
export function zodFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const i of issues) fields[i.path.map(String).join('.')] ??= i.message;
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
