import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { maskUrl } from '../../../core/config/redact.js';
import { UsageError } from '../../../core/errors.js';
import { readExport } from '../../../core/export/load-export.js';
import { importExitCode, type ImportPolicyOptions, importPolicyFrom } from '../../../core/operations/export-import.js';
import type { CommandContext } from '../../context.js';
import type { ActionRunner } from '../../program.js';
import { renderMigration } from '../../render/migrate.js';
import { contextsOption, listOption } from './shared.js';

/** Options of `srx export import` / `srx import`. */
export interface ExportImportOptions extends ImportPolicyOptions {
  readonly context?: string;
  readonly targetContext?: string;
  readonly subjects?: string;
  readonly exclude?: string;
  readonly dryRun?: boolean;
  readonly planOut?: string;
  readonly idMap?: string;
}

/** Registers `import <export> <target>` on a command (the export group, and the program for `srx import`). */
export function registerImport(parent: Command, run: ActionRunner): void {
  parent
    .command('import <export> <target>')
    .description('import an export into a registry: a migration whose source is the export (ids and versions kept, journaled, rollback works)')
    .option('--context <contexts>', 'only these contexts of the export (comma-separated)')
    .option('--target-context <context>', 'import the one --context into this target context')
    .option('--subjects <globs>', 'only these subjects (comma-separated globs)')
    .option('--exclude <globs>', 'leave these subjects out')
    .option('--no-preserve-ids', 'let the target assign ids and versions (records an id map)')
    .option('--versions <which>', 'all, latest, or version numbers 1,3,5', 'all')
    .option('--include-deleted', 'import soft-deleted versions too (registered, then soft-deleted)')
    .option('--no-with-references', 'do not pull referenced subjects in')
    .option('--no-copy-config', 'do not copy subject compatibility')
    .addOption(new Option('--on-conflict <what>', 'fail: nothing written on any conflict; skip: leave conflicting subjects out').choices(['fail', 'skip']).default('fail'))
    .option('--force-import', 'allow IMPORT mode on a target subject that already has versions')
    .option('--dry-run', 'plan only; nothing written')
    .option('--plan-out <file>', 'write the plan as JSON (for `srx migrate apply`)')
    .option('--id-map <file>', 'write the source id → target id map as JSON (with --no-preserve-ids)')
    .addHelpText('after', `
Examples:
  $ srx import backups/prod.json dr --dry-run
  $ srx export import backups/prod dr --include-deleted --yes
  $ srx migrate rollback <migration-id>      # undo an import

Exit codes: 0 imported, 1 conflicts (nothing written with --on-conflict fail), 2 corrupted export or refused,
3 target unreachable, 4 partial failure, 130 interrupted.`)
    .action(run(async (ctx, exportArg: string, targetArg: string, options: ExportImportOptions) => importExport(ctx, exportArg, targetArg, options)));
}

async function importExport(ctx: CommandContext, exportArg: string, targetArg: string, options: ExportImportOptions): Promise<void> {
  const source = await ctx.resolveRegistry(exportArg);
  if (source.kind !== 'export') throw new UsageError('E_USAGE_REGISTRY', `${exportArg} is not an export (give the path of a .json export file or an export directory)`, 'to copy between live registries use `srx migrate registry`');
  const target = await ctx.resolveRegistry(targetArg);
  if (target.kind === 'export' || !options.dryRun) await ctx.confirmWrite(target, `import ${source.name} into ${target.name}`);
  // A corrupted export is refused before anything is read from or written to the target.
  await readExport(source.exportPath!);
  const { runMigration } = await import('../../../core/operations/migrate.js');
  const contexts = contextsOption(options.context);
  const result = await runMigration({
    source: { kind: 'export', path: source.exportPath!, registry: { name: source.name, url: maskUrl(source.entry.url) } },
    target: { client: ctx.client(target), registry: { name: target.name, url: maskUrl(target.entry.url) } },
    scope: { contexts, subjects: listOption(options.subjects), exclude: listOption(options.exclude), targetContext: options.targetContext },
    policy: importPolicyFrom(options),
    kind: 'import',
    dryRun: Boolean(options.dryRun),
    stateDir: ctx.stateDir(),
    progress: ctx.progress(),
    signal: ctx.signal,
    concurrency: ctx.global.concurrency,
  });
  if (options.planOut && result.plan) await writeFile(resolve(ctx.deps.cwd, options.planOut), `${JSON.stringify(result.plan, null, 2)}\n`);
  if (options.idMap && result.idMap) await writeFile(resolve(ctx.deps.cwd, options.idMap), `${JSON.stringify(result.idMap, null, 2)}\n`);
  const { plan: _plan, ...shown } = result;
  ctx.emit(shown, renderMigration, importExitCode(result));
}
