import { exitCodeForResult as syncExitCode } from '../../../src/cli/exit-codes.js';
import { runSync, syncRunOutcome, type SyncRequest } from '../../../src/core/operations/sync.js';
import { DEFAULT_POLICY, type MigrationConflict, type MigrationRequest, type MigrationResult } from '../../../src/core/plan/types.js';
import type { RegistryClient } from '../../../src/core/registry/registry-client.js';
import { UsageError } from '../../../src/core/errors.js';

const clientA = { name: 'a' } as RegistryClient;
const clientB = { name: 'b' } as RegistryClient;

function aResult(request: MigrationRequest, overrides: Partial<MigrationResult> = {}): MigrationResult {
  return {
    kind: 'migration',
    id: `mig-${request.source.registry.name}-${request.target.registry.name}-${request.dryRun ? 'dry' : 'real'}`,
    migrationKind: 'sync',
    status: request.dryRun ? 'planned' : 'completed',
    dryRun: request.dryRun,
    source: request.source.registry,
    target: request.target.registry,
    scope: request.scope,
    startedAt: '2026-11-24T00:00:00.000Z',
    steps: [],
    summary: { planned: 0, registered: 0, softDeleted: 0, configured: 0, skipped: 0, failed: 0, pending: 0, conflicts: 0 },
    warnings: [],
    conflicts: [],
    modes: [],
    ...overrides,
  };
}

function aRequest(overrides: Partial<SyncRequest> & Pick<SyncRequest, 'migrate'>): SyncRequest {
  return {
    source: { kind: 'http', registry: { name: 'a', url: 'http://a' }, client: clientA },
    target: { kind: 'http', registry: { name: 'b', url: 'http://b' }, client: clientB },
    direction: 'source-to-target',
    scope: {},
    policy: { ...DEFAULT_POLICY, onConflict: 'skip' },
    dryRun: false,
    stateDir: '/tmp/none',
    ...overrides,
  };
}

/** n applied register steps, and the summary that goes with them. */
function registered(n: number, status: 'applied' | 'planned' = 'applied'): Partial<MigrationResult> {
  const steps = Array.from({ length: n }, (_, i) => ({
    stepId: `register:.:s:${i + 1}`,
    action: 'register' as const,
    subject: 's',
    context: '.',
    version: i + 1,
    sourceId: i + 1,
    targetId: i + 1,
    status,
  }));
  return {
    steps,
    summary: {
      planned: status === 'planned' ? n : 0,
      registered: status === 'applied' ? n : 0,
      softDeleted: 0,
      configured: 0,
      skipped: 0,
      failed: 0,
      pending: 0,
      conflicts: 0,
    },
  };
}

const conflict = (subject: string, context = '.'): MigrationConflict => ({ type: 'content', context, subject, version: 1, message: `${subject} v1 differs` });

