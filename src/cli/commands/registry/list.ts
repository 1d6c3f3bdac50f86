import { listRegistries, readDefaultRegistry, resolveDefaultRegistry } from '../../../core/index.js';
import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';

/** `srx registry list`: every configured registry, secrets masked; no network. */
export function registerList(group: Command, run: ActionRunner): void {
  group
    .command('list')
    .alias('ls')
    .summary('configured registries (no network)')
    .description('configured registries: URL (credentials masked), auth, TLS, readonly/protected, description, default (no network)')
    .addHelpText(
      'after',
      `
Examples:
  $ srx registry list
  $ srx registry list --json | jq -r '.registries[].name'`,
    )
    .action(
      run(async (ctx) => {
        const { renderRegistryList } = await import('../../render/registry.js');
        const config = await ctx.config();
        const stored = readDefaultRegistry(ctx.stateDir());
        const defaults = resolveDefaultRegistry(config, stored);
        if (stored && defaults.source !== 'state') ctx.warn(`the default chosen with \`srx registry use\` ("${stored}") is no longer configured`);
        ctx.emit(listRegistries(config, defaults), renderRegistryList);
      }),
    );
}
