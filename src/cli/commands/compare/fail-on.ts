import { UsageError } from '../../../core/index.js';
import type { Command } from 'commander';
import { FAIL_ON, type FailOn } from '../../exit-codes.js';
import { parseList } from '../../options/parsers.js';

/** Adds `--fail-on <kinds>` to a compare command. */
export function withFailOn(command: Command): Command {
  return command.option('--fail-on <kinds>', `exit 1 only for these findings (comma-separated: ${FAIL_ON.join(', ')}); default: the command's usual findings`);
}

/** The parsed `--fail-on` list, or undefined when not given; an unknown kind is a UsageError (exit 2). */
export function parseFailOn(text: string | undefined): ReadonlySet<FailOn> | undefined {
  if (text === undefined) return undefined;
  const kinds = parseList(text) ?? [];
  const unknown = kinds.filter((k) => !(FAIL_ON as readonly string[]).includes(k));
  if (unknown.length || kinds.length === 0) {
    throw new UsageError('E_USAGE_OPTION', `--fail-on: unknown kind "${unknown[0] ?? text}"`, `use one or more of ${FAIL_ON.join(', ')}, comma-separated`);
  }
  return new Set(kinds as FailOn[]);
}
