// Safety rails: readonly registries are never written (registry state and the proxy's recorded requests), protected
// registries need --yes or the typed name on a TTY, a second concurrent migration into one target from one state
// directory is refused, TLS verification is on by default and `insecure` warns.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';
import { generateTestCertificates } from '../../../scripts/lib/test-certs.mjs';
import { startRegistries } from '../../support/registry-server.js';
import { readJournals } from '../../support/reliability-estate.js';
import { expectCleanError, pollUntil, readRegistryState, REGISTRATION, spawnSrx, writesOf, writesSince } from '../../support/reliability-helpers.js';
import { runCli, stripAnsi } from '../../support/run-cli.js';
import { avroRecord, seeder } from '../../support/seed.js';

let servers: Awaited<ReturnType<typeof startRegistries<'source' | 'readonly' | 'protected' | 'open'>>>;
let srcProxy: FaultProxy;
let roProxy: FaultProxy;
let protProxy: FaultProxy;
let tlsProxy: FaultProxy;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  servers = await startRegistries(['source', 'readonly', 'protected', 'open']);
  const seed = seeder(servers.source.url);
  for (let i = 0; i < 12; i++) await seed.register(`subject-${i}`, avroRecord(`R${i}`, ['id']));
  await seed.register('events-value', avroRecord('Event', ['id']), '.team-a');
  // The readonly registry holds something different, so every command has work it would like to do.
  await seeder(servers.readonly.url).register('ro-only', avroRecord('RoOnly', ['id']));
  srcProxy = await startProxy({ target: servers.source.url });
  roProxy = await startProxy({ target: servers.readonly.url });
  protProxy = await startProxy({ target: servers.protected.url });
  const certs = generateTestCertificates();
  tlsProxy = await startProxy({ target: servers.open.url, tls: { key: certs.server.key, cert: certs.server.cert } });
  dir = mkdtempSync(join(tmpdir(), 'srx-rails-'));
  writeFileSync(join(dir, 'ca.pem'), certs.ca.cert);
  env = {
    SRX_STATE_DIR: join(dir, 'state'),
    REGISTRIES_CONFIG: JSON.stringify({
      src: { url: srcProxy.url },
      ro: { url: roProxy.url, readonly: true },
      prot: { url: protProxy.url, protected: true },
      tls: { url: tlsProxy.url },
      tlsca: { url: tlsProxy.url, tls: { ca: join(dir, 'ca.pem') } },
      lab: { url: tlsProxy.url, tls: { insecure: true } },
    }),
  };
  const exported = await runCli(['export', 'src', '-o', join(dir, 'src.json')], { env });
  expect(exported.exitCode).toBe(0);
}, 60_000);

