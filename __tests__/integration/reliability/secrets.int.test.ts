// Secrets: every command group runs with credentials set (basic password, bearer token, TLS key passphrase, and an
// ad-hoc `http://user:secret@host` argument), with and without --verbose/--json, succeeding and failing; no secret
// (nor its base64 or URL-encoded form) appears in stdout, stderr, or any file srx wrote: journals, sync job files and
// logs, exports (json and dir), reports, plans and id maps.
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';
import { generateTestCertificates } from '../../../scripts/lib/test-certs.mjs';
import { startRegistries } from '../../support/registry-server.js';
import { pollUntil } from '../../support/reliability-helpers.js';
import { runCli, type CliRun } from '../../support/run-cli.js';
import { avroRecord, seeder } from '../../support/seed.js';

const PASSWORD = 'b4sic:Pa55-w0rd!';
const TOKEN = 'bearer-T0ken-9f8e7d';
const PASSPHRASE = 'key-Pa55phrase-42';
const ADHOC = 'ad-hoc-S3cret';
const SECRETS = [PASSWORD, TOKEN, PASSPHRASE, ADHOC];
const FORMS = SECRETS.flatMap((s) => [s, encodeURIComponent(s)]).concat([
  Buffer.from(`alice:${PASSWORD}`).toString('base64'),
  Buffer.from(`bob:${ADHOC}`).toString('base64'),
]);

let servers: Awaited<ReturnType<typeof startRegistries<'source' | 'target' | 'mtls' | 'adhoc'>>>;
const proxies: FaultProxy[] = [];
let dir: string;
let out: string;
let env: Record<string, string>;
let adHocUrl: string;
let adHocDown: string;
const runs: Array<{ args: readonly string[]; run: CliRun }> = [];

function leaks(text: string): string[] {
  return FORMS.filter((secret) => text.includes(secret));
}

async function srx(args: readonly string[], extraEnv: Record<string, string> = {}, options: { isTTY?: boolean; stdin?: string } = {}): Promise<CliRun> {
  const run = await runCli(args, { env: { ...env, ...extraEnv }, cwd: out, ...options });
  runs.push({ args, run });
  const found = leaks(`${run.stdout}\n${run.stderr}`);
  if (found.length) throw new Error(`srx ${args.join(' ')} printed a secret:\n--- stdout:\n${run.stdout}\n--- stderr:\n${run.stderr}`);
  return run;
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    const path = join(root, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

beforeAll(async () => {
  servers = await startRegistries(['source', 'target', 'mtls', 'adhoc']);
  const seed = seeder(servers.source.url);
  for (let i = 0; i < 6; i++) await seed.register(`secret-subject-${i}`, avroRecord(`S${i}`, ['id']));
  await seed.register('team-value', avroRecord('Team', ['id']), '.team-a');
  await seeder(servers.adhoc.url).register('adhoc-value', avroRecord('AdHoc', ['id']));
  const certs = generateTestCertificates();
  const start = async (options: object) => {
    const proxy = await startProxy(options as never);
    proxies.push(proxy);
    return proxy.url;
  };
  const basicUrl = await start({ target: servers.source.url, basicAuth: { user: 'alice', password: PASSWORD } });
  const bearerUrl = await start({ target: servers.target.url, bearerToken: TOKEN });
  const mtlsUrl = await start({
    target: servers.mtls.url,
    tls: { key: certs.server.key, cert: certs.server.cert, ca: certs.ca.cert, requestClientCert: true },
  });
  const adHocProxy = await start({ target: servers.adhoc.url, basicAuth: { user: 'bob', password: ADHOC } });
  adHocUrl = adHocProxy.replace('http://', `http://bob:${encodeURIComponent(ADHOC)}@`);
  adHocDown = `http://bob:${encodeURIComponent(ADHOC)}@127.0.0.1:1`;
  dir = mkdtempSync(join(tmpdir(), 'srx-secrets-'));
  out = join(dir, 'out');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(out);
  const key = createPrivateKey(certs.client.key).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE });
  writeFileSync(join(dir, 'ca.pem'), certs.ca.cert);
  writeFileSync(join(dir, 'client.pem'), certs.client.cert);
  writeFileSync(join(dir, 'client.key'), key);
  writeFileSync(
    join(dir, 'srx.json'),
    JSON.stringify({
      registries: {
        src: { url: basicUrl, user: 'alice', password: '${SR_PASSWORD}' },
        tgt: { url: bearerUrl, token: '${SR_TOKEN}' },
        mtls: { url: mtlsUrl, tls: { ca: join(dir, 'ca.pem'), cert: join(dir, 'client.pem'), key: join(dir, 'client.key'), passphrase: '${SR_PASSPHRASE}' } },
        wrongpw: { url: basicUrl, user: 'alice', password: '${SR_PASSWORD}-wrong' },
        wrongtoken: { url: bearerUrl, token: '${SR_TOKEN}-wrong' },
        wrongkey: {
          url: mtlsUrl,
          tls: { ca: join(dir, 'ca.pem'), cert: join(dir, 'client.pem'), key: join(dir, 'client.key'), passphrase: '${SR_PASSPHRASE}-wrong' },
        },
      },
    }),
  );
  env = { SRX_STATE_DIR: join(dir, 'state'), SR_PASSWORD: PASSWORD, SR_TOKEN: TOKEN, SR_PASSPHRASE: PASSPHRASE };
}, 60_000);

