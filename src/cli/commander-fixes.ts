import { CommanderError, type Command } from 'commander';

/**
 * Commander's own behaviour that srx changes, gathered in one place (each is tested in
 * __tests__/unit/cli/commander-fixes.test.ts).
 */

/**
 * `srx`, or a group such as `srx migrate`, with no subcommand prints that command's help on stdout and
 * exits 0. Commander would print it on stderr and fail (`error: (outputHelp)`, exit 1); a group with a
 * default subcommand (`srx compare`) would run it and fail on its missing arguments.
 */
export function helpWhenNoSubcommand(program: Command): void {
  for (const command of allCommands(program)) {
    if (command.commands.length === 0) continue;
    command.help = () => {
      command.outputHelp();
      throw new CommanderError(0, 'commander.help', '(outputHelp)');
    };
    if (command.commands.some((sub) => (command as unknown as { _defaultCommandName?: string })._defaultCommandName === sub.name())) {
      command.hook('preSubcommand', (self) => {
        if (self.args.length === 0) self.help();
      });
    }
  }
}

/**
 * `--no-config` would land on the same option key as the global `-c, --config <file>`: move it to
 * `compareConfig` before the action runs, so the global option keeps its meaning.
 */
export function moveConfigFlag(command: Command): void {
  command.hook('preAction', (_self, action) => {
    const value: unknown = action.getOptionValue('config');
    if (typeof value === 'boolean') {
      action.setOptionValue('compareConfig', value);
      action.setOptionValue('config', undefined);
    }
  });
}

/**
 * `compare schema`/`diff` take `--version <v>` (SPEC section 4), but the program's own `-V, --version`
 * is matched first wherever it appears. While parsing those two commands' arguments, the program's
 * option is hidden, so `--version 3` reaches the subcommand; `srx --version` is unchanged.
 */
export function letSchemaDiffOwnVersionFlag(program: Command): void {
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

/** Every command of the tree, the root first. */
export function allCommands(root: Command): Command[] {
  return [root, ...root.commands.flatMap((command) => allCommands(command))];
}
