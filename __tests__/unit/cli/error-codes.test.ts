import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '../../../src/core/error-codes.js';

// docs/errors.md lists every error code srx can print, with its exit code: it cannot drift from the code.
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('error codes', () => {
  const root = process.cwd();
  // Codes used in the source, outside the list itself (the type system keeps each one in ERROR_CODES).
  const used = sourceFiles(join(root, 'src')).filter((file) => !file.endsWith('error-codes.ts'));
  const inSource = new Set(used.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/'(E_[A-Z_]+)'/g)].map((m) => m[1]!)));
  const documented = new Map(
    [...readFileSync(join(root, 'docs', 'errors.md'), 'utf8').matchAll(/^\| `(E_[A-Z_]+)` \| ([^|]+) \|/gm)].map((m) => [m[1]!, m[2]!.trim()]),
  );

  test('every code in the source is documented, and every documented code exists', () => {
    expect([...inSource].filter((code) => !documented.has(code)).sort()).toEqual([]);
    expect([...documented.keys()].filter((code) => !inSource.has(code)).sort()).toEqual([]);
  });

  test('ERROR_CODES (the ErrorCode type) is exactly the codes in use: none missing, none left over', () => {
    expect([...ERROR_CODES].sort()).toEqual([...inSource].sort());
  });

  test('each documented exit code is one of SPEC section 2', () => {
    for (const [code, exit] of documented) expect({ code, exit: /^(2|3|4|70|130)\b/.test(exit) }).toEqual({ code, exit: true });
  });
});
