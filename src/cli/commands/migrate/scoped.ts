import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { normalizeContext, parseQualifiedSubject } from '../../../core/registry/paths.js';
import { addFlags } from '../../options/flags.js';
import { parseContext } from '../../options/parsers.js';
import { scopeOf, type ScopeFlags } from '../../options/scope.js';
import type { ActionRunner } from '../../program.js';
import { addMigrateOptions, toMigrationScope, type MigrateCommonOptions } from './options.js';

/** Options of `migrate schema|context|registry|subjects`. */
export interface MigrateScopedOptions extends MigrateCommonOptions, ScopeFlags {
  readonly sourceContext?: string;
  readonly subjects?: string;
  readonly exclude?: string;
  readonly fromFile?: string;
}

/** How migrate names its context flags in errors. */
const WORDING = { context: '--context', targetContext: '--target-context' };

/** Registers migrate schema, context, registry and subjects. */
export function registerScoped(migrate: Command, run: ActionRunner): void {
  const schema = addMigrateOptions(
    migrate.command('schema <subject> <source> <target>').description('migrate one subject (`:.ctx:name` names another context)'),
  ).option('--source-context <ctx>', 'context of the subject in the source (default .)');
  addFlags(schema, [['targetContext', 'context to migrate it into (default: the same)']]).action(
    run(async (ctx, subject: string, source: string, target: string, options: MigrateScopedOptions) => {
      const { migrateCommand } = await import('./run-migrate.js');
      const parsed = parseQualifiedSubject(subject, options.sourceContext ? parseContext(options.sourceContext, '--source-context') : '.');
      if (!parsed.subject) throw new UsageError('E_USAGE_SUBJECT', 'the subject name is empty');
      const scope = { ...scopeOf(options, WORDING), subjects: [parsed.subject] };
      await migrateCommand(ctx, source, target, toMigrationScope(scope, [parsed.context]), options);
    }),
  );
  const contextCommand = addMigrateOptions(
    migrate.command('context <context> <source> <target>').description('migrate one context (optionally into another: --target-context)'),
  );
  addFlags(contextCommand, [['targetContext', 'context to migrate into (default: the same)'], 'subjects', 'exclude']).action(
    run(async (ctx, context: string, source: string, target: string, options: MigrateScopedOptions) => {
      const { migrateCommand } = await import('./run-migrate.js');
      const contexts = [parseContext(context)];
      await migrateCommand(ctx, source, target, toMigrationScope(scopeOf(options, WORDING), contexts), options);
    }),
  );
  const registry = addMigrateOptions(migrate.command('registry <source> <target>').description('migrate a whole registry (every context unless --contexts)'));
  addFlags(registry, ['contexts', 'subjects', 'exclude']).action(
    run(async (ctx, source: string, target: string, options: MigrateScopedOptions) => {
      const { migrateCommand } = await import('./run-migrate.js');
      await migrateCommand(ctx, source, target, toMigrationScope(scopeOf(options, WORDING)), options);
    }),
  );
  const subjects = addMigrateOptions(
    migrate
      .command('subjects <args...>')
      .usage('[options] <subject...> <source> <target>')
      .description('migrate the named subjects (and/or --from-file, one per line); qualified names (:.team-a:clicks-value) name other contexts'),
  );
  addFlags(subjects, [
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
        const scope = scopeOf(options, WORDING);
        const named = subjectsScope(names, scope.context ? normalizeContext(scope.context) : '.');
        await migrateCommand(ctx, source, target, toMigrationScope({ ...scope, subjects: named.subjects }, named.contexts), options);
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
    throw new UsageError('E_USAGE_FILE', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return text
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean);
}
