import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { ExportLayout } from '../../../core/export/format.js';
import { runExport } from '../../../core/operations/export.js';
import type { CommandContext } from '../../context.js';
import type { ActionRunner } from '../../program.js';
import { renderExportResult } from '../../render/export.js';
import { snapshotSourceFor } from '../../sources.js';
import { contextsOption, listOption, sourceDateEpoch } from './shared.js';

/** Options of `srx export <registry>`. */
export interface ExportOptions {
  readonly output?: string;
  readonly format?: ExportLayout;
  readonly context?: string;
  readonly subjects?: string;
  readonly exclude?: string;
  readonly includeDeleted?: boolean;
}

/**
 * `srx export <registry>` is the group's default subcommand (`srx export registry <registry>`):
 * options on the group itself would swallow those of `export import|validate`.
 */
export function registerExportRegistry(group: Command, run: ActionRunner): void {
  const command = group
    .command('registry', { isDefault: true })
    .description('export a registry (or an export) to stdout, a JSON file or a directory; `srx export <registry>` for short')
    .addHelpText('after', `
Examples:
  $ srx export prod -o backups/prod.json
  $ srx export prod -o backups/prod --include-deleted            # a directory: manifest.json + one file per version
  $ srx export staging --context .team-a --subjects 'orders-*' > orders.json
  $ SOURCE_DATE_EPOCH=0 srx export prod -o prod.json             # fixed exportedAt: byte-identical re-exports`);
  command
    .argument('[registry]', 'registry name, http(s) URL, or an srx export to re-export (default: the default registry)')
    .option('-o, --output <path>', 'write to this file (json) or directory (dir); without it the JSON goes to stdout')
    .addOption(new Option('--format <format>', 'json: one file; dir: manifest.json + one file per version (default: dir when -o does not end in .json)').choices(['json', 'dir']))
    .option('--context <contexts>', 'only these contexts (comma-separated: ., .team-a)')
    .option('--subjects <globs>', 'only these subjects (comma-separated globs)')
    .option('--exclude <globs>', 'leave these subjects out')
    .option('--include-deleted', 'export soft-deleted versions too (flagged deleted)')
    .hook('preAction', (_command, action) => {
      if (action === command) takeOutputPath(command);
    })
    .action(run(async (ctx, registry: string | undefined, options: ExportOptions) => exportRegistry(ctx, registry, options)));
}

/**
 * `-o` is also the global `--output table|json`, and commander gives it to the program wherever it
 * appears; for `srx export` it is the destination, so move it from the program to this command.
 */
function takeOutputPath(command: Command): void {
  let root = command;
  while (root.parent) root = root.parent;
  const value = root.getOptionValue('output') as string | undefined;
  if (value === undefined) return;
  command.setOptionValue('output', value);
  root.setOptionValue('output', undefined);
}

async function exportRegistry(ctx: CommandContext, registryArg: string | undefined, options: ExportOptions): Promise<void> {
  const handle = await ctx.resolveRegistry(registryArg);
  const format = options.format ?? (options.output && !options.output.toLowerCase().endsWith('.json') ? 'dir' : 'json');
  const { result, content } = await runExport({
    source: snapshotSourceFor(ctx, handle),
    format,
    path: options.output === undefined ? undefined : resolve(ctx.deps.cwd, options.output),
    contexts: contextsOption(options.context),
    subjects: listOption(options.subjects),
    exclude: listOption(options.exclude),
    includeDeleted: Boolean(options.includeDeleted),
    exportedAt: sourceDateEpoch(ctx.deps.env),
    progress: ctx.progress(),
  });
  // Without -o the export itself is the result on stdout (it is JSON already).
  if (result.path === null) ctx.out(content);
  else ctx.emit(result, renderExportResult);
}
