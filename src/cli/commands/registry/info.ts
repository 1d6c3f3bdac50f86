import { readRegistryInfo } from '../../../core/index.js';
import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';

/** `srx registry info [registry]`: reachability, server, config, counts and capabilities (read-only). */
export function registerInfo(group: Command, run: ActionRunner): void {
  group
    .command('info [registry]')
    .summary('what a registry says and holds (read-only)')
    .description(
      'reachability and latency, vendor/version, global compatibility and mode, counts of contexts, subjects and versions, capabilities (read-only; default registry when none given)',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ srx registry info prod
  $ srx registry info http://localhost:8081 --json`,
    )
    .action(
      run(async (ctx, name: string | undefined) => {
        const { renderRegistryInfo } = await import('../../render/registry.js');
        const handle = await ctx.resolveRegistry(name);
        const progress = ctx.progress();
        progress.start(`reading ${handle.name}`);
        try {
          const result = await readRegistryInfo(ctx.client(handle), handle.entry);
          progress.succeed(`read ${handle.name}`);
          ctx.emit(result, renderRegistryInfo);
        } catch (error) {
          progress.fail(`cannot read ${handle.name}`, error);
          throw error;
        }
      }),
    );
}
