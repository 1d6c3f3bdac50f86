// `srx migrate` into subjects new to a real AxonOps target: the source's subject compatibility (one request per
// subject) is read while the versions are written, then its steps are journaled ("steps-added") and applied. A
// source that fails those reads leaves the versions written and says so (a partial run, exit 4), and
// `migrate resume` copies the levels. Both registries sit behind the fault proxy.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';
import { readJournalFile } from '../../../src/core/journal/journal.js';
import { startRegistry, type RegistryServer } from '../../support/registry-server.js';
import { readRegistryState } from '../../support/reliability-helpers.js';
import { runCli } from '../../support/run-cli.js';
import { avroRecord, seeder } from '../../support/seed.js';

const SUBJECTS = 20;

describe('subject compatibility read while the versions are written (real AxonOps)', () => {
  let source: RegistryServer;
  let dir: string;

  beforeAll(async () => {
    source = await startRegistry();
    dir = mkdtempSync(join(tmpdir(), 'srx-levels-int-'));
    const seed = seeder(source.url);
    for (let i = 0; i < SUBJECTS; i += 1) {
      const subject = `l${String(i).padStart(2, '0')}-value`;
      await seed.importVersion(subject, avroRecord(`L${i}`, ['id']), 3000 + 2 * i, 1);
      await seed.importVersion(subject, avroRecord(`L${i}`, ['id', { name: 'x', type: 'string', default: '' }]), 3000 + 2 * i + 1, 2);
    }
    await seed.setCompatibility('l03-value', 'NONE');
    await seed.setCompatibility('l07-value', 'FULL');
  }, 60_000);

  afterAll(async () => {
    await source?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh empty target; both registries behind proxies; `test` runs, then all of it stops. */
  async function withTarget(name: string, test: (t: { target: RegistryServer; from: FaultProxy; env: Record<string, string> }) => Promise<void>) {
    const target = await startRegistry();
    const from = await startProxy({ target: source.url });
    const to = await startProxy({ target: target.url });
    const env = { REGISTRIES: `src:${from.url},tgt:${to.url}`, SRX_STATE_DIR: join(dir, name) };
    try {
      await test({ target, from, env });
    } finally {
      await from.stop();
      await to.stop();
      await target.stop();
    }
  }

  it('the levels are copied after the versions; the journal plans their steps after its header; status counts them', async () => {
    await withTarget('copied', async ({ target, env }) => {
      const run = await runCli(['migrate', 'registry', 'src', 'tgt', '--json'], { env });
      expect(run.exitCode).toBe(0);
      const result = run.json();
      expect(result).toMatchObject({ status: 'completed', summary: { registered: 2 * SUBJECTS, configured: 2, failed: 0 } });
      expect((await readRegistryState(target.url)).subjectConfig).toEqual((await readRegistryState(source.url)).subjectConfig);
      const journal = readJournalFile(result.journalPath);
      expect(journal[0]).toMatchObject({ type: 'header', planned: 2 * SUBJECTS });
      expect(journal.filter((e) => e.type === 'steps-added')).toMatchObject([{ steps: 2 }]);
      const status = await runCli(['migrate', 'status', result.id, '--json'], { env });
      expect(status.json()).toMatchObject({ status: 'completed', counts: { planned: 2 * SUBJECTS + 2, registered: 2 * SUBJECTS, configured: 2 } });
      expect((await runCli(['compare', 'src', 'tgt'], { env })).exitCode).toBe(0);
    });
  }, 60_000);

  it('a source answering 503 to those reads: the versions are written and it says so; resume copies the levels', async () => {
    await withTarget('failing', async ({ target, from, env }) => {
      from.configure({
        rules: [
          {
            method: 'GET',
            path: /^\/config\/l\d\d-value/,
            status: 503,
            headers: { 'retry-after': '0', 'content-type': 'text/html' },
            body: '<html>503</html>',
          },
        ],
      });
      const run = await runCli(['migrate', 'registry', 'src', 'tgt', '--json'], { env });
      expect(run.exitCode).toBe(4);
      const result = run.json();
      expect(result).toMatchObject({ status: 'partial', summary: { registered: 2 * SUBJECTS, failed: 0 } });
      const id = result.id as string;
      expect(result.warnings.map((w: { message: string }) => w.message)).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `subject compatibility could not be read from src \\(src: GET /config/l\\d\\d-value → 503.*\\); the versions are written, and \`srx migrate resume ${id}\` copies it`,
          ),
        ),
      );
      const written = await readRegistryState(target.url);
      expect(Object.values(written.versions).flat()).toHaveLength(2 * SUBJECTS);
      expect(Object.values(written.subjectConfig).every((level) => level === null)).toBe(true);
      expect((await runCli(['migrate', 'status', id, '--json'], { env })).json()).toMatchObject({ status: 'partial', counts: { registered: 2 * SUBJECTS } });
      from.configure({ rules: [] });
      const resumed = await runCli(['migrate', 'resume', id, '--json'], { env });
      expect(resumed.exitCode).toBe(0);
      expect(resumed.json()).toMatchObject({ status: 'completed', summary: { configured: 2 } });
      expect((await runCli(['migrate', 'status', id, '--json'], { env })).json()).toMatchObject({
        counts: { planned: 2 * SUBJECTS + 2, registered: 2 * SUBJECTS, configured: 2 },
      });
      expect((await runCli(['compare', 'src', 'tgt'], { env })).exitCode).toBe(0);
    });
  }, 120_000);
});
