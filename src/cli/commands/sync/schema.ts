import { parseQualifiedSubject, UsageError } from '../../../core/index.js';
import type { Command } from 'commander';
import { scopeOf } from '../../options/scope.js';
import type { ActionRunner } from '../../program.js';
import { addSyncOptions } from './options.js';
import { syncOnce, type SyncOneShotOptions } from './sync-once.js';

/** `sync schema <subject> <source> <target>`: one subject, once. */
export function registerSchema(sync: Command, run: ActionRunner): void {
  addSyncOptions(sync.command('schema <subject> <source> <target>').description('sync one subject (`:.ctx:name` for another context)')).action(
    run(async (ctx, subject: string, source: string, target: string, options: SyncOneShotOptions) => {
      const { context, subject: name } = parseQualifiedSubject(subject);
      if (!name) throw new UsageError('E_USAGE_SUBJECT', 'the subject name is empty');
      await syncOnce(ctx, source, target, { kind: 'subject', context, subject: name }, scopeOf(options), options);
    }),
  );
}
