import { RegistryError } from '../../../src/core/errors.js';
import { looksQualified, supportsNamedContexts } from '../../../src/core/registry/context-support.js';

/** A client whose `/contexts` answers `listed` and whose `GET /contexts/{ctx}/subjects` answers `probe`. */
function client(listed: string[] | null, probe: 'list' | 404 | 405 | 503) {
  const asked: string[] = [];
  return {
    asked,
    listContexts: async () => listed,
    listSubjects: async (context: string) => {
      asked.push(context);
      if (probe === 'list') return [];
      throw new RegistryError('E_REGISTRY_HTTP', `stub: GET /contexts/${context}/subjects → ${probe}`, { registry: 'stub', status: probe });
    },
  };
}

describe('supportsNamedContexts (read-only)', () => {
  it('a listing with a named context says yes without asking more', async () => {
    const c = client(['.', '.team'], 404);
    expect(await supportsNamedContexts(c)).toBe(true);
    expect(c.asked).toEqual([]);
  });

  it('["."] is ambiguous: a fresh AxonOps/Confluent answers an unused context with [] (yes), Apicurio with 404 (no)', async () => {
    expect(await supportsNamedContexts(client(['.'], 'list'))).toBe(true);
    expect(await supportsNamedContexts(client(['.'], 404))).toBe(false);
  });

  it('no /contexts (Karapace): 404 or 405 on the probe is no; a 5xx is an error, never a guess', async () => {
    expect(await supportsNamedContexts(client(null, 404))).toBe(false);
    expect(await supportsNamedContexts(client(null, 405))).toBe(false);
    await expect(supportsNamedContexts(client(null, 503))).rejects.toThrow(/503/);
  });
});

describe('looksQualified', () => {
  it('is true only for :.ctx:name', () => {
    expect([':.x:s', ':.:s', ':.team-a:orders-value', 'orders-value', ':x:s', 'a:.x:s'].map(looksQualified)).toEqual([true, true, true, false, false, false]);
  });
});
