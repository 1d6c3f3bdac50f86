// Bad input of every kind (config files, REGISTRIES, flags and arguments, exports and plans, registry answers):
// each case is one clean `error:` line naming the problem, the documented exit code, no stack trace,
// and nothing written to the target registry (asserted through the recording proxy in front of it).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportChecksum, sha256Hex, type ExportDocument } from '../../../src/core/export/format.js';
import { FileJournal, type JournalHeader } from '../../../src/core/journal/journal.js';
import { DEFAULT_POLICY } from '../../../src/core/plan/types.js';
import { startProxy, type FaultProxy, type ProxyRule } from '../../../scripts/lib/fault-proxy.mjs';
import { startRegistries } from '../../support/registry-server.js';
import { expectCleanError, readRegistryState, writesSince } from '../../support/reliability-helpers.js';
import { runCli } from '../../support/run-cli.js';
import { avroRecord, seeder } from '../../support/seed.js';

let servers: Awaited<ReturnType<typeof startRegistries<'source' | 'target'>>>;
let src: FaultProxy;
let dst: FaultProxy;
let dir: string;
let env: Record<string, string>;

const file = (name: string) => join(dir, name);
const write = (name: string, text: string) => writeFileSync(file(name), text);

beforeAll(async () => {
  servers = await startRegistries(['source', 'target']);
  src = await startProxy({ target: servers.source.url });
  dst = await startProxy({ target: servers.target.url });
  const seed = seeder(servers.source.url);
  for (const name of ['orders-value', 'users-value', 'payments-value']) {
    await seed.register(name, avroRecord(name.replace('-value', ''), ['id']));
    await seed.register(name, avroRecord(name.replace('-value', ''), ['id', { name: 'note', type: 'string', default: '' }]));
  }
  await seed.register('events-value', avroRecord('Event', ['id']), '.team-a');
  dir = mkdtempSync(join(tmpdir(), 'srx-badinput-'));
  env = { REGISTRIES: `src:${src.url},dst:${dst.url}`, SRX_STATE_DIR: file('state') };
  const exported = await runCli(['export', 'src', '-o', file('good.json')], { env });
  expect(exported.exitCode).toBe(0);
  prepareFiles();
});

