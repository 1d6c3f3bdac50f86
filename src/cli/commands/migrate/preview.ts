import type { MigrationScope } from '../../../core/index.js';
import type { Command } from 'commander';
import { addFlags } from '../../options/flags.js';
import { parseScopeText } from '../../options/parsers.js';
import { scopeOf } from '../../options/scope.js';
import { withFormat } from '../../output-format.js';
import type { ActionRunner } from '../../program.js';
import { addMigrateOptions, toMigrationScope, type MigrateCommonOptions } from './options.js';

/** Options of `migrate preview`. */
export interface MigratePreviewOptions extends MigrateCommonOptions {
  readonly scope?: string;
  readonly contexts?: string;
  readonly targetContext?: string;
}

/** `migrate preview <source> <target> [--scope …]`: the plan, nothing written. */
export function registerPreview(migrate: Command, run: ActionRunner): void {
  const command = addMigrateOptions(migrate.command('preview <source> <target>').description('show the plan; nothing is written (same as --dry-run)'));
  addFlags(withFormat(addFlags(command, [['scope', 'registry | context:<ctx> | subject:<name>']])), [
    ['contexts', 'with --scope registry: only these contexts'],
    ['targetContext', 'with one source context: migrate it into this one'],
  ]).action(
    run(async (ctx, source: string, target: string, options: MigratePreviewOptions) => {
      const { migrateCommand } = await import('./run-migrate.js');
      await migrateCommand(ctx, source, target, parseScope(options), options, { dryRun: true });
    }),
  );
}

/** `registry`, `context:<ctx>`, `subject:<name>` (`:.ctx:name` for another context). */
export function parseScope(options: MigratePreviewOptions): MigrationScope {
  // --contexts belongs to --scope registry; with another scope it is ignored, unchecked.
  const isRegistry = (options.scope ?? 'registry').trim() === 'registry';
  const scope = scopeOf({ targetContext: options.targetContext, contexts: isRegistry ? options.contexts : undefined }, { targetContext: '--target-context' });
  const spec = parseScopeText(options.scope);
  if (spec.kind === 'registry') return toMigrationScope(scope);
  if (spec.kind === 'context') return toMigrationScope(scope, [spec.context]);
  return toMigrationScope({ ...scope, subjects: [spec.subject] }, [spec.context]);
}
