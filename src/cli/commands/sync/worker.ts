import { rotationFromEnv, SyncJobStore } from '../../../core/index.js';
import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';

/** Registers the hidden `sync worker <id>`: the background process `sync schedule` starts. */
export function registerWorker(sync: Command, run: ActionRunner): void {
  sync
    .command('worker <id>', { hidden: true })
    .description('run a scheduled job (started by `sync schedule`)')
    .action(
      run(async (ctx, id: string) => {
        const { runJobHere } = await import('./run-job.js');
        const store = new SyncJobStore(ctx.stateDir(), { redact: (text) => ctx.redactor.redact(text), rotation: rotationFromEnv(ctx.deps.env) });
        // Log lines go to worker.log through the store (rotated); stdout/stderr still land there for a crash's last words.
        await runJobHere(ctx, store, store.read(id), undefined, { logFormat: 'text', fileOnly: true });
      }),
    );
}
