import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';
import { parseFailOn, withFailOn } from './fail-on.js';
import { compareOptionsOf, withScopeOptions, type CompareFlags } from './options.js';

/** `compare subjects`, `compare missing`, `compare conflicts`. */
export function registerFindings(group: Command, run: ActionRunner): void {
  withFailOn(withScopeOptions(group.command('subjects <source> <target>'), { config: false }))
    .description('subject names only: only in source, only in target, in both')
    .action(
      run(async (ctx, sourceArg: string, targetArg: string, flags: CompareFlags) => {
        const { compareSubjectNames } = await import('../../../core/operations/compare.js');
        const { renderSubjectNames } = await import('../../render/compare.js');
        const { snapshotSourceFor } = await import('../../sources.js');
        const failOn = parseFailOn(flags.failOn);
        const [source, target] = await Promise.all([ctx.resolveRegistry(sourceArg), ctx.resolveRegistry(targetArg)]);
        const result = await compareSubjectNames(snapshotSourceFor(ctx, source), snapshotSourceFor(ctx, target), compareOptionsOf(ctx, flags));
        ctx.emit(result, renderSubjectNames, { failOn });
      }),
    );

  withFailOn(withScopeOptions(group.command('missing <source> <target>'), { config: false }))
    .description('versions present in source and absent in target')
    .action(
      run(async (ctx, sourceArg: string, targetArg: string, flags: CompareFlags) => {
        const { findMissingSchemas } = await import('../../../core/operations/compare.js');
        const { renderMissing } = await import('../../render/compare.js');
        const { snapshotSourceFor } = await import('../../sources.js');
        const failOn = parseFailOn(flags.failOn);
        const [source, target] = await Promise.all([ctx.resolveRegistry(sourceArg), ctx.resolveRegistry(targetArg)]);
        const result = await findMissingSchemas(snapshotSourceFor(ctx, source), snapshotSourceFor(ctx, target), compareOptionsOf(ctx, flags));
        ctx.emit(result, renderMissing, { failOn });
      }),
    );

  withFailOn(withScopeOptions(group.command('conflicts <source> <target>'), { config: false }))
    .description('what would break a migration: content, schema type, id collisions, incompatible versions')
    .option('--verify-with-registry', 'ask the target registry (POST /compatibility) instead of judging missing versions locally')
    .action(
      run(async (ctx, sourceArg: string, targetArg: string, flags: CompareFlags) => {
        const { findConflicts } = await import('../../../core/operations/compare-conflicts.js');
        const { renderConflicts } = await import('../../render/compare.js');
        const { snapshotSourceFor } = await import('../../sources.js');
        const failOn = parseFailOn(flags.failOn);
        const [source, target] = await Promise.all([ctx.resolveRegistry(sourceArg), ctx.resolveRegistry(targetArg)]);
        const result = await findConflicts(snapshotSourceFor(ctx, source), snapshotSourceFor(ctx, target), {
          ...compareOptionsOf(ctx, flags),
          verifyWithRegistry: Boolean(flags.verifyWithRegistry),
        });
        ctx.emit(result, renderConflicts, { failOn });
      }),
    );
}
