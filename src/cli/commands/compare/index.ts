import type { Command } from 'commander';
import type { ProgramDeps } from '../../program.js';
import { registerFindings } from './findings.js';
import { moveConfigFlag } from './options.js';
import { registerRegistries } from './registries.js';
import { registerSchemaDiff } from './schema.js';

/** `srx compare` (SPEC section 4) and the top-level `srx diff`. */
export function registerCompare(program: Command, { run }: ProgramDeps): void {
  const group = program
    .command('compare')
    .description('compare registries, contexts, subjects and schemas (exit 1 when anything differs)')
    .addHelpText(
      'after',
      `
Examples:
  $ srx compare staging prod                          every difference (= compare registries)
  $ srx compare staging prod --no-config --json       schemas only, as JSON
  $ srx compare contexts prod prod --context .team-a --target-context .team-b
  $ srx compare subjects staging prod --subjects 'orders-*'
  $ srx compare schema orders-value staging prod --version 3
  $ srx compare missing staging prod
  $ srx compare conflicts staging prod
  $ srx compare staging prod --fail-on breaking        exit 1 only if prod would refuse a version it lacks
  $ srx compare prod ./backups/prod.json              an export is a read-only registry`,
    );
  moveConfigFlag(group);
  registerRegistries(group, run);
  registerFindings(group, run);
  registerSchemaDiff(group.command('schema <subject> <source> <target>'), run);
  registerSchemaDiff(program.command('diff <subject> <source> <target>'), run);
  letSchemaDiffOwnVersionFlag(program);
}

/**
 * `compare schema`/`diff` take `--version <v>` (SPEC section 4), but the program's own `-V, --version`
 * is matched first wherever it appears. While parsing those two commands' arguments, the program's
 * option is hidden, so `--version 3` reaches the subcommand; `srx --version` is unchanged.
 */
function letSchemaDiffOwnVersionFlag(program: Command): void {
  const parseOptions = program.parseOptions.bind(program);
  program.parseOptions = (args: string[]) => {
    if (!targetsSchemaDiff(args)) return parseOptions(args);
    const saved = program.options;
    (program as unknown as { options: typeof saved }).options = saved.filter((option) => option.long !== '--version');
    try {
      return parseOptions(args);
    } finally {
      (program as unknown as { options: typeof saved }).options = saved;
    }
  };
}

function targetsSchemaDiff(args: readonly string[]): boolean {
  const words = args.filter((arg) => !arg.startsWith('-'));
  const at = args.findIndex((arg) => arg === 'diff' || arg === 'compare');
  if (at === -1) return false;
  if (args[at] === 'diff') return true;
  return words[words.indexOf('compare') + 1] === 'schema';
}
