import { maskUrl, Redactor, secretsOf } from '../../../src/core/config/redact.js';
import type { RegistryEntry } from '../../../src/core/config/types.js';

const entry = (extra: Partial<RegistryEntry>): RegistryEntry => ({ name: 'x', url: 'http://x', readonly: false, protected: false, origin: 'test', ...extra });

describe('masking secrets', () => {
  it('masks credentials embedded in URLs', () => {
    expect(maskUrl('https://key:secret@sr.example.com/api')).toBe('https://***@sr.example.com/api');
    expect(maskUrl('http://sr:8081')).toBe('http://sr:8081');
  });

  it('masks query-string values (API keys, tokens) in URLs', () => {
    expect(maskUrl('https://sr.example.com/api?api_key=K3y&token=t%2Fok')).toBe('https://sr.example.com/api?api_key=***&token=***');
    expect(maskUrl('https://u:p@sr.example.com/?key=v#frag')).toBe('https://***@sr.example.com/?key=***#frag');
  });

  // Issue 16: gateways take API keys in headers of any name, so every extra header value is a secret.
  it('collects passwords, tokens, passphrases, every extra header value and URL query values', () => {
    const secrets = secretsOf(entry({ password: 'pw-123', tls: { passphrase: 'pass-phrase' }, headers: { 'X-API-Key': 'k-999', 'X-Tenant': 'acme' } }));
    expect(secrets.sort()).toEqual(['acme', 'k-999', 'pass-phrase', 'pw-123']);
    expect(secretsOf(entry({ url: 'http://x/?api_key=abc%21def' })).sort()).toEqual(['abc!def', 'abc%21def']);
    expect(secretsOf(entry({ token: 'tok-abc' }))).toEqual(['tok-abc']);
  });

  it('redacts raw, URL-encoded, JSON-escaped and basic-auth forms, longest first', () => {
    const redactor = new Redactor();
    redactor.add('p@ss:wo"rd', 'p@ss');
    redactor.addBasicAuth('user', 'p@ss:wo"rd');
    const basic = Buffer.from('user:p@ss:wo"rd').toString('base64');
    const text = `raw p@ss:wo"rd enc ${encodeURIComponent('p@ss:wo"rd')} json ${JSON.stringify('p@ss:wo"rd')} basic ${basic}`;
    const out = redactor.redact(text);
    expect(out).not.toContain('p@ss');
    expect(out).not.toContain(basic);
    expect(out).toBe('raw *** enc *** json "***" basic ***');
  });

  it('redacts base64 of user:password padded, unpadded or with an escaped "=", and base64url', () => {
    const redactor = new Redactor();
    redactor.addBasicAuth('alice', 'pw?>>~');
    const b64 = Buffer.from('alice:pw?>>~').toString('base64');
    const url = Buffer.from('alice:pw?>>~').toString('base64url');
    const out = redactor.redact(`a ${b64} b ${b64.replace(/=/g, '\\u003d')} c ${url}`);
    expect(out).not.toContain(b64.replace(/=+$/, ''));
    expect(out).not.toContain(url);
  });
});
