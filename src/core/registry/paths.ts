import { UsageError } from '../errors.js';

/** The default context. */
export const DEFAULT_CONTEXT = '.';

/** Normalizes a user-written context (`team-a`, `.team-a`, `:.team-a:`, `.`) to `.team-a` / `.`. */
export function normalizeContext(text: string): string {
  const trimmed = text.trim().replace(/^:/, '').replace(/:$/, '');
  if (trimmed === '' || trimmed === '.') return DEFAULT_CONTEXT;
  return trimmed.startsWith('.') ? trimmed : `.${trimmed}`;
}

/** True when `text` is a context name srx can use in a path. */
export function isValidContext(text: string): boolean {
  const ctx = normalizeContext(text);
  return ctx === DEFAULT_CONTEXT || /^\.[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(ctx);
}

/** `orders-value` in `.` → `orders-value`; in `.team-a` → `:.team-a:orders-value`. */
export function qualifySubject(context: string, subject: string): string {
  return context === DEFAULT_CONTEXT ? subject : `:${context}:${subject}`;
}

/** Splits a possibly qualified subject (`:.team-a:orders-value`) into context and bare name. */
export function parseQualifiedSubject(text: string, fallbackContext = DEFAULT_CONTEXT): { context: string; subject: string } {
  const match = /^:(\.[^:]*):(.*)$/s.exec(text);
  if (!match) return { context: fallbackContext, subject: text };
  return { context: normalizeContext(match[1]!), subject: match[2]! };
}

/**
 * Encodes one path segment. `:` and the other sub-delimiters stay literal because some servers
 * (AxonOps) do not decode `%3A`, `%40`, ...; `/`, `;` (a matrix-parameter separator to Confluent),
 * `%`, spaces and unicode are escaped. `.` and `..` cannot be sent at all: every URL parser
 * resolves them (escaped or not) to another path, so they are refused.
 */
export function encodeSegment(segment: string): string {
  if (segment === '.' || segment === '..' || segment === '')
    throw new UsageError('E_USAGE_SUBJECT', `"${segment}" cannot be addressed in a registry URL (a URL resolves it to another path); srx refuses it`);
  // Most names need no escaping: sent as they are (a subject path is built for every config and mode read).
  if (PLAIN_SEGMENT.test(segment)) return segment;
  return encodeURIComponent(segment).replace(/%(3A|40|24|26|2B|2C|3D)/gi, (escaped) => decodeURIComponent(escaped));
}

/** Characters encodeURIComponent leaves as they are, `:` and `@` included (sent unescaped below as well). */
const PLAIN_SEGMENT = /^[A-Za-z0-9_.~:@-]+$/;

/** Characters a subject can only be sent escaped (`%2F`, `%3B`): a server that does not decode escapes cannot address it. */
export function needsDecodingServer(subject: string): boolean {
  return /[/;]/.test(subject);
}

/** `/subjects/...` for the default context, `/contexts/.x/subjects/...` otherwise; a context that is not a valid name (`..`) is refused. */
export function contextPrefix(context: string): string {
  if (context === DEFAULT_CONTEXT) return '';
  if (!isValidContext(context)) throw new UsageError('E_USAGE_CONTEXT', `context "${context}" cannot be addressed safely in a registry URL; srx refuses it`);
  return `/contexts/${encodeSegment(context)}`;
}
