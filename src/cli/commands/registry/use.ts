import { readDefaultRegistry, type RegistryDefaultResult, resolveDefaultRegistry, UsageError, writeDefaultRegistry } from '../../../core/index.js';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';

/** `srx registry use [name]`: store the default registry in the state directory, or print it. */
export function registerUse(group: Command, run: ActionRunner): void {
  group
    .command('use [name]')
    .summary('set or print the default registry')
    .description('make <name> the default registry (stored in the state directory, overrides default_registry); without a name, print the default')
    .addHelpText(
      'after',
      `
Examples:
  $ srx registry use staging
  $ srx registry use            prints the default registry's name`,
    )
    .action(
      run(async (ctx, name: string | undefined) => {
        const { renderRegistryDefault } = await import('../../render/registry.js');
        const config = await ctx.config();
        const stateDir = ctx.stateDir();
        const stateFile = join(stateDir, 'settings.json');
        if (name !== undefined) {
          if (!config.registries[name]) {
            const known = Object.keys(config.registries);
            throw new UsageError(
              'E_USAGE_REGISTRY',
              `unknown registry "${name}"${known.length ? ` (configured: ${known.join(', ')})` : ' (no registries configured)'}`,
            );
          }
          writeDefaultRegistry(stateDir, name);
        }
        const defaults = resolveDefaultRegistry(config, readDefaultRegistry(stateDir));
        const result: RegistryDefaultResult = {
          kind: 'registry-default',
          defaultRegistry: defaults.name,
          source: defaults.source,
          changed: name !== undefined,
          stateFile,
        };
        if (!defaults.name && !ctx.isJson) ctx.warn('no default registry; set one with `srx registry use <name>`');
        ctx.emit(result, renderRegistryDefault);
      }),
    );
}
