import { adHocEntry } from '../../../src/core/config/load-config.js';
import { applyPlan } from '../../../src/core/apply/apply-plan.js';
import { MemoryJournal } from '../../../src/core/journal/journal.js';
import { planMigration } from '../../../src/core/plan/plan-migration.js';
import { DEFAULT_POLICY, type MigrationPlan } from '../../../src/core/plan/types.js';
import { HttpRegistryClient } from '../../../src/core/registry/http-registry-client.js';
import { readSnapshot } from '../../../src/core/snapshot/read-snapshot.js';
import { aSnapshot, aVersion } from '../../support/builders.js';
import { startRegistry, type RegistryServer } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';

// REGISTRY-NOTES.md "Writing and modes": the AxonOps behaviours srx must survive, checked on the real
// server, and what srx's executor does about each (it must also be right for Confluent's behaviour).
const CT = 'application/vnd.schemaregistry.v1+json';

describe('IMPORT-mode rules of the target registry (AxonOps) and how the executor handles them', () => {
  let server: RegistryServer;
  let client: HttpRegistryClient;
  const seed = () => seeder(server.url);
  const raw = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'Content-Type': CT },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** A --force-import plan made against an empty target: what a stale plan (or a racing writer) leaves the executor to detect. */
  const blindPlan = (subject: string, schema: string, id: number, version: number): MigrationPlan => {
    const plan = planMigration({
      source: aSnapshot().withSubject(subject, aVersion({ id, version, schema })).build(),
      target: aSnapshot('target')
        .withScope({ contexts: ['.other'] })
        .build(),
      scope: {},
      policy: { ...DEFAULT_POLICY, forceImport: true },
    });
    return { ...plan, subjects: plan.subjects.map((s) => ({ ...s, force: true })) };
  };

  beforeAll(async () => {
    server = await startRegistry();
    client = new HttpRegistryClient(adHocEntry(server.url), {});
    await seed().register('taken', avroRecord('Taken', ['id']));
  });

  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it('an explicit id outside IMPORT mode is refused (42205)', async () => {
    const answer = await raw('POST', '/subjects/outside/versions', { schema: avroRecord('Outside', ['id']), id: 777 });
    expect(answer.body.error_code).toBe(42205);
  });

  it('an exact re-registration in IMPORT mode is refused (42205), so srx looks up instead of re-registering', async () => {
    await seed().setMode('taken', 'IMPORT');
    const again = await raw('POST', '/subjects/taken/versions', { schema: avroRecord('Taken', ['id']) });
    expect(again.body.error_code).toBe(42205);
    const found = await client.lookupSchema('.', 'taken', { schema: avroRecord('Taken', ['id']) });
    expect(found).toMatchObject({ version: 1 });
    await raw('DELETE', '/mode/taken');
  });

  it('IMPORT into a version a live version holds is a no-op returning the old id: the executor reports it, nothing overwritten', async () => {
    const oldId = (await seed().version('taken', 1)).id;
    await seed().setMode('taken', 'IMPORT');
    const answer = await raw('POST', '/subjects/taken/versions', { schema: avroRecord('Taken', ['other']), id: 555, version: 1 });
    expect(answer.body.id).toBe(oldId);
    await raw('DELETE', '/mode/taken');

    const plan = blindPlan('taken', avroRecord('Taken', ['third']), 556, 1);
    const result = await applyPlan(plan, { client, journal: new MemoryJournal() });
    expect(result.steps[0]).toMatchObject({ status: 'failed', error: { code: 'E_MIGRATE_ID_MISMATCH' } });
    expect(JSON.parse((await seed().version('taken', 1)).schema).fields[0].name).toBe('id');
    expect(await seed().versions('taken')).toEqual([1]);
    expect(await seed().getMode('taken')).toBeNull();
  });

  it('IMPORT of a schema the subject already has returns the existing id and adds no version: detected (lookup first, or id check)', async () => {
    await seed().register('same', avroRecord('Same', ['id']));
    const existingId = (await seed().version('same', 1)).id;
    const plan = blindPlan('same', avroRecord('Same', ['id']), 9001, 2);
    // Blind: no lookup at all (no verifying lookups either), so the registry's answered id is what detects it.
    const blind = await applyPlan(plan, { client, journal: new MemoryJournal(), verifyIds: false });
    expect(blind.steps[0]).toMatchObject({ status: 'failed', error: { code: 'E_MIGRATE_ID_MISMATCH', message: expect.stringContaining(`id ${existingId}`) } });
    const careful = await applyPlan(plan, { client, journal: new MemoryJournal(), alwaysLookUp: true });
    expect(careful.steps[0]).toMatchObject({ status: 'failed', error: { code: 'E_MIGRATE_EXISTS' } });
    expect(await seed().versions('same')).toEqual([1]);
  });

  it('id 0 means "no id": the registry assigns one (so the planner refuses to preserve id 0)', async () => {
    await seed().setMode('zero', 'IMPORT');
    const answer = await raw('POST', '/subjects/zero/versions', { schema: avroRecord('Zero', ['id']), id: 0, version: 1 });
    expect(answer.body.id).not.toBe(0);
    await raw('DELETE', '/mode/zero');
    const plan = planMigration({
      source: aSnapshot()
        .withSubject('zero2', aVersion({ id: 0 }))
        .build(),
      target: aSnapshot('t').build(),
      scope: {},
      policy: DEFAULT_POLICY,
    });
    expect(plan.conflicts.map((c) => c.type)).toEqual(['id-not-preservable']);
  });

  it('PUT /mode echoes upper-case; srx reads modes case-insensitively and restores them exactly', async () => {
    const answer = await raw('PUT', '/mode/casey?force=true', { mode: 'readonly' });
    expect(answer.body.mode).toBe('READONLY');
    expect(await client.getMode('.', 'casey')).toBe('READONLY');
    await raw('DELETE', '/mode/casey');
  });

  it('a soft-deleted version reads as 40406 here (40402 on Confluent); the client treats both as absent', async () => {
    await seed().register('soft', avroRecord('Soft', ['id']));
    await seed().register('soft', avroRecord('Soft', ['id', { name: 'x', type: 'string', default: '' }]));
    await seed().softDelete('soft', 1);
    expect((await raw('GET', '/subjects/soft/versions/1')).body.error_code).toBe(40406);
    expect(await client.getVersion('.', 'soft', 1)).toBeNull();
    expect(await client.getVersion('.', 'soft', 1, { deleted: true })).toMatchObject({ version: 1 });
  });

  it('the executor restores a subject-level mode it found (READONLY) after importing', async () => {
    await seed().setMode('ro-subject', 'READONLY');
    const source = aSnapshot()
      .withSubject('ro-subject', aVersion({ id: 4242, schema: avroRecord('Ro', ['id']) }))
      .build();
    const target = await readSnapshot(client, { registry: { name: 't', url: server.url }, includeDeleted: true });
    const plan = planMigration({ source, target, scope: {}, policy: DEFAULT_POLICY });
    const result = await applyPlan(plan, { client, journal: new MemoryJournal() });
    expect(result.steps[0]).toMatchObject({ status: 'applied', targetId: 4242 });
    expect(result.modes).toEqual([{ context: '.', subject: 'ro-subject', previous: 'READONLY', restored: true }]);
    expect(await seed().getMode('ro-subject')).toBe('READONLY');
  });
});
