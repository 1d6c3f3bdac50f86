import { jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedEstate } from '../../../scripts/lib/example-estate.mjs';
import { startRegistries } from '../../support/registry-server.js';
import { seeder } from '../../support/seed.js';
import { runCli } from '../../support/run-cli.js';

// jest ignores testTimeout inside `projects`: real registries get a generous limit for tests and hooks.
jest.setTimeout(120_000);

// staging holds the example estate; json, dir and scratch start empty.
let servers: Awaited<ReturnType<typeof startRegistries<'staging' | 'json' | 'dir' | 'scratch'>>>;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  servers = await startRegistries(['staging', 'json', 'dir', 'scratch']);
  await seedEstate(servers.staging.url, 'staging');
  dir = mkdtempSync(join(tmpdir(), 'srx-import-int-'));
  env = {
    REGISTRIES: ['staging', 'json', 'dir', 'scratch'].map((n) => `${n}:${servers[n as 'staging'].url}`).join(','),
    SRX_STATE_DIR: join(dir, 'state'),
  };
  const fixed = { ...env, SOURCE_DATE_EPOCH: '1795502400' };
  for (const [out, format] of [
    ['staging.json', 'json'],
    ['staging-dir', 'dir'],
  ]) {
    const run = await runCli(['export', 'staging', '--include-deleted', '-o', out!, '--format', format!], { env: fixed, cwd: dir });
    if (run.exitCode !== 0) throw new Error(run.stderr);
  }
});
afterAll(async () => {
  await servers?.stopAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const srx = (args: string[]) => runCli(args, { env, cwd: dir });
const importIds: Record<string, string> = {};

describe.each([
  ['json', 'staging.json', ['import']],
  ['dir', 'staging-dir', ['export', 'import']],
] as const)('round trip through a %s export', (target, exportPath, command) => {
  it('export → import into an empty registry → compare says identical', async () => {
    const run = await srx([...command, exportPath, target, '--include-deleted', '--json']);
    expect(run.exitCode).toBe(0);
    const result = run.json();
    expect(result).toMatchObject({ kind: 'migration', status: 'completed', migrationKind: 'import', dryRun: false });
    expect(result.summary.registered).toBe(47);
    expect(result.summary.failed).toBe(0);
    importIds[target] = result.id;

    for (const source of ['staging', exportPath]) {
      const compare = await srx(['compare', source, target, '--include-deleted', '--json']);
      expect(compare.exitCode).toBe(0);
      const summary = compare.json().summary;
      expect(summary).toMatchObject({ subjectsOnlyInSource: 0, subjectsOnlyInTarget: 0, differingSubjects: 0, conflicts: 0, versionsMissingInTarget: 0 });
      expect(summary.identicalSubjects).toBe(27);
    }
    // Ids, versions and deleted flags, straight from the target's REST API.
    const t = seeder(servers[target].url);
    expect(await t.versions('shipments-value')).toEqual([1, 3, 6]);
    expect((await t.version('shipments-value', 6)).id).toBe(15);
    expect(await t.versions('inventory-value')).toEqual([1, 3]);
    expect(await t.versions('inventory-value', '.', true)).toEqual([1, 2, 3]);
    expect((await t.version('events-value', 3, '.analytics')).id).toBe(3);
    expect(await t.getMode('payments-value')).toBeNull();
  });

  it('re-exporting the target gives the same export checksum', async () => {
    const run = await srx(['export', target, '--include-deleted']);
    expect(JSON.parse(run.stdout).sha256).not.toBe(undefined);
    const original = JSON.parse(readFileSync(join(dir, 'staging.json'), 'utf8'));
    const again = JSON.parse(run.stdout);
    expect(again.contexts).toEqual(original.contexts);
  });

  it('a second import changes nothing', async () => {
    const run = await srx([...command, exportPath, target, '--include-deleted', '--json']);
    expect(run.exitCode).toBe(0);
    expect(run.json().summary.registered).toBe(0);
  });
});

describe('import safety', () => {
  it('refuses an export as the target (readonly, exit 2)', async () => {
    const run = await srx(['import', 'staging.json', 'staging-dir']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/staging-dir is an export; the target of a migration must be a live registry/);
  });

  it.each([
    ['bad checksum', (text: string) => text.replace('\\"name\\":\\"carrier\\"', '\\"name\\":\\"courier\\"'), 'checksum mismatch'],
    ['unknown format version', (text: string) => text.replace('"formatVersion": 1', '"formatVersion": 2'), 'unknown export format version 2'],
    ['truncated JSON', (text: string) => text.slice(0, 777), 'not valid JSON'],
  ])('refuses a corrupted export (%s): exit 2, nothing written', async (name, corrupt, expected) => {
    const path = join(dir, `bad-${name.replace(/ /g, '-')}.json`);
    writeFileSync(path, corrupt(readFileSync(join(dir, 'staging.json'), 'utf8')));
    const run = await srx(['import', path, 'scratch', '--include-deleted']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(expected);
    expect(run.stderr.trim().split('\n')).toHaveLength(1 + (run.stderr.includes('hint') ? 1 : 0));
    expect((await seeder(servers.scratch.url).subjects('.', true)) ?? []).toEqual([]);
  });

  it('--dry-run plans without writing', async () => {
    const run = await srx(['import', 'staging.json', 'scratch', '--dry-run', '--json']);
    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({ status: 'planned', dryRun: true });
    expect((await seeder(servers.scratch.url).subjects()) ?? []).toEqual([]);
  });
});

describe('exports as sources (runs after "import safety": scratch is empty until here)', () => {
  it('srx migrate registry <export> <target> copies it, and srx compare reads it without a server', async () => {
    const run = await srx(['migrate', 'registry', 'staging.json', 'scratch', '--include-deleted', '--json']);
    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({ status: 'completed', source: { name: 'staging.json' } });
    const compare = await srx(['compare', 'staging-dir', 'scratch', '--include-deleted', '--json']);
    expect(compare.exitCode).toBe(0);
    expect(compare.json().summary.differingSubjects).toBe(0);
    const schema = await srx(['compare', 'schema', 'orders-value', 'staging.json', 'staging-dir']);
    expect(schema.exitCode).toBe(0);
  });

  it('an import is journaled: status and rollback remove exactly what it created', async () => {
    const t = seeder(servers.json.url);
    const id = importIds.json!;
    const list = await srx(['migrate', 'list']);
    expect(list.stdout).toContain(id);
    const status = await srx(['migrate', 'status', id, '--json']);
    expect(status.exitCode).toBe(0);
    expect(JSON.stringify(status.json())).toContain('completed');
    const rollback = await srx(['migrate', 'rollback', id, '--yes', '--json']);
    expect(rollback.exitCode).toBe(0);
    // AxonOps keeps listing a subject under ?deleted=true after its last version is permanently deleted.
    for (const context of ['.', '.analytics']) {
      for (const subject of (await t.subjects(context, true)) ?? []) expect(await t.versions(subject, context, true)).toEqual([]);
    }
    expect((await t.subjects('.')) ?? []).toEqual([]);
  });
});
