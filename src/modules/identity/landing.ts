/**
 * Where a user goes after signing in: the `next` they came with when it is a safe local path,
 * otherwise the working page of their role.
 */
import type { Role } from '../../core/roles';
import { safeNext } from '../../web/http';

/** Buyers have no back office: they land on their market account (addresses, orders); every other role on /admin. */
export function landingFor(role: Role): string {
  return role === 'buyer' ? '/tai-khoan' : '/admin';
}

/** Pages that are no destination after signing in (the public home, the sign-in, sign-up and reset pages). */
const NOT_A_DESTINATION = /^\/(?:$|\?|login(?:$|[/?])|logout(?:$|[/?])|quen-mat-khau|dat-lai-mat-khau|dang-ky-tai-khoan|dang-ky-mua-hang)/;

/** The page to open after signing in. */
export function afterLogin(role: Role, next: unknown): string {
  const safe = safeNext(next);
  return safe && !NOT_A_DESTINATION.test(safe) ? safe : landingFor(role);
}
