import { maskUrl, Redactor, secretsOf } from '../../../src/core/config/redact.js';
import type { RegistryEntry } from '../../../src/core/config/types.js';

const entry = (extra: Partial<RegistryEntry>): RegistryEntry => ({ name: 'x', url: 'http://x', readonly: false, protected: false, origin: 'test', ...extra });

describe('masking secrets', () => {
  it('masks credentials embedded in URLs', () => {
    expect(maskUrl('https://key:secret@sr.example.com/api')).toBe('https://***@sr.example.com/api');
    expect(maskUrl('http://sr:8081')).toBe('http://sr:8081');
  });

  it('collects passwords, tokens, passphrases and auth-like header values', () => {
    const secrets = secretsOf(entry({ password: 'pw-123', tls: { passphrase: 'pass-phrase' }, headers: { 'X-API-Key': 'k-999', 'X-Tenant': 'acme' } }));
    expect(secrets.sort()).toEqual(['k-999', 'pass-phrase', 'pw-123']);
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
});
