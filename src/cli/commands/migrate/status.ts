import { findJournal, summarizeJournal } from '../../../core/index.js';
import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';

/** `migrate status <migration-id>`: progress, failures, and modes a crash left changed (from the journal). */
export function registerStatus(migrate: Command, run: ActionRunner): void {
  migrate
    .command('status <migration-id>')
    .description('progress, failures, and modes a crash left changed')
    .action(
      run(async (ctx, id: string) => {
        const { renderMigrationStatus } = await import('../../render/migrate.js');
        const stateDir = ctx.stateDir();
        const result = await summarizeJournal(stateDir, await findJournal(stateDir, id));
        ctx.emit(result, renderMigrationStatus);
      }),
    );
}
