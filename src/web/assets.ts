import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLIC_DIR } from '../paths';

/**
 * Static assets are served from /static/<name>?v=<hash>: the hash changes with the content,
 * so responses can be cached for a year (immutable).
 */
const versions = new Map<string, string>();

export function assetUrl(name: string): string {
  let v = versions.get(name);
  if (v === undefined) {
    const file = join(PUBLIC_DIR, name);
    v = existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 10) : '0';
    versions.set(name, v);
  }
  return `/static/${name}?v=${v}`;
}
