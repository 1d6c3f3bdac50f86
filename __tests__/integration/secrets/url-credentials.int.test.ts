// Issue 16, Secrets: an ad-hoc URL's password can stay out of argv (and `ps`) with --password-stdin or
// SRX_PASSWORD; a query-string API key in a registry URL is masked wherever the URL is shown; a config file
// that is not valid JSON/YAML is never quoted.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';
import { startRegistries } from '../../support/registry-server.js';
import { runCli } from '../../support/run-cli.js';
import { avroRecord, seeder } from '../../support/seed.js';

const BIN = fileURLToPath(new URL('../../../bin/srx.js', import.meta.url));
const PASSWORD = 'st9din-Pa55word!';
const API_KEY = 'qK7-api-key-in-query';

let servers: Awaited<ReturnType<typeof startRegistries<'src'>>>;
let proxy: FaultProxy;
let hostPort: string;
let dir: string;

beforeAll(async () => {
  servers = await startRegistries(['src']);
  await seeder(servers.src.url).register('orders-value', avroRecord('Order', ['id']));
  proxy = await startProxy({ target: servers.src.url, basicAuth: { user: 'alice', password: PASSWORD } });
  hostPort = proxy.url.replace('http://', '');
  dir = mkdtempSync(join(tmpdir(), 'srx-urlcreds-'));
}, 60_000);

afterAll(async () => {
  await proxy?.stop();
  await servers?.stopAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function noSecret(text: string): void {
  for (const form of [PASSWORD, encodeURIComponent(PASSWORD), Buffer.from(`alice:${PASSWORD}`).toString('base64').replace(/=+$/, '')])
    expect(text).not.toContain(form);
}

describe('an ad-hoc URL password kept out of argv', () => {
  it('--password-stdin reads it from stdin (table and --json)', async () => {
    for (const flags of [[], ['--json']]) {
      const run = await runCli([...flags, 'registry', 'info', `http://alice@${hostPort}`, '--password-stdin'], { stdin: `${PASSWORD}\n` });
      expect({ code: run.exitCode, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      noSecret(run.stdout);
    }
  });

  it('SRX_PASSWORD gives it through the environment', async () => {
    const run = await runCli(['compare', `http://alice@${hostPort}`, servers.src.url, '--json'], { env: { SRX_PASSWORD: PASSWORD } });
    expect(run.exitCode).toBe(0);
    noSecret(run.stdout + run.stderr);
  });

  it('without either the registry refuses it (401, exit 3); misuse of --password-stdin is exit 2', async () => {
    expect((await runCli(['registry', 'info', `http://alice@${hostPort}`])).exitCode).toBe(3);
    const noUser = await runCli(['registry', 'info', `http://${hostPort}`, '--password-stdin'], { stdin: `${PASSWORD}\n` });
    expect({ code: noUser.exitCode, stderr: noUser.stderr }).toEqual({
      code: 2,
      stderr: 'error: --password-stdin needs a user in the registry URL (http://user@host)\n',
    });
    const empty = await runCli(['registry', 'info', `http://alice@${hostPort}`, '--password-stdin'], { stdin: '' });
    expect({ code: empty.exitCode, stderr: empty.stderr }).toEqual({ code: 2, stderr: 'error: --password-stdin: no password on stdin\n' });
  });

  // Async: the proxy runs in this process, so a blocking exec would deadlock it.
  it('the README commands work in a real shell (the password never in argv)', async () => {
    const script = `srx() { node ${JSON.stringify(BIN)} "$@"; }
printf '%s\\n' "$SR_PASSWORD" | srx registry info http://alice@${hostPort} --password-stdin
SRX_PASSWORD="$SR_PASSWORD" srx compare http://alice@${hostPort} staging`;
    const env = { PATH: process.env.PATH, HOME: dir, SR_PASSWORD: PASSWORD, NO_COLOR: '1', REGISTRIES: `staging:${servers.src.url}` };
    const { stdout: out } = await promisify(execFile)('bash', ['-c', script], { env, cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect(out).toMatch(/^Registry\s+http:\/\/127\.0\.0\.1:\d+$/m);
    expect(out).toContain('no differences (1 subject compared)');
    noSecret(out);
  });
});

describe('a code config', () => {
  it('runs only when named: `srx -c schema-tool.config.mjs registry list` (the README command); the search ignores it', async () => {
    const sub = mkdtempSync(join(dir, 'code-'));
    writeFileSync(join(sub, 'schema-tool.config.mjs'), `export default { registries: { fromcode: { url: ${JSON.stringify(servers.src.url)} } } };`);
    const named = await runCli(['-c', 'schema-tool.config.mjs', 'registry', 'list'], { cwd: sub });
    expect(named.exitCode).toBe(0);
    expect(named.stdout).toContain('fromcode');
    const searched = await runCli(['--json', 'registry', 'list'], { cwd: sub });
    expect(searched.json().registries).toEqual([]);
    expect(searched.stderr).toBe(`warning: ${join(sub, 'schema-tool.config.mjs')} was not run: srx runs a code config only when named with --config\n`);
  });
});

describe('a query-string API key in a registry URL', () => {
  it('is masked in `registry list` (table and --json) and in `registry info`/`test`', async () => {
    writeFileSync(join(dir, 'q.json'), JSON.stringify({ registries: { gw: { url: `https://gateway.example.com/sr?api_key=${API_KEY}&tenant=acme-7` } } }));
    for (const args of [
      ['registry', 'list'],
      ['--json', 'registry', 'list'],
      ['registry', 'info', 'gw', '--timeout', '300'],
      ['--json', 'registry', 'info', 'gw', '--timeout', '300'],
      ['registry', 'test', 'gw', '--timeout', '300'],
      ['--json', 'registry', 'test', 'gw', '--timeout', '300'],
    ]) {
      const run = await runCli(['-c', join(dir, 'q.json'), ...args]);
      expect(run.stdout + run.stderr).not.toContain(API_KEY);
      expect(run.stdout + run.stderr).not.toContain('acme-7');
    }
    const list = await runCli(['-c', join(dir, 'q.json'), '--json', 'registry', 'list']);
    expect(list.json().registries[0].url).toBe('https://gateway.example.com/sr?api_key=***&tenant=***');
    expect((await runCli(['-c', join(dir, 'q.json'), 'registry', 'list'])).stdout).toContain('https://gateway.example.com/sr?api_key=***&tenant=***');
  });
});

describe('a config file that is not valid JSON or YAML', () => {
  it.each([
    ['schema-tool.config.json', '{\n  "registries": {\n    "prod": {"url": "http://h", "password": "hunter2-topsecret"\n'],
    ['.schema-toolrc.yaml', 'registries:\n  prod:\n    url: http://h\n    password: [hunter2-topsecret\n'],
    ['.schema-toolrc', 'registries:\n  prod: {url: http://h, password: "hunter2-topsecret}\n'],
  ])('%s: one line naming the file, exit 2, no line of its content', async (name, content) => {
    const sub = mkdtempSync(join(dir, 'cfg-'));
    writeFileSync(join(sub, name), content);
    for (const args of [
      ['-c', name, 'registry', 'list'],
      ['registry', 'list'],
      ['--json', '-c', name, 'registry', 'list'],
    ]) {
      const run = await runCli(args, { cwd: sub });
      expect(run.exitCode).toBe(2);
      const text = run.stdout + run.stderr;
      expect(text).toContain(join(sub, name));
      for (const line of content
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.length > 3))
        expect(text).not.toContain(line);
      expect(text).not.toContain('hunter2');
      if (args[0] !== '--json') expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});
