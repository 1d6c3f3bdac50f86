import { parseQualifiedSubject, UsageError } from '../../../core/index.js';
import type { Command } from 'commander';
import { addFlags } from '../../options/flags.js';
import { parseContext } from '../../options/parsers.js';
import { scopeOf } from '../../options/scope.js';
import type { ActionRunner } from '../../program.js';
import { addMigrateOptions, MIGRATE_WORDING, toMigrationScope, type MigrateScopedOptions } from './options.js';

/** `migrate schema <subject> <source> <target>`: one subject, optionally into another context. */
export function registerSchema(migrate: Command, run: ActionRunner): void {
  const command = addMigrateOptions(
    migrate.command('schema <subject> <source> <target>').description('migrate one subject (`:.ctx:name` names another context)'),
  ).option('--source-context <ctx>', 'context of the subject in the source (default .)');
  addFlags(command, [['targetContext', 'context to migrate it into (default: the same)']]).action(
    run(async (ctx, subject: string, source: string, target: string, options: MigrateScopedOptions) => {
      const { migrateCommand } = await import('./run-migrate.js');
      const parsed = parseQualifiedSubject(subject, options.sourceContext ? parseContext(options.sourceContext, '--source-context') : '.');
      if (!parsed.subject) throw new UsageError('E_USAGE_SUBJECT', 'the subject name is empty');
      const scope = { ...scopeOf(options, MIGRATE_WORDING), subjects: [parsed.subject] };
      await migrateCommand(ctx, source, target, toMigrationScope(scope, [parsed.context]), options);
    }),
  );
}
