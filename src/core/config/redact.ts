import type { RegistryEntry } from './types.js';

const MASK = '***';

/** Returns `url` with any embedded `user:password@` replaced by `***@`. Never throws. */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, `$1${MASK}@`);
}

/** Every secret value an entry carries (passwords, tokens, auth header values, key passphrases). */
export function secretsOf(entry: RegistryEntry): string[] {
  const headerSecrets = Object.entries(entry.headers ?? {})
    .filter(([name]) => /auth|token|key|secret|cookie|password/i.test(name))
    .map(([, value]) => value);
  return [entry.password, entry.token, entry.tls?.passphrase, ...headerSecrets].filter(
    (s): s is string => typeof s === 'string' && s.length >= 3,
  );
}

/** Replaces every known secret (and its URL-encoded and base64 forms) in text with `***`. */
export class Redactor {
  private readonly needles = new Set<string>();

  add(...secrets: readonly (string | undefined)[]): void {
    for (const secret of secrets) {
      if (!secret || secret.length < 3) continue;
      this.needles.add(secret);
      this.needles.add(encodeURIComponent(secret));
      this.needles.add(JSON.stringify(secret).slice(1, -1));
    }
  }

  addBasicAuth(user: string | undefined, password: string | undefined): void {
    if (user !== undefined && password) this.add(Buffer.from(`${user}:${password}`).toString('base64'));
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is masked whole.
    for (const needle of [...this.needles].sort((a, b) => b.length - a.length)) {
      if (out.includes(needle)) out = out.split(needle).join(MASK);
    }
    return out;
  }
}
