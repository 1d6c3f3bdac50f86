import type { Command } from 'commander';
import { describeJob } from '../../../core/sync/job-status.js';
import { SyncJobStore } from '../../../core/sync/job-store.js';
import type { ActionRunner } from '../../program.js';
import { renderSyncStatus } from '../../render/sync.js';

/** Registers `sync status [id]`. */
export function registerStatus(sync: Command, run: ActionRunner): void {
  sync.command('status [id]').description('scheduled jobs: state, last run and its result, next run')
    .option('--runs <n>', 'with an id: how many recent runs to show', '10')
    .action(run(async (ctx, id: string | undefined, options: { runs: string }) => {
      const store = new SyncJobStore(ctx.stateDir());
      const recentRuns = Math.max(0, Number.parseInt(options.runs, 10) || 0);
      const jobs = id ? [describeJob(store, store.read(id), { recentRuns })] : store.list().map((job) => describeJob(store, job));
      ctx.emit({ kind: 'sync-status', jobs }, renderSyncStatus);
    }));
}
