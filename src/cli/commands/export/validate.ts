import { runExportValidate, UsageError } from '../../../core/index.js';
import type { Command } from 'commander';
import { flagOption } from '../../options/flags.js';
import { withFormat } from '../../output-format.js';
import type { ActionRunner } from '../../program.js';

/** Options of `srx export validate`. */
export interface ExportValidateOptions {
  readonly includeDeleted?: boolean;
  readonly forceImport?: boolean;
}

/** `srx export validate <export> <target>`: could this export be imported? Exit 1 on a blocking finding. */
export function registerValidate(group: Command, run: ActionRunner): void {
  withFormat(group.command('validate <export> <target>'))
    .description(
      'check an export (format, checksums) and whether <target> can take its import: references, id collisions, version conflicts, compatibility, modes',
    )
    .addOption(flagOption('includeDeleted', 'check as `import --include-deleted` would run'))
    .addOption(flagOption('forceImport', 'check as `import --force-import` would run'))
    .addHelpText(
      'after',
      `
Examples:
  $ srx export validate backups/prod.json dr
  $ srx export validate ./exports/staging prod --json | jq '.findings[] | select(.severity == "blocking")'

Exit codes: 0 nothing blocking, 1 blocking findings, 2 corrupted export or usage error, 3 target unreachable.`,
    )
    .action(
      run(async (ctx, exportArg: string, targetArg: string, options: ExportValidateOptions) => {
        const { renderExportValidation } = await import('../../render/export.js');
        const { registryRefOf } = await import('../../sources.js');
        const source = await ctx.resolveRegistry(exportArg);
        if (source.kind !== 'export')
          throw new UsageError('E_USAGE_REGISTRY', `${exportArg} is not an export (give the path of a .json export file or an export directory)`);
        const target = await ctx.resolveRegistry(targetArg);
        if (target.kind !== 'http') throw new UsageError('E_USAGE_REGISTRY', `${targetArg} is an export; validate against a live registry`);
        const result = await runExportValidate({
          exportPath: source.exportPath,
          exportName: source.name,
          target: { kind: 'http', client: ctx.client(target), registry: registryRefOf(target) },
          includeDeleted: options.includeDeleted,
          forceImport: options.forceImport,
          progress: ctx.progress(),
        });
        ctx.emit(result, renderExportValidation);
      }),
    );
}
