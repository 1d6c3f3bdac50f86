import { compareRegistries, UsageError } from '../../../core/index.js';
import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';
import { parseFailOn, withFailOn } from './fail-on.js';
import { compareOptionsOf, snapshotSourcesOf, withScopeOptions, type CompareFlags } from './options.js';

/** `compare contexts <source> <target> --context <ctx>`: one context against one context. */
export function registerContexts(group: Command, run: ActionRunner): void {
  withFailOn(withScopeOptions(group.command('contexts <source> <target>')))
    .description('one context against one context (--context, --target-context)')
    .action(
      run(async (ctx, sourceArg: string, targetArg: string, flags: CompareFlags) => {
        const { renderRegistryComparison } = await import('../../render/compare.js');
        const failOn = parseFailOn(flags.failOn);
        if (!flags.context)
          throw new UsageError('E_USAGE_OPTION', 'compare contexts needs --context <ctx>', 'e.g. --context .team-a [--target-context .team-b]');
        const [source, target] = await snapshotSourcesOf(ctx, sourceArg, targetArg);
        const result = await compareRegistries(source, target, compareOptionsOf(ctx, flags));
        ctx.emit(result, renderRegistryComparison, { failOn });
      }),
    );
}
