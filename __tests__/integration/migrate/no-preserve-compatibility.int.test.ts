// AxonOps, like Confluent, checks every registration outside IMPORT against the subject's compatibility.
// A history the source accepted under NONE (an incompatible type change) must still migrate with
// --no-preserve-ids into a target whose default is BACKWARD: srx sets NONE first and the level after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistries } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';
import { runCli } from '../../support/run-cli.js';

describe('migrate --no-preserve-ids: a history accepted under NONE into a BACKWARD target (real registries)', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'src' | 'dst'>>>;
  let stateDir: string;
  let env: Record<string, string>;
  const compatibility = async (url: string, subject: string) => {
    const answer = await fetch(`${url}/config/${subject}`);
    return answer.status === 200 ? ((await answer.json()) as { compatibilityLevel: string }).compatibilityLevel : null;
  };

  beforeAll(async () => {
    servers = await startRegistries(['src', 'dst']);
    stateDir = mkdtempSync(join(tmpdir(), 'srx-nopreserve-'));
    env = { REGISTRIES_CONFIG: JSON.stringify({ src: { url: servers.src.url }, dst: { url: servers.dst.url } }), SRX_STATE_DIR: stateDir };
    for (const subject of ['loose', 'kept']) {
      await seeder(servers.src.url).setCompatibility(subject, 'NONE');
      await seeder(servers.src.url).register(subject, avroRecord('Loose', [{ name: 'n', type: 'string' }]));
      await seeder(servers.src.url).register(subject, avroRecord('Loose', [{ name: 'n', type: 'int' }]));
    }
  });

  afterAll(async () => {
    await servers?.stopAll();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('the target refuses the second version under its default BACKWARD (what srx works around)', async () => {
    await seeder(servers.dst.url).register('probe', avroRecord('Loose', [{ name: 'n', type: 'string' }]));
    await expect(seeder(servers.dst.url).register('probe', avroRecord('Loose', [{ name: 'n', type: 'int' }]))).rejects.toThrow(/409|incompatible/i);
  });

  it('writes every version, then sets the source level (--copy-config) or removes the subject level again', async () => {
    const copied = await runCli(['migrate', 'schema', 'loose', 'src', 'dst', '--no-preserve-ids', '--json'], { env });
    expect(copied.exitCode).toBe(0);
    expect(copied.json().summary).toMatchObject({ registered: 2, failed: 0 });
    expect(await seeder(servers.dst.url).versions('loose')).toEqual([1, 2]);
    expect(await compatibility(servers.dst.url, 'loose')).toBe('NONE');

    const plain = await runCli(['migrate', 'schema', 'kept', 'src', 'dst', '--no-preserve-ids', '--no-copy-config', '--json'], { env });
    expect(plain.exitCode).toBe(0);
    expect(await seeder(servers.dst.url).versions('kept')).toEqual([1, 2]);
    expect(await compatibility(servers.dst.url, 'kept')).toBeNull();
  });
});
