import type { Command } from 'commander';
import { SyncJobStore } from '../../../core/sync/job-store.js';
import type { ActionRunner } from '../../program.js';
import { runJobHere } from './run-job.js';

/** Registers the hidden `sync worker <id>`: the background process `sync schedule` starts. */
export function registerWorker(sync: Command, run: ActionRunner): void {
  sync.command('worker <id>', { hidden: true }).description('run a scheduled job (started by `sync schedule`)')
    .action(run(async (ctx, id: string) => {
      const store = new SyncJobStore(ctx.stateDir(), (text) => ctx.redactor.redact(text));
      await runJobHere(ctx, store, store.read(id));
    }));
}