describe('runSync', () => {
  it('source-to-target is one migration of kind sync from source into target', async () => {
    const calls: MigrationRequest[] = [];
    const result = await runSync(
      aRequest({
        migrate: async (r) => {
          calls.push(r);
          return aResult(r, registered(3));
        },
      }),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ kind: 'sync', dryRun: false, target: { client: clientB } });
    expect(calls[0]!.source).toMatchObject({ kind: 'http', client: clientA });
    expect(result).toMatchObject({ kind: 'sync', status: 'completed', summary: { copied: 3 } });
    expect(syncExitCode(result)).toBe(0);
    expect(syncRunOutcome(result)).toMatchObject({ status: 'completed', copied: 3, migrationIds: [] });
  });

  it('a run outcome names only journaled migrations', async () => {
    const result = await runSync(aRequest({ migrate: async (r) => aResult(r, { journalPath: '/state/migrations/x.jsonl', ...registered(1) }) }));
    expect(syncRunOutcome(result).migrationIds).toEqual(['mig-a-b-real']);
  });

  it('target-to-source writes the source', async () => {
    const calls: MigrationRequest[] = [];
    await runSync(
      aRequest({
        direction: 'target-to-source',
        migrate: async (r) => {
          calls.push(r);
          return aResult(r);
        },
      }),
    );
    expect(calls[0]!.target.client).toBe(clientA);
    expect(calls[0]!.source).toMatchObject({ client: clientB });
  });

  it('refuses to write into an export', async () => {
    const request = aRequest({ direction: 'target-to-source', migrate: async (r) => aResult(r) });
    await expect(runSync({ ...request, source: { kind: 'export', registry: { name: 'backup', url: 'file:/x' }, path: '/x' } })).rejects.toThrow(UsageError);
  });

  it('bidirectional plans both ways, then leaves every conflicting subject out of both directions', async () => {
    const calls: MigrationRequest[] = [];
    const migrate = async (r: MigrationRequest) => {
      calls.push(r);
      const forward = r.target.client === clientB;
      if (r.dryRun)
        return aResult(r, { conflicts: forward ? [conflict('orders'), conflict('both-ways')] : [conflict('only-backward', '.x'), conflict('both-ways')] });
      return aResult(r, registered(forward ? 2 : 1));
    };
    const result = await runSync(
      aRequest({ direction: 'bidirectional', policy: { ...DEFAULT_POLICY, onConflict: 'fail' }, scope: { exclude: ['tmp-*'] }, migrate }),
    );
    expect(calls.map((c) => [c.target.client === clientB ? 'a→b' : 'b→a', c.dryRun])).toEqual([
      ['a→b', true],
      ['b→a', true],
      ['a→b', false],
      ['b→a', false],
    ]);
    expect(calls.every((c) => c.policy.onConflict === 'skip')).toBe(true);
    expect(calls[2]!.scope.exclude).toEqual(['tmp-*', ':.x:only-backward', 'both-ways', 'orders']);
    expect(calls[3]!.scope.exclude).toEqual(['tmp-*', ':.x:only-backward', 'both-ways', 'orders']);
    expect(result.status).toBe('conflicts');
    expect(result.conflicts.map((c) => [c.direction, c.subject])).toEqual([
      ['source-to-target', 'orders'],
      ['both', 'both-ways'],
      ['target-to-source', 'only-backward'],
    ]);
    expect(result.summary.copied).toBe(3);
    expect(result.migrations.map((m) => m.id)).toEqual(['mig-a-b-real', 'mig-b-a-real']);
    expect(syncExitCode(result)).toBe(1);
  });

  it('bidirectional --dry-run writes nothing', async () => {
    const calls: MigrationRequest[] = [];
    const result = await runSync(
      aRequest({
        direction: 'bidirectional',
        dryRun: true,
        migrate: async (r) => {
          calls.push(r);
          return aResult(r, registered(2, 'planned'));
        },
      }),
    );
    expect(calls.every((c) => c.dryRun)).toBe(true);
    expect(result.status).toBe('planned');
    expect(result.summary.copied).toBe(4);
  });

  it('maps failed steps to partial (4) or failed (3), and interruption to 130', async () => {
    const partial = await runSync(aRequest({ migrate: async (r) => aResult(r, { status: 'partial', summary: { ...registered(1).summary!, failed: 1 } }) }));
    expect([partial.status, syncExitCode(partial)]).toEqual(['partial', 4]);
    const failed = await runSync(aRequest({ migrate: async (r) => aResult(r, { status: 'failed', summary: { ...aResult(r).summary, failed: 2 } }) }));
    expect([failed.status, syncExitCode(failed)]).toEqual(['failed', 3]);
    const interrupted = await runSync(aRequest({ migrate: async (r) => aResult(r, { status: 'interrupted' }) }));
    expect([interrupted.status, syncExitCode(interrupted)]).toEqual(['interrupted', 130]);
    const blocked = await runSync(aRequest({ migrate: async (r) => aResult(r, { status: 'failed', conflicts: [conflict('x')] }) }));
    expect([blocked.status, syncExitCode(blocked)]).toEqual(['conflicts', 1]);
  });
});
