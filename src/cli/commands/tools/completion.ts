import { Argument, type Command } from 'commander';
import { completionScript } from '../../complete.js';
import type { ActionRunner } from '../../program.js';

/** `srx completion <shell>`: the shell completion script. */
export function registerCompletion(program: Command, run: ActionRunner): void {
  program
    .command('completion')
    .description('print the shell completion script (bash, zsh, fish); registry names from the config complete too')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
    .addHelpText(
      'after',
      `
Examples:
  $ eval "$(srx completion bash)"                                  # in ~/.bashrc
  $ srx completion fish > ~/.config/fish/completions/srx.fish`,
    )
    .action(
      run(async (ctx, shell: 'bash' | 'zsh' | 'fish') => {
        ctx.out(completionScript(shell));
      }),
    );
}
