import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistries } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';
import { runCli } from '../../support/run-cli.js';

// jest ignores testTimeout inside `projects`, so each test states its own (generous) limit.
const TEST_TIMEOUT = 120_000;
const HOOK_TIMEOUT = 60_000;

describe('srx sync schema|context|registries (one-shot, real registries)', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'a' | 'b'>>>;
  let stateDir: string;
  let env: Record<string, string>;
  const a = () => seeder(servers.a.url);
  const b = () => seeder(servers.b.url);

  beforeAll(async () => {
    servers = await startRegistries(['a', 'b']);
    stateDir = mkdtempSync(join(tmpdir(), 'srx-sync-once-'));
    env = { REGISTRIES: `a:${servers.a.url},b:${servers.b.url}`, SRX_STATE_DIR: stateDir };
    // Distinct id ranges, so that copying with ids preserved is possible both ways.
    await a().importVersion('s1-value', avroRecord('S1', ['id']), 101, 1);
    await a().importVersion('s1-value', avroRecord('S1', ['id', { name: 'x', type: 'string', default: '' }]), 102, 2);
    await a().importVersion('c-value', avroRecord('C', ['id']), 103, 1);
    await a().importVersion('c-value', avroRecord('C', ['id', { name: 'y', type: 'string', default: '' }]), 104, 2);
    await b().importVersion('s2-value', avroRecord('S2', ['id']), 201, 1);
    await b().importVersion('c-value', avroRecord('C', ['id', { name: 'other', type: 'int', default: 0 }]), 202, 1);
  }, HOOK_TIMEOUT);

  afterAll(async () => {
    await servers?.stopAll();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  }, HOOK_TIMEOUT);

  it(
    '--dry-run plans a bidirectional sync and writes nothing',
    async () => {
      const run = await runCli(['sync', 'registries', 'a', 'b', '--direction', 'bidirectional', '--dry-run', '--json'], { env });
      expect(run.json()).toMatchObject({ kind: 'sync', dryRun: true, direction: 'bidirectional' });
      expect(run.exitCode).toBe(1); // the conflict is reported
      expect(await b().versions('s1-value')).toEqual([]);
      expect(await a().versions('s2-value')).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'bidirectional copies what each side lacks, reports the conflict (exit 1) and changes neither side of it',
    async () => {
      const run = await runCli(['sync', 'registries', 'a', 'b', '--direction', 'bidirectional', '--json'], { env });
      const result = run.json();
      expect(run.exitCode).toBe(1);
      expect(result).toMatchObject({ kind: 'sync', status: 'conflicts', direction: 'bidirectional' });
      expect(result.conflicts.map((c: { subject: string }) => c.subject)).toContain('c-value');
      expect(result.migrations).toHaveLength(2);
      expect(result.summary.copied).toBe(3);

      expect((await b().version('s1-value', 2)).id).toBe(102);
      expect((await b().version('s1-value', 1)).id).toBe(101);
      expect((await a().version('s2-value', 1)).id).toBe(201);
      expect(await a().versions('c-value')).toEqual([1, 2]);
      expect(await b().versions('c-value')).toEqual([1]);
      expect((await b().version('c-value', 1)).id).toBe(202);
      expect(await b().getMode('s1-value')).not.toBe('IMPORT');
      expect(await a().getMode('s2-value')).not.toBe('IMPORT');

      const status = await runCli(['migrate', 'status', result.migrations[0].id, '--json'], { env });
      expect(status.exitCode).toBe(0);
      expect(status.json()).toMatchObject({ kind: 'migration-status', id: result.migrations[0].id });
      expect(status.json().migrationKind).toBe('sync');

      const again = await runCli(['sync', 'registries', 'a', 'b', '--direction', 'bidirectional', '--json'], { env });
      expect(again.json().summary.copied).toBe(0);
    },
    TEST_TIMEOUT,
  );

  it(
    'source-to-target with --propagate-deletes soft-deletes in the target what the source soft-deleted',
    async () => {
      await a().importVersion(
        's1-value',
        avroRecord('S1', ['id', { name: 'x', type: 'string', default: '' }, { name: 'z', type: 'string', default: '' }]),
        150,
        3,
      );
      await a().softDelete('s1-value', 1);
      const run = await runCli(['sync', 'schema', 's1-value', 'a', 'b', '--propagate-deletes', '--json'], { env });
      expect(run.exitCode).toBe(0);
      expect(run.json()).toMatchObject({ kind: 'sync', status: 'completed', direction: 'source-to-target' });
      expect(await b().versions('s1-value')).toEqual([2, 3]);
      expect(await b().versions('s1-value', '.', true)).toEqual([1, 2, 3]);
      // Rolling the sync back tries to put the soft-deleted version back (IMPORT under its id and number).
      // AxonOps cannot revive a soft-deleted version: the rollback says so (partial, exit 4), never silently.
      const id = run.json().migrations[0].id;
      const rollback = await runCli(['migrate', 'rollback', id, '--yes', '--json'], { env });
      const restore = rollback.json().actions.find((x: { action: string }) => x.action === 'restore-version');
      expect(restore).toMatchObject({
        subject: 's1-value',
        version: 1,
        status: 'failed',
        error: expect.stringMatching(/cannot restore a soft-deleted version: v1 \(id \d+\) stays soft-deleted/),
      });
      expect(rollback.exitCode).toBe(4);
      expect(await b().getMode('s1-value')).not.toBe('IMPORT');
    },
    TEST_TIMEOUT,
  );

  it(
    '--propagate-deletes deletes only a target version with the same content, never an unrelated one with the same id',
    async () => {
      // Two registries that assigned ids on their own: the same id and version number, different schemas.
      await a().importVersion('own-value', avroRecord('Own', ['id']), 777, 1);
      await a().importVersion('own-value', avroRecord('Own', ['id', { name: 'x', type: 'string', default: '' }]), 778, 2);
      await b().importVersion('own-value', avroRecord('Unrelated', ['other']), 777, 1);
      await a().softDelete('own-value', 1);
      const run = await runCli(['sync', 'schema', 'own-value', 'a', 'b', '--propagate-deletes', '--json'], { env });
      expect(run.json().migrations[0].steps.filter((s: { action: string }) => s.action === 'soft-delete')).toEqual([]);
      expect(await b().versions('own-value')).toContain(1);
    },
    TEST_TIMEOUT,
  );

  it(
    'target-to-source copies one context from the target into the source',
    async () => {
      await b().importVersion('t-value', avroRecord('T', ['id']), 301, 1, '.team-x');
      const run = await runCli(['sync', 'context', '.team-x', 'a', 'b', '--direction', 'target-to-source'], { env });
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toMatch(/b → a/);
      expect((await a().version('t-value', 1, '.team-x')).id).toBe(301);
    },
    TEST_TIMEOUT,
  );

  it(
    'sync runs are migrations: migrate list shows them and migrate rollback undoes one',
    async () => {
      await b().importVersion('u-value', avroRecord('U', ['id']), 401, 1, '.team-y');
      const run = await runCli(['sync', 'context', '.team-y', 'b', 'a', '--json'], { env });
      expect(run.exitCode).toBe(0);
      const id = run.json().migrations[0].id;
      expect((await a().version('u-value', 1, '.team-y')).id).toBe(401);
      const list = await runCli(['migrate', 'list', '--json'], { env });
      expect(JSON.stringify(list.json())).toContain(id);
      const rollback = await runCli(['migrate', 'rollback', id, '--yes', '--json'], { env });
      expect(rollback.exitCode).toBe(0);
      expect(await a().versions('u-value', '.team-y', true)).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'refuses an unknown direction (exit 2)',
    async () => {
      const bad = await runCli(['sync', 'registries', 'a', 'b', '--direction', 'sideways', '--json'], { env });
      expect(bad.exitCode).toBe(2);
    },
    TEST_TIMEOUT,
  );
});
