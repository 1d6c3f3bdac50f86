import Ajv, { type ValidateFunction } from 'ajv';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs script without types
import { makeSchemas } from '../../../scripts/make-schemas.mjs';
import { startRegistries } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';
import { runCli } from '../../support/run-cli.js';

const root = process.cwd();
const schemaDir = join(root, 'schemas');

describe('the machine contract: schemas/ checked against real outputs', () => {
  const ajv = new (Ajv as unknown as typeof Ajv.default)({ strict: false, allErrors: true });
  const validators = new Map<string, ValidateFunction>();
  const seen = new Set<string>();
  let servers: Awaited<ReturnType<typeof startRegistries<'src' | 'dst'>>>;
  let dir: string;
  let env: Record<string, string>;

  function expectValid(name: string, document: unknown): void {
    const validate = validators.get(name);
    if (!validate) throw new Error(`no schema for ${name}`);
    if (!validate(document))
      throw new Error(`${name} does not match schemas/${name}.schema.json: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(document).slice(0, 2000)}`);
    seen.add(name);
  }

  /** Runs srx with --json and validates what it printed against the schema of its kind. */
  async function printed(args: string[], options: { cwd?: string; expectKind?: string } = {}) {
    const run = await runCli([...args, '--json'], { env, cwd: options.cwd ?? dir });
    const document = run.json();
    if (options.expectKind) expect(document.kind).toBe(options.expectKind);
    expectValid(document.kind, document);
    return document;
  }

  beforeAll(async () => {
    for (const file of readdirSync(schemaDir)) {
      validators.set(file.replace(/\.schema\.json$/, ''), ajv.compile(JSON.parse(readFileSync(join(schemaDir, file), 'utf8'))));
    }
    servers = await startRegistries(['src', 'dst']);
    dir = mkdtempSync(join(tmpdir(), 'srx-contract-'));
    env = { REGISTRIES: `src:${servers.src.url},dst:${servers.dst.url}`, SRX_STATE_DIR: join(dir, 'state') };
    const src = seeder(servers.src.url);
    await src.importVersion('orders-value', avroRecord('Order', ['id']), 101, 1);
    await src.importVersion('orders-value', avroRecord('Order', ['id', { name: 'note', type: 'string', default: '' }]), 102, 2);
    await src.importVersion('clicks-value', avroRecord('Click', ['id']), 201, 1, '.team-a');
    await src.softDelete('orders-value', 1).catch(() => undefined);
  }, 120_000);

  afterAll(async () => {
    await servers?.stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('schemas/ is what the contract types make (npm run schemas)', async () => {
    const made = (await makeSchemas()) as Record<string, string>;
    expect(Object.keys(made).sort()).toEqual(readdirSync(schemaDir).sort());
    for (const [file, text] of Object.entries(made)) expect({ file, text }).toEqual({ file, text: readFileSync(join(schemaDir, file), 'utf8') });
  });

  test('every kind srx prints matches its schema', async () => {
    await printed(['registry', 'list'], { expectKind: 'registry-list' });
    await printed(['registry', 'info', 'src'], { expectKind: 'registry-info' });
    await printed(['registry', 'test'], { expectKind: 'registry-test' });
    await printed(['registry', 'use', 'src'], { expectKind: 'registry-default' });
    await printed(['compare', 'src', 'dst'], { expectKind: 'registry-comparison' });
    await printed(['compare', 'contexts', 'src', 'dst', '--context', '.team-a'], { expectKind: 'registry-comparison' });
    await printed(['compare', 'subjects', 'src', 'dst'], { expectKind: 'subject-comparison' });
    await printed(['compare', 'missing', 'src', 'dst'], { expectKind: 'missing-schemas' });
    await printed(['compare', 'conflicts', 'src', 'dst'], { expectKind: 'schema-conflicts' });
    await printed(['diff', 'orders-value', 'src', 'dst'], { expectKind: 'schema-diff' });
    const planFile = join(dir, 'plan.json');
    await printed(['migrate', 'preview', 'src', 'dst', '--plan-out', planFile], { expectKind: 'migration' });
    const plan = JSON.parse(readFileSync(planFile, 'utf8'));
    expect(plan.schemaVersion).toBe(1);
    expectValid('plan-file', plan);
    const report = await runCli(['migrate', 'report', 'src', 'dst', '--format', 'json'], { env, cwd: dir });
    expectValid('migration-report', report.json());
    const migration = await printed(['migrate', 'apply', planFile], { expectKind: 'migration' });
    await printed(['migrate', 'status', migration.id], { expectKind: 'migration-status' });
    await printed(['migrate', 'list'], { expectKind: 'migration-list' });
    await printed(['migrate', 'rollback', migration.id, '--dry-run'], { expectKind: 'migration-rollback' });
    await printed(['sync', 'registries', 'src', 'dst', '--dry-run'], { expectKind: 'sync' });
    await printed(['sync', 'status'], { expectKind: 'sync-status' });
    const job = await printed(['sync', 'schedule', 'src', 'dst', '--interval', '1h'], { expectKind: 'sync-job' });
    await printed(['sync', 'stop', job.id], { expectKind: 'sync-stop' });
    const exportFile = join(dir, 'src.json');
    await printed(['export', 'src', '--out', exportFile, '--include-deleted'], { expectKind: 'export' });
    expectValid('export-file', JSON.parse(readFileSync(exportFile, 'utf8')));
    await printed(['export', 'src', '--out', join(dir, 'src-dir'), '--format', 'dir'], { expectKind: 'export' });
    expectValid('export-file', JSON.parse(readFileSync(join(dir, 'src-dir', 'manifest.json'), 'utf8')));
    await printed(['export', 'validate', exportFile, 'dst'], { expectKind: 'export-validation' });
    await printed(['compare', 'src', 'nowhere'], { expectKind: 'error' });
    await printed(['migrate', 'schema', 'no-such', 'src', 'dst'], { expectKind: 'error' });
  });

  test('the bundled config file matches the config schema; a JSON config can name it', async () => {
    const config = JSON.parse(readFileSync(join(root, 'schema-tool.config.json'), 'utf8'));
    expectValid('config-file', config);
    const file = join(dir, 'schema-tool.config.json');
    writeFileSync(file, JSON.stringify({ $schema: './node_modules/srx/schemas/config-file.schema.json', registries: { a: { url: 'http://127.0.0.1:1' } } }));
    expect((await runCli(['registry', 'list', '--json', '--config', file], { cwd: dir })).exitCode).toBe(0);
    expect(validators.get('config-file')!({ registries: { a: { url: 'http://x', colour: 'red' } } })).toBe(false);
  });

  test('every schema was checked against a real output', () => {
    expect([...validators.keys()].filter((name) => !seen.has(name))).toEqual([]);
  });
});
