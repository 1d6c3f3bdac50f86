import { describeJob, SyncJobStore } from '../../../core/index.js';
import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';

/** Registers `sync status [id]`. */
export function registerStatus(sync: Command, run: ActionRunner): void {
  sync
    .command('status [id]')
    .description('scheduled jobs: state, last run and its result, next run')
    .option('--runs <n>', 'with an id: how many recent runs to show', '10')
    .action(
      run(async (ctx, id: string | undefined, options: { runs: string }) => {
        const { renderSyncStatus } = await import('../../render/sync.js');
        const store = new SyncJobStore(ctx.stateDir());
        const recentRuns = Math.max(0, Number.parseInt(options.runs, 10) || 0);
        const jobs = id ? [describeJob(store, store.read(id), { recentRuns })] : store.list().map((job) => describeJob(store, job));
        ctx.emit({ kind: 'sync-status', jobs }, renderSyncStatus);
      }),
    );
}
