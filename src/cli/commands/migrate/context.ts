import type { Command } from 'commander';
import { addFlags } from '../../options/flags.js';
import { parseContext } from '../../options/parsers.js';
import { scopeOf } from '../../options/scope.js';
import type { ActionRunner } from '../../program.js';
import { addMigrateOptions, MIGRATE_WORDING, toMigrationScope, type MigrateScopedOptions } from './options.js';

/** `migrate context <context> <source> <target>`: one context, optionally into another. */
export function registerContext(migrate: Command, run: ActionRunner): void {
  const command = addMigrateOptions(
    migrate.command('context <context> <source> <target>').description('migrate one context (optionally into another: --target-context)'),
  );
  addFlags(command, [['targetContext', 'context to migrate into (default: the same)'], 'subjects', 'exclude']).action(
    run(async (ctx, context: string, source: string, target: string, options: MigrateScopedOptions) => {
      const { migrateCommand } = await import('./run-migrate.js');
      const contexts = [parseContext(context)];
      await migrateCommand(ctx, source, target, toMigrationScope(scopeOf(options, MIGRATE_WORDING), contexts), options);
    }),
  );
}
