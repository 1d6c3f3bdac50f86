/**
 * Safe, reversible file names for subjects and contexts in a `dir` export.
 *
 * Layout (mirrors the REST API paths):
 *   manifest.json
 *   subjects/<subject>/v<version>.<avsc|json|proto>                  default context `.`
 *   contexts/<context without its dot>/subjects/<subject>/v<version>.<ext>
 *
 * A name becomes one path segment: ASCII letters, digits, `-`, `_` and `.` stay, every other
 * byte of its UTF-8 form is percent-encoded (`/` → `%2F`, `:` → `%3A`, space → `%20`, `%` → `%25`,
 * unicode → its bytes), and so are a leading or trailing `.` (no `.`/`..`, no hidden files, no
 * Windows trailing dot) and the first letter of a Windows device name (`CON`, `nul`, `COM1`...).
 * `decodeURIComponent` gives the name back. Where names of one directory differ only in case
 * (`Orders` and `orders`), their upper-case letters are percent-encoded too, so the tree also
 * checks out on case-insensitive file systems; decoding is unchanged.
 * Only a name whose encoding exceeds {@link MAX_SEGMENT} characters is shortened (prefix + hash);
 * the manifest records every file path, so loading never depends on decoding.
 */
import { sha256Hex } from './format.js';

/** Longest segment written (file systems allow 255 bytes; leave room for suffixes). */
export const MAX_SEGMENT = 200;

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Encodes one name as a single safe path segment; `encodeUpper` also escapes A–Z. */
export function encodePathSegment(name: string, encodeUpper = false): string {
  let out = '';
  const bytes = Buffer.from(name, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    const ch = String.fromCharCode(byte);
    const isUpper = byte >= 0x41 && byte <= 0x5a;
    const keep = byte < 0x80 && /[A-Za-z0-9_.-]/.test(ch) && !(encodeUpper && isUpper);
    out += keep ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (out.startsWith('.')) out = `%2E${out.slice(1)}`;
  if (out.endsWith('.')) out = `${out.slice(0, -1)}%2E`;
  if (WINDOWS_DEVICE.test(out)) out = `%${out.charCodeAt(0).toString(16).toUpperCase()}${out.slice(1)}`;
  if (out === '') out = '%';
  if (out.length > MAX_SEGMENT) out = `${out.slice(0, MAX_SEGMENT - 17).replace(/%[0-9A-F]?$/, '')}~${sha256Hex(name).slice(0, 16)}`;
  return out;
}

/** The name a segment was encoded from (inverse of {@link encodePathSegment} for segments not shortened). */
export function decodePathSegment(segment: string): string {
  return decodeURIComponent(segment);
}

/**
 * Segments for a set of names sharing one directory: distinct even when compared
 * case-insensitively. Deterministic: depends only on the set of names.
 */
export function assignSegments(names: readonly string[]): Map<string, string> {
  const folded = new Map<string, string[]>();
  for (const name of names) {
    const key = encodePathSegment(name).toLowerCase();
    folded.set(key, [...(folded.get(key) ?? []), name]);
  }
  const out = new Map<string, string>();
  for (const group of folded.values()) {
    for (const name of group) out.set(name, encodePathSegment(name, group.length > 1));
  }
  return out;
}

/** Directory (relative, `/`-separated) holding a context's `subjects/` folder. */
export function contextDirectory(context: string, segment: string): string {
  return context === '.' ? '' : `contexts/${segment}/`;
}

/** The context name a `contexts/<segment>` directory stands for. */
export function contextFromSegment(segment: string): string {
  return `.${decodePathSegment(segment)}`;
}
