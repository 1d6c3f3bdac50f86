import { compareSubjectNames } from '../../../core/index.js';
import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';
import { parseFailOn, withFailOn } from './fail-on.js';
import { compareOptionsOf, snapshotSourcesOf, withScopeOptions, type CompareFlags } from './options.js';

/** `compare subjects <source> <target>`: subject names only. */
export function registerSubjects(group: Command, run: ActionRunner): void {
  withFailOn(withScopeOptions(group.command('subjects <source> <target>'), { config: false }))
    .description('subject names only: only in source, only in target, in both')
    .action(
      run(async (ctx, sourceArg: string, targetArg: string, flags: CompareFlags) => {
        const { renderSubjectNames } = await import('../../render/compare.js');
        const failOn = parseFailOn(flags.failOn);
        const [source, target] = await snapshotSourcesOf(ctx, sourceArg, targetArg);
        const result = await compareSubjectNames(source, target, compareOptionsOf(ctx, flags));
        ctx.emit(result, renderSubjectNames, { failOn });
      }),
    );
}
