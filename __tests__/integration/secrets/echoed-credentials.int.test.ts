// Issue 16, Secrets: a gateway that ECHOES the request's credentials in its error messages (as headers, decoded,
// or placed across srx's 200-character cut) never gets them printed, by any command, from any config source,
// in table or --json output, on stdout or stderr; nor stored in sync runs.jsonl or migration journals.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEchoServer, type EchoServer, type EchoStyle } from '../../support/echo-server.js';
import { startRegistries } from '../../support/registry-server.js';
import { pollUntil } from '../../support/reliability-helpers.js';
import { runCli, type CliRun } from '../../support/run-cli.js';
import { avroRecord, seeder } from '../../support/seed.js';

const STYLES: readonly EchoStyle[] = ['headers', 'decoded', 'boundary'];
const secrets: string[] = [];
const basics: Array<[string, string]> = [];
let counter = 0;

/** A distinct secret whose first characters are unique too (a cut must not leave them visible). */
function secret(label: string): string {
  counter += 1;
  const value = `K${String(counter).padStart(2, '0')}q${label}-Zz9!`;
  secrets.push(value);
  return value;
}

function basic(user: string, password: string): string {
  basics.push([user, password]);
  return password;
}

/** Every form srx could send (plain, base64 of user:password, base64 of the secret) and the first 6 characters of each. */
function forbidden(): string[] {
  const forms = [
    ...secrets,
    ...secrets.map((s) => Buffer.from(s).toString('base64').replace(/=+$/, '')),
    ...basics.map(([u, p]) => Buffer.from(`${u}:${p}`).toString('base64').replace(/=+$/, '')),
  ];
  return forms.flatMap((form) => [form, form.slice(0, 6)]);
}

let real: Awaited<ReturnType<typeof startRegistries<'real'>>>;
const servers: Record<string, EchoServer> = {};
let writesFail: EchoServer;
let dir: string;
let env: Record<string, string>;
const names: string[] = [];
const adHoc: string[] = [];

function assertNoLeak(what: string, text: string): void {
  const found = forbidden().filter((form) => text.includes(form));
  if (found.length) throw new Error(`${what} leaked ${found.join(', ')}:\n${text}`);
}

async function srx(args: readonly string[], options: { signal?: AbortSignal } = {}): Promise<CliRun> {
  const run = await runCli(['-c', join(dir, 'srx.json'), ...args], { env, cwd: dir, ...options });
  assertNoLeak(`srx ${args.join(' ')}`, `${run.stdout}\n${run.stderr}`);
  return run;
}

beforeAll(async () => {
  real = await startRegistries(['real']);
  await seeder(real.real.url).register('orders-value', avroRecord('Order', ['id']));
  for (const style of STYLES) servers[style] = await startEchoServer({ style, failReads: true });
  writesFail = await startEchoServer({ style: 'headers', failReads: false });
  dir = mkdtempSync(join(tmpdir(), 'srx-echo-'));
  const registries: Record<string, unknown> = {};
  const rc: Record<string, unknown> = {};
  const reg: string[] = [];
  env = { SRX_STATE_DIR: join(dir, 'state') };
  STYLES.forEach((style, i) => {
    const url = servers[style]!.url;
    const n = i + 1;
    registries[`file-basic-${style}`] = { url, user: `u-fb-${style}`, password: basic(`u-fb-${style}`, secret(`fb${style}`)) };
    registries[`file-token-${style}`] = { url, token: secret(`ft${style}`) };
    registries[`file-headers-${style}`] = { url, headers: { 'X-Api-Key': secret(`fk${style}`), 'X-Client-Id': secret(`fc${style}`) } };
    env[`SR_PW_${n}`] = basic(`u-ev-${style}`, secret(`ev${style}`));
    registries[`file-envpw-${style}`] = { url, user: `u-ev-${style}`, password: `\${SR_PW_${n}}` };
    rc[`rc-${style}`] = { url, user: `u-rc-${style}`, password: basic(`u-rc-${style}`, secret(`rc${style}`)) };
    reg.push(`reg-${style}:${url}:u-rg-${style}:${basic(`u-rg-${style}`, secret(`rg${style}`))}`);
    env[`SCHEMA_REGISTRY_URL_${n}`] = url;
    env[`SCHEMA_REGISTRY_NAME_${n}`] = `num-${style}`;
    env[`SCHEMA_REGISTRY_USER_${n}`] = `u-nm-${style}`;
    env[`SCHEMA_REGISTRY_PASSWORD_${n}`] = basic(`u-nm-${style}`, secret(`nm${style}`));
    adHoc.push(url.replace('http://', `http://u-ah-${style}:${encodeURIComponent(basic(`u-ah-${style}`, secret(`ah${style}`)))}@`));
  });
  env.SCHEMA_REGISTRY_URL = servers.boundary!.url;
  env.SCHEMA_REGISTRY_USER = 'u-one';
  env.SCHEMA_REGISTRY_PASSWORD = basic('u-one', secret('one'));
  env.REGISTRIES_CONFIG = JSON.stringify(rc);
  env.REGISTRIES = reg.join(',');
  registries.real = { url: real.real.url };
  registries.sink = { url: writesFail.url, user: 'u-sink', password: basic('u-sink', secret('sink')), headers: { 'X-Api-Key': secret('sinkkey') } };
  writeFileSync(join(dir, 'srx.json'), JSON.stringify({ registries }));
  names.push(
    ...Object.keys(registries).filter((n) => n !== 'real' && n !== 'sink'),
    ...Object.keys(rc),
    ...STYLES.map((s) => `reg-${s}`),
    ...STYLES.map((s) => `num-${s}`),
    'default',
  );
}, 60_000);

