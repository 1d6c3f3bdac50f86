import { describeJob, stopSyncJob, SyncJobStore, UsageError } from '../../../core/index.js';
import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';
import { positiveInt } from '../../context.js';

/** Registers `sync stop <id> | --all`. */
export function registerStop(sync: Command, run: ActionRunner): void {
  sync
    .command('stop [id]')
    .description('stop a job (or --all) and wait until its process has exited')
    .option('--all', 'every job that is not stopped')
    .option('--wait <seconds>', 'how long to wait for a worker to finish its current run', '300')
    .action(
      run(async (ctx, id: string | undefined, options: { all?: boolean; wait: string }) => {
        const { renderSyncStop } = await import('../../render/sync.js');
        if (!id && !options.all) throw new UsageError('E_USAGE_ARGS', 'name a job to stop, or give --all', 'list jobs with `srx sync status`');
        if (id && options.all) throw new UsageError('E_USAGE_ARGS', 'give a job id or --all, not both');
        const timeoutMs = positiveInt(options.wait, '--wait')! * 1000;
        const store = new SyncJobStore(ctx.stateDir());
        const ids = id
          ? [store.read(id).id]
          : store
              .list()
              .filter((job) => describeJob(store, job).state !== 'stopped')
              .map((job) => job.id);
        const stopped = [];
        for (const jobId of ids) {
          const outcome = await stopSyncJob(store, jobId, { timeoutMs, signal: ctx.signal });
          stopped.push({ ...outcome, state: describeJob(store, store.read(jobId)).state });
        }
        ctx.emit({ kind: 'sync-stop', jobs: stopped }, renderSyncStop);
      }),
    );
}
