/**
 * Where a user goes after signing in: the `next` they came with when it is a safe local path,
 * otherwise the working page of their role.
 */
import type { Role } from '../../core/roles';

/** Buyers have no back office: they land on their market account (addresses, orders); every other role on /admin. */
export function landingFor(role: Role): string {
  return role === 'buyer' ? '/tai-khoan' : '/admin';
}

/** Pages that are no destination after signing in (the public home, the sign-in, sign-up and reset pages). */
const NOT_A_DESTINATION = /^\/(?:$|\?|login(?:$|[/?])|logout(?:$|[/?])|quen-mat-khau|dat-lai-mat-khau|dang-ky-tai-khoan|dang-ky-mua-hang)/;

const MAX_NEXT = 2000;
/** C0 controls, DEL, C1 controls and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** One "/" then anything but "/" or "\" (or nothing): a path on this site, never "//host" or "/\host". */
const LOCAL_PATH = /^\/(?![/\\])/;
const HERE = 'http://here.invalid';

/** No control character, no backslash, no second leading slash: in the text and in every decoding of it. */
function cleanLayers(next: string): boolean {
  let layer = next;
  for (let i = 0; i < 5; i++) {
    if (CONTROL.test(layer) || layer.includes('\\') || !LOCAL_PATH.test(layer)) return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(layer);
    } catch {
      return true; // a stray "%" decodes no further: what is left was checked
    }
    if (decoded === layer) return true;
    layer = decoded;
  }
  return false;
}

/**
 * The one judge of a redirect target taken from a request (`next`): a path on this site, as the
 * browser will read it. It must start with a single "/" followed by neither "/" nor "\", hold no
 * control character (C0, DEL, C1, U+2028/2029) and no backslash — also once percent-decoded, so a
 * page that decodes it again gets nothing else — and resolve to this origin. The answer is the
 * path as a URL parser writes it (dot segments folded, non-ASCII percent-encoded: always a valid
 * header value), checked again; anything else is null (the caller falls back to a fixed page).
 */
export function safeNext(next: unknown): string | null {
  if (typeof next !== 'string' || next.length > MAX_NEXT || !cleanLayers(next)) return null;
  let url: URL;
  try {
    url = new URL(next, HERE);
  } catch {
    return null;
  }
  if (url.origin !== HERE) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/a/../..//host" folds into "//host": judge what will be sent, not only what was asked.
  if (path.length > MAX_NEXT || !LOCAL_PATH.test(path) || !/^[\x21-\x7e]+$/.test(path) || !cleanLayers(path)) return null;
  return path;
}

/** The page to open after signing in. */
export function afterLogin(role: Role, next: unknown): string {
  const safe = safeNext(next);
  return safe && !NOT_A_DESTINATION.test(safe) ? safe : landingFor(role);
}