afterAll(async () => {
  await Promise.all([...Object.values(servers), writesFail].map((s) => s?.stop()));
  await real?.stopAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('credentials echoed by a registry are never printed', () => {
  it('the echo server does echo them (so the tests below can fail)', async () => {
    const response = await fetch(`${servers.boundary!.url}/subjects`, { headers: { Authorization: 'Bearer abcdefgh' } });
    const body = (await response.json()) as { message: string };
    expect(body.message.indexOf('abcdefgh')).toBe(194);
  });

  it('registry info / test, compare, export and migrate preview, from every config source and ad-hoc URLs, table and --json', async () => {
    const registries = [...names, ...adHoc];
    expect(registries.length).toBe(3 * 8 + 1);
    for (const name of registries) {
      for (const flags of [[], ['--json'], ['--verbose']]) {
        const commands = [
          ['registry', 'info', name],
          ['registry', 'test', name],
          ['compare', name, 'real'],
          ['export', name, '-o', join(dir, 'out.json')],
          ['migrate', 'preview', 'real', name],
        ];
        for (const args of commands) {
          const run = await srx([...flags, ...args]);
          expect({ args, exitCode: run.exitCode }).toEqual({ args, exitCode: 3 });
          // The gateway's text is shown (masked), not dropped: the user still sees what it said.
          // (The boundary gateway echoes only Authorization, which a headers-only registry does not send.)
          if (name !== 'file-headers-boundary') expect(`${run.stdout}${run.stderr}`).toMatch(/\*\*\*/);
        }
      }
    }
  }, 120_000);

  it('registry test --json shows the message masked before the 200-character cut', async () => {
    const run = await srx(['--json', 'registry', 'test', 'file-basic-boundary']);
    const item = run.json().registries[0];
    expect(item.message).toContain('.....***');
  });
});

describe('echoed credentials are never stored in state files, and state files are private', () => {
  it('a migration whose writes fail: the journal, `migrate status` and `migrate list` hold no secret; 0600 files in 0700 folders', async () => {
    const run = await srx(['--json', 'migrate', 'registry', 'real', 'sink', '--yes']);
    expect(run.exitCode).toBe(2); // every write refused (400, error_code 40000): nothing written is a refusal, not partial
    const id = run.json().migrationId ?? run.json().id;
    expect(typeof id).toBe('string');
    const journals = join(dir, 'state', 'migrations');
    const files = readdirSync(journals).filter((f) => f.endsWith('.jsonl'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(join(journals, file), 'utf8');
      expect(text).toContain('***');
      assertNoLeak(file, text);
      expect(statSync(join(journals, file)).mode & 0o777).toBe(0o600);
    }
    expect(statSync(journals).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'state')).mode & 0o777).toBe(0o700);
    for (const args of [
      ['migrate', 'status', id],
      ['--json', 'migrate', 'status', id],
      ['migrate', 'list'],
      ['--json', 'migrate', 'list'],
    ])
      await srx(args);
  }, 60_000);

  it('a scheduled sync whose writes fail: runs.jsonl, the worker log and `sync status` hold no secret; 0600/0700', async () => {
    const controller = new AbortController();
    const running = srx(['sync', 'schedule', 'real', 'sink', '--interval', '1h', '--foreground', '--yes'], { signal: controller.signal });
    const syncDir = join(dir, 'state', 'sync');
    const runsFile = await pollUntil(
      () => {
        for (const root of [syncDir, join(syncDir, 'jobs')]) {
          try {
            for (const id of readdirSync(root)) {
              const path = join(root, id, 'runs.jsonl');
              try {
                if (readFileSync(path, 'utf8').trim()) return path;
              } catch {
                // not yet
              }
            }
          } catch {
            // not yet
          }
        }
        return undefined;
      },
      400,
      25,
    );
    controller.abort('SIGTERM');
    await running;
    expect(runsFile).toBeDefined();
    assertNoLeak('runs.jsonl', readFileSync(runsFile!, 'utf8'));
    // The sync's own migration journal holds the gateway's (masked) error text.
    const journals = join(dir, 'state', 'migrations');
    const all = readdirSync(journals)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => readFileSync(join(journals, f), 'utf8'))
      .join('\n');
    expect(all).toContain('***');
    assertNoLeak('sync journals', all);
    const jobDir = join(runsFile!, '..');
    for (const file of readdirSync(jobDir)) {
      assertNoLeak(file, readFileSync(join(jobDir, file), 'utf8'));
      expect({ file, mode: statSync(join(jobDir, file)).mode & 0o777 }).toEqual({ file, mode: 0o600 });
    }
    expect(statSync(jobDir).mode & 0o777).toBe(0o700);
    for (const args of [
      ['sync', 'status'],
      ['--json', 'sync', 'status'],
    ])
      await srx(args);
    expect(statSync(join(syncDir, 'locks')).mode & 0o777).toBe(0o700);
  }, 60_000);

  it('`registry use` writes settings.json 0600', async () => {
    expect((await srx(['registry', 'use', 'real'])).exitCode).toBe(0);
    expect(statSync(join(dir, 'state', 'settings.json')).mode & 0o777).toBe(0o600);
  });
});
