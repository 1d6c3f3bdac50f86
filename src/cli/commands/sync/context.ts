import type { Command } from 'commander';
import { addFlags } from '../../options/flags.js';
import { parseContext } from '../../options/parsers.js';
import { scopeOf } from '../../options/scope.js';
import type { ActionRunner } from '../../program.js';
import { addSyncOptions } from './options.js';
import { syncOnce, type SyncOneShotOptions } from './sync-once.js';

/** `sync context <context> <source> <target>`: one context, once. */
export function registerContext(sync: Command, run: ActionRunner): void {
  addFlags(addSyncOptions(sync.command('context <context> <source> <target>').description('sync one context')), ['subjects', 'exclude']).action(
    run(async (ctx, context: string, source: string, target: string, options: SyncOneShotOptions) => {
      await syncOnce(ctx, source, target, { kind: 'context', context: parseContext(context) }, scopeOf(options), options);
    }),
  );
}