afterAll(async () => {
  await Promise.all([srcProxy, roProxy, protProxy, tlsProxy].map((p) => p?.stop()));
  await servers?.stopAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('readonly registries are never written', () => {
  const WRITES = [
    ['migrate', 'registry', 'src', 'ro', '--yes'],
    ['migrate', 'schema', 'subject-1', 'src', 'ro', '--yes'],
    ['migrate', 'context', '.team-a', 'src', 'ro', '--yes'],
    ['migrate', 'subjects', 'subject-1', 'subject-2', 'src', 'ro'],
    ['sync', 'registries', 'src', 'ro', '--yes'],
    ['sync', 'registries', 'ro', 'src', '--direction', 'target-to-source', '--yes'],
    ['sync', 'registries', 'src', 'ro', '--direction', 'bidirectional', '--yes'],
    ['sync', 'schedule', 'src', 'ro', '--interval', '1h', '--foreground', '--yes'],
    ['export', 'import', 'SRC_EXPORT', 'ro', '--yes'],
    ['import', 'SRC_EXPORT', 'ro', '--yes'],
  ];

  it.each(WRITES.map((args) => [args.join(' '), args] as const))('srx %s: refused, exit 2, nothing sent', async (_name, args) => {
    const before = await readRegistryState(servers.readonly.url);
    const from = roProxy.requests.length;
    const run = await runCli(
      args.map((a) => (a === 'SRC_EXPORT' ? join(dir, 'src.json') : a)),
      { env },
    );
    expectCleanError(run, 2, /ro is readonly: .* refused, nothing written/, args.join(' '));
    expect(writesSince(roProxy, from)).toEqual([]);
    expect(await readRegistryState(servers.readonly.url)).toEqual(before);
  });

  it('a readonly registry is still a source: compare, export and a migration out of it send it no write', async () => {
    const from = roProxy.requests.length;
    expect((await runCli(['compare', 'ro', 'src'], { env })).exitCode).toBe(1);
    expect((await runCli(['export', 'ro'], { env })).exitCode).toBe(0);
    const migrated = await runCli(['migrate', 'registry', 'ro', 'prot', '--yes', '--json'], { env });
    expect({ code: migrated.exitCode, status: migrated.json().status }).toEqual({ code: 0, status: 'completed' });
    expect(roProxy.requests.length).toBeGreaterThan(from);
    expect(roProxy.requests.slice(from).filter((r) => r.method !== 'GET' && !(r.method === 'POST' && /^\/subjects\/[^/]+$/.test(r.path)))).toEqual([]);
    expect(writesOf(roProxy.requests)).toEqual([]);
  });

  it('VIEWONLY_<n> makes a numbered registry readonly too', async () => {
    const from = roProxy.requests.length;
    const run = await runCli(['migrate', 'registry', 'src', 'view', '--yes'], {
      env: { ...env, SCHEMA_REGISTRY_NAME_1: 'view', SCHEMA_REGISTRY_URL_1: roProxy.url, VIEWONLY_1: 'true' },
    });
    expectCleanError(run, 2, /view is readonly/, 'VIEWONLY');
    expect(writesSince(roProxy, from)).toEqual([]);
  });
});

describe('protected registries need confirmation', () => {
  const args = ['migrate', 'schema', 'subject-3', 'src', 'prot'];

  it('without --yes and without a terminal: refused, nothing sent', async () => {
    const from = protProxy.requests.length;
    const run = await runCli(args, { env });
    expectCleanError(run, 2, /prot is protected: migrate into prot needs --yes \(no terminal to confirm on\)/, 'no tty');
    expect(writesSince(protProxy, from)).toEqual([]);
  });

  it('on a terminal, a wrong name typed: refused, nothing sent', async () => {
    const from = protProxy.requests.length;
    const run = await runCli(args, { env, isTTY: true, stdin: 'prod\n' });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/Type the registry name to confirm/);
    expect(stripAnsi(run.stderr)).toMatch(/error: confirmation did not match "prot"; nothing written/);
    expect(writesSince(protProxy, from)).toEqual([]);
    expect(await seeder(servers.protected.url).versions('subject-3')).toEqual([]);
  });

  it('on a terminal, the name typed: written', async () => {
    const run = await runCli(args, { env, isTTY: true, stdin: 'prot\n' });
    expect({ code: run.exitCode, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.stringMatching(/Type the registry name to confirm/) });
    expect(await seeder(servers.protected.url).versions('subject-3')).toEqual([1]);
  });

  it('with --yes: written without a question', async () => {
    const run = await runCli(['migrate', 'schema', 'subject-4', 'src', 'prot', '--yes'], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).not.toMatch(/Type the registry name/);
    expect(await seeder(servers.protected.url).versions('subject-4')).toEqual([1]);
  });
});

describe('one migration at a time into a target from one state directory', () => {
  it('a second concurrent migration is refused (exit 2) and the first completes', async () => {
    const target = await startRegistries(['t']);
    // The first migration's first write (one version, or a bulk import) hangs until its --timeout: it holds the lock for a few seconds.
    const slow = await startProxy({ target: target.t.url, rules: [{ method: 'POST', path: REGISTRATION, hang: true, times: 1 }] });
    const stateDir = join(dir, 'state-lock');
    const lockEnv = { ...env, REGISTRIES: `tgt:${slow.url}`, SRX_STATE_DIR: stateDir };
    try {
      const first = spawnSrx(['--timeout', '4000', 'migrate', 'registry', 'src', 'tgt', '--yes', '--concurrency', '1'], lockEnv);
      expect(await pollUntil(() => slow.requests.some((r) => r.method === 'POST' && REGISTRATION.test(r.path)), 800, 5)).toBe(true);
      const second = await runCli(['migrate', 'registry', 'src', 'tgt', '--yes'], { env: lockEnv });
      expectCleanError(
        { ...second, stderr: second.stderr.replace(/^migration m-\S+\n/m, '') },
        2,
        /another srx process \(pid \d+, migration m-\S+\) is migrating into tgt/,
        'second migration',
      );
      const resumeWhileRunning = await runCli(['migrate', 'resume', [...readJournals(stateDir).keys()][0]!, '--yes'], { env: lockEnv });
      expectCleanError(resumeWhileRunning, 2, /is migrating into tgt|already running/, 'resume while running');
      const done = await first.done;
      expect(done.code).toBe(0);
      expect(readJournals(stateDir).size).toBe(1);
      expect((await runCli(['compare', 'src', 'tgt'], { env: lockEnv })).exitCode).toBe(0);
    } finally {
      await slow.stop();
      await target.stopAll();
    }
  }, 90_000);
});

describe('TLS', () => {
  it('verifies certificates by default: a self-signed registry without tls.ca is exit 3', async () => {
    const from = tlsProxy.requests.length;
    const run = await runCli(['migrate', 'registry', 'src', 'tls', '--yes'], { env });
    expectCleanError(run, 3, /tls: GET \S+ → TLS failure: server certificate not trusted .*set tls\.ca/, 'self-signed');
    expect(tlsProxy.requests.length).toBe(from);
  });

  it('works with tls.ca, without a warning', async () => {
    const run = await runCli(['registry', 'test', 'tlsca'], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).not.toMatch(/verification is off/);
  });

  it('tls.insecure connects and warns on stderr every time', async () => {
    for (const args of [
      ['registry', 'test', 'lab'],
      ['compare', 'src', 'lab'],
      ['--json', 'export', 'lab'],
    ]) {
      const run = await runCli(args, { env });
      expect(run.exitCode).toBeLessThanOrEqual(1);
      expect(run.stderr).toMatch(/warning: lab: TLS certificate verification is off \(tls\.insecure\)/);
    }
  });
});
