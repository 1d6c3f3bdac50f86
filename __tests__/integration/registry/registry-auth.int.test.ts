// `srx registry test` outcomes through our fault proxy in front of a real AxonOps registry (loopback only).
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy, type FaultProxy, type ProxyOptions } from '../../../scripts/lib/fault-proxy.mjs';
import { generateTestCertificates } from '../../../scripts/lib/test-certs.mjs';
import { freePort, startRegistry, type RegistryServer } from '../../support/registry-server.js';
import { runCli, stripAnsi } from '../../support/run-cli.js';

const certs = generateTestCertificates();
let registry: RegistryServer;
let dir: string;
const proxies: FaultProxy[] = [];
const files: Record<string, string> = {};

async function proxy(options: Omit<ProxyOptions, 'target'>): Promise<string> {
  const started = await startProxy({ target: registry.url, ...options });
  proxies.push(started);
  return started.url;
}

/** Runs `srx registry test` for the given REGISTRIES_CONFIG map. */
async function registryTest(registries: Record<string, unknown>, ...args: string[]) {
  const env = { REGISTRIES_CONFIG: JSON.stringify(registries), SRX_STATE_DIR: join(dir, 'state') };
  return runCli(['registry', 'test', ...args], { env, cwd: dir });
}

async function outcome(entry: Record<string, unknown>, ...args: string[]) {
  const run = await registryTest({ target: entry }, '--json', ...args);
  const item = run.json().registries[0];
  return { exitCode: run.exitCode, status: item.status, reason: item.reason, httpStatus: item.httpStatus, message: item.message, stderr: run.stderr };
}

