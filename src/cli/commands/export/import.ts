import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import type { CommandContext } from '../../context.js';
import type { ActionRunner } from '../../program.js';
import { addMigrateOptions, type MigrateCommonOptions } from '../migrate/options.js';
import { contextsOption, listOption } from './shared.js';

/** Options of `srx export import` / `srx import`: the migrate options plus the scope. */
export interface ExportImportOptions extends MigrateCommonOptions {
  readonly context?: string;
  readonly targetContext?: string;
  readonly subjects?: string;
  readonly exclude?: string;
}

/** Registers `import <export> <target>` on a command (the export group, and the program for `srx import`). */
export function registerImport(parent: Command, run: ActionRunner): void {
  const command = parent
    .command('import <export> <target>')
    .description('import an export into a registry: a migration whose source is the export (ids and versions kept, journaled, rollback works)')
    .option('--context <contexts>', 'only these contexts of the export (comma-separated)')
    .option('--target-context <context>', 'import the one --context into this target context')
    .option('--subjects <globs>', 'only these subjects (comma-separated globs)')
    .option('--exclude <globs>', 'leave these subjects out');
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
  const { readExport } = await import('../../../core/export/load-export.js');
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
  const scope = {
    contexts: contextsOption(options.context),
    subjects: listOption(options.subjects),
    exclude: listOption(options.exclude),
    targetContext: options.targetContext,
  };
  await migrateCommand(ctx, exportArg, targetArg, scope, options, { kind: 'import' });
}
