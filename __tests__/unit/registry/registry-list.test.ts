import type { RegistryEntry, SrxConfig } from '../../../src/core/config/types.js';
import { authKindOf, listRegistries, resolveDefaultRegistry } from '../../../src/core/operations/registry-list.js';

const entry = (name: string, extra: Partial<RegistryEntry> = {}): RegistryEntry => ({
  name,
  url: `http://${name}:8081`,
  readonly: false,
  protected: false,
  origin: 'REGISTRIES',
  ...extra,
});
const config = (entries: RegistryEntry[], defaultRegistry?: string): SrxConfig => ({
  registries: Object.fromEntries(entries.map((e) => [e.name, e])),
  defaultRegistry,
  sources: ['REGISTRIES'],
});

describe('resolveDefaultRegistry', () => {
  const two = config([entry('dev'), entry('prod')], 'dev');
  it('prefers the stored choice, then default_registry, then the only registry', () => {
    expect(resolveDefaultRegistry(two, 'prod')).toEqual({ name: 'prod', source: 'state' });
    expect(resolveDefaultRegistry(two, undefined)).toEqual({ name: 'dev', source: 'config' });
    expect(resolveDefaultRegistry(config([entry('solo')]), undefined)).toEqual({ name: 'solo', source: 'only' });
    expect(resolveDefaultRegistry(config([entry('a'), entry('b')]), undefined)).toEqual({ name: null, source: null });
  });
  it('ignores a stored choice that is no longer configured', () => {
    expect(resolveDefaultRegistry(two, 'gone')).toEqual({ name: 'dev', source: 'config' });
  });
});

describe('listRegistries', () => {
  it('describes each registry without any secret, sorted, default marked', () => {
    const entries = [
      entry('prod', {
        token: 'tok-secret',
        protected: true,
        description: 'Production',
        tls: { ca: '/ca.pem', cert: '/c.pem', key: '/c.key', passphrase: 'pp-secret' },
      }),
      entry('dev', { user: 'u', password: 'pw-secret' }),
      entry('audit', { readonly: true, headers: { Authorization: 'Custom abc-secret' } }),
      entry('lab', { tls: { insecure: true } }),
      entry('old', { url: 'file:/backups/prod.json' }),
    ];
    const result = listRegistries(config(entries), { name: 'dev', source: 'state' });
    expect(result.registries.map((r) => r.name)).toEqual(['audit', 'dev', 'lab', 'old', 'prod']);
    expect(result.registries.map((r) => r.auth)).toEqual(['headers', 'basic', 'none', 'none', 'bearer']);
    expect(result.registries.find((r) => r.name === 'prod')).toMatchObject({
      protected: true,
      tls: { ca: true, clientCert: true, insecure: false },
      description: 'Production',
    });
    expect(result.registries.find((r) => r.name === 'old')?.type).toBe('export');
    expect(result.registries.filter((r) => r.isDefault).map((r) => r.name)).toEqual(['dev']);
    expect(JSON.stringify(result)).not.toMatch(/secret/);
  });

  it('calls a client certificate alone tls-client auth', () => {
    expect(authKindOf(entry('m', { tls: { cert: '/c', key: '/k' } }))).toBe('tls-client');
  });
});
