import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { parseQualifiedSubject } from '../../../core/registry/paths.js';
import { parseGlobList } from '../../../core/snapshot/glob.js';
import type { ActionRunner } from '../../program.js';
import { addMigrateOptions, parseContext, parseContextList, type MigrateCommonOptions } from './options.js';

/** Options of `migrate schema|context|registry|subjects`. */
export interface MigrateScopedOptions extends MigrateCommonOptions {
  readonly sourceContext?: string;
  readonly targetContext?: string;
  readonly context?: string;
  readonly contexts?: string;
  readonly subjects?: string;
  readonly exclude?: string;
  readonly fromFile?: string;
}

/** Registers migrate schema, context, registry and subjects. */
export function registerScoped(migrate: Command, run: ActionRunner): void {
  addMigrateOptions(migrate.command('schema <subject> <source> <target>').description('migrate one subject (`:.ctx:name` names another context)'))
    .option('--source-context <ctx>', 'context of the subject in the source (default .)')
    .option('--target-context <ctx>', 'context to migrate it into (default: the same)')
    .action(
      run(async (ctx, subject: string, source: string, target: string, options: MigrateScopedOptions) => {
        const { migrateCommand } = await import('./run-migrate.js');
        const parsed = parseQualifiedSubject(subject, options.sourceContext ? parseContext(options.sourceContext, '--source-context') : '.');
        if (!parsed.subject) throw new UsageError('E_USAGE_SUBJECT', 'the subject name is empty');
        await migrateCommand(ctx, source, target, { contexts: [parsed.context], subjects: [parsed.subject], ...targetContext(options) }, options);
      }),
    );
  addMigrateOptions(migrate.command('context <context> <source> <target>').description('migrate one context (optionally into another: --target-context)'))
    .option('--target-context <ctx>', 'context to migrate into (default: the same)')
    .option('--subjects <globs>', 'only these subjects (comma-separated globs)')
    .option('--exclude <globs>', 'leave these subjects out')
    .action(
      run(async (ctx, context: string, source: string, target: string, options: MigrateScopedOptions) => {
        const { migrateCommand } = await import('./run-migrate.js');
        await migrateCommand(ctx, source, target, { contexts: [parseContext(context)], ...globs(options), ...targetContext(options) }, options);
      }),
    );
  addMigrateOptions(migrate.command('registry <source> <target>').description('migrate a whole registry (every context unless --contexts)'))
    .option('--contexts <list>', 'only these contexts (comma-separated)')
    .option('--subjects <globs>', 'only these subjects (comma-separated globs)')
    .option('--exclude <globs>', 'leave these subjects out')
    .action(
      run(async (ctx, source: string, target: string, options: MigrateScopedOptions) => {
        const { migrateCommand } = await import('./run-migrate.js');
        await migrateCommand(ctx, source, target, { contexts: parseContextList(options.contexts), ...globs(options) }, options);
      }),
    );
  addMigrateOptions(
    migrate
      .command('subjects <args...>')
      .usage('[options] <subject...> <source> <target>')
      .description('migrate the named subjects (and/or --from-file, one per line); qualified names (:.team-a:clicks-value) name other contexts'),
  )
    .option('--context <ctx>', 'context of the subjects in the source (default .)')
    .option('--target-context <ctx>', 'context to migrate them into (default: the same)')
    .option('--from-file <file>', 'read subject names from a file (one per line, # comments)')
    .action(
      run(async (ctx, args: string[], options: MigrateScopedOptions) => {
        const { migrateCommand } = await import('./run-migrate.js');
        if (args.length < 2) throw new UsageError('E_USAGE_ARGS', 'give the subjects, then <source> <target>');
        const target = args.pop()!;
        const source = args.pop()!;
        const names = [...args, ...(options.fromFile ? readSubjects(resolve(ctx.deps.cwd, options.fromFile)) : [])];
        if (!names.length) throw new UsageError('E_USAGE_ARGS', 'no subjects given (name them or use --from-file)');
        const context = options.context ? parseContext(options.context, '--context') : '.';
        await migrateCommand(ctx, source, target, { ...subjectsScope(names, context), ...targetContext(options) }, options);
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

function targetContext(options: MigrateScopedOptions): { targetContext?: string } {
  return options.targetContext ? { targetContext: parseContext(options.targetContext, '--target-context') } : {};
}

function globs(options: MigrateScopedOptions): { subjects?: string[]; exclude?: string[] } {
  const subjects = parseGlobList(options.subjects);
  const exclude = parseGlobList(options.exclude);
  return { ...(subjects.length ? { subjects } : {}), ...(exclude.length ? { exclude } : {}) };
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
