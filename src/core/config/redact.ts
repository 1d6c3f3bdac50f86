import type { RegistryEntry } from './types.js';

const MASK = '***';

/**
 * Returns `url` with any embedded `user:password@` replaced by `***@` and every query-string value
 * (`?api_key=…`, `?token=…`) replaced by `***`. Never throws.
 */
export function maskUrl(url: string): string {
  const withoutUser = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, `$1${MASK}@`);
  return withoutUser.replace(/([?&][^=&#]*=)[^&#]*/g, `$1${MASK}`);
}

/** The values of `url`'s query string (API keys and tokens some gateways take there), decoded. */
export function queryValuesOf(url: string): string[] {
  const query = /\?([^#]*)/.exec(url)?.[1];
  if (!query) return [];
  const values = query.split('&').map((pair) => (pair.includes('=') ? pair.slice(pair.indexOf('=') + 1) : ''));
  return values.filter((value) => value.length > 0).flatMap((value) => {
    try {
      return [value, decodeURIComponent(value.replace(/\+/g, ' '))];
    } catch {
      return [value];
    }
  });
}

/**
 * Every secret value an entry carries: password, token, TLS key passphrase, every extra header value
 * (gateways put API keys in headers of any name) and every query-string value of its URL.
 */
export function secretsOf(entry: RegistryEntry): string[] {
  const headerSecrets = Object.values(entry.headers ?? {});
  return [entry.password, entry.token, entry.tls?.passphrase, ...headerSecrets, ...queryValuesOf(entry.url)].filter(
    (s): s is string => typeof s === 'string' && s.length >= 3,
  );
}

/** A Redactor that knows every secret of `entries`, in every form srx sends it (plain, basic-auth base64). */
export function redactorFor(...entries: readonly RegistryEntry[]): Redactor {
  const redactor = new Redactor();
  for (const entry of entries) redactor.addEntry(entry);
  return redactor;
}

/** Replaces every known secret (and its URL-encoded, JSON-escaped and base64 forms) in text with `***`. */
export class Redactor {
  private readonly needles = new Set<string>();
  private sorted?: string[];

  add(...secrets: readonly (string | undefined)[]): void {
    for (const secret of secrets) {
      if (!secret || secret.length < 3) continue;
      for (const form of formsOf(secret)) {
        if (form.length >= 3) this.needles.add(form);
      }
      this.sorted = undefined;
    }
  }

  /** The `Authorization: Basic` value srx sends: base64 (and base64url) of `user:password`. */
  addBasicAuth(user: string | undefined, password: string | undefined): void {
    if (user === undefined || !password) return;
    this.add(`${user}:${password}`);
  }

  /** Every secret of one registry entry, in every form srx sends it. */
  addEntry(entry: RegistryEntry): void {
    this.add(...secretsOf(entry));
    this.addBasicAuth(entry.user, entry.password);
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is masked whole.
    this.sorted ??= [...this.needles].sort((a, b) => b.length - a.length);
    for (const needle of this.sorted) {
      if (out.includes(needle)) out = out.split(needle).join(MASK);
    }
    return out;
  }
}

/** The secret as srx may send it or a server may echo it: plain, URL-encoded, JSON-escaped, base64 (unpadded, so padded and escaped `=` match too). */
function formsOf(secret: string): string[] {
  const b64 = Buffer.from(secret).toString('base64').replace(/=+$/, '');
  return [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), b64, encodeURIComponent(b64), Buffer.from(secret).toString('base64url')];
}
