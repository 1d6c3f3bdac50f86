import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Data-only config files, in search order within one folder (SPEC section 1). Code configs
 * (`schema-tool.config.js/.cjs/.mjs`) are never searched for: they run only when named with `--config`.
 */
export const SEARCH_PLACES = [
  'schema-tool.config.json',
  '.schema-toolrc',
  '.schema-toolrc.json',
  '.schema-toolrc.yaml',
  '.schema-toolrc.yml',
  'package.json',
] as const;

/**
 * The files a config search reads, nearest first: each folder from `cwd` upward, stopping after the
 * user's home folder or the repository root (the nearest folder holding `.git`), whichever comes first.
 */
export function* configCandidates(cwd: string, home: string): Generator<string> {
  const stopAt = resolve(home);
  let dir = resolve(cwd);
  for (;;) {
    for (const place of SEARCH_PLACES) {
      const path = join(dir, place);
      if (isFile(path)) yield path;
    }
    const parent = dirname(dir);
    if (dir === stopAt || existsSync(join(dir, '.git')) || parent === dir) return;
    dir = parent;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
