import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * A file of srx's own package (`package.json`, `bin/srx.js`): found upward from this module, wherever the
 * build put it (dist/ from tsc, a chunk of the bundle, or src/ under ts-jest).
 */
export function packageFile(...segments: string[]): string {
  root ??= findRoot(dirname(fileURLToPath(import.meta.url)));
  return join(root, ...segments);
}

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bin', 'srx.js'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}
