import { startLatencyProxy, type LatencyProxy } from '../../../scripts/lib/latency-proxy.mjs';
import { startRegistry, type RegistryServer } from '../../support/registry-server.js';

// The benchmarks' relay (scripts/lib/latency-proxy.mjs) in front of a real registry: answers pass through
// unchanged, every request is counted once by method and path (bodies skipped by Content-Length, even when
// split across TCP chunks), and the added latency holds each request back.
describe('bench latency relay', () => {
  let server: RegistryServer;
  let proxy: LatencyProxy;

  beforeAll(async () => {
    server = await startRegistry();
    proxy = await startLatencyProxy({ target: server.url });
  });

  afterAll(async () => {
    await proxy.stop();
    await server.stop();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${proxy.url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: await response.json() };
  };

  it('relays answers and counts each request once, bodies included', async () => {
    proxy.requests.length = 0;
    const long = 'x'.repeat(200_000); // a body larger than one TCP chunk
    const schema = JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'string', doc: long }] });
    expect((await call('POST', '/subjects/relay-value/versions', { schema })).status).toBe(200);
    expect(await call('GET', '/subjects')).toEqual({ status: 200, json: ['relay-value'] });
    expect((await call('GET', '/config/relay-value')).status).toBe(404);
    expect((await call('GET', '/subjects?deleted=true')).status).toBe(200);
    expect(proxy.requests.map(({ method, path, url }) => ({ method, path, url }))).toEqual([
      { method: 'POST', path: '/subjects/relay-value/versions', url: '/subjects/relay-value/versions' },
      { method: 'GET', path: '/subjects', url: '/subjects' },
      { method: 'GET', path: '/config/relay-value', url: '/config/relay-value' },
      { method: 'GET', path: '/subjects', url: '/subjects?deleted=true' },
    ]);
  });

  it('holds each request back by the configured latency', async () => {
    proxy.configure({ latencyMs: 60 });
    try {
      const started = performance.now();
      await call('GET', '/subjects');
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    } finally {
      proxy.configure({ latencyMs: 0 });
    }
  });
});
