/**
 * Where a user goes after signing in: the `next` they came with when it is a safe local path,
 * otherwise the working page of their role.
 */
import type { Role } from '../../core/roles';

/** Buyers have no back office: they land on the product catalogue; every other role on /admin. */
export function landingFor(role: Role): string {
  return role === 'buyer' ? '/san-pham' : '/admin';
}

/** Pages that are no destination after signing in (the public home, the sign-in and reset pages). */
const NOT_A_DESTINATION = /^\/(?:$|\?|login(?:$|[/?])|logout(?:$|[/?])|quen-mat-khau|dat-lai-mat-khau|dang-ky-tai-khoan)/;

/**
 * `next` when it is a same-origin path: one leading "/", not "//", no backslash, no control
 * character (CR/LF, tab, …), at most 2000 characters; null otherwise.
 */
export function safeLocalNext(next: unknown): string | null {
  if (typeof next !== 'string' || next.length > 2000) return null;
  if (!next.startsWith('/') || next.startsWith('//')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return null;
  return next;
}

/** The page to open after signing in. */
export function afterLogin(role: Role, next: unknown): string {
  const safe = safeLocalNext(next);
  return safe && !NOT_A_DESTINATION.test(safe) ? safe : landingFor(role);
}
