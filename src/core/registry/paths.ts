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
 * (AxonOps) do not decode `%3A`, `%40`, ...; `/`, `%`, spaces and unicode are escaped.
 */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%(3A|40|24|26|2B|2C|3B|3D)/gi, (escaped) => decodeURIComponent(escaped));
}

/** `/subjects/...` for the default context, `/contexts/.x/subjects/...` otherwise. */
export function contextPrefix(context: string): string {
  return context === DEFAULT_CONTEXT ? '' : `/contexts/${encodeSegment(context)}`;
}
