import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';
import { startRegistries } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';
import { runCli } from '../../support/run-cli.js';
import { FileJournal } from '../../../src/core/journal/journal.js';
import { DEFAULT_POLICY } from '../../../src/core/plan/types.js';

const field = (name: string) => ({ name, type: 'string', default: '' });

describe('srx migrate (ids, versions, modes, conflicts, journal; real registries)', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'src' | 'dst'>>>;
  let proxy: FaultProxy;
  let stateDir: string;
  let env: Record<string, string>;
  const src = () => seeder(servers.src.url);
  const dst = () => seeder(servers.dst.url);
  const writesSeen = () =>
    proxy.requests.filter((r) => r.method !== 'GET' && !(r.method === 'POST' && /^(\/contexts\/[^/]+)?\/subjects\/[^/]+$/.test(r.path))).length;

  beforeAll(async () => {
    servers = await startRegistries(['src', 'dst']);
    proxy = await startProxy({ target: servers.dst.url });
    stateDir = mkdtempSync(join(tmpdir(), 'srx-migrate-'));
    env = {
      REGISTRIES_CONFIG: JSON.stringify({
        src: { url: servers.src.url },
        dst: { url: proxy.url },
        ro: { url: servers.dst.url, readonly: true },
        prot: { url: servers.dst.url, protected: true },
      }),
      SRX_STATE_DIR: stateDir,
    };
    // sparse-value: v1..v5 with ids 101..105; v1, v2 permanently deleted, v4 soft-deleted → 3, 5 alive.
    for (let v = 1; v <= 5; v++)
      await src().importVersion('sparse-value', avroRecord('Sparse', ['id', ...Array.from({ length: v - 1 }, (_, i) => field(`f${i}`))]), 100 + v, v);
    await src().hardDelete('sparse-value', 1);
    await src().hardDelete('sparse-value', 2);
    await src().softDelete('sparse-value', 4);
  });

  afterAll(async () => {
    await proxy?.stop();
    await servers?.stopAll();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('preserves ids and sparse version numbers, copies soft-deleted versions with --include-deleted, leaves modes as they were', async () => {
    const run = await runCli(['migrate', 'schema', 'sparse-value', 'src', 'dst', '--include-deleted', '--json'], { env });
    expect(run.exitCode).toBe(0);
    const result = run.json();
    expect(result).toMatchObject({ kind: 'migration', status: 'completed', dryRun: false, summary: { registered: 3, softDeleted: 1, failed: 0 } });
    expect(await dst().versions('sparse-value')).toEqual([3, 5]);
    expect(await dst().versions('sparse-value', '.', true)).toEqual([3, 4, 5]);
    for (const v of [3, 4, 5]) expect((await dst().version('sparse-value', v)).id).toBe(100 + v);
    expect(await dst().getMode('sparse-value')).toBeNull();
    expect(await dst().getMode(null)).toBe('READWRITE');
    // Only the default context was read, so not the global mode (on Confluent it spans every context): the subject's.
    expect(result.modes).toEqual([{ context: '.', subject: 'sparse-value', previous: null, restored: true }]);
    expect(existsSync(result.journalPath)).toBe(true);
  });

  it('a real Confluent-format client decodes, through the target, records encoded with the source ids', async () => {
    const producer = new SchemaRegistry({ host: servers.src.url });
    const consumer = new SchemaRegistry({ host: servers.dst.url });
    for (const id of [103, 105]) {
      const payload = { id: `order-${id}`, f0: 'a', f1: 'b', f2: 'c', f3: 'd' };
      const record = id === 103 ? { id: payload.id, f0: 'a', f1: 'b' } : payload;
      const encoded = await producer.encode(id, record);
      expect(encoded.readInt32BE(1)).toBe(id);
      expect(await consumer.decode(encoded)).toEqual(record);
    }
  });

  it('a second run writes nothing (registry state and requests)', async () => {
    proxy.requests.length = 0;
    const run = await runCli(['migrate', 'schema', 'sparse-value', 'src', 'dst', '--include-deleted', '--json'], { env });
    expect(run.exitCode).toBe(0);
    expect(run.json().summary).toMatchObject({ registered: 0, softDeleted: 0, failed: 0, skipped: 3 });
    expect(run.json().journalPath).toBeUndefined();
    expect(writesSeen()).toBe(0);
    expect(await dst().versions('sparse-value', '.', true)).toEqual([3, 4, 5]);
  });

  it('switches a non-empty target subject by subject and restores each exact mode (explicit one, or none)', async () => {
    await src().importVersion('moded-value', avroRecord('Moded', ['id']), 201, 1);
    await src().importVersion('plain-value', avroRecord('Plain', ['id']), 202, 1);
    await dst().setMode('moded-value', 'READWRITE');
    const run = await runCli(['migrate', 'subjects', 'moded-value', 'plain-value', 'src', 'dst', '--json'], { env });
    expect(run.exitCode).toBe(0);
    expect(run.json().modes).toEqual(
      expect.arrayContaining([
        { context: '.', subject: 'moded-value', previous: 'READWRITE', restored: true },
        { context: '.', subject: 'plain-value', previous: null, restored: true },
      ]),
    );
    expect(await dst().getMode('moded-value')).toBe('READWRITE');
    expect(await dst().getMode('plain-value')).toBeNull();
    expect((await dst().version('plain-value', 1)).id).toBe(202);
  });

  it('stops on conflicts before any write; --on-conflict skip copies the rest and leaves the conflict alone', async () => {
    await src().importVersion('conf-a', avroRecord('ConfA', ['id']), 301, 1);
    await src().importVersion('conf-b', avroRecord('ConfB', ['id']), 302, 1);
    await dst().importVersion('conf-a', avroRecord('ConfA', ['other']), 301, 1);
    proxy.requests.length = 0;
    const stopped = await runCli(['migrate', 'subjects', 'conf-a', 'conf-b', 'src', 'dst', '--json'], { env });
    expect(stopped.exitCode).toBe(1);
    expect(stopped.json()).toMatchObject({ status: 'failed', conflicts: [expect.objectContaining({ type: 'content', subject: 'conf-a', version: 1 })] });
    expect(writesSeen()).toBe(0);
    expect(await dst().versions('conf-b')).toEqual([]);

    const skipped = await runCli(['migrate', 'subjects', 'conf-a', 'conf-b', 'src', 'dst', '--on-conflict', 'skip', '--json'], { env });
    expect(skipped.exitCode).toBe(1);
    expect(skipped.json()).toMatchObject({ status: 'completed', summary: { registered: 1 } });
    expect((await dst().version('conf-b', 1)).id).toBe(302);
    expect(JSON.parse((await dst().version('conf-a', 1)).schema).fields[0].name).toBe('other');
  });

  it('refuses a readonly target (exit 2, nothing written); a protected one needs --yes', async () => {
    await src().importVersion('guarded-value', avroRecord('Guarded', ['id']), 401, 1);
    const ro = await runCli(['migrate', 'schema', 'guarded-value', 'src', 'ro'], { env });
    expect(ro.exitCode).toBe(2);
    expect(ro.stderr).toMatch(/readonly/);
    const prot = await runCli(['migrate', 'schema', 'guarded-value', 'src', 'prot'], { env });
    expect(prot.exitCode).toBe(2);
    expect(prot.stderr).toMatch(/--yes/);
    expect(await dst().versions('guarded-value')).toEqual([]);
    const wrong = await runCli(['migrate', 'schema', 'guarded-value', 'src', 'prot'], { env, isTTY: true, stdin: 'prod\n' });
    expect(wrong.exitCode).toBe(2);
    expect(await dst().versions('guarded-value')).toEqual([]);
    const typed = await runCli(['migrate', 'schema', 'guarded-value', 'src', 'prot'], { env, isTTY: true, stdin: 'prot\n' });
    expect(typed.exitCode).toBe(0);
    expect(await dst().versions('guarded-value')).toEqual([1]);
    await src().importVersion('guarded-value', avroRecord('Guarded', ['id', field('more')]), 402, 2);
    const yes = await runCli(['migrate', 'schema', 'guarded-value', 'src', 'prot', '--yes'], { env });
    expect(yes.exitCode).toBe(0);
    expect(await dst().versions('guarded-value')).toEqual([1, 2]);
  });

  it('retries transient errors (503) and completes', async () => {
    await src().importVersion('retry-value', avroRecord('Retry', ['id']), 451, 1);
    proxy.configure({ rules: [{ method: 'POST', path: '/subjects/retry-value/versions', status: 503, times: 2 }] });
    try {
      const run = await runCli(['migrate', 'schema', 'retry-value', 'src', 'dst', '--json'], { env });
      expect(run.exitCode).toBe(0);
      expect(proxy.requests.filter((r) => r.method === 'POST' && r.path === '/subjects/retry-value/versions')).toHaveLength(3);
    } finally {
      proxy.configure({ rules: [] });
    }
    expect((await dst().version('retry-value', 1)).id).toBe(451);
  });

  it('reports a failed step as partial (exit 4) and still restores the context mode it changed', async () => {
    await src().importVersion('ok-value', avroRecord('Ok', ['id']), 501, 1, '.fail');
    await src().importVersion('bad-value', avroRecord('Bad', ['id']), 502, 1, '.fail');
    proxy.configure({
      rules: [
        { method: 'POST', path: '/contexts/.fail/subjects/bad-value/versions', status: 422, body: JSON.stringify({ error_code: 42201, message: 'injected' }) },
      ],
    });
    try {
      // One version per request (--no-bulk-import): the proxy refuses exactly bad-value's registration.
      const run = await runCli(['migrate', 'context', '.fail', 'src', 'dst', '--json', '--no-bulk-import'], { env });
      expect(run.exitCode).toBe(4);
      const result = run.json();
      expect(result.status).toBe('partial');
      expect(result.steps.find((s: { subject: string }) => s.subject === 'bad-value')).toMatchObject({ status: 'failed', error: { errorCode: 42201 } });
      expect(result.modes).toEqual([{ context: '.fail', subject: null, previous: 'READWRITE', restored: true }]);
    } finally {
      proxy.configure({ rules: [] });
    }
    expect(await dst().getMode(null, '.fail')).toBe('READWRITE');
    expect(await dst().versions('ok-value', '.fail')).toEqual([1]);
    const status = await runCli(['migrate', 'list', '--json'], { env });
    expect(status.json().migrations[0]).toMatchObject({ status: 'partial', counts: { registered: 1, failed: 1 } });
    // Running it again completes it.
    const again = await runCli(['migrate', 'context', '.fail', 'src', 'dst', '--json'], { env });
    expect(again.json()).toMatchObject({ status: 'completed', summary: { registered: 1, skipped: 1 } });
  });

  it('journals a migration: status, list, rollback (dry run, clean, refused when the target changed, forced)', async () => {
    await src().importVersion('rb-a', avroRecord('RbA', ['id']), 601, 1);
    await src().importVersion('rb-a', avroRecord('RbA', ['id', field('x')]), 602, 2);
    await src().setCompatibility('rb-a', 'FULL');
    await src().importVersion('rb-b', avroRecord('RbB', ['id']), 611, 1);
    const first = await runCli(['migrate', 'schema', 'rb-a', 'src', 'dst'], { env });
    expect(first.exitCode).toBe(0);
    const id = /migration (m-\S+)/.exec(first.stderr)![1]!;
    expect(first.stdout).toContain(id);

    const status = await runCli(['migrate', 'status', id, '--json'], { env });
    expect(status.json()).toMatchObject({
      kind: 'migration-status',
      id,
      status: 'completed',
      counts: { registered: 2, configured: 1, failed: 0 },
      modesLeftChanged: [],
    });
    const list = await runCli(['migrate', 'list'], { env });
    expect(list.stdout).toContain(id);

    const dry = await runCli(['migrate', 'rollback', id, '--dry-run', '--json'], { env });
    expect(dry.json()).toMatchObject({ status: 'planned', changedSince: [] });
    expect(dry.json().actions.map((a: { action: string; version: number | null }) => `${a.action}:${a.version}`)).toEqual([
      'restore-compatibility:null',
      'delete-version:2',
      'delete-version:1',
    ]);
    expect(await dst().versions('rb-a')).toEqual([1, 2]);

    const undo = await runCli(['migrate', 'rollback', id, '--json'], { env });
    expect(undo.exitCode).toBe(0);
    expect(undo.json().status).toBe('rolled-back');
    expect(await dst().versions('rb-a', '.', true)).toEqual([]);
    await expect(dst().call('GET', '/config/rb-a')).rejects.toThrow(/404/);
    expect((await runCli(['migrate', 'status', id, '--json'], { env })).json().status).toBe('rolled-back');
    const journal = readFileSync(undo.json().actions.length ? join(stateDir, 'migrations', `${id}.jsonl`) : '', 'utf8');
    expect(journal.match(/"type":"rollback-step"/g)).toHaveLength(5);

    const second = await runCli(['migrate', 'schema', 'rb-b', 'src', 'dst'], { env });
    const id2 = /migration (m-\S+)/.exec(second.stderr)![1]!;
    await dst().register('rb-b', avroRecord('RbB', ['id', field('later')]));
    const refused = await runCli(['migrate', 'rollback', id2, '--json'], { env });
    expect(refused.exitCode).toBe(2);
    expect(refused.json()).toMatchObject({
      status: 'refused',
      changedSince: [expect.objectContaining({ subject: 'rb-b', message: expect.stringMatching(/new version/) })],
    });
    expect(await dst().versions('rb-b')).toEqual([1, 2]);
    const forced = await runCli(['migrate', 'rollback', id2, '--force', '--json'], { env });
    expect(forced.json().status).toBe('rolled-back');
    expect(await dst().versions('rb-b', '.', true)).toEqual([2]);
  });

  it('a target without the mode API: a refusal before any write (exit 2, E_IMPORT_NOT_POSSIBLE, hint --no-preserve-ids); --no-preserve-ids still works', async () => {
    await src().importVersion('nomode-value', avroRecord('NoMode', ['id']), 751, 1);
    proxy.configure({ rules: [{ path: /^\/(contexts\/[^/]+\/)?mode(\/|\?|$)/, status: 404, body: '404 page not found' }] });
    try {
      proxy.requests.length = 0;
      const stopped = await runCli(['migrate', 'schema', 'nomode-value', 'src', 'dst', '--json'], { env });
      expect(stopped.exitCode).toBe(2);
      expect(stopped.json().error).toMatchObject({
        code: 'E_IMPORT_NOT_POSSIBLE',
        message: expect.stringMatching(/no mode API.*nothing written/),
        hint: expect.stringMatching(/--no-preserve-ids/),
      });
      const preview = await runCli(['migrate', 'preview', 'src', 'dst', '--scope', 'subject:nomode-value'], { env });
      expect(preview.exitCode).toBe(2);
      expect(preview.stderr).toMatch(/^error: dst has no mode API .*\nhint: migrate with --no-preserve-ids/);
      expect(writesSeen()).toBe(0);
      const plain = await runCli(['migrate', 'schema', 'nomode-value', 'src', 'dst', '--no-preserve-ids', '--json'], { env });
      expect(plain.exitCode).toBe(0);
      expect(plain.json().summary.registered).toBe(1);
    } finally {
      proxy.configure({ rules: [] });
    }
  });

  it('--no-preserve-ids lets the target assign ids and writes the id map', async () => {
    await src().importVersion('np-value', avroRecord('Np', ['id']), 701, 1);
    await src().importVersion('np-value', avroRecord('Np', ['id', field('y')]), 702, 2);
    const idMap = join(stateDir, 'ids.json');
    const run = await runCli(['migrate', 'schema', 'np-value', 'src', 'dst', '--no-preserve-ids', '--id-map', idMap, '--json'], { env });
    expect(run.exitCode).toBe(0);
    const map = JSON.parse(readFileSync(idMap, 'utf8'));
    expect(map.entries).toHaveLength(2);
    for (const e of map.entries) expect((await dst().version('np-value', e.version)).id).toBe(e.targetId);
    expect(map.entries.map((e: { sourceId: number }) => e.sourceId)).toEqual([701, 702]);
    expect(await dst().getMode('np-value')).toBeNull();
  });

  it('applies a saved plan, and refuses one made stale by a target change', async () => {
    await src().importVersion('plan-value', avroRecord('Plan', ['id']), 801, 1);
    const planFile = join(stateDir, 'plan.json');
    const preview = await runCli(['migrate', 'preview', 'src', 'dst', '--scope', 'subject:plan-value', '--plan-out', planFile, '--json'], { env });
    expect(preview.json()).toMatchObject({ status: 'planned', dryRun: true, summary: { planned: 1 } });
    expect(await dst().versions('plan-value')).toEqual([]);
    await dst().register('plan-value', avroRecord('Plan', ['other']));
    const stale = await runCli(['migrate', 'apply', planFile], { env });
    expect(stale.exitCode).toBe(2);
    expect(stale.stderr).toMatch(/changed/);

    await src().importVersion('plan2-value', avroRecord('Plan2', ['id']), 811, 1);
    await runCli(['migrate', 'preview', 'src', 'dst', '--scope', 'subject:plan2-value', '--plan-out', planFile], { env });
    const applied = await runCli(['migrate', 'apply', planFile, '--json'], { env });
    expect(applied.exitCode).toBe(0);
    expect((await dst().version('plan2-value', 1)).id).toBe(811);
  });

  it('restores a mode a crashed run left in IMPORT even when nothing else is left to do', async () => {
    await src().importVersion('left-value', avroRecord('Left', ['id']), 901, 1, '.left');
    expect((await runCli(['migrate', 'context', '.left', 'src', 'dst'], { env })).exitCode).toBe(0);
    // What a kill -9 between the last registration and the mode restore leaves: a journal 'running', the context in IMPORT.
    await dst().setMode(null, 'IMPORT', '.left');
    const crashed = FileJournal.create(join(stateDir, 'migrations'), {
      type: 'header',
      id: 'm-20000101-000000000Z-crash1',
      migrationKind: 'migrate',
      source: { name: 'src', url: servers.src.url, kind: 'http' },
      target: { name: 'dst', url: proxy.url },
      scope: { contexts: ['.left'] },
      policy: DEFAULT_POLICY,
      startedAt: '2000-01-01T00:00:00.000Z',
      planned: 1,
      targetBefore: {},
    });
    await crashed.append({ type: 'mode-set', context: '.left', subject: null, previous: 'READWRITE', mode: 'IMPORT' });
    await crashed.close();
    expect((await runCli(['migrate', 'status', 'm-20000101-000000000Z-crash1', '--json'], { env })).json()).toMatchObject({
      status: 'interrupted',
      modesLeftChanged: [{ context: '.left', previous: 'READWRITE' }],
    });
    const again = await runCli(['migrate', 'context', '.left', 'src', 'dst', '--json'], { env });
    expect(again.exitCode).toBe(0);
    expect(again.json().summary.registered).toBe(0);
    expect(await dst().getMode(null, '.left')).toBe('READWRITE');
    expect((await runCli(['migrate', 'status', 'm-20000101-000000000Z-crash1', '--json'], { env })).json().modesLeftChanged).toEqual([]);
  });

  it('exits 3 when a registry cannot be reached (before any write), warns when nothing matched', async () => {
    const gone = await runCli(['migrate', 'schema', 'sparse-value', 'src', 'http://127.0.0.1:9', '--json'], { env });
    expect(gone.exitCode).toBe(3);
    expect(gone.json().kind).toBe('error');
    // A subject that matches nothing is a typo until said otherwise (exit 2, naming it); --allow-empty means it.
    const typo = await runCli(['migrate', 'schema', 'no-such-subject', 'src', 'dst', '--json'], { env });
    expect(typo.exitCode).toBe(2);
    expect(typo.json().error).toMatchObject({ code: 'E_SCOPE_EMPTY', message: expect.stringContaining('no-such-subject') });
    const none = await runCli(['migrate', 'schema', 'no-such-subject', 'src', 'dst', '--json', '--allow-empty'], { env });
    expect(none.exitCode).toBe(0);
    expect(none.json().warnings).toEqual([expect.objectContaining({ message: expect.stringMatching(/nothing in scope/) })]);
  });

  it('writes a report (markdown, html, json)', async () => {
    const md = join(stateDir, 'report.md');
    const run = await runCli(['migrate', 'report', 'src', 'dst', '--format', 'markdown', '--out', md], { env });
    expect(run.stderr).toBe('report written to ' + md + '\n');
    expect([0, 1]).toContain(run.exitCode);
    const text = readFileSync(md, 'utf8');
    expect(text).toMatch(/^# Migration report: src → dst/);
    expect(text).toContain('## Conflicts');
    expect(text).toContain('conf-a');
    const html = await runCli(['migrate', 'report', 'src', 'dst', '--format', 'html'], { env });
    expect(html.stdout).toMatch(/^<!doctype html>/);
    const json = await runCli(['migrate', 'report', 'src', 'dst', '--json'], { env });
    expect(json.json()).toMatchObject({ kind: 'migration-report', summary: { conflicts: expect.any(Number) } });
  });
});
