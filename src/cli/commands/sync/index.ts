import type { Command } from 'commander';
import type { ProgramDeps } from '../../program.js';
import { registerContext } from './context.js';
import { registerRegistries } from './registries.js';
import { registerSchedule } from './schedule.js';
import { registerSchema } from './schema.js';
import { registerServe } from './serve.js';
import { registerStatus } from './status.js';
import { registerStop } from './stop.js';
import { registerWorker } from './worker.js';

/** `srx sync` (SPEC section 6): one-shot syncs, scheduled jobs, their status and stop. */
export function registerSync(program: Command, { run }: ProgramDeps): void {
  const sync = program
    .command('sync')
    .description('keep registries in sync: once, or on a schedule')
    .addHelpText(
      'after',
      `
Examples:
  $ srx sync registries staging prod
  $ srx sync context .team-a staging prod --direction bidirectional
  $ srx sync schedule staging prod --interval 5m
  $ srx sync serve staging prod --interval 1m --log-format json --listen 0.0.0.0:9464
  $ srx sync status
  $ srx sync stop <id>`,
    );
  registerSchema(sync, run);
  registerContext(sync, run);
  registerRegistries(sync, run);
  registerSchedule(sync, run);
  registerServe(sync, run);
  registerStatus(sync, run);
  registerStop(sync, run);
  registerWorker(sync, run);
}
