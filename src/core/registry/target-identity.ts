/** Host names that all mean this machine's loopback interface. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]', 'ip6-localhost']);
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * Pure: one spelling for every URL that reaches the same registry: scheme and host lower-cased,
 * loopback names (`localhost`, `127.0.0.1`, `::1`) as one, the default port made explicit, no
 * credentials, query or fragment, and the path without trailing or doubled slashes.
 * Locks and crash recovery key on it, so two spellings of one target never run side by side.
 */
export function targetIdentity(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.trim().replace(/\/+$/, '');
  }
  const host = parsed.hostname.toLowerCase();
  const name = LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host) ? 'loopback' : host;
  const port = parsed.port || DEFAULT_PORTS[parsed.protocol] || '';
  const path = parsed.pathname.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  return `${parsed.protocol}//${name}:${port}${path}`;
}
