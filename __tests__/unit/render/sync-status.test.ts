import { renderSyncStatus, type SyncStatusResult } from '../../../src/cli/render/sync.js';

const job = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  source: 'staging-eu-west-1-primary',
  target: 'production-eu-west-1-primary',
  scope: 'registry (contexts .team-a,.team-b,.team-c)',
  direction: 'bidirectional',
  interval: '30m',
  intervalMs: 1_800_000,
  state: 'failing',
  foreground: false,
  pid: 4242,
  createdAt: '2026-11-28T20:00:00.000Z',
  startedAt: '2026-11-28T20:00:01.000Z',
  stoppedAt: null,
  heartbeatAt: '2026-11-28T20:31:00.000Z',
  runningSince: null,
  runs: 12,
  failedRuns: 3,
  lastRun: {
    run: 12,
    startedAt: '2026-11-28T20:30:00.000Z',
    finishedAt: '2026-11-28T20:30:04.000Z',
    durationMs: 4000,
    status: 'failed',
    copied: 0,
    deleted: 0,
    configured: 0,
    conflicts: 0,
    errors: 1,
    error: 'prod: POST /subjects/orders-value/versions → 503 (after 4 attempts) with a long registry message',
    migrationIds: [],
  },
  nextRunAt: '2026-11-28T21:00:04.000Z',
  logPath: '/home/someone/.local/state/srx/sync/jobs/sync-0123abcd/worker.log',
  ...over,
});

describe('sync status', () => {
  const result = {
    kind: 'sync-status',
    jobs: [job('sync-0123abcd'), job('sync-4567ef01', { state: 'running', runningSince: '2026-11-28T21:00:05.000Z' })],
  } as unknown as SyncStatusResult;

  test('fits an 80-column terminal by default', () => {
    const lines = renderSyncStatus(result, { color: false }).trimEnd().split('\n');
    for (const line of lines) expect({ line, width: line.length <= 80 }).toEqual({ line, width: true });
    expect(lines[0]).toMatch(/^ID\s+ROUTE\s+EVERY\s+STATE\s+LAST RUN\s+NEXT$/);
    expect(lines[1]).toMatch(/^sync-0123abcd\s+staging-eu-west…\s+30m\s+failing\s+11-28 20:30 failed\s+11-28 21:00$/);
    expect(lines[2]).toMatch(/running\s*$/);
  });

  test('--verbose shows the wide details: scope, direction, the full result', () => {
    const wide = renderSyncStatus(result, { color: false, verbose: true });
    expect(wide).toContain('registry (contexts .team-a,.team-b,.team-c)');
    expect(wide).toContain('bidirectional');
    expect(wide).toContain('503 (after 4 attempts)');
  });
});
