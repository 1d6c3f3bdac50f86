import type { Command } from 'commander';
import { compareSubjectNames, findMissingSchemas } from '../../../core/operations/compare.js';
import { findConflicts } from '../../../core/operations/compare-conflicts.js';
import type { ActionRunner } from '../../program.js';
import { renderConflicts, renderMissing, renderSubjectNames } from '../../render/compare.js';
import { snapshotSourceFor } from '../../sources.js';
import { compareOptionsOf, withScopeOptions, type CompareFlags } from './options.js';

/** `compare subjects`, `compare missing`, `compare conflicts`. */
export function registerFindings(group: Command, run: ActionRunner): void {
  withScopeOptions(group.command('subjects <source> <target>'), { config: false })
    .description('subject names only: only in source, only in target, in both')
    .action(run(async (ctx, sourceArg: string, targetArg: string, flags: CompareFlags) => {
      const [source, target] = await Promise.all([ctx.resolveRegistry(sourceArg), ctx.resolveRegistry(targetArg)]);
      const result = await compareSubjectNames(snapshotSourceFor(ctx, source), snapshotSourceFor(ctx, target), compareOptionsOf(ctx, flags));
      ctx.emit(result, renderSubjectNames, result.onlyInSource.length + result.onlyInTarget.length ? 1 : 0);
    }));

  withScopeOptions(group.command('missing <source> <target>'), { config: false })
    .description('versions present in source and absent in target')
    .action(run(async (ctx, sourceArg: string, targetArg: string, flags: CompareFlags) => {
      const [source, target] = await Promise.all([ctx.resolveRegistry(sourceArg), ctx.resolveRegistry(targetArg)]);
      const result = await findMissingSchemas(snapshotSourceFor(ctx, source), snapshotSourceFor(ctx, target), compareOptionsOf(ctx, flags));
      ctx.emit(result, renderMissing, result.missing.length ? 1 : 0);
    }));

  withScopeOptions(group.command('conflicts <source> <target>'), { config: false })
    .description('what would break a migration: content, schema type, id collisions, incompatible versions')
    .action(run(async (ctx, sourceArg: string, targetArg: string, flags: CompareFlags) => {
      const [source, target] = await Promise.all([ctx.resolveRegistry(sourceArg), ctx.resolveRegistry(targetArg)]);
      const result = await findConflicts(snapshotSourceFor(ctx, source), snapshotSourceFor(ctx, target), compareOptionsOf(ctx, flags));
      ctx.emit(result, renderConflicts, result.conflicts.length ? 1 : 0);
    }));
}
