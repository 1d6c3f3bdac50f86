import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendRotating, DEFAULT_ROTATION, rotationFromEnv } from '../../../src/core/state/rotating-file.js';

describe('appendRotating', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'srx-rotate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('rotates before the cap is passed, keeps N old files, drops older ones, never loses the newest line', () => {
    const path = join(dir, 'runs.jsonl');
    for (let i = 1; i <= 20; i += 1) appendRotating(path, `line ${String(i).padStart(2, '0')}\n`, { maxBytes: 24, keep: 2 });
    // 8 bytes a line, 24 bytes a file: 3 lines per file.
    expect(readFileSync(path, 'utf8')).toBe('line 19\nline 20\n');
    expect(readFileSync(`${path}.1`, 'utf8')).toBe('line 16\nline 17\nline 18\n');
    expect(readFileSync(`${path}.2`, 'utf8')).toBe('line 13\nline 14\nline 15\n');
    expect(existsSync(`${path}.3`)).toBe(false);
    expect(statSync(path).size).toBeLessThanOrEqual(24);
  });

  it('keep 0 drops the old file; a line larger than the cap still gets written', () => {
    const path = join(dir, 'worker.log');
    appendRotating(path, 'a'.repeat(30), { maxBytes: 10, keep: 0 });
    appendRotating(path, 'b\n', { maxBytes: 10, keep: 0 });
    expect(readFileSync(path, 'utf8')).toBe('b\n');
    expect(existsSync(`${path}.1`)).toBe(false);
  });

  it('reads its policy from SRX_ROTATE_MAX_BYTES and SRX_ROTATE_KEEP, ignoring bad values', () => {
    expect(rotationFromEnv({ SRX_ROTATE_MAX_BYTES: '2048', SRX_ROTATE_KEEP: '0' })).toEqual({ maxBytes: 2048, keep: 0 });
    expect(rotationFromEnv({ SRX_ROTATE_MAX_BYTES: '0', SRX_ROTATE_KEEP: '-1' })).toEqual(DEFAULT_ROTATION);
    expect(rotationFromEnv({ SRX_ROTATE_MAX_BYTES: '1e6' })).toEqual(DEFAULT_ROTATION);
  });
});
