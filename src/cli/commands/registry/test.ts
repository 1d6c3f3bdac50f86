import { type RegistryEntry, testRegistries, UsageError } from '../../../core/index.js';
import type { Command } from 'commander';
import type { ActionRunner } from '../../program.js';

/** Without --timeout or a configured one, a test gives up quickly. */
const TEST_TIMEOUT_MS = 5000;

/** `srx registry test [names...]`: connect and authenticate, no retries; exit 3 if any failed. */
export function registerTest(group: Command, run: ActionRunner): void {
  group
    .command('test [registries...]')
    .summary('connect and authenticate; exit 3 if any failed')
    .description('connect and authenticate to each registry (all by default): ok/failed, reason, latency; exit 3 if any failed')
    .option('--all', 'every configured registry (the default when none is named)')
    .addHelpText(
      'after',
      `
Reasons: unknown-host, refused, tls, unauthorized (401), forbidden (403), timeout, http-error, network.
Examples:
  $ srx registry test
  $ srx registry test prod staging --timeout 2000
  $ srx registry test --json`,
    )
    .action(
      run(async (ctx, names: string[]) => {
        const { renderRegistryTest } = await import('../../render/registry.js');
        const config = await ctx.config();
        const entries: RegistryEntry[] = [];
        if (names.length === 0) entries.push(...Object.values(config.registries));
        for (const name of new Set(names)) entries.push((await ctx.resolveRegistry(name)).entry);
        if (entries.length === 0)
          throw new UsageError('E_USAGE_REGISTRY', 'no registries configured', 'see `srx registry --help` and the README for configuration');
        const result = await testRegistries(entries, (entry) =>
          ctx.client(
            { name: entry.name, entry, kind: 'http' },
            {
              retry: { retries: 0 },
              timeoutMs: ctx.global.timeout ?? entry.timeout ?? TEST_TIMEOUT_MS,
            },
          ),
        );
        ctx.emit(result, renderRegistryTest);
      }),
    );
}
