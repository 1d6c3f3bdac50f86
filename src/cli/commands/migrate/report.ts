import { fileError, reportMigration, UsageError } from '../../../core/index.js';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { DEPRECATED_O, takeDeprecatedOutputPath } from '../../output-format.js';
import { exitCodeForResult } from '../../exit-codes.js';
import type { ActionRunner } from '../../program.js';
import { addFlags } from '../../options/flags.js';
import { scopeOf } from '../../options/scope.js';
import { addMigrateOptions, policyFrom, toMigrationScope, type MigrateCommonOptions } from './options.js';

/** Options of `migrate report`. */
export interface MigrateReportOptions extends MigrateCommonOptions {
  readonly format: 'markdown' | 'html' | 'json';
  readonly out?: string;
  readonly contexts?: string;
}

/** `migrate report <source> <target>`: what a migration would do and what stands in its way. */
export function registerReport(migrate: Command, run: ActionRunner): void {
  const command = addMigrateOptions(
    migrate
      .command('report <source> <target>')
      .description('a migration readiness report: summary, per context and subject, conflicts, compatibility, config drift, plan'),
  )
    .addOption(new Option('--format <format>', 'report format').choices(['markdown', 'html', 'json']).default('markdown'))
    .option('--out <file>', 'write the report to a file (-o <file> still works, deprecated)');
  addFlags(command, [['contexts', 'only these contexts']]).action(
    takeOutputFile(
      run(async (ctx, sourceArg: string, targetArg: string, options: MigrateReportOptions) => {
        const { renderReportHtml, renderReportMarkdown } = await import('../../render/migrate-report.js');
        const { renderJson } = await import('../../render/json.js');
        const { sourceFor, targetFor } = await import('./run-migrate.js');
        if ((options as { deprecatedO?: boolean }).deprecatedO) ctx.warn(DEPRECATED_O);
        const source = await ctx.resolveRegistry(sourceArg);
        const target = await ctx.resolveRegistry(targetArg);
        if (target.kind === 'export') throw new UsageError('E_USAGE_REGISTRY', `${target.name} is an export; a report compares against a live target`);
        const report = await reportMigration({
          source: sourceFor(ctx, source),
          target: targetFor(ctx, target),
          scope: toMigrationScope(scopeOf({ contexts: options.contexts })),
          policy: policyFrom(options),
          dryRun: true,
          stateDir: ctx.stateDir(),
          progress: ctx.progress(),
        });
        const format = ctx.isJson ? 'json' : options.format;
        const text = format === 'json' ? renderJson(report) : format === 'html' ? renderReportHtml(report) : renderReportMarkdown(report);
        const file = options.out;
        if (file) {
          const path = resolve(ctx.deps.cwd, file);
          try {
            writeFileSync(path, text);
          } catch (error) {
            throw fileError('write', path, error);
          }
          ctx.deps.stderr.write(`report written to ${path}\n`);
        } else ctx.out(text);
        ctx.exitCode = exitCodeForResult(report);
      }),
    ),
  );
}

/**
 * `-o <file>` after `report` names the report file (SPEC), but commander gives `-o` to the global
 * `--output`: a value that is not a format moves over to `--out` (deprecated; warned).
 */
function takeOutputFile(action: (...args: unknown[]) => Promise<void>): (...args: unknown[]) => Promise<void> {
  return (...args) => {
    const command = args[args.length - 1] as Command;
    takeDeprecatedOutputPath(command);
    return action(...args);
  };
}
