import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';
import { scheduleCommand, type SyncScheduleOptions } from './schedule.js';
import type { ServiceOptions } from './service-options.js';

/** Registers `sync serve`: `sync schedule --foreground` for containers. */
export function registerServe(sync: Command, run: ActionRunner): void {
  scheduleCommand(
    sync.command('serve <source> <target>').description('run a sync job in this process until SIGTERM (containers): JSON logs, health and metrics'),
    false,
  ).action(
    run(async (ctx, source: string, target: string, options: SyncScheduleOptions & ServiceOptions) => {
      const { scheduleJob, serveJob } = await import('./serve-job.js');
      const { job, store } = await scheduleJob(ctx, source, target, { ...options, foreground: true });
      await serveJob(ctx, store, job, options);
    }),
  );
}
