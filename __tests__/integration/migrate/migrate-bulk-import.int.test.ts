// `srx migrate` into a real AxonOps that offers a bulk import (`POST /import/schemas`): the versions of subjects
// new to a context go in batches, ids and numbers kept, compare clean after; `--no-bulk-import` writes one version
// per request; a bulk import that fails or is absent leaves the versions to the per-version path; a migration
// killed between a batch's answer and its step records is still rolled back whole. Targets sit behind the
// fault proxy, which counts (and here and there refuses) requests.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';
import { startRegistry, type RegistryServer } from '../../support/registry-server.js';
import { readRegistryState } from '../../support/reliability-helpers.js';
import { runCli } from '../../support/run-cli.js';
import { avroRecord, seeder } from '../../support/seed.js';

const SUBJECTS = 30;
const CONTEXTS = ['.', '.team-b'];

describe('srx migrate into a target with a bulk import (real AxonOps)', () => {
  let source: RegistryServer;
  let dir: string;
  let versions = 0;

  beforeAll(async () => {
    source = await startRegistry();
    dir = mkdtempSync(join(tmpdir(), 'srx-bulk-int-'));
    const seed = seeder(source.url);
    for (const context of CONTEXTS) {
      const base = context === '.' ? 1000 : 5000;
      for (let i = 0; i < SUBJECTS; i += 1) {
        const subject = `b${String(i).padStart(2, '0')}-value`;
        await seed.importVersion(subject, avroRecord(`B${i}`, ['id']), base + 2 * i, 1, context);
        await seed.importVersion(subject, avroRecord(`B${i}`, ['id', { name: 'x', type: 'string', default: '' }]), base + 2 * i + 1, 2, context);
        versions += 2;
      }
    }
    // A soft-deleted version (left behind by default) and a subject compatibility (written after the versions).
    await seed.softDelete('b03-value', 1);
    versions -= 1;
    await seed.setCompatibility('b04-value', 'NONE');
  }, 60_000);

  afterAll(async () => {
    await source?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh empty target behind a counting proxy, with its own state directory. */
  async function freshTarget(name: string) {
    const target = await startRegistry();
    const proxy: FaultProxy = await startProxy({ target: target.url });
    const env = { REGISTRIES: `src:${source.url},tgt:${proxy.url}`, SRX_STATE_DIR: join(dir, name) };
    const posts = (pattern: RegExp) => proxy.requests.filter((r) => r.method === 'POST' && pattern.test(r.path)).length;
    return { target, proxy, env, posts, stop: async () => (await proxy.stop(), await target.stop()) };
  }

  /** Runs `test` against a fresh empty target (behind its counting proxy), stopped after. */
  async function onFreshTarget(name: string, test: (t: Awaited<ReturnType<typeof freshTarget>>) => Promise<void>): Promise<void> {
    const t = await freshTarget(name);
    try {
      await test(t);
    } finally {
      await t.stop();
    }
  }

  async function expectSameAsSource(url: string): Promise<void> {
    for (const context of CONTEXTS) {
      const [want, got] = [await readRegistryState(source.url, context), await readRegistryState(url, context)];
      const live = Object.fromEntries(
        Object.entries(want.versions)
          .map(([subject, rows]) => [subject, rows.filter((row) => !row.endsWith(':deleted'))] as const)
          .filter(([, rows]) => rows.length > 0),
      );
      expect(got.versions).toEqual(live);
      expect(got.subjectConfig).toEqual(want.subjectConfig);
    }
  }

  it('migrate registry: one version alone (looked up), then one request per context for the rest; ids and numbers kept; compare clean', async () => {
    await onFreshTarget('bulk', async (t) => {
      const run = await runCli(['migrate', 'registry', 'src', 'tgt', '--json'], { env: t.env });
      expect(run.exitCode).toBe(0);
      expect(run.json()).toMatchObject({ status: 'completed', summary: { registered: versions, failed: 0 } });
      // `.`: the first version alone, then its other 58; `.team-b`: all 60 in one request.
      expect(t.posts(/^\/import\/schemas$/)).toBe(2);
      expect(t.posts(/^\/contexts\/\.team-b\/import\/schemas$/)).toBe(1);
      expect(t.posts(/\/versions$/)).toBe(0);
      await expectSameAsSource(t.target.url);
      expect((await runCli(['compare', 'src', 'tgt'], { env: t.env })).exitCode).toBe(0);
    });
  }, 60_000);

  it('--no-bulk-import: one request per version, the same result', async () => {
    await onFreshTarget('per-version', async (t) => {
      const run = await runCli(['migrate', 'registry', 'src', 'tgt', '--json', '--no-bulk-import'], { env: t.env });
      expect(run.json()).toMatchObject({ status: 'completed', summary: { registered: versions } });
      expect(t.posts(/import\/schemas$/)).toBe(0);
      expect(t.posts(/\/versions$/)).toBe(versions);
      await expectSameAsSource(t.target.url);
    });
  }, 60_000);

  it('a target without the endpoint (404) gets one version per request, silently', async () => {
    await onFreshTarget('absent', async (t) => {
      t.proxy.configure({ rules: [{ method: 'POST', path: /import\/schemas$/, status: 404, body: '404 page not found' }] });
      const run = await runCli(['migrate', 'registry', 'src', 'tgt', '--json'], { env: t.env });
      expect(run.json()).toMatchObject({ status: 'completed', summary: { registered: versions } });
      expect(run.stderr).not.toMatch(/bulk/);
      expect(t.posts(/\/versions$/)).toBe(versions);
      await expectSameAsSource(t.target.url);
    });
  }, 60_000);

  it('a bulk import answered 503 after its retries: said on stderr, each version looked up, the rest one by one; completes', async () => {
    await onFreshTarget('failing', async (t) => {
      t.proxy.configure({
        rules: [
          { method: 'POST', path: /import\/schemas$/, status: 503, headers: { 'retry-after': '0', 'content-type': 'text/html' }, body: '<html>503</html>' },
        ],
      });
      const run = await runCli(['migrate', 'registry', 'src', 'tgt', '--json'], { env: t.env });
      expect(run.json()).toMatchObject({ status: 'completed', summary: { registered: versions, failed: 0 } });
      expect(run.stderr).toMatch(/bulk import into \. failed \(.*503.*\); writing one version per request/);
      expect(t.posts(/\/versions$/)).toBe(versions);
      await expectSameAsSource(t.target.url);
    });
  }, 120_000);

  it('killed between a batch and its step records: rollback still deletes every version the migration wrote', async () => {
    await onFreshTarget('killed', async (t) => {
      const run = await runCli(['migrate', 'registry', 'src', 'tgt', '--json'], { env: t.env });
      expect(run.json().status).toBe('completed');
      // The journal as a kill right after the last batch's answer leaves it: it ends with that batch's record.
      const path = join(dir, 'killed', 'migrations', `${run.json().id as string}.jsonl`);
      const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
      const last = lines.map((l) => JSON.parse(l) as { type: string }).findLastIndex((e) => e.type === 'bulk-import');
      writeFileSync(path, `${lines.slice(0, last + 1).join('\n')}\n`);
      const status = await runCli(['migrate', 'status', run.json().id, '--json'], { env: t.env });
      expect(status.json().counts.registered).toBeLessThan(versions);

      const rollback = await runCli(['migrate', 'rollback', run.json().id, '--yes', '--json'], { env: t.env });
      expect(rollback.json().status).toBe('rolled-back');
      expect(rollback.json().actions.filter((a: { action: string }) => a.action === 'delete-version')).toHaveLength(versions);
      for (const context of CONTEXTS)
        for (let i = 0; i < SUBJECTS; i += 1) expect(await seeder(t.target.url).versions(`b${String(i).padStart(2, '0')}-value`, context, true)).toEqual([]);
    });
  }, 60_000);
});
