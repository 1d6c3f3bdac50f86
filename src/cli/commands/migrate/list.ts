import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';

/** `migrate list`: the migration history in the state directory. */
export function registerList(migrate: Command, run: ActionRunner): void {
  migrate
    .command('list')
    .description('migration history: id, when, source → target, scope, status, counts')
    .action(
      run(async (ctx) => {
        const { listMigrations } = await import('../../../core/journal/history.js');
        const { renderMigrationList } = await import('../../render/migrate.js');
        ctx.emit(listMigrations(ctx.stateDir()), renderMigrationList);
      }),
    );
}
