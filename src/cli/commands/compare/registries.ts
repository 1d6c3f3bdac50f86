import { compareRegistries } from '../../../core/index.js';
import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';
import { parseFailOn, withFailOn } from './fail-on.js';
import { compareOptionsOf, snapshotSourcesOf, withScopeOptions, type CompareFlags } from './options.js';

/** `compare registries <source> <target>`, the group's default: everything that differs. */
export function registerRegistries(group: Command, run: ActionRunner): void {
  withFailOn(withScopeOptions(group.command('registries <source> <target>', { isDefault: true })))
    .description('every context, subject, version, id, type, reference, compatibility and mode (exit 1 when they differ)')
    .action(
      run(async (ctx, sourceArg: string, targetArg: string, flags: CompareFlags) => {
        const { renderRegistryComparison } = await import('../../render/compare.js');
        const failOn = parseFailOn(flags.failOn);
        const [source, target] = await snapshotSourcesOf(ctx, sourceArg, targetArg);
        const result = await compareRegistries(source, target, compareOptionsOf(ctx, flags));
        ctx.emit(result, renderRegistryComparison, { failOn });
      }),
    );
}
