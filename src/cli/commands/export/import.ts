import { readExport, UsageError } from '../../../core/index.js';
import type { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import type { ActionRunner } from '../../program.js';
import { addMigrateOptions, type MigrateCommonOptions } from '../migrate/options.js';
import { addFlags } from '../../options/flags.js';
import { exportScopeOf, type ExportScopeFlags } from './shared.js';

/** Options of `srx export import` / `srx import`: the migrate options plus the scope. */
export interface ExportImportOptions extends MigrateCommonOptions, ExportScopeFlags {
  readonly targetContext?: string;
}

/** Registers `import <export> <target>` on a command (the export group, and the program for `srx import`). */
export function registerImport(parent: Command, run: ActionRunner): void {
  const command = parent
    .command('import <export> <target>')
    .description('import an export into a registry: a migration whose source is the export (ids and versions kept, journaled, rollback works)');
  addFlags(command, [
    ['contextList', 'only these contexts of the export (comma-separated)'],
    ['targetContext', { value: '<context>', description: 'import the one --context into this target context' }],
    'subjects',
    'exclude',
  ]);
  addMigrateOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  $ srx import backups/prod.json dr --dry-run
  $ srx export import backups/prod dr --include-deleted --yes
  $ srx migrate rollback <migration-id>      # undo an import

Exit codes: 0 imported, 1 conflicts (nothing written with --on-conflict fail), 2 corrupted export or refused,
3 target unreachable, 4 partial failure, 130 interrupted.`,
    )
    .action(run(async (ctx, exportArg: string, targetArg: string, options: ExportImportOptions) => importExport(ctx, exportArg, targetArg, options)));
}

/** An import is `srx migrate` from an export: same planner, executor, journal, mode restore and exit codes. */
async function importExport(ctx: CommandContext, exportArg: string, targetArg: string, options: ExportImportOptions): Promise<void> {
  const { migrateCommand } = await import('../migrate/run-migrate.js');
  const source = await ctx.resolveRegistry(exportArg);
  if (source.kind !== 'export') {
    throw new UsageError(
      'E_USAGE_REGISTRY',
      `${exportArg} is not an export (give the path of a .json export file or an export directory)`,
      'to copy between live registries use `srx migrate registry`',
    );
  }
  // A corrupted export is refused before anything is read from or written to the target.
  await readExport(source.exportPath);
  const { contexts, subjects, exclude } = exportScopeOf(options);
  // The target context goes to the migration as given: import never checked or normalized it.
  const scope = { contexts, subjects, exclude, targetContext: options.targetContext };
  await migrateCommand(ctx, exportArg, targetArg, scope, options, { kind: 'import' });
}
