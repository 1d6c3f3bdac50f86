import type { Command } from 'commander';
import { addFlags } from '../../options/flags.js';
import { scopeOf } from '../../options/scope.js';
import type { ActionRunner } from '../../program.js';
import { addMigrateOptions, MIGRATE_WORDING, toMigrationScope, type MigrateScopedOptions } from './options.js';

/** `migrate registry <source> <target>`: every context, or those of --contexts. */
export function registerRegistry(migrate: Command, run: ActionRunner): void {
  const command = addMigrateOptions(migrate.command('registry <source> <target>').description('migrate a whole registry (every context unless --contexts)'));
  addFlags(command, ['contexts', 'subjects', 'exclude']).action(
    run(async (ctx, source: string, target: string, options: MigrateScopedOptions) => {
      const { migrateCommand } = await import('./run-migrate.js');
      await migrateCommand(ctx, source, target, toMigrationScope(scopeOf(options, MIGRATE_WORDING)), options);
    }),
  );
}