beforeAll(async () => {
  registry = await startRegistry();
  dir = mkdtempSync(join(tmpdir(), 'srx-auth-'));
  for (const [name, text] of Object.entries({ ca: certs.ca.cert, other: certs.otherCa.cert, cert: certs.client.cert, key: certs.client.key })) {
    files[name] = join(dir, `${name}.pem`);
    writeFileSync(files[name], text);
  }
});
afterAll(async () => {
  await Promise.all(proxies.map((p) => p.stop()));
  await registry?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('srx registry test: outcomes and exit codes', () => {
  it('ok against the plain registry, with latency, exit 0', async () => {
    const run = await registryTest({ plain: { url: registry.url } }, '--json');
    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({ kind: 'registry-test', ok: true, summary: { ok: 1, failed: 0 } });
    expect(run.json().registries[0]).toMatchObject({ name: 'plain', status: 'ok', reason: null });
    expect(run.json().registries[0].latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('basic auth: ok with the right password, 401 with a wrong or missing one', async () => {
    const url = await proxy({ basicAuth: { user: 'alice', password: 'pa:ss' } });
    expect(await outcome({ url, user: 'alice', password: 'pa:ss' })).toMatchObject({ exitCode: 0, status: 'ok' });
    expect(await outcome({ url, user: 'alice', password: 'wrong' })).toMatchObject({ exitCode: 3, status: 'failed', reason: 'unauthorized', httpStatus: 401 });
    expect(await outcome({ url })).toMatchObject({ exitCode: 3, reason: 'unauthorized' });
  });

  it('bearer token: ok with the token, 401 otherwise', async () => {
    const url = await proxy({ bearerToken: 'tok-123' });
    expect(await outcome({ url, token: 'tok-123' })).toMatchObject({ exitCode: 0, status: 'ok' });
    expect(await outcome({ url, token: 'tok-456' })).toMatchObject({ exitCode: 3, reason: 'unauthorized' });
  });

  it('extra headers are sent', async () => {
    const started = await startProxy({ target: registry.url });
    proxies.push(started);
    expect(await outcome({ url: started.url, headers: { 'X-Tenant': 'acme' } })).toMatchObject({ status: 'ok' });
    expect(started.requests.at(-1)?.headers['x-tenant']).toBe('acme');
  });

  it('403: authenticated but forbidden', async () => {
    const url = await proxy({ basicAuth: { user: 'bob', password: 'pw' }, forbidden: true });
    expect(await outcome({ url, user: 'bob', password: 'pw' })).toMatchObject({ exitCode: 3, reason: 'forbidden', httpStatus: 403 });
  });

  it('TLS: ok with the custom CA, tls failure when the CA is unknown', async () => {
    const url = await proxy({ tls: { key: certs.server.key, cert: certs.server.cert } });
    expect(url).toMatch(/^https:/);
    expect(await outcome({ url, tls: { ca: files.ca } })).toMatchObject({ exitCode: 0, status: 'ok' });
    const untrusted = await outcome({ url });
    expect(untrusted).toMatchObject({ exitCode: 3, reason: 'tls' });
    expect(untrusted.message).toMatch(/server certificate not trusted .*set tls\.ca/);
    expect(await outcome({ url, tls: { ca: files.other } })).toMatchObject({ exitCode: 3, reason: 'tls' });
  });

  it('TLS insecure: connects without verification and warns once on stderr', async () => {
    const url = await proxy({ tls: { key: certs.server.key, cert: certs.server.cert } });
    const result = await outcome({ url, tls: { insecure: true } });
    expect(result).toMatchObject({ exitCode: 0, status: 'ok' });
    expect(result.stderr.match(/TLS certificate verification is off/g)).toHaveLength(1);
    expect(result.stderr).toContain('target');
  });

  it('mTLS: ok with the client certificate, tls failure without it', async () => {
    const url = await proxy({ tls: { key: certs.server.key, cert: certs.server.cert, ca: certs.ca.cert, requestClientCert: true } });
    expect(await outcome({ url, tls: { ca: files.ca, cert: files.cert, key: files.key } })).toMatchObject({ exitCode: 0, status: 'ok' });
    const missing = await outcome({ url, tls: { ca: files.ca } });
    expect(missing).toMatchObject({ exitCode: 3, status: 'failed', reason: 'tls' });
    expect(missing.message).toMatch(/requires a client certificate/);
  });

  it('mTLS with an encrypted key: ok with the passphrase, a clear tls failure with a wrong one', async () => {
    const url = await proxy({ tls: { key: certs.server.key, cert: certs.server.cert, ca: certs.ca.cert, requestClientCert: true } });
    const encrypted = join(dir, 'encrypted.key');
    writeFileSync(encrypted, createPrivateKey(certs.client.key).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right' }));
    const tls = { ca: files.ca, cert: files.cert, key: encrypted };
    expect(await outcome({ url, tls: { ...tls, passphrase: 'right' } })).toMatchObject({ exitCode: 0, status: 'ok' });
    const wrong = await outcome({ url, tls: { ...tls, passphrase: 'wrong' } });
    expect(wrong).toMatchObject({ exitCode: 3, reason: 'tls' });
    expect(wrong.message).toMatch(/cannot decrypt tls\.key .*check tls\.passphrase/);
  });

  it('a server that accepts and never answers: timeout (--timeout 500)', async () => {
    const url = await proxy({ hang: true });
    const result = await outcome({ url }, '--timeout', '500');
    expect(result).toMatchObject({ exitCode: 3, reason: 'timeout' });
    expect(result.message).toMatch(/500 ms/);
  });

  it('a port nobody listens on: refused', async () => {
    const port = await freePort();
    expect(await outcome({ url: `http://127.0.0.1:${port}` })).toMatchObject({ exitCode: 3, reason: 'refused' });
  });

  it('tests every registry by default, sends no retries, and exits 3 when one fails', async () => {
    const counted = await startProxy({ target: registry.url, rules: [{ status: 503 }] });
    proxies.push(counted);
    const port = await freePort();
    const run = await registryTest({ good: { url: registry.url }, flaky: { url: counted.url }, down: { url: `http://127.0.0.1:${port}` } });
    expect(run.exitCode).toBe(3);
    const text = stripAnsi(run.stdout);
    expect(text).toMatch(/good\s+ok/);
    expect(text).toMatch(/flaky\s+FAILED\s+\d+ ms\s+http-error/);
    expect(text).toMatch(/down\s+FAILED\s+\d+ ms\s+refused/);
    expect(text).toContain('3 registries: 1 ok, 2 failed');
    expect(counted.requests).toHaveLength(1);
  });

  it('tests only the named registries', async () => {
    const port = await freePort();
    const run = await registryTest({ good: { url: registry.url }, down: { url: `http://127.0.0.1:${port}` } }, 'good', '--json');
    expect(run.exitCode).toBe(0);
    expect(run.json().registries.map((r: { name: string }) => r.name)).toEqual(['good']);
    const unknown = await registryTest({ good: { url: registry.url } }, 'nope');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/unknown registry "nope"/);
  });
});
