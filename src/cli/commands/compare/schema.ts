import { diffSchema, UsageError } from '../../../core/index.js';
import type { Command } from 'commander';
import { addFlags } from '../../options/flags.js';
import { withFormat } from '../../output-format.js';
import type { ActionRunner } from '../../program.js';
import { parseFailOn, withFailOn } from './fail-on.js';

/** Options of `compare schema` / `srx diff`. */
interface SchemaDiffFlags {
  readonly context?: string;
  readonly targetContext?: string;
  readonly version?: string;
  readonly targetVersion?: string;
  readonly includeDeleted?: boolean;
  readonly failOn?: string;
}

/** `compare schema <subject> <source> <target>`, also registered as top-level `srx diff`. */
export function registerSchemaDiff(command: Command, run: ActionRunner): Command {
  withFailOn(withFormat(command)).description(
    "coloured unified diff of one subject's normalized schemas (latest against latest by default), then the semantic changes with a verdict per compatibility level",
  );
  addFlags(command, [
    ['context', 'context of the subject (or write it qualified: :.team-a:orders-value)'],
    ['targetContext', 'context of the subject in the target (default: the same)'],
  ])
    .option('--version <v>', 'source version (number or latest)')
    .option('--target-version <v>', 'target version (default latest)');
  return addFlags(command, [['includeDeleted', 'allow soft-deleted versions']]).action(
    run(async (ctx, subject: string, sourceArg: string, targetArg: string, flags: SchemaDiffFlags) => {
      const { renderSchemaDiff } = await import('../../render/diff.js');
      const { snapshotSourceFor } = await import('../../sources.js');
      const failOn = parseFailOn(flags.failOn);
      const [source, target] = await Promise.all([ctx.resolveRegistry(sourceArg), ctx.resolveRegistry(targetArg)]);
      const result = await diffSchema(subject, snapshotSourceFor(ctx, source), snapshotSourceFor(ctx, target), {
        context: flags.context,
        targetContext: flags.targetContext,
        version: versionOf(flags.version, '--version'),
        targetVersion: versionOf(flags.targetVersion, '--target-version'),
        includeDeleted: Boolean(flags.includeDeleted),
      });
      ctx.emit(result, renderSchemaDiff, { failOn });
    }),
  );
}

function versionOf(text: string | undefined, flag: string): number | 'latest' | undefined {
  if (text === undefined || text === 'latest') return text;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError('E_USAGE_OPTION', `${flag} must be a version number or latest, got "${text}"`);
  return n;
}
