import type { Command } from 'commander';
import { addFlags } from '../../options/flags.js';
import { scopeOf } from '../../options/scope.js';
import type { ActionRunner } from '../../program.js';
import { addSyncOptions } from './options.js';
import { syncOnce, type SyncOneShotOptions } from './sync-once.js';

/** `sync registries <source> <target>`: whole registries (or the contexts of --contexts), once. */
export function registerRegistries(sync: Command, run: ActionRunner): void {
  const command = addSyncOptions(sync.command('registries <source> <target>').description('sync whole registries (every context unless --contexts)'));
  addFlags(command, ['contexts', 'subjects', 'exclude']).action(
    run(async (ctx, source: string, target: string, options: SyncOneShotOptions) => {
      const scope = scopeOf(options);
      await syncOnce(ctx, source, target, { kind: 'registry', ...(scope.contexts ? { contexts: scope.contexts } : {}) }, scope, options);
    }),
  );
}
