import { fileError, parseQualifiedSubject, UsageError } from '../../../core/index.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { addFlags } from '../../options/flags.js';
import { parseContext } from '../../options/parsers.js';
import { scopeOf } from '../../options/scope.js';
import type { ActionRunner } from '../../program.js';
import { addMigrateOptions, MIGRATE_WORDING, toMigrationScope, type MigrateScopedOptions } from './options.js';

/** `migrate subjects <subject...> <source> <target>`: the named subjects (and/or --from-file). */
export function registerSubjects(migrate: Command, run: ActionRunner): void {
  const command = addMigrateOptions(
    migrate
      .command('subjects <args...>')
      .usage('[options] <subject...> <source> <target>')
      .description('migrate the named subjects (and/or --from-file, one per line); qualified names (:.team-a:clicks-value) name other contexts'),
  );
  addFlags(command, [
    ['context', 'context of the subjects in the source (default .)'],
    ['targetContext', 'context to migrate them into (default: the same)'],
  ])
    .option('--from-file <file>', 'read subject names from a file (one per line, # comments)')
    .action(
      run(async (ctx, args: string[], options: MigrateScopedOptions) => {
        const { migrateCommand } = await import('./run-migrate.js');
        if (args.length < 2) throw new UsageError('E_USAGE_ARGS', 'give the subjects, then <source> <target>');
        const target = args.pop()!;
        const source = args.pop()!;
        const names = [...args, ...(options.fromFile ? readSubjects(resolve(ctx.deps.cwd, options.fromFile)) : [])];
        if (!names.length) throw new UsageError('E_USAGE_ARGS', 'no subjects given (name them or use --from-file)');
        const named = subjectsScope(names, options.context ? parseContext(options.context, '--context') : '.');
        const scope = { ...scopeOf(options, MIGRATE_WORDING), subjects: named.subjects };
        await migrateCommand(ctx, source, target, toMigrationScope(scope, named.contexts), options);
      }),
    );
}

/**
 * Named subjects, bare (in `context`) or qualified (`:.team-a:clicks-value`, as compare prints them),
 * across as many contexts as they name; each is matched exactly in its own context.
 */
export function subjectsScope(names: readonly string[], context: string): { contexts: string[]; subjects: string[] } {
  const parsed = names.map((name) => parseQualifiedSubject(name, context));
  const empty = parsed.find((p) => !p.subject);
  if (empty) throw new UsageError('E_USAGE_SUBJECT', `a subject name is empty (context ${empty.context})`);
  // Glob characters in a name match themselves here only approximately (`?` is any one character).
  const exact = (name: string) => name.replace(/[*?]/g, '?');
  return {
    contexts: [...new Set(parsed.map((p) => p.context))],
    subjects: parsed.map((p) => `:${p.context}:${exact(p.subject)}`),
  };
}

function readSubjects(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw fileError('read', path, error);
  }
  return text
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean);
}
