import { findMissingSchemas } from '../../../core/index.js';
import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';
import { parseFailOn, withFailOn } from './fail-on.js';
import { compareOptionsOf, snapshotSourcesOf, withScopeOptions, type CompareFlags } from './options.js';

/** `compare missing <source> <target>`: versions the target lacks. */
export function registerMissing(group: Command, run: ActionRunner): void {
  withFailOn(withScopeOptions(group.command('missing <source> <target>'), { config: false }))
    .description('versions present in source and absent in target')
    .action(
      run(async (ctx, sourceArg: string, targetArg: string, flags: CompareFlags) => {
        const { renderMissing } = await import('../../render/compare.js');
        const failOn = parseFailOn(flags.failOn);
        const [source, target] = await snapshotSourcesOf(ctx, sourceArg, targetArg);
        const result = await findMissingSchemas(source, target, compareOptionsOf(ctx, flags));
        ctx.emit(result, renderMissing, { failOn });
      }),
    );
}
