import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import type { MigrationScope } from '../../../core/plan/types.js';
import { parseQualifiedSubject } from '../../../core/registry/paths.js';
import { withFormat } from '../../output-format.js';
import type { ActionRunner } from '../../program.js';
import { addMigrateOptions, parseContext, parseContextList, type MigrateCommonOptions } from './options.js';

/** Options of `migrate preview`. */
export interface MigratePreviewOptions extends MigrateCommonOptions {
  readonly scope?: string;
  readonly contexts?: string;
  readonly targetContext?: string;
}

/** `migrate preview <source> <target> [--scope …]`: the plan, nothing written. */
export function registerPreview(migrate: Command, run: ActionRunner): void {
  withFormat(
    addMigrateOptions(migrate.command('preview <source> <target>').description('show the plan; nothing is written (same as --dry-run)')).option(
      '--scope <scope>',
      'registry | context:<ctx> | subject:<name>',
      'registry',
    ),
  )
    .option('--contexts <list>', 'with --scope registry: only these contexts')
    .option('--target-context <ctx>', 'with one source context: migrate it into this one')
    .action(
      run(async (ctx, source: string, target: string, options: MigratePreviewOptions) => {
        const { migrateCommand } = await import('./run-migrate.js');
        await migrateCommand(ctx, source, target, parseScope(options), options, { dryRun: true });
      }),
    );
}

/** `registry`, `context:<ctx>`, `subject:<name>` (`:.ctx:name` for another context). */
export function parseScope(options: MigratePreviewOptions): MigrationScope {
  const value = (options.scope ?? 'registry').trim();
  const targetContext = options.targetContext ? { targetContext: parseContext(options.targetContext, '--target-context') } : {};
  if (value === 'registry') return { contexts: parseContextList(options.contexts), ...targetContext };
  if (value.startsWith('context:') && value.length > 8) return { contexts: [parseContext(value.slice(8))], ...targetContext };
  if (value.startsWith('subject:') && value.length > 8) {
    const { context, subject } = parseQualifiedSubject(value.slice(8));
    return { contexts: [context], subjects: [subject], ...targetContext };
  }
  throw new UsageError('E_USAGE_OPTION', `invalid --scope "${options.scope}"`, 'use registry, context:<ctx> or subject:<name>');
}
