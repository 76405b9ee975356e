/**
 * What to do with the text of a scanned QR code (the camera scan in the browser and the photo
 * decoded on the server share this): open one of our own pages, look a code up, or warn that
 * the code leads somewhere else. Pure.
 *
 * - A URL of this site whose path is a verification page (/v/…), a product page (/san-pham/…,
 *   /p/…), a lot's trace page (/truy-xuat/<trace code>) or a GS1 Digital Link (/01/<GTIN>, and a
 *   lot's /01/<GTIN>/10/<lot>[/21/<serial>]) → that path (never the URL itself, so a QR code
 *   cannot send anyone to another site through us).
 * - Any other URL → "foreign": shown as text with a warning, never followed.
 * - Otherwise the text itself is the code (a certificate number or a stamp serial).
 */

export type ScanTarget =
  | { kind: 'path'; path: string }
  | { kind: 'code'; code: string }
  | { kind: 'foreign'; text: string }
  | { kind: 'empty' };

const OWN_PATHS = /^\/(v|san-pham|p|01|truy-xuat)\/[^/]/;
/** Longest text kept from a QR code (a QR code holds up to ~3 kB). */
export const SCAN_TEXT_MAX = 500;

/** `ownHosts`: the host names (with port, as in URL.host) this site answers to. */
export function scanTarget(raw: string, ownHosts: readonly string[]): ScanTarget {
  const text = raw.normalize('NFC').trim().slice(0, SCAN_TEXT_MAX);
  if (!text) return { kind: 'empty' };
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) || text.startsWith('//')) {
    let url: URL;
    try {
      url = new URL(text, 'https://invalid.invalid');
    } catch {
      return { kind: 'foreign', text };
    }
    const own = (url.protocol === 'https:' || url.protocol === 'http:') && ownHosts.some((h) => h.toLowerCase() === url.host.toLowerCase());
    if (own && OWN_PATHS.test(url.pathname)) return { kind: 'path', path: url.pathname + url.search };
    return { kind: 'foreign', text };
  }
  return { kind: 'code', code: text };
}

/** The verification page of a code typed or scanned. */
export const verifyPathOf = (code: string) => `/v/${encodeURIComponent(code)}`;
