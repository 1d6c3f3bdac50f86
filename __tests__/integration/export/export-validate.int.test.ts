import { jest } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { estate, seedEstate } from '../../../scripts/lib/example-estate.mjs';
import { loadExport } from '../../../src/core/export/load-export.js';
import { startRegistries } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';
import { runCli } from '../../support/run-cli.js';

// jest ignores testTimeout inside `projects`: real registries get a generous limit for tests and hooks.
jest.setTimeout(120_000);

// One set of real registries for the file: staging and prod seeded with the example estate, one empty.
let servers: Awaited<ReturnType<typeof startRegistries<'staging' | 'prod' | 'empty'>>>;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  servers = await startRegistries(['staging', 'prod', 'empty']);
  await Promise.all([seedEstate(servers.staging.url, 'staging'), seedEstate(servers.prod.url, 'prod')]);
  dir = mkdtempSync(join(tmpdir(), 'srx-export-int-'));
  env = {
    REGISTRIES: `staging:${servers.staging.url},prod:${servers.prod.url},empty:${servers.empty.url}`,
    SRX_STATE_DIR: join(dir, 'state'),
  };
});
afterAll(async () => {
  await servers?.stopAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const srx = (args: string[], extraEnv: Record<string, string> = {}) => runCli(args, { env: { ...env, ...extraEnv }, cwd: dir });

function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(root, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return out;
}

describe('srx export', () => {
  it('exports every context, subject, version, id, type, reference, deleted flag, config and mode', async () => {
    const run = await srx(['export', 'staging', '--include-deleted', '-o', 'staging.json', '--json']);
    expect(run.exitCode).toBe(0);
    const result = run.json();
    expect(result).toMatchObject({
      kind: 'export',
      format: 'json',
      path: join(dir, 'staging.json'),
      summary: { contexts: 2, subjects: 27, versions: 47, deletedVersions: 3 },
    });
    const snapshot = await loadExport(join(dir, 'staging.json'));
    const seeded = estate('staging');
    for (const v of seeded.versions) {
      const subject = snapshot.contexts.find((c) => c.name === v.context)!.subjects.find((s) => s.name === v.subject)!;
      const got = subject.versions.find((x) => x.version === v.version)!;
      expect({ id: got.id, schemaType: got.schemaType, schema: got.schema, references: got.references }).toEqual({
        id: v.id,
        schemaType: v.schemaType,
        schema: v.schema,
        references: v.references ?? [],
      });
      const deleted = seeded.softDeleted.some((d) => d.context === v.context && d.subject === v.subject && d.version === v.version);
      expect(got.deleted).toBe(deleted);
    }
    const def = snapshot.contexts.find((c) => c.name === '.')!;
    expect(def.compatibility).toBe('BACKWARD');
    expect(def.subjects.find((s) => s.name === 'payments-value')!.compatibility).toBe('NONE');
  });

  it('without --include-deleted leaves soft-deleted versions out; without -o prints the export on stdout', async () => {
    const run = await srx(['export', 'staging']);
    expect(run.exitCode).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.format).toBe('srx-export');
    const versions = doc.contexts.flatMap((c: any) => c.subjects.flatMap((s: any) => s.versions));
    expect(versions).toHaveLength(44);
    expect(versions.some((v: any) => v.deleted)).toBe(false);
  });

  it('re-exports byte-identically (SOURCE_DATE_EPOCH fixed); otherwise only exportedAt differs', async () => {
    const fixed = { SOURCE_DATE_EPOCH: '1795502400' };
    expect((await srx(['export', 'prod', '--include-deleted', '-o', 'a.json'], fixed)).exitCode).toBe(0);
    expect((await srx(['export', 'prod', '--include-deleted', '-o', 'b.json'], fixed)).exitCode).toBe(0);
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(readFileSync(join(dir, 'a.json'), 'utf8'));
    expect(JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')).exportedAt).toBe('2026-11-24T06:40:00.000Z');
    expect((await srx(['export', 'prod', '--include-deleted', '-o', 'c.json'])).exitCode).toBe(0);
    const strip = (file: string) => readFileSync(join(dir, file), 'utf8').replace(/"exportedAt": "[^"]*"/, '');
    expect(strip('c.json')).toBe(strip('a.json'));

    expect((await srx(['export', 'prod', '--include-deleted', '-o', 'd1', '--format', 'dir'], fixed)).exitCode).toBe(0);
    expect((await srx(['export', 'prod', '--include-deleted', '-o', 'd2'], fixed)).exitCode).toBe(0);
    expect(tree(join(dir, 'd2'))).toEqual(tree(join(dir, 'd1')));
  });

  it('writes a git-friendly tree with safe, reversible names', async () => {
    const run = await srx(['export', 'staging', '--include-deleted', '-o', 'staging-dir', '--json']);
    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({ format: 'dir', summary: { files: 48 } });
    const files = Object.keys(tree(join(dir, 'staging-dir'))).sort();
    expect(files).toContain('manifest.json');
    expect(files).toContain('subjects/legacy%3Aorders-value/v1.avsc');
    expect(files).toContain('subjects/clientes-a%C3%B1adidos-value/v1.avsc');
    expect(files).toContain('subjects/shipments-value/v6.avsc');
    expect(files).toContain('subjects/invoice-value/v3.proto');
    expect(files).toContain('subjects/clickstream-value/v3.json');
    expect(files).toContain('contexts/analytics/subjects/events-value/v3.avsc');
    const fromDir = await loadExport(join(dir, 'staging-dir'));
    const fromJson = await loadExport(join(dir, 'staging.json'));
    expect(fromDir.contexts).toEqual(fromJson.contexts);
  });

  it('filters by context and subjects', async () => {
    const run = await srx(['export', 'staging', '--context', 'analytics', '--subjects', 'events-*,sessions-value']);
    const doc = JSON.parse(run.stdout);
    expect(doc.contexts.map((c: any) => c.name)).toEqual(['.analytics']);
    expect(doc.contexts[0].subjects.map((s: any) => s.name)).toEqual(['events-value', 'sessions-value']);
  });

  it('never writes credentials of the source into the export', async () => {
    const url = servers.staging.url.replace('http://', 'http://alice:s3cr3t-pw@');
    const run = await srx(['export', url, '--subjects', 'orders-key']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toContain('s3cr3t-pw');
    expect(run.stdout).not.toContain('alice');
  });

  it('exports an export (re-export with a filter) without any server', async () => {
    const run = await srx(['export', 'staging.json', '--subjects', 'orders-*', '--include-deleted']);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).contexts[0].subjects.map((s: any) => s.name)).toEqual(['orders-key', 'orders-value']);
  });
});

describe('srx export validate', () => {
  it('reports conflicts, id collisions and incompatible versions against prod (exit 1)', async () => {
    const run = await srx(['export', 'validate', 'staging.json', 'prod', '--json']);
    expect(run.exitCode).toBe(1);
    const result = run.json();
    expect(result).toMatchObject({ kind: 'export-validation', valid: false, target: { name: 'prod' } });
    const blocking = result.findings.filter((f: any) => f.severity === 'blocking');
    const has = (type: string, subject: string) => blocking.some((f: any) => f.type === type && f.subject === subject);
    expect(has('conflict.content', 'orders-value')).toBe(true);
    expect(has('conflict.id-collision', 'refunds-value')).toBe(true);
    expect(has('compatibility.incompatible', 'payments-value')).toBe(true);
    expect(result.summary.blocking).toBe(blocking.length);
    expect(result.findings.some((f: any) => f.type === 'format.checksums')).toBe(true);
    const text = await srx(['export', 'validate', 'staging.json', 'prod', '--no-color']);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toMatch(/blocking\s+orders-value v3/);
    expect(text.stdout).toMatch(/not valid: \d+ blocking findings/);
  });

  it('passes against an empty registry and against the registry it came from (exit 0)', async () => {
    const empty = await srx(['export', 'validate', 'staging.json', 'empty', '--json']);
    expect(empty.exitCode).toBe(0);
    expect(empty.json()).toMatchObject({ valid: true, summary: { blocking: 0, warnings: 0, toImport: 44, alreadyPresent: 0 } });
    expect((await srx(['export', 'prod', '-o', 'prod-now.json'])).exitCode).toBe(0);
    const same = await srx(['export', 'validate', 'prod-now.json', 'prod', '--json']);
    expect(same.exitCode).toBe(0);
    expect(same.json().summary).toMatchObject({ toImport: 0, alreadyPresent: 37 });
  });

  it('references must resolve inside the export or in the target', async () => {
    expect((await srx(['export', 'staging', '--subjects', 'customers-value,invoice-value', '-o', 'referrers.json'])).exitCode).toBe(0);
    const alone = await srx(['export', 'validate', 'referrers.json', 'empty', '--json']);
    expect(alone.exitCode).toBe(1);
    const dangling = alone
      .json()
      .findings.filter((f: any) => f.type === 'reference.dangling')
      .map((f: any) => f.subject)
      .sort();
    expect(dangling).toEqual(expect.arrayContaining(['customers-value', 'invoice-value']));
    // prod holds com.shop.Address v2 and shop.common.Money v1: resolvable there.
    const inProd = await srx(['export', 'validate', 'referrers.json', 'prod', '--json']);
    expect(inProd.json().findings.filter((f: any) => f.type === 'reference.dangling')).toEqual([]);
  });

  it('reports a READONLY target subject that would receive versions', async () => {
    const source = seeder(servers.staging.url);
    const target = seeder(servers.empty.url);
    const v1 = avroRecord('Frozen', ['a']);
    const id = await source.register('frozen-value', v1, '.frozen');
    await source.register('frozen-value', avroRecord('Frozen', ['a', { name: 'b', type: 'string', default: '' }]), '.frozen');
    await target.importVersion('frozen-value', v1, id, 1, '.frozen');
    await target.setMode('frozen-value', 'READONLY', '.frozen');
    expect((await srx(['export', 'staging', '--context', '.frozen', '-o', 'frozen.json'])).exitCode).toBe(0);
    const run = await srx(['export', 'validate', 'frozen.json', 'empty', '--json']);
    expect(run.exitCode).toBe(1);
    expect(run.json().findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ severity: 'blocking', type: 'mode.readonly', subject: 'frozen-value' })]),
    );
  });
});

