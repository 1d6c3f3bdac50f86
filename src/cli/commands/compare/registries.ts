import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import type { ActionRunner } from '../../program.js';
import { parseFailOn, withFailOn } from './fail-on.js';
import { compareOptionsOf, withScopeOptions, type CompareFlags } from './options.js';

/** `compare registries <source> <target>` (the default) and `compare contexts --context`. */
export function registerRegistries(group: Command, run: ActionRunner): void {
  withFailOn(withScopeOptions(group.command('registries <source> <target>', { isDefault: true })))
    .description('every context, subject, version, id, type, reference, compatibility and mode (exit 1 when they differ)')
    .action(
      run(async (ctx, sourceArg: string, targetArg: string, flags: CompareFlags) => {
        const { compareRegistries } = await import('../../../core/operations/compare.js');
        const { renderRegistryComparison } = await import('../../render/compare.js');
        const { snapshotSourceFor } = await import('../../sources.js');
        const failOn = parseFailOn(flags.failOn);
        const [source, target] = await Promise.all([ctx.resolveRegistry(sourceArg), ctx.resolveRegistry(targetArg)]);
        const result = await compareRegistries(snapshotSourceFor(ctx, source), snapshotSourceFor(ctx, target), compareOptionsOf(ctx, flags));
        ctx.emit(result, renderRegistryComparison, { failOn });
      }),
    );

  withFailOn(withScopeOptions(group.command('contexts <source> <target>')))
    .description('one context against one context (--context, --target-context)')
    .action(
      run(async (ctx, sourceArg: string, targetArg: string, flags: CompareFlags) => {
        const { compareRegistries } = await import('../../../core/operations/compare.js');
        const { renderRegistryComparison } = await import('../../render/compare.js');
        const { snapshotSourceFor } = await import('../../sources.js');
        const failOn = parseFailOn(flags.failOn);
        if (!flags.context)
          throw new UsageError('E_USAGE_OPTION', 'compare contexts needs --context <ctx>', 'e.g. --context .team-a [--target-context .team-b]');
        const [source, target] = await Promise.all([ctx.resolveRegistry(sourceArg), ctx.resolveRegistry(targetArg)]);
        const result = await compareRegistries(snapshotSourceFor(ctx, source), snapshotSourceFor(ctx, target), compareOptionsOf(ctx, flags));
        ctx.emit(result, renderRegistryComparison, { failOn });
      }),
    );
}