afterAll(async () => {
  await srx(['-c', join(dir, 'srx.json'), 'sync', 'stop', '--all', '--wait', '30']).catch(() => undefined);
  await Promise.all(proxies.map((p) => p.stop()));
  await servers?.stopAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const C = () => ['-c', join(dir, 'srx.json')];
const FLAGS = [[], ['--verbose'], ['--json', '--verbose']];

describe('secrets never appear in output or files', () => {
  it('registry and compare commands, succeeding and failing', async () => {
    const READS = [
      ['registry', 'list'],
      ['registry', 'info', 'src'],
      ['registry', 'info', 'tgt'],
      ['registry', 'info', 'mtls'],
      ['registry', 'test'],
      ['compare', 'src', 'tgt'],
      ['compare', 'subjects', 'src', 'mtls'],
      ['compare', 'missing', 'src', 'tgt'],
      ['compare', 'conflicts', 'src', 'tgt'],
      ['diff', 'secret-subject-1', 'src', 'tgt'],
      ['compare', adHocUrl, 'src'],
      ['compare', 'registries', 'src', adHocUrl],
    ];
    for (const args of READS) for (const flags of FLAGS) await srx([...C(), ...flags, ...args]);
    const FAILURES: Array<[string[], number]> = [
      [['registry', 'info', 'wrongpw'], 3],
      [['registry', 'info', 'wrongtoken'], 3],
      [['registry', 'info', 'wrongkey'], 3],
      [['compare', 'wrongpw', 'tgt'], 3],
      [['compare', 'src', 'wrongtoken'], 3],
      [['export', 'wrongkey'], 3],
      [['compare', `http://bob:${ADHOC}@exa mple.com:1`, 'src'], 2],
      [['registry', 'test', 'wrongpw', 'wrongtoken', 'wrongkey'], 3],
    ];
    // A registry that refuses connections is retried for a few seconds: once each, with --verbose (it logs every retry).
    const REFUSED: Array<[string[], number]> = [
      [['compare', adHocDown, 'src'], 3],
      [['export', adHocDown], 3],
      [['migrate', 'registry', adHocDown, 'tgt', '--yes'], 3],
    ];
    for (const [args, code] of REFUSED) {
      const run = await srx([...C(), '--verbose', ...args]);
      expect({ args, code: run.exitCode }).toEqual({ args, code });
    }
    for (const [args, code] of FAILURES) {
      for (const flags of FLAGS) {
        const run = await srx([...C(), ...flags, ...args]);
        expect({ args, code: run.exitCode }).toEqual({ args, code });
      }
    }
  }, 120_000);

  it('migrate: preview, plan, run, id map, status, list, report, rollback, resume; and into the mTLS registry', async () => {
    const plan = join(out, 'plan.json');
    expect((await srx([...C(), '--verbose', 'migrate', 'preview', 'src', 'tgt', '--plan-out', plan])).exitCode).toBe(0);
    const migrated = await srx([...C(), '--json', '--verbose', 'migrate', 'registry', 'src', 'tgt', '--yes', '--id-map', join(out, 'ids.json')]);
    expect(migrated.exitCode).toBe(0);
    const id = migrated.json().id as string;
    expect((await srx([...C(), '--verbose', 'migrate', 'schema', 'secret-subject-2', 'src', 'mtls', '--yes'])).exitCode).toBe(0);
    expect((await srx([...C(), '--verbose', 'migrate', 'context', '.', adHocUrl, 'tgt', '--target-context', '.adhoc', '--yes'])).exitCode).toBe(0);
    for (const flags of FLAGS) {
      await srx([...C(), ...flags, 'migrate', 'status', id]);
      await srx([...C(), ...flags, 'migrate', 'list']);
      await srx([...C(), ...flags, 'migrate', 'rollback', id, '--dry-run']);
      await srx([...C(), ...flags, 'migrate', 'resume', id, '--yes']);
    }
    for (const format of ['markdown', 'html', 'json']) {
      expect(
        (await srx([...C(), '--verbose', 'migrate', 'report', 'src', 'mtls', '--format', format, '-o', join(out, `report.${format}`)])).exitCode,
      ).toBeLessThanOrEqual(1);
    }
    await srx([...C(), 'migrate', 'report', 'src', adHocUrl]);
    const rolledBack = await srx([...C(), '--json', '--verbose', 'migrate', 'rollback', id, '--yes']);
    expect(rolledBack.exitCode).toBe(0);
  }, 120_000);

  it('export and import: json and dir exports, validate, import (also into the mTLS registry)', async () => {
    expect((await srx([...C(), '--verbose', 'export', 'src', '-o', join(out, 'src.json')])).exitCode).toBe(0);
    expect((await srx([...C(), '--verbose', 'export', 'mtls', '-o', join(out, 'mtls-dir'), '--format', 'dir'])).exitCode).toBe(0);
    expect((await srx([...C(), '--verbose', 'export', adHocUrl, '-o', join(out, 'adhoc.json')])).exitCode).toBe(0);
    await srx([...C(), '--json', 'export', 'src']);
    for (const flags of FLAGS) await srx([...C(), ...flags, 'export', 'validate', join(out, 'src.json'), 'tgt']);
    expect((await srx([...C(), '--json', '--verbose', 'import', join(out, 'src.json'), 'mtls', '--yes'])).exitCode).toBe(0);
    expect(
      (await srx([...C(), '--verbose', 'export', 'import', join(out, 'adhoc.json'), 'tgt', '--context', '.', '--target-context', '.adhoc2', '--yes'])).exitCode,
    ).toBe(0);
  }, 120_000);

  it('sync: one-shot, scheduled in the background (job files and worker log), status, stop', async () => {
    for (const flags of FLAGS) await srx([...C(), ...flags, 'sync', 'registries', 'src', 'tgt', '--yes']);
    await srx([...C(), '--verbose', 'sync', 'registries', 'src', 'mtls', '--direction', 'bidirectional', '--yes']);
    const scheduled = await srx([...C(), '--json', 'sync', 'schedule', 'src', 'tgt', '--interval', '1s', '--yes']);
    expect(scheduled.exitCode).toBe(0);
    const ran = await pollUntil(
      async () => {
        const status = await runCli([...C(), '--json', 'sync', 'status'], { env, cwd: out });
        return (status.json().jobs as Array<{ lastRun?: unknown }>).some((job) => job.lastRun) || undefined;
      },
      200,
      100,
    );
    expect(ran).toBe(true);
    for (const flags of FLAGS) await srx([...C(), ...flags, 'sync', 'status']);
    // An ad-hoc URL with credentials cannot be scheduled: refused without echoing the secret.
    const refused = await srx([...C(), 'sync', 'schedule', adHocUrl, 'tgt', '--interval', '1h', '--yes']);
    expect(refused.exitCode).toBe(2);
    expect((await srx([...C(), 'sync', 'stop', '--all', '--wait', '30'])).exitCode).toBe(0);
  }, 120_000);

  it('no file srx wrote holds a secret (state directory: journals, sync jobs and logs; exports, reports, plans, id maps)', () => {
    const files = [...filesUnder(join(dir, 'state')), ...filesUnder(out)];
    const kinds = files.map((f) => f.replace(dir, ''));
    expect(kinds.some((f) => /migrations\/m-.*\.jsonl$/.test(f))).toBe(true);
    expect(kinds.some((f) => /report\.html$/.test(f))).toBe(true);
    expect(kinds.some((f) => /mtls-dir\/manifest\.json$/.test(f))).toBe(true);
    for (const name of ['job.json', 'state.json', 'worker.log', 'plan.json', 'ids.json', 'report.markdown', 'adhoc.json']) {
      expect(kinds.filter((f) => f.endsWith(`/${name}`))).not.toEqual([]);
    }
    expect(files.length).toBeGreaterThan(10);
    const leaking = files.filter((f) => statSync(f).isFile() && leaks(readFileSync(f, 'latin1')).length > 0);
    expect(leaking).toEqual([]);
  });

  it('ran every group with credentials', () => {
    const groups = new Set(runs.map(({ args }) => args.find((a) => ['registry', 'compare', 'diff', 'migrate', 'sync', 'export', 'import'].includes(a))));
    expect([...groups].sort()).toEqual(['compare', 'diff', 'export', 'import', 'migrate', 'registry', 'sync']);
    expect(runs.length).toBeGreaterThan(100);
  });
});