describe('corrupted exports (exit 2, one line, nothing written)', () => {
  const corruptions: [string, (path: string) => string][] = [
    [
      'bad checksum',
      (p) => {
        writeFileSync(p, readFileSync(join(dir, 'staging.json'), 'utf8').replace('\\"amount\\",\\"type\\":\\"long\\"', '\\"amount\\",\\"type\\":\\"int\\"'));
        return 'checksum mismatch for subject payments-value version 3';
      },
    ],
    [
      'unknown format version',
      (p) => {
        writeFileSync(p, readFileSync(join(dir, 'staging.json'), 'utf8').replace('"formatVersion": 1', '"formatVersion": 9'));
        return 'unknown export format version 9';
      },
    ],
    [
      'truncated JSON',
      (p) => {
        writeFileSync(p, readFileSync(join(dir, 'staging.json'), 'utf8').slice(0, 5000));
        return 'not valid JSON (truncated or hand-edited?)';
      },
    ],
  ];

  it.each(corruptions)('%s', async (_name, corrupt) => {
    const path = join(dir, `corrupt-${_name.replace(/ /g, '-')}.json`);
    const expected = corrupt(path);
    for (const args of [
      ['export', 'validate', path, 'prod'],
      ['compare', path, 'prod'],
      ['export', path],
    ]) {
      const run = await srx(args);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(expected);
      expect(run.stderr.trim().split('\n')[0]).toContain(expected);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('missing file in a dir export', async () => {
    const exp = join(dir, 'missing-dir');
    expect((await srx(['export', 'staging', '-o', exp])).exitCode).toBe(0);
    unlinkSync(join(exp, 'subjects', 'orders-value', 'v4.avsc'));
    const run = await srx(['export', 'validate', exp, 'prod', '--json']);
    expect(run.exitCode).toBe(2);
    expect(run.json()).toMatchObject({ kind: 'error', error: { code: 'E_EXPORT_FORMAT' } });
    expect(run.json().error.message).toContain('missing file subjects/orders-value/v4.avsc (subject orders-value version 4)');
  });
});
