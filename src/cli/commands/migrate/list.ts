import { listMigrations } from '../../../core/index.js';
import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';

/** `migrate list`: the migration history in the state directory. */
export function registerList(migrate: Command, run: ActionRunner): void {
  migrate
    .command('list')
    .description('migration history: id, when, source → target, scope, status, counts')
    .action(
      run(async (ctx) => {
        const { renderMigrationList } = await import('../../render/migrate.js');
        ctx.emit(await listMigrations(ctx.stateDir()), renderMigrationList);
      }),
    );
}
