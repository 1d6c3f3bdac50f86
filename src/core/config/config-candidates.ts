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

/** Code configs: run only when named with `--config`, never by the search. */
export const CODE_CONFIGS = ['schema-tool.config.js', 'schema-tool.config.cjs', 'schema-tool.config.mjs'] as const;

/**
 * The folders a config search visits, nearest first: from `cwd` upward, stopping after the user's
 * home folder or the repository root (the nearest folder holding `.git`), whichever comes first.
 */
export function* searchedFolders(cwd: string, home: string): Generator<string> {
  const stopAt = resolve(home);
  let dir = resolve(cwd);
  for (;;) {
    yield dir;
    const parent = dirname(dir);
    if (dir === stopAt || existsSync(join(dir, '.git')) || parent === dir) return;
    dir = parent;
  }
}

/** The data config files of one folder, in search order. */
export function configCandidates(dir: string): string[] {
  return SEARCH_PLACES.map((place) => join(dir, place)).filter(isFile);
}

/** The code configs of one folder (to tell the user they were not run). */
export function codeConfigsIn(dir: string): string[] {
  return CODE_CONFIGS.map((place) => join(dir, place)).filter(isFile);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
