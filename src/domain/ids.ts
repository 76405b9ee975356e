/** Identifiers: a UUID as the database writes it (any letter case). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `s` can be an id: checked before a query so a malformed id reads as "not found". */
export const isUuid = (s: string): boolean => UUID_PATTERN.test(s);
