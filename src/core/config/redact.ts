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
  return values
    .filter((value) => value.length > 0)
    .flatMap((value) => {
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
  /** Needles by their first three characters, longest first: one pass over the text, whatever the number of secrets. */
  private index?: Map<string, string[]>;

  add(...secrets: readonly (string | undefined)[]): void {
    for (const secret of secrets) {
      if (!secret || secret.length < 3) continue;
      for (const form of formsOf(secret)) {
        if (form.length >= 3) this.needles.add(form);
      }
      this.index = undefined;
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

  /** The text with every needle masked; at each position the longest needle wins, so one that contains another is masked whole. */
  redact(text: string): string {
    if (this.needles.size === 0) return text;
    const index = (this.index ??= indexNeedles(this.needles));
    let out = '';
    let copied = 0;
    for (let i = 0; i <= text.length - 3; i++) {
      const candidates = index.get(text.slice(i, i + 3));
      const hit = candidates?.find((needle) => text.startsWith(needle, i));
      if (hit === undefined) continue;
      out += text.slice(copied, i) + MASK;
      i += hit.length - 1;
      copied = i + 1;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }
}

function indexNeedles(needles: ReadonlySet<string>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const needle of [...needles].sort((a, b) => b.length - a.length)) {
    const key = needle.slice(0, 3);
    const list = index.get(key);
    if (list) list.push(needle);
    else index.set(key, [needle]);
  }
  return index;
}

/** The secret as srx may send it or a server may echo it: plain, URL-encoded, JSON-escaped, base64 (unpadded, so padded and escaped `=` match too). */
function formsOf(secret: string): string[] {
  const b64 = Buffer.from(secret).toString('base64').replace(/=+$/, '');
  return [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), b64, encodeURIComponent(b64), Buffer.from(secret).toString('base64url')];
}
