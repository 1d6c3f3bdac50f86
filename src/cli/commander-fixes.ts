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

/** Every command of the tree, the root first. */
export function allCommands(root: Command): Command[] {
  return [root, ...root.commands.flatMap((command) => allCommands(command))];
}
