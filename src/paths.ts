import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, found by walking up from this file (works from src/ under tsx and from dist/). */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'migrations'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('package root not found');
    dir = up;
  }
}

export const ROOT = findRoot();
export const MIGRATIONS_DIR = join(ROOT, 'migrations');
export const SEED_DIR = join(ROOT, 'seed');
export const PUBLIC_DIR = join(ROOT, 'public');
