// Secrets (basic password, bearer token, TLS key passphrase) never reach stdout or stderr of any registry command.
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';
import { generateTestCertificates } from '../../../scripts/lib/test-certs.mjs';
import { startRegistry, type RegistryServer } from '../../support/registry-server.js';
import { runCli, type CliRun } from '../../support/run-cli.js';

const PASSWORD = 'b4sic:Pa55-word';
const TOKEN = 'bearer-T0ken-xyz';
const PASSPHRASE = 'key-Pa55phrase';
const SECRETS = [PASSWORD, TOKEN, PASSPHRASE, Buffer.from(`alice:${PASSWORD}`).toString('base64'), encodeURIComponent(PASSWORD)];

const certs = generateTestCertificates();
let registry: RegistryServer;
const proxies: FaultProxy[] = [];
let dir: string;
let env: Record<string, string>;
let badEnv: Record<string, string>;

beforeAll(async () => {
  registry = await startRegistry();
  const start = async (options: object) => {
    const p = await startProxy({ target: registry.url, ...options });
    proxies.push(p);
    return p.url;
  };
  const basicUrl = await start({ basicAuth: { user: 'alice', password: PASSWORD } });
  const bearerUrl = await start({ bearerToken: TOKEN });
  const mtlsUrl = await start({ tls: { key: certs.server.key, cert: certs.server.cert, ca: certs.ca.cert, requestClientCert: true } });
  dir = mkdtempSync(join(tmpdir(), 'srx-mask-'));
  const encryptedKey = createPrivateKey(certs.client.key).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE });
  writeFileSync(join(dir, 'ca.pem'), certs.ca.cert);
  writeFileSync(join(dir, 'client.pem'), certs.client.cert);
  writeFileSync(join(dir, 'client.key'), encryptedKey);
  const config = (password: string, token: string, passphrase: string) =>
    JSON.stringify({
      registries: {
        basic: { url: basicUrl, user: 'alice', password },
        bearer: { url: bearerUrl, token },
        mtls: { url: mtlsUrl, tls: { ca: join(dir, 'ca.pem'), cert: join(dir, 'client.pem'), key: join(dir, 'client.key'), passphrase } },
      },
      default_registry: 'basic',
    });
  env = {
    REGISTRIES_CONFIG: config('${SR_PASSWORD}', '${SR_TOKEN}', '${SR_PASSPHRASE}'),
    SR_PASSWORD: PASSWORD,
    SR_TOKEN: TOKEN,
    SR_PASSPHRASE: PASSPHRASE,
    SRX_STATE_DIR: join(dir, 'state'),
  };
  // Wrong secrets that contain the real ones: failures must not print them either
  badEnv = { ...env, SR_PASSWORD: `${PASSWORD}-x`, SR_TOKEN: `${TOKEN}-x`, SR_PASSPHRASE: `${PASSPHRASE}-x` };
});
afterAll(async () => {
  await Promise.all(proxies.map((p) => p.stop()));
  await registry?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function expectNoSecret(run: CliRun, args: readonly string[]): void {
  for (const secret of SECRETS) {
    if (run.stdout.includes(secret) || run.stderr.includes(secret)) {
      throw new Error(`secret printed by srx ${args.join(' ')}:\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
    }
  }
}

const COMMANDS = [
  ['registry', 'list'],
  ['registry', 'info', 'basic'],
  ['registry', 'info', 'bearer'],
  ['registry', 'info', 'mtls'],
  ['registry', 'test'],
  ['registry', 'test', 'basic', 'bearer', 'mtls'],
  ['registry', 'use', 'bearer'],
  ['registry', 'use'],
  ['registry', 'use', 'basic'],
];
const FLAGS = [[], ['--verbose'], ['--json'], ['--json', '--verbose']];

describe('secrets never appear in output', () => {
  it('of any registry command that succeeds, with --verbose and --json', async () => {
    for (const command of COMMANDS) {
      for (const flags of FLAGS) {
        const args = [...command, ...flags];
        const run = await runCli(args, { env, cwd: dir });
        expect([args.join(' '), run.exitCode]).toEqual([args.join(' '), 0]);
        expectNoSecret(run, args);
      }
    }
  });

  it('of any registry command that fails (wrong secrets), with --verbose and --json', async () => {
    for (const command of COMMANDS) {
      for (const flags of FLAGS) {
        const args = [...command, ...flags];
        const run = await runCli(args, { env: badEnv, cwd: dir });
        if (command[1] === 'info' || command[1] === 'test') expect([args.join(' '), run.exitCode]).toEqual([args.join(' '), 3]);
        expectNoSecret(run, args);
      }
    }
  });

  it('of a registry argument given as a URL with credentials', async () => {
    const url = proxies[0]!.url.replace('http://', `http://alice:${encodeURIComponent(PASSWORD)}@`);
    for (const flags of FLAGS) {
      const args = ['registry', 'info', url, ...flags];
      const run = await runCli(args, { env: { SRX_STATE_DIR: join(dir, 'state') }, cwd: dir });
      expect(run.exitCode).toBe(0);
      expectNoSecret(run, args);
      const wrong = await runCli(['registry', 'test', url.replace('alice:', 'bob:'), ...flags], { env: { SRX_STATE_DIR: join(dir, 'state') }, cwd: dir });
      expect(wrong.exitCode).toBe(3);
      expectNoSecret(wrong, args);
    }
  });

  it('of configuration errors that mention a bad entry', async () => {
    const run = await runCli(['registry', 'list'], { env: { REGISTRIES: `ok:http://a:8081,broken:nope:alice:${PASSWORD}` }, cwd: dir });
    expect(run.exitCode).toBe(2);
    expectNoSecret(run, ['registry', 'list']);
  });
});
