import { Option, type Command } from 'commander';
import { CI_FORMATS, type CiFormat } from './render/ci/index.js';

/** Every output format (`-o/--output`, `--format` where a command has CI formats). */
export const OUTPUT_FORMATS = ['table', 'json', ...CI_FORMATS] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const withCiFormats = new WeakSet<Command>();

/** True for the formats made for CI (github, markdown, junit). */
export function isCiFormat(format: string): format is CiFormat {
  return (CI_FORMATS as readonly string[]).includes(format);
}

/** True for any output format name. */
export function isOutputFormat(format: unknown): format is OutputFormat {
  return typeof format === 'string' && (OUTPUT_FORMATS as readonly string[]).includes(format);
}

/**
 * Adds `--format table|json|github|markdown|junit` to a command whose result has CI formats; the value
 * becomes the program's `--output` (so `-o github` and `--format github` are the same).
 */
export function withFormat(command: Command): Command {
  withCiFormats.add(command);
  return command
    .addOption(
      new Option('--format <format>', 'output format: table, json, github (workflow annotations), markdown (PR comment / step summary), junit').choices(
        OUTPUT_FORMATS,
      ),
    )
    .hook('preAction', (_self, action) => {
      const format = action.getOptionValue('format') as string | undefined;
      if (action !== command || format === undefined) return;
      rootOf(command).setOptionValue('output', format);
      rootOf(command).setOptionValue('json', undefined);
    });
}

/** True when the command's result can be rendered in the CI formats. */
export function hasCiFormats(command: Command): boolean {
  return withCiFormats.has(command);
}

/**
 * `-o <path>` on `srx export`/`migrate report` from before `-o` meant the output format everywhere:
 * a value that is not a format moves to the command's `--out`, and the command is marked to warn.
 */
export function takeDeprecatedOutputPath(command: Command): void {
  const root = rootOf(command);
  const value = root.getOptionValue('output') as unknown;
  if (typeof value !== 'string' || isOutputFormat(value)) return;
  root.setOptionValue('output', undefined);
  if (command.getOptionValue('out') === undefined) command.setOptionValue('out', value);
  command.setOptionValue('deprecatedO', true);
}

/** The warning for a deprecated `-o <path>`. */
export const DEPRECATED_O = '-o <path> is deprecated here: -o is the output format everywhere; use --out <path>';

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}