afterAll(async () => {
  await src?.stop();
  await dst?.stop();
  await servers?.stopAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Bad files the cases point at, written once. */
function prepareFiles(): void {
  const good = JSON.parse(readFileSync(file('good.json'), 'utf8')) as ExportDocument;
  const text = readFileSync(file('good.json'), 'utf8');
  write('export-not-json.json', 'this is not an export');
  write('export-truncated.json', text.slice(0, Math.floor(text.length / 2)));
  const tampered = structuredClone(good) as any;
  tampered.contexts[0].subjects[0].versions[0].schema = avroRecord('Tampered', ['x']);
  write('export-bad-schema-sha.json', JSON.stringify(tampered));
  const idChanged = structuredClone(good) as any;
  idChanged.contexts[0].subjects[0].versions[0].id = 999;
  write('export-bad-whole-sha.json', JSON.stringify(idChanged));
  write('export-future.json', JSON.stringify({ ...good, formatVersion: 99 }));
  const invalidSchema = structuredClone(good) as any;
  const v = invalidSchema.contexts[0].subjects[0].versions[0];
  v.schema = '{"type": "record", "name": "Broken", "fields": [{"name": "x", "type": ';
  v.sha256 = sha256Hex(v.schema);
  invalidSchema.sha256 = exportChecksum(invalidSchema);
  write('export-invalid-avro.json', JSON.stringify(invalidSchema));
  mkdirSync(file('empty-export-dir'));
  write('bad.json', '{"registries": {');
  write('bad.yaml', 'registries:\n  dev: [\n');
  const config = (entry: object, extra: object = {}) => JSON.stringify({ registries: { dev: entry }, ...extra });
  write('unknown-top.json', config({ url: src.url }, { extra: 1 }));
  write('unknown-entry.json', config({ url: src.url, passwrd: 'x' }));
  write('unknown-tls.json', config({ url: src.url, tls: { cafile: 'x' } }));
  write('bad-url.json', config({ url: 'not a url' }));
  write('ftp-url.json', config({ url: 'ftp://example.com' }));
  write('missing-var.json', config({ url: src.url, user: 'u', password: '${SRX_TEST_UNSET_VAR}' }));
  write('missing-ca.json', config({ url: src.url, tls: { ca: './no-such-ca.pem' } }));
  write('unreadable-ca.json', config({ url: src.url.replace('http:', 'https:'), tls: { ca: '/proc/self/mem' } }));
  write('ca-is-dir.json', config({ url: src.url, tls: { ca: dir } }));
  write('cert-without-key.json', config({ url: src.url, tls: { cert: file('bad.json') } }));
  write('timeout-string.json', config({ url: src.url, timeout: 'soon' }));
  write('token-and-user.json', config({ url: src.url, token: 't0ken', user: 'u', password: 'p' }));
  write('default-unknown.json', config({ url: src.url }, { default_registry: 'prod' }));
  write('missing-export.json', config({ url: 'file:./no-such-export.json' }));
  write('array.json', '[1, 2]');
  write('bad-name.json', JSON.stringify({ registries: { 'd ev': { url: src.url } } }));
  write('plan-not-json.json', '{"kind": "migration-pl');
  write('plan-wrong-kind.json', JSON.stringify({ kind: 'registry-comparison' }));
  mkdirSync(file('searched'));
  // Journals in a state directory of their own: one tampered with, one empty (a crash before its header was synced).
  const journals = join(file('tampered-state'), 'migrations');
  mkdirSync(journals, { recursive: true });
  const journalHeader = (id: string): JournalHeader => ({
    type: 'header',
    id,
    migrationKind: 'migrate',
    source: { name: 'src', url: src.url, kind: 'http' },
    target: { name: 'dst', url: dst.url },
    scope: {},
    policy: DEFAULT_POLICY,
    startedAt: '2026-11-24T00:00:00.000Z',
    planned: 1,
    targetBefore: {},
  });
  const journal = FileJournal.create(journals, journalHeader('m-20261124-000000Z-tamper'));
  writeFileSync(journal.path, readFileSync(journal.path, 'utf8').replace('"planned":1', '"planned":2'));
  writeFileSync(join(journals, 'm-20261124-000001Z-empty.jsonl'), '');
  for (const [id, text] of [
    ['sync-notjson', '{"id": '],
    ['sync-notajob', '{}'],
  ]) {
    mkdirSync(join(file('jobs-state'), 'sync', id!), { recursive: true });
    writeFileSync(join(file('jobs-state'), 'sync', id!, 'job.json'), text!);
  }
  writeFileSync(join(file('searched'), 'schema-tool.config.json'), '{"registries": {"dev": ');
}

interface Case {
  readonly name: string;
  readonly args: () => string[];
  readonly env?: () => Record<string, string>;
  readonly cwd?: () => string;
  /** Scripted answers of the source registry's proxy for this case. */
  readonly srcRules?: ProxyRule[];
  /** Scripted answers of the target registry's proxy for this case. */
  readonly dstRules?: ProxyRule[];
  readonly code: number;
  readonly message: RegExp;
}

const cfg = (name: string) => () => ['-c', file(name), 'registry', 'info', 'dev'];
const html = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';

const CASES: Case[] = [
  // config files
  { name: 'config: invalid JSON', args: cfg('bad.json'), code: 2, message: /bad\.json: .*JSON.*position/ },
  { name: 'config: invalid YAML', args: cfg('bad.yaml'), code: 2, message: /bad\.yaml: .*YAML.*flow collection/ },
  {
    name: 'config: invalid JSON found by the search',
    args: () => ['registry', 'list'],
    cwd: () => file('searched'),
    code: 2,
    message: /searched\/schema-tool\.config\.json: .*JSON/,
  },
  { name: 'config: --config file missing', args: () => ['-c', file('nope.json'), 'registry', 'list'], code: 2, message: /config file not found: .*nope\.json/ },
  { name: 'config: unknown top-level key', args: cfg('unknown-top.json'), code: 2, message: /unknown-top\.json: unknown key extra/ },
  { name: 'config: unknown entry key', args: cfg('unknown-entry.json'), code: 2, message: /registries\.dev: unknown key passwrd/ },
  { name: 'config: unknown tls key', args: cfg('unknown-tls.json'), code: 2, message: /registries\.dev\.tls: unknown key cafile/ },
  { name: 'config: not a URL', args: cfg('bad-url.json'), code: 2, message: /registries\.dev\.url: not a valid URL/ },
  { name: 'config: ftp URL', args: cfg('ftp-url.json'), code: 2, message: /registries\.dev\.url: expected http:\/\/, https:\/\/ or file:/ },
  {
    name: 'config: unset ${VAR}',
    args: cfg('missing-var.json'),
    code: 2,
    message: /registries\.dev\.password: environment variable SRX_TEST_UNSET_VAR is not set/,
  },
  { name: 'config: tls.ca file missing', args: cfg('missing-ca.json'), code: 2, message: /registries\.dev\.tls\.ca: file not found: .*no-such-ca\.pem/ },
  { name: 'config: tls.ca unreadable', args: cfg('unreadable-ca.json'), code: 2, message: /dev: cannot read tls\.ca \/proc\/self\/mem/ },
  { name: 'config: tls.ca is a directory', args: cfg('ca-is-dir.json'), code: 2, message: /registries\.dev\.tls\.ca: file not found/ },
  { name: 'config: tls.cert without key', args: cfg('cert-without-key.json'), code: 2, message: /registries\.dev\.tls: cert and key go together/ },
  { name: 'config: timeout of the wrong type', args: cfg('timeout-string.json'), code: 2, message: /registries\.dev\.timeout: Expected number/ },
  { name: 'config: token and user together', args: cfg('token-and-user.json'), code: 2, message: /registries\.dev: use either user\/password or token/ },
  {
    name: 'config: default_registry not configured',
    args: cfg('default-unknown.json'),
    code: 2,
    message: /default_registry "prod" is not a configured registry/,
  },
  { name: 'config: file: export missing', args: cfg('missing-export.json'), code: 2, message: /registries\.dev\.url: export not found/ },
  { name: 'config: an array', args: cfg('array.json'), code: 2, message: /array\.json: Expected object, received array/ },
  { name: 'config: bad registry name', args: cfg('bad-name.json'), code: 2, message: /registries\.d ev: registry names use letters/ },
  // REGISTRIES / REGISTRIES_CONFIG / numbered variables
  {
    name: 'REGISTRIES: no URL',
    args: () => ['registry', 'list'],
    env: () => ({ REGISTRIES: 'dev' }),
    code: 2,
    message: /REGISTRIES item 1 \(dev\): expected name:url/,
  },
  {
    name: 'REGISTRIES: ftp URL',
    args: () => ['registry', 'list'],
    env: () => ({ REGISTRIES: 'dev:ftp://x:1' }),
    code: 2,
    message: /REGISTRIES item 1 .*needs an http:\/\/ or https:\/\/ URL/,
  },
  {
    name: 'REGISTRIES: user without password',
    args: () => ['registry', 'list'],
    env: () => ({ REGISTRIES: `ok:${src.url},dev:http://h:8081:user` }),
    code: 2,
    message: /REGISTRIES item 2 .*a user needs a password/,
  },
  {
    name: 'REGISTRIES: empty user',
    args: () => ['registry', 'list'],
    env: () => ({ REGISTRIES: 'dev:http://h:8081::pw' }),
    code: 2,
    message: /REGISTRIES item 1 .*empty user/,
  },
  {
    name: 'REGISTRIES: bad name',
    args: () => ['registry', 'list'],
    env: () => ({ REGISTRIES: 'd/v:http://h:8081' }),
    code: 2,
    message: /REGISTRIES: registries\.d\/v: registry names use/,
  },
  {
    name: 'REGISTRIES_CONFIG: invalid JSON',
    args: () => ['registry', 'list'],
    env: () => ({ REGISTRIES_CONFIG: '{dev:' }),
    code: 2,
    message: /REGISTRIES_CONFIG: invalid JSON/,
  },
  {
    name: 'REGISTRIES_CONFIG: not an object',
    args: () => ['registry', 'list'],
    env: () => ({ REGISTRIES_CONFIG: '[]' }),
    code: 2,
    message: /REGISTRIES_CONFIG: expected a JSON object/,
  },
  {
    name: 'REGISTRIES_CONFIG: entry without url',
    args: () => ['registry', 'list'],
    env: () => ({ REGISTRIES_CONFIG: '{"dev": {"user": "u"}}' }),
    code: 2,
    message: /REGISTRIES_CONFIG: registries\.dev\.url: url is required/,
  },
  {
    name: 'SCHEMA_REGISTRY_URL_1: bad URL',
    args: () => ['registry', 'list'],
    env: () => ({ SCHEMA_REGISTRY_URL_1: 'localhost 8081' }),
    code: 2,
    message: /registries\.registry1\.url: not a valid URL/,
  },
  // flags and arguments
  { name: 'unknown registry', args: () => ['compare', 'src', 'nope'], code: 2, message: /unknown registry "nope" \(configured: src, dst\)/ },
  { name: 'unknown command', args: () => ['frobnicate'], code: 2, message: /unknown command 'frobnicate'/ },
  { name: 'unknown option', args: () => ['registry', 'list', '--frobnicate'], code: 2, message: /unknown option '--frobnicate'/ },
  { name: 'missing argument', args: () => ['compare', 'src'], code: 2, message: /missing required argument 'target'/ },
  { name: 'bad context name (compare)', args: () => ['compare', 'src', 'dst', '--context', 'bad/ctx'], code: 2, message: /invalid --context "bad\/ctx"/ },
  {
    name: 'bad target context name (compare)',
    args: () => ['compare', 'contexts', 'src', 'dst', '--context', '.', '--target-context', 'a b'],
    code: 2,
    message: /invalid --target-context "a b"/,
  },
  { name: 'bad context name (migrate)', args: () => ['migrate', 'context', 'bad ctx', 'src', 'dst', '--yes'], code: 2, message: /invalid context "bad ctx"/ },
  { name: 'bad context name (export)', args: () => ['export', 'src', '--context', 'x/y'], code: 2, message: /invalid context "x\/y"/ },
  {
    name: 'bad version list',
    args: () => ['migrate', 'registry', 'src', 'dst', '--versions', '1,x', '--yes'],
    code: 2,
    message: /--versions must be all, latest or version numbers like 1,3,5, got "1,x"/,
  },
  { name: 'version 0', args: () => ['migrate', 'registry', 'src', 'dst', '--versions', '0', '--yes'], code: 2, message: /--versions .* got "0"/ },
  {
    name: 'bad --version (diff)',
    args: () => ['diff', 'orders-value', 'src', 'dst', '--version', 'abc'],
    code: 2,
    message: /--version must be a version number or latest, got "abc"/,
  },
  {
    name: 'bad interval',
    args: () => ['sync', 'schedule', 'src', 'dst', '--interval', '5parsecs', '--foreground'],
    code: 2,
    message: /invalid --interval "5parsecs"/,
  },
  {
    name: 'interval too short',
    args: () => ['sync', 'schedule', 'src', 'dst', '--interval', '0s', '--foreground'],
    code: 2,
    message: /--interval "0s" is shorter than 1s/,
  },
  {
    name: 'bad --output',
    args: () => ['--output', 'xml', 'registry', 'list'],
    code: 2,
    message: /--output must be one of table, json, github, markdown, junit, got "xml"/,
  },
  { name: 'bad --timeout', args: () => ['--timeout', 'abc', 'compare', 'src', 'dst'], code: 2, message: /--timeout must be a positive integer, got "abc"/ },
  { name: 'negative --timeout', args: () => ['--timeout', '-5', 'compare', 'src', 'dst'], code: 2, message: /--timeout must be a positive integer, got "-5"/ },
  {
    name: 'zero --concurrency',
    args: () => ['--concurrency', '0', 'migrate', 'registry', 'src', 'dst', '--yes'],
    code: 2,
    message: /--concurrency must be a positive integer, got "0"/,
  },
  {
    name: 'bad --direction',
    args: () => ['sync', 'registries', 'src', 'dst', '--direction', 'sideways'],
    code: 2,
    message: /--direction .*'sideways' is invalid/,
  },
  {
    name: 'bad --on-conflict',
    args: () => ['migrate', 'registry', 'src', 'dst', '--on-conflict', 'maybe', '--yes'],
    code: 2,
    message: /--on-conflict .*'maybe' is invalid/,
  },
  { name: 'bad --scope', args: () => ['migrate', 'preview', 'src', 'dst', '--scope', 'galaxy'], code: 2, message: /invalid --scope "galaxy"/ },
  {
    name: 'same source and target',
    args: () => ['migrate', 'registry', 'src', 'src', '--yes'],
    code: 2,
    message: /source and target are the same registry \(src\)/,
  },
  { name: 'export as a migration target', args: () => ['migrate', 'registry', 'src', file('good.json'), '--yes'], code: 2, message: /is an export/ },
  { name: 'unknown migration id', args: () => ['migrate', 'status', 'm-nope'], code: 2, message: /no migration "m-nope"/ },
  { name: 'unknown sync job', args: () => ['sync', 'stop', 'nope'], code: 2, message: /nope/ },
  {
    name: '--from-file missing',
    args: () => ['migrate', 'subjects', '--from-file', file('nope.txt'), 'src', 'dst', '--yes'],
    code: 2,
    message: /cannot read .*nope\.txt: ENOENT/,
  },
  // journals
  {
    name: 'journal: tampered (status)',
    args: () => ['--state-dir', file('tampered-state'), 'migrate', 'status', 'm-20261124-000000Z-tamper'],
    code: 2,
    message: /tamper\.jsonl: line 1 does not match the hash chain/,
  },
  {
    name: 'journal: tampered (resume)',
    args: () => ['--state-dir', file('tampered-state'), 'migrate', 'resume', 'm-20261124-000000Z-tamper', '--yes'],
    code: 2,
    message: /line 1 does not match the hash chain/,
  },
  {
    name: 'journal: tampered (rollback)',
    args: () => ['--state-dir', file('tampered-state'), 'migrate', 'rollback', 'm-20261124-000000Z-tamper', '--yes'],
    code: 2,
    message: /line 1 does not match the hash chain/,
  },
  {
    name: 'journal: empty (resume)',
    args: () => ['--state-dir', file('tampered-state'), 'migrate', 'resume', 'm-20261124-000001Z-empty', '--yes'],
    code: 2,
    message: /empty\.jsonl: no header record/,
  },
  {
    name: 'sync job file: not JSON (stop)',
    args: () => ['--state-dir', file('jobs-state'), 'sync', 'stop', 'sync-notjson'],
    code: 2,
    message: /sync-notjson\/job\.json: not valid JSON/,
  },
  {
    name: 'sync job files broken (status)',
    args: () => ['--state-dir', file('jobs-state'), 'sync', 'status'],
    code: 2,
    message: /sync-not(json|ajob)\/job\.json: not (valid JSON|a sync job definition)/,
  },
  {
    name: 'sync job file: not a job (stop)',
    args: () => ['--state-dir', file('jobs-state'), 'sync', 'stop', 'sync-notajob'],
    code: 2,
    message: /sync-notajob\/job\.json: not a sync job definition/,
  },
  // exports and plans
  { name: 'export: not JSON', args: () => ['export', 'import', file('export-not-json.json'), 'dst', '--yes'], code: 2, message: /export-not-json\.json.*JSON/ },
  {
    name: 'export: truncated',
    args: () => ['export', 'import', file('export-truncated.json'), 'dst', '--yes'],
    code: 2,
    message: /export-truncated\.json.*(truncated|JSON)/,
  },
  { name: 'export: schema checksum wrong', args: () => ['export', 'import', file('export-bad-schema-sha.json'), 'dst', '--yes'], code: 2, message: /sha256/ },
  { name: 'export: whole checksum wrong', args: () => ['compare', file('export-bad-whole-sha.json'), 'dst'], code: 2, message: /sha256/ },
  {
    name: 'export: unknown format version',
    args: () => ['export', 'import', file('export-future.json'), 'dst', '--yes'],
    code: 2,
    message: /format ?version|version 99/i,
  },
  {
    name: 'export: directory without manifest',
    args: () => ['export', 'import', file('empty-export-dir'), 'dst', '--yes'],
    code: 2,
    message: /manifest\.json/,
  },
  {
    name: 'export: invalid Avro schema',
    args: () => ['export', 'import', file('export-invalid-avro.json'), 'dst', '--yes'],
    code: 2,
    message: /subject orders-value version 1: invalid AVRO schema \(not JSON/,
  },
  { name: 'plan: not JSON', args: () => ['migrate', 'apply', file('plan-not-json.json'), '--yes'], code: 2, message: /plan-not-json\.json is not JSON/ },
  { name: 'plan: not a plan', args: () => ['migrate', 'apply', file('plan-wrong-kind.json'), '--yes'], code: 2, message: /is not an srx migration plan/ },
  // registry answers (scripted by the proxy)
  {
    name: 'registry: HTML error page',
    args: () => ['compare', 'src', 'dst'],
    code: 3,
    message: /src: GET \/schemas → 502 \(an HTML page, not a registry answer\)/,
    srcRules: [{ method: 'GET', path: '/schemas', status: 502, body: html, headers: { 'content-type': 'text/html', 'retry-after': '0' } }],
  },
  {
    name: 'registry: 200 with a non-JSON body',
    args: () => ['compare', 'src', 'dst'],
    code: 3,
    message: /src: GET \/contexts → answered 200 with a body that is not JSON/,
    srcRules: [{ method: 'GET', path: '/contexts', status: 200, body: 'OK' }],
  },
  {
    name: 'registry: /contexts of the wrong shape',
    args: () => ['compare', 'src', 'dst'],
    code: 3,
    message: /src: GET \/contexts → unexpected answer/,
    srcRules: [{ method: 'GET', path: '/contexts', status: 200, body: '{"contexts": ["."]}' }],
  },
  {
    name: 'registry: /subjects of the wrong shape',
    args: () => ['migrate', 'registry', 'src', 'dst', '--yes'],
    code: 3,
    message: /dst: GET \/subjects → unexpected answer/,
    dstRules: [
      { method: 'GET', path: /^\/schemas/, status: 404, body: '' },
      { method: 'GET', path: '/subjects', status: 200, body: '{"subjects": []}' },
    ],
  },
  {
    name: 'registry: /schemas items of the wrong shape',
    args: () => ['export', 'src'],
    code: 3,
    message: /src: GET \/schemas → unexpected answer/,
    srcRules: [{ method: 'GET', path: '/schemas', status: 200, body: '[{"subject": 1, "version": "x"}]' }],
  },
  {
    name: 'registry: huge non-JSON body',
    args: () => ['compare', 'src', 'dst'],
    code: 3,
    message: /src: GET \/contexts → answered 200 with a body that is not JSON/,
    srcRules: [{ method: 'GET', path: '/contexts', status: 200, body: 'x'.repeat(48 * 1024 * 1024) }],
  },
  {
    name: 'registry: huge error message',
    args: () => ['compare', 'src', 'dst'],
    code: 3,
    message: /src: GET \/contexts → 400 \(error_code 40001\): y{100,200}…$/,
    srcRules: [
      {
        method: 'GET',
        path: '/contexts',
        status: 400,
        body: JSON.stringify({ error_code: 40001, message: 'y'.repeat(4 * 1024 * 1024) }),
        headers: { 'content-type': 'application/json' },
      },
    ],
  },
  {
    name: 'registry: redirect to another host',
    args: () => ['export', 'src'],
    code: 3,
    message: /src: GET \/contexts → answered 302 redirect to http:\/\/\*\*\*@evil\.example\.com\/x; srx does not follow redirects/,
    srcRules: [{ method: 'GET', path: '/contexts', status: 302, body: '', headers: { location: 'http://admin:hunter2@evil.example.com/x' } }],
  },
  {
    name: 'registry: 401 mid-run (compare)',
    args: () => ['compare', 'src', 'dst'],
    code: 3,
    message: /src: GET \/config\/\S+ → 401 unauthorized/,
    srcRules: [{ method: 'GET', path: /^\/config\/users-value/, status: 401, body: 'Unauthorized' }],
  },
  {
    name: 'registry: 403 mid-run (export)',
    args: () => ['export', 'src'],
    code: 3,
    message: /src: GET \/contexts\/\.team-a\/\S+ → 403 forbidden/,
    srcRules: [{ method: 'GET', path: /^\/contexts\/\.team-a\//, status: 403 }],
  },
  {
    name: 'registry: 401 on the target before any write (migrate)',
    args: () => ['migrate', 'registry', 'src', 'dst', '--yes'],
    code: 3,
    message: /dst: GET \S+ → 401 unauthorized/,
    dstRules: [{ method: 'GET', path: /^\/(schemas|subjects|mode|config)/, status: 401, body: 'Unauthorized' }],
  },
];

describe('bad input: one clean error line, the documented exit code, nothing written', () => {
  it(`has at least 40 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    src.configure({ rules: c.srcRules ?? [] });
    dst.configure({ rules: c.dstRules ?? [] });
    const before = dst.requests.length;
    try {
      const run = await runCli(c.args(), { env: { ...env, ...(c.env?.() ?? {}) }, cwd: c.cwd?.() ?? dir });
      expectCleanError(run, c.code, c.message, c.name);
      expect(writesSince(dst, before)).toEqual([]);
    } finally {
      src.configure({ rules: [] });
      dst.configure({ rules: [] });
    }
  });

  it('left the target registry empty and in its own modes', async () => {
    const state = await readRegistryState(servers.target.url);
    expect(state.versions).toEqual({});
    expect(state.mode).toBe('READWRITE');
  });

  it('migrate list still lists the other migrations, each broken journal with its error', async () => {
    const run = await runCli(['--state-dir', file('tampered-state'), '--json', 'migrate', 'list'], { env, cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(run.json().migrations.map((m: any) => [m.id, m.error])).toEqual([
      ['m-20261124-000001Z-empty', expect.stringMatching(/no header record/)],
      ['m-20261124-000000Z-tamper', expect.stringMatching(/does not match the hash chain/)],
    ]);
  });

  it('--json turns each failure into one error document on stdout', async () => {
    const run = await runCli(['--json', 'compare', 'src', 'nope'], { env, cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.json()).toEqual({
      schemaVersion: 1,
      kind: 'error',
      error: expect.objectContaining({ code: 'E_USAGE_REGISTRY', message: expect.stringMatching(/unknown registry "nope"/) }),
    });
    expect(run.stderr).not.toMatch(/^\s{4}at /m);
  });
});
