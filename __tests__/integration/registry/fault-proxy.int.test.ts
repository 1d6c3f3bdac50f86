// The fault proxy itself, in front of a tiny echo server (no registry needed).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';

let target: http.Server;
let targetUrl: string;
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  target = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => res.end(JSON.stringify({ method: req.method, url: req.url, auth: req.headers.authorization ?? null, body })));
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await Promise.all(proxies.map((p) => p.stop()));
  await new Promise((resolve) => target.close(resolve));
});

async function proxy(options: Partial<Parameters<typeof startProxy>[0]> = {}): Promise<FaultProxy> {
  const p = await startProxy({ target: targetUrl, ...options });
  proxies.push(p);
  return p;
}

async function call(url: string, init?: RequestInit): Promise<{ status: number; body: string; headers: Headers } | 'dropped'> {
  try {
    const res = await fetch(url, init);
    return { status: res.status, body: await res.text(), headers: res.headers };
  } catch {
    return 'dropped';
  }
}

describe('fault proxy', () => {
  it('forwards method, path, query and body, and records requests', async () => {
    const p = await proxy();
    const res = await call(`${p.url}/subjects/a/versions?deleted=true`, { method: 'POST', body: '{"schema":"x"}' });
    expect(res).toMatchObject({ status: 200 });
    expect(JSON.parse((res as { body: string }).body)).toEqual({
      method: 'POST',
      url: '/subjects/a/versions?deleted=true',
      auth: null,
      body: '{"schema":"x"}',
    });
    expect(p.requests).toEqual([expect.objectContaining({ method: 'POST', path: '/subjects/a/versions', url: '/subjects/a/versions?deleted=true' })]);
  });

  it('requires basic auth (401 text/plain) and consumes the header', async () => {
    const p = await proxy({ basicAuth: { user: 'u', password: 'p:w' } });
    const missing = await call(`${p.url}/x`);
    expect(missing).toMatchObject({ status: 401 });
    expect((missing as { headers: Headers }).headers.get('content-type')).toBe('text/plain');
    expect(await call(`${p.url}/x`, { headers: { Authorization: `Basic ${Buffer.from('u:bad').toString('base64')}` } })).toMatchObject({ status: 401 });
    const ok = await call(`${p.url}/x`, { headers: { Authorization: `Basic ${Buffer.from('u:p:w').toString('base64')}` } });
    expect(ok).toMatchObject({ status: 200 });
    expect(JSON.parse((ok as { body: string }).body).auth).toBeNull();
  });

  it('applies rules first match first, `times` counting down, RegExp against path+query', async () => {
    const p = await proxy({
      rules: [
        { method: 'GET', path: '/a', times: 2, status: 429, headers: { 'retry-after': '3' } },
        { path: /deleted=true/, status: 500, body: 'boom' },
      ],
    });
    const first = await call(`${p.url}/a`);
    expect(first).toMatchObject({ status: 429 });
    expect((first as { headers: Headers }).headers.get('retry-after')).toBe('3');
    expect(await call(`${p.url}/a?x=1`)).toMatchObject({ status: 429 });
    expect(await call(`${p.url}/a`)).toMatchObject({ status: 200 });
    expect(await call(`${p.url}/a`, { method: 'POST' })).toMatchObject({ status: 200 });
    expect(await call(`${p.url}/b?deleted=true`)).toMatchObject({ status: 500, body: 'boom' });
    p.configure({ rules: [{ path: '/a', drop: true, times: 1 }] });
    expect(await call(`${p.url}/a`)).toBe('dropped');
    expect(await call(`${p.url}/a`)).toMatchObject({ status: 200 });
  });

  it('injects seeded 503s and drops reproducibly', async () => {
    const pattern = async (options: { status5xxRate?: number; dropRate?: number }) => {
      const p = await proxy({ ...options, seed: 42 });
      const out: string[] = [];
      for (let i = 0; i < 20; i++) {
        const res = await call(`${p.url}/x`);
        out.push(res === 'dropped' ? 'drop' : String(res.status));
      }
      return out;
    };
    const a = await pattern({ status5xxRate: 0.5 });
    expect(a).toEqual(await pattern({ status5xxRate: 0.5 }));
    expect(a).toContain('503');
    expect(a).toContain('200');
    const drops = await pattern({ dropRate: 0.5 });
    expect(drops).toContain('drop');
    expect(drops).toContain('200');
  });

  it('answers 403 when forbidden, and never answers when hanging; stop() ends hung requests', async () => {
    const p = await proxy({ forbidden: true });
    expect(await call(`${p.url}/x`)).toMatchObject({ status: 403 });
    p.configure({ forbidden: false, hang: true });
    const hung = call(`${p.url}/x`);
    const raced = await Promise.race([hung, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 300))]);
    expect(raced).toBe('still waiting');
    await p.stop();
    expect(await hung).toBe('dropped');
  });

  it('adds latency before answering', async () => {
    const p = await proxy({ latencyMs: 200 });
    const started = Date.now();
    expect(await call(`${p.url}/x`)).toMatchObject({ status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});
