import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistries } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';
import { runCli, stripAnsi } from '../../support/run-cli.js';

// Issue: a typo in a scope must never turn a CI gate green. Real AxonOps registries on 127.0.0.1.
describe('no silent green (real registries)', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'src' | 'dst' | 'promo'>>>;
  let dir: string;
  let env: Record<string, string>;
  const src = () => seeder(servers.src.url);
  const dst = () => seeder(servers.dst.url);
  const srx = (args: string[]) => runCli(args, { env, cwd: dir });

  beforeAll(async () => {
    servers = await startRegistries(['src', 'dst', 'promo']);
    dir = mkdtempSync(join(tmpdir(), 'srx-silent-green-'));
    env = { REGISTRIES: `src:${servers.src.url},dst:${servers.dst.url},promo:${servers.promo.url}`, SRX_STATE_DIR: join(dir, 'state') };
    await src().importVersion('orders-value', avroRecord('Order', ['id']), 101, 1);
    await src().importVersion('orders-value', avroRecord('Order', ['id', { name: 'note', type: 'string', default: '' }]), 102, 2);
    await src().importVersion('clicks-value', avroRecord('Click', ['id']), 201, 1, '.team-a');
    await src().importVersion('views-value', avroRecord('View', ['id']), 301, 1, '.team-b');
    // A soft-deleted version in the source: a migration without --include-deleted leaves it behind.
    await src().importVersion('legacy-value', avroRecord('Legacy', ['id']), 401, 1);
    await src().importVersion('legacy-value', avroRecord('Legacy', ['id', { name: 'x', type: 'int', default: 0 }]), 402, 2);
    await src().softDelete('legacy-value', 1);
  }, 120_000);

  afterAll(async () => {
    await servers?.stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const oneErrorLine = (stderr: string) => {
    const lines = stripAnsi(stderr).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^error: /);
    return lines[0]!;
  };

  test.each([
    ['migrate subjects, unknown subject', ['migrate', 'subjects', 'ordres-value', 'src', 'dst'], /no subject matches ":\.:ordres-value" in src or dst/],
    ['migrate schema, unknown subject', ['migrate', 'schema', 'ordres-value', 'src', 'dst'], /no subject matches "ordres-value"/],
    ['migrate context, context on neither side', ['migrate', 'context', '.team-z', 'src', 'dst'], /context \.team-z has no subjects in src or dst/],
    ['sync schema, unknown subject', ['sync', 'schema', 'ordres-value', 'src', 'dst'], /no subject matches "ordres-value"/],
    ['compare --context on neither side', ['compare', 'src', 'dst', '--context', '.team-z'], /context \.team-z has no subjects in src or dst/],
    ['compare --subjects glob matching nothing', ['compare', 'src', 'dst', '--subjects', 'ordres-*'], /no subject matches "ordres-\*" in src or dst/],
    ['compare missing --subjects glob matching nothing', ['compare', 'missing', 'src', 'dst', '--subjects', 'nope'], /no subject matches "nope"/],
    ['export --subjects selecting nothing', ['export', 'src', '--subjects', 'nope', '--out', 'x.json'], /no subject matches "nope" in src/],
  ])('%s: exit 2, one line naming the culprit, nothing written', async (_name, args, message) => {
    const run = await srx(args);
    expect(run.exitCode).toBe(2);
    expect(oneErrorLine(run.stderr)).toMatch(message);
    expect((await dst().subjects()) ?? []).toEqual([]);
    const json = await srx([...args, '--json']);
    expect(json.json().error.code).toBe('E_SCOPE_EMPTY');
  });

  test('--allow-empty: selecting nothing is fine for scripts that mean it', async () => {
    expect((await srx(['migrate', 'subjects', 'ordres-value', 'src', 'dst', '--allow-empty'])).exitCode).toBe(0);
    expect((await srx(['compare', 'missing', 'src', 'dst', '--subjects', 'nope', '--allow-empty'])).exitCode).toBe(0);
    expect((await dst().subjects()) ?? []).toEqual([]);
  });

  test('migrate subjects takes qualified names (as compare prints them) across several contexts in one command', async () => {
    const file = join(dir, 'subjects.txt');
    writeFileSync(file, '# from compare\n:.team-b:views-value\n');
    const run = await srx(['migrate', 'subjects', 'orders-value', ':.team-a:clicks-value', 'src', 'dst', '--from-file', file, '--json']);
    expect(run.exitCode).toBe(0);
    const registered = run
      .json()
      .steps.filter((s: { action: string }) => s.action === 'register')
      .map((s: { context: string; subject: string; version: number }) => `${s.context} ${s.subject} ${s.version}`);
    expect(registered.sort()).toEqual(['. orders-value 1', '. orders-value 2', '.team-a clicks-value 1', '.team-b views-value 1']);
    expect((await dst().version('clicks-value', 1, '.team-a')).id).toBe(201);
    expect((await dst().version('views-value', 1, '.team-b')).id).toBe(301);
    // The default context's other subject was not named, so not migrated.
    expect(await dst().subjects()).toEqual(['orders-value']);
  });

  test('soft-deleted versions left behind are warned about, naming their ids, with the hint', async () => {
    const preview = await srx(['migrate', 'preview', 'src', 'dst', '--scope', 'subject:legacy-value', '--json']);
    const warning = preview.json().warnings.find((w: { type: string }) => w.type === 'soft-deleted-left-behind');
    expect(warning).toMatchObject({ subject: 'legacy-value', context: '.' });
    expect(warning.message).toMatch(/version 1 \(id 401\).*--include-deleted/);
    const table = await srx(['migrate', 'preview', 'src', 'dst', '--scope', 'subject:legacy-value']);
    expect(stripAnsi(table.stdout + table.stderr)).toMatch(/id 401/);
    const withDeleted = await srx(['migrate', 'preview', 'src', 'dst', '--scope', 'subject:legacy-value', '--include-deleted', '--json']);
    expect(withDeleted.json().warnings.some((w: { type: string }) => w.type === 'soft-deleted-left-behind')).toBe(false);
  });

  test('compare --ignore-ids: a --no-preserve-ids promotion can reach exit 0', async () => {
    const promoted = await srx(['migrate', 'schema', 'orders-value', 'src', 'promo', '--no-preserve-ids']);
    expect(promoted.exitCode).toBe(0);
    const strict = await srx(['compare', 'src', 'promo', '--subjects', 'orders-value', '--no-config', '--json']);
    expect(strict.exitCode).toBe(1);
    expect(strict.json().changes.some((c: { type: string }) => c.type === 'version.id-differs')).toBe(true);
    const relaxed = await srx(['compare', 'src', 'promo', '--subjects', 'orders-value', '--no-config', '--ignore-ids', '--json']);
    expect(relaxed.exitCode).toBe(0);
    const result = relaxed.json();
    expect(result.summary).toMatchObject({ identicalSubjects: 1, differingSubjects: 0, conflicts: 0 });
    expect(result.changes.every((c: { severity: string }) => c.severity === 'info')).toBe(true);
    const conflicts = await srx(['compare', 'conflicts', 'src', 'promo', '--subjects', 'orders-value', '--ignore-ids']);
    expect(conflicts.exitCode).toBe(0);
  });

  test('progress: nothing on a non-terminal by default; --progress plain prints lines for CI logs', async () => {
    const quiet = await srx(['compare', 'src', 'dst', '--no-config']);
    expect(quiet.stderr).toBe('');
    const plain = await srx(['compare', 'src', 'dst', '--no-config', '--progress', 'plain']);
    expect(plain.stderr).toMatch(/^reading src…\n/m);
    expect(plain.stderr).not.toMatch(/\u001b/);
    expect((await srx(['compare', 'src', 'dst', '--progress', 'fancy'])).exitCode).toBe(2);
  });

  test('migrate preview and export validate have the CI formats too', async () => {
    const junit = await srx(['migrate', 'preview', 'src', 'dst', '--scope', 'subject:legacy-value', '--format', 'junit']);
    expect(XMLValidator.validate(junit.stdout)).toBe(true);
    const suite = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testcase' }).parse(junit.stdout).testsuites.testsuite;
    expect(suite.testcase.map((c: Record<string, string>) => c['@_name'])).toContain('legacy-value');
    const file = join(dir, 'src-export.json');
    expect((await srx(['export', 'src', '--out', file])).exitCode).toBe(0);
    const github = await srx(['export', 'validate', file, 'dst', '--format', 'github']);
    expect(
      github.stdout
        .split('\n')
        .filter(Boolean)
        .every((line) => /^::(error|warning|notice) title=[^:]*::/.test(line) || !line.startsWith('::')),
    ).toBe(true);
    expect(github.stdout).toMatch(/^srx export validate/m);
    const markdown = await srx(['migrate', 'preview', 'src', 'dst', '--format', 'markdown']);
    expect(markdown.stdout).toMatch(/^### srx migrate preview src → dst/);
  });
});
