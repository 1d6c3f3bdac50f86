// Compatibility pre-checks use `POST /compatibility/subjects/{s}/versions?verbose=true` (every version the
// level covers). On Confluent `.../versions/{v}` checks one version and is never transitive; AxonOps
// honours *_TRANSITIVE on the all-versions endpoint, shown here for real.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistries } from '../../support/registry-server.js';
import { runCli } from '../../support/run-cli.js';
import { avroRecord, seeder } from '../../support/seed.js';

describe('compatibility pre-checks honour transitive levels (real registries)', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'src' | 'dst'>>>;
  let stateDir: string;
  let env: Record<string, string>;
  // v1 {n: string}; v2 drops n; v3 brings n back as int: compatible with v2 only, not with v1.
  const v1 = avroRecord('Chain', ['id', { name: 'n', type: 'string' }]);
  const v2 = avroRecord('Chain', ['id']);
  const v3 = avroRecord('Chain', ['id', { name: 'n', type: 'int', default: 0 }]);

  beforeAll(async () => {
    servers = await startRegistries(['src', 'dst']);
    const src = seeder(servers.src.url);
    const dst = seeder(servers.dst.url);
    await src.setCompatibility('chain', 'NONE');
    for (const [i, schema] of [v1, v2, v3].entries()) await src.importVersion('chain', schema, 10 + i, i + 1);
    await dst.setCompatibility('chain', 'BACKWARD_TRANSITIVE');
    for (const [i, schema] of [v1, v2].entries()) await dst.importVersion('chain', schema, 10 + i, i + 1);
    stateDir = mkdtempSync(join(tmpdir(), 'srx-transitive-'));
    env = { REGISTRIES: `src:${servers.src.url},dst:${servers.dst.url}`, SRX_STATE_DIR: stateDir };
  });
  afterAll(async () => {
    await servers?.stopAll();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('the target itself: compatible with the latest version, refused against all under BACKWARD_TRANSITIVE', async () => {
    const check = async (path: string) => {
      const answer = await fetch(`${servers.dst.url}${path}?verbose=true`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
        body: JSON.stringify({ schema: v3 }),
      });
      return ((await answer.json()) as { is_compatible: boolean }).is_compatible;
    };
    expect(await check('/compatibility/subjects/chain/versions/latest')).toBe(true);
    expect(await check('/compatibility/subjects/chain/versions')).toBe(false);
  });

  it('compare conflicts, migrate report and export validate call v3 incompatible', async () => {
    const conflicts = await runCli(['compare', 'conflicts', 'src', 'dst', '--json'], { env });
    expect(conflicts.json().conflicts).toEqual([expect.objectContaining({ type: 'incompatible', subject: 'chain', version: 3 })]);
    const report = await runCli(['migrate', 'report', 'src', 'dst', '--json'], { env });
    expect(report.json().compatibility).toEqual([expect.objectContaining({ subject: 'chain', version: 3, isCompatible: false })]);
    const file = join(stateDir, 'src.json');
    expect((await runCli(['export', 'src', '-o', file], { env })).exitCode).toBe(0);
    const validation = await runCli(['export', 'validate', file, 'dst', '--force-import', '--json'], { env });
    expect(validation.json().findings).toContainEqual(expect.objectContaining({ type: 'compatibility.incompatible', subject: 'chain', version: 3 }));
  });
});
