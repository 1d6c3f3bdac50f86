import { SYNC_DIRECTIONS } from '../../core/index.js';
import { Option, type Command } from 'commander';

/** One flag as data: what commander needs to declare it. */
export interface FlagDefinition {
  /** `--context`, `--no-copy-config`. */
  readonly long: string;
  /** The value placeholder (`<ctx>`); none for a boolean flag. */
  readonly value?: string;
  readonly description: string;
  readonly defaultValue?: string;
  readonly choices?: readonly string[];
  /** The flag may be given again; each value is collected into an array. */
  readonly repeatable?: boolean;
}

/**
 * The scope and policy flags of compare, migrate, sync and export, declared once. A `--no-x` sits beside
 * its `--x`. Where commands say it differently, the command gives its own description (see FlagUse).
 */
export const FLAGS = {
  // Scope: what is read or written.
  context: { long: '--context', value: '<ctx>', description: 'compare this context only (`.` is the default context)' },
  contextList: { long: '--context', value: '<contexts>', description: 'only these contexts (comma-separated: ., .team-a)' },
  targetContext: { long: '--target-context', value: '<ctx>', description: 'target context to compare it with (default: the same name)' },
  contexts: { long: '--contexts', value: '<list>', description: 'only these contexts (comma-separated)' },
  subjects: { long: '--subjects', value: '<globs>', description: 'only these subjects (comma-separated globs)' },
  exclude: { long: '--exclude', value: '<globs>', description: 'leave these subjects out' },
  includeDeleted: { long: '--include-deleted', description: 'include soft-deleted versions' },
  allowEmpty: { long: '--allow-empty', description: 'a context or subject that matches nothing is not an error' },
  scope: { long: '--scope', value: '<scope>', description: 'registry, context:<ctx> or subject:<name>', defaultValue: 'registry' },
  // Policy: how it is compared or copied.
  noConfig: { long: '--no-config', description: 'do not compare compatibility and mode' },
  ignoreIds: { long: '--ignore-ids', description: 'content only: ids that differ are info, not differences or id collisions' },
  direction: { long: '--direction', value: '<direction>', description: 'which way to copy', choices: SYNC_DIRECTIONS, defaultValue: 'source-to-target' },
  propagateDeletes: { long: '--propagate-deletes', description: 'soft-delete in the target what the source soft-deleted' },
  preserveIds: { long: '--preserve-ids', description: 'copy ids and version numbers through IMPORT mode (default)' },
  noPreserveIds: { long: '--no-preserve-ids', description: 'let the target assign ids and versions (writes the mapping with --id-map)' },
  versions: { long: '--versions', value: '<which>', description: 'all, latest, or version numbers 1,3,5', defaultValue: 'all' },
  withReferences: { long: '--with-references', description: 'migrate referenced subjects too, even outside the scope (default)' },
  noWithReferences: { long: '--no-with-references', description: 'referenced versions must already be in the target' },
  copyConfig: { long: '--copy-config', description: 'copy subject compatibility after the versions (default)' },
  noCopyConfig: { long: '--no-copy-config', description: 'do not copy subject compatibility' },
  copyContextConfig: {
    long: '--copy-context-config',
    description: 'copy the compatibility level of each context migrated as a whole, for . the global level (default)',
  },
  noCopyContextConfig: { long: '--no-copy-context-config', description: 'leave context and global compatibility levels of the target as they are' },
  onConflict: {
    long: '--on-conflict',
    value: '<what>',
    description: 'fail: stop before any write; skip: leave conflicting subjects out',
    choices: ['fail', 'skip'],
    defaultValue: 'fail',
  },
  forceImport: { long: '--force-import', description: 'allow IMPORT mode on a target subject that already has versions' },
  noForceImport: {
    long: '--no-force-import',
    description: 'refuse IMPORT mode on a target subject that already has versions (default for sync: allowed)',
  },
  dryRun: { long: '--dry-run', description: 'plan only; nothing written' },
  planOut: { long: '--plan-out', value: '<file>', description: 'write the plan (JSON) for `srx migrate apply`' },
  idMap: { long: '--id-map', value: '<file>', description: 'write the source → target id mapping (JSON)' },
} as const satisfies Record<string, FlagDefinition>;

/** A flag's name in FLAGS. */
export type FlagName = keyof typeof FLAGS;

/** How a command may say a flag its own way: its description, or other fields. */
export type FlagOverride = string | Partial<Omit<FlagDefinition, 'long'>>;

/** A flag a command takes: by name, or with the command's own description (or other fields). */
export type FlagUse = FlagName | readonly [FlagName, FlagOverride];

/** Declares the flags on `command`, in the order given (the order `--help` shows). */
export function addFlags(command: Command, uses: readonly FlagUse[]): Command {
  for (const use of uses) command.addOption(typeof use === 'string' ? flagOption(use) : flagOption(use[0], use[1]));
  return command;
}

/** One flag as a commander Option, for `command.addOption(...)` among a command's own options. */
export function flagOption(name: FlagName, override: FlagOverride = {}): Option {
  const flag: FlagDefinition = { ...FLAGS[name], ...(typeof override === 'string' ? { description: override } : override) };
  const option = new Option(flag.value ? `${flag.long} ${flag.value}` : flag.long, flag.description);
  if (flag.choices) option.choices(flag.choices);
  if (flag.defaultValue !== undefined) option.default(flag.defaultValue);
  if (flag.repeatable) option.argParser(collect);
  return option;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
