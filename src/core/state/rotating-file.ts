import { appendFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { STATE_FILE_MODE } from './state-dir.js';

/** When a log-like file is rotated: above maxBytes it becomes `<file>.1` (older ones shift up), `keep` old files kept. */
export interface RotationPolicy {
  readonly maxBytes: number;
  readonly keep: number;
}

/** 10 MiB, 3 old files: a long-running service never fills the disk with its own logs. */
export const DEFAULT_ROTATION: RotationPolicy = { maxBytes: 10 * 1024 * 1024, keep: 3 };

/** Appends `text` to `path`, first rotating the file when the append would take it past `policy.maxBytes`. */
export function appendRotating(path: string, text: string, policy: RotationPolicy = DEFAULT_ROTATION): void {
  if (existsSync(path) && statSync(path).size > 0 && statSync(path).size + Buffer.byteLength(text) > policy.maxBytes) rotate(path, policy.keep);
  appendFileSync(path, text, { mode: STATE_FILE_MODE });
}

/** `<path>` → `<path>.1`, `<path>.1` → `<path>.2`…; files beyond `keep` are deleted (keep 0: the file is dropped). */
export function rotate(path: string, keep: number): void {
  rmSync(`${path}.${keep}`, { force: true });
  for (let n = keep - 1; n >= 1; n -= 1) if (existsSync(`${path}.${n}`)) renameSync(`${path}.${n}`, `${path}.${n + 1}`);
  if (keep >= 1) renameSync(path, `${path}.1`);
  else rmSync(path, { force: true });
}

/** A rotation policy from `SRX_ROTATE_MAX_BYTES` / `SRX_ROTATE_KEEP` (defaults otherwise); bad values are ignored. */
export function rotationFromEnv(env: Readonly<Record<string, string | undefined>>): RotationPolicy {
  const int = (text: string | undefined, min: number) => (text && /^\d+$/.test(text) && Number(text) >= min ? Number(text) : undefined);
  return { maxBytes: int(env.SRX_ROTATE_MAX_BYTES, 1) ?? DEFAULT_ROTATION.maxBytes, keep: int(env.SRX_ROTATE_KEEP, 0) ?? DEFAULT_ROTATION.keep };
}
