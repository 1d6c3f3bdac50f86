import { type ExportLayout, runExport, UsageError } from '../../../core/index.js';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { DEPRECATED_O, takeDeprecatedOutputPath } from '../../output-format.js';
import type { ActionRunner } from '../../program.js';
import { addFlags } from '../../options/flags.js';
import { exportScopeOf, sourceDateEpoch, type ExportScopeFlags } from './shared.js';

/** Options of `srx export <registry>`. */
export interface ExportOptions extends ExportScopeFlags {
  readonly out?: string;
  readonly deprecatedO?: boolean;
  readonly format?: ExportLayout;
  readonly includeDeleted?: boolean;
  readonly allowEmpty?: boolean;
}

/**
 * `srx export <registry>` is the group's default subcommand (`srx export registry <registry>`):
 * options on the group itself would swallow those of `export import|validate`.
 */
export function registerExportRegistry(group: Command, run: ActionRunner): void {
  const command = group
    .command('registry', { isDefault: true })
    .description('export a registry (or an export) to stdout, a JSON file or a directory; `srx export <registry>` for short')
    .addHelpText(
      'after',
      `
Examples:
  $ srx export prod --out backups/prod.json
  $ srx export prod --out backups/prod --include-deleted            # a directory: manifest.json + one file per version
  $ srx export staging --context .team-a --subjects 'orders-*' > orders.json
  $ SOURCE_DATE_EPOCH=0 srx export prod --out prod.json            # fixed exportedAt: byte-identical re-exports`,
    );
  command
    .argument('[registry]', 'registry name, http(s) URL, or an srx export to re-export (default: the default registry)')
    .option('--out <path>', 'write to this file (json) or directory (dir); without it the JSON goes to stdout (not to a terminal)')
    .addOption(
      new Option('--format <format>', 'json: one file; dir: manifest.json + one file per version (default: dir when -o does not end in .json)').choices([
        'json',
        'dir',
      ]),
    );
  addFlags(command, [
    'contextList',
    'subjects',
    'exclude',
    ['includeDeleted', 'export soft-deleted versions too (flagged deleted)'],
    ['allowEmpty', '--context/--subjects selecting nothing is not an error'],
  ])
    .hook('preAction', (_command, action) => {
      if (action === command) takeDeprecatedOutputPath(command);
    })
    .action(run(async (ctx, registry: string | undefined, options: ExportOptions) => exportRegistry(ctx, registry, options)));
}

async function exportRegistry(ctx: CommandContext, registryArg: string | undefined, options: ExportOptions): Promise<void> {
  const { renderExportResult } = await import('../../render/export.js');
  const { snapshotSourceFor } = await import('../../sources.js');
  if (options.deprecatedO) ctx.warn(DEPRECATED_O);
  if (options.out === undefined && ctx.deps.stdout.isTTY && !ctx.isJson) {
    throw new UsageError(
      'E_USAGE_OUTPUT',
      'refusing to print a whole export on a terminal',
      'write it to a file with --out <path>, or pipe it (srx export prod > prod.json)',
    );
  }
  const handle = await ctx.resolveRegistry(registryArg);
  const scope = exportScopeOf(options);
  const format = options.format ?? (options.out && !options.out.toLowerCase().endsWith('.json') ? 'dir' : 'json');
  const { result, content } = await runExport({
    source: snapshotSourceFor(ctx, handle),
    format,
    path: options.out === undefined ? undefined : resolve(ctx.deps.cwd, options.out),
    contexts: scope.contexts,
    subjects: scope.subjects,
    exclude: scope.exclude,
    includeDeleted: scope.includeDeleted,
    exportedAt: sourceDateEpoch(ctx.deps.env),
    progress: ctx.progress(),
    allowEmpty: scope.allowEmpty,
  });
  // Without -o the export itself is the result on stdout (it is JSON already).
  if (result.path === null) ctx.out(content);
  else ctx.emit(result, renderExportResult);
}
