/**
 * gzip for the answers the app holds and sends many times (the portal's page cache,
 * docs/decisions/035): compressed once when an answer is stored, sent to every browser that
 * accepts it. A catalogue page of 41 kB is 6 kB on the wire — at a national peak of thousands of
 * pages a second that is the difference between a saturated network card and an idle one.
 *
 *   const zipped = gzipOf(body, 'text/html; charset=utf-8');      // null: not worth it
 *   if (zipped && acceptsGzip(req.headers['accept-encoding'])) …  // send with content-encoding
 */
import { constants, gzipSync } from 'node:zlib';

/** Smaller answers are sent as they are (headers and framing would eat most of the gain). */
export const MIN_GZIP_BYTES = 1_024;

/** Media types worth compressing: text, JSON, XML, JavaScript, SVG, CSV. */
const COMPRESSIBLE = /^(?:text\/|application\/(?:json|xml|javascript|ld\+json|geo\+json|[\w.-]+\+(?:json|xml))\b|image\/svg\+xml)/i;

/**
 * The gzip of `body` (level 6, as nginx and most servers use), or null when its type does not
 * compress, it is under MIN_GZIP_BYTES or the gzip saves less than a tenth.
 */
export function gzipOf(body: Buffer, contentType: string): Buffer | null {
  if (body.length < MIN_GZIP_BYTES || !COMPRESSIBLE.test(contentType)) return null;
  const zipped = gzipSync(body, { level: 6, strategy: constants.Z_DEFAULT_STRATEGY });
  if (zipped.length > body.length * 0.9) return null;
  // gzipSync's answer is a view of its 16 kB output chunk: held as it is, every page would keep
  // the whole chunk alive. Held answers get a copy of their own size.
  const exact = Buffer.allocUnsafeSlow(zipped.length);
  zipped.copy(exact);
  return exact;
}

/**
 * Whether an `Accept-Encoding` header lets the answer be gzip (RFC 9110 §12.5.3): `gzip` or
 * `x-gzip` listed with a weight above 0, or `*` above 0 with gzip not refused by name.
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  let named: boolean | null = null;
  let any = false;
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [coding = '', ...params] = part.split(';');
    const name = coding.trim().toLowerCase();
    if (name !== 'gzip' && name !== 'x-gzip' && name !== '*') continue;
    let weight = 1;
    for (const p of params) {
      const [k = '', v = ''] = p.split('=');
      // A weight that is not a number refuses the coding (the safe reading).
      if (k.trim().toLowerCase() === 'q') weight = /^\s*[01](?:\.\d{0,3})?\s*$/.test(v) ? Number(v) : Number.NaN;
    }
    const allowed = Number.isFinite(weight) && weight > 0;
    if (name === '*') any = allowed;
    else named = named === true || allowed;
  }
  return named ?? any;
}

/** The strong ETag of the gzip of the answer whose own ETag is `etag` (another representation). */
export const gzipEtag = (etag: string) => `${etag.slice(0, -1)}.gz"`;
