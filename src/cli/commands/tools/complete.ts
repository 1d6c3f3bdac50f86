import type { Command } from 'commander';
import { completeWords } from '../../complete.js';
import type { ActionRunner } from '../../program.js';

/** The hidden `srx __complete [words...]` the completion scripts call: one candidate per line. */
export function registerComplete(program: Command, run: ActionRunner): void {
  program
    .command('__complete', { hidden: true })
    .argument('[words...]')
    .allowUnknownOption()
    .helpOption(false)
    .action(
      run(async (ctx, words: string[] = []) => {
        const registries = await ctx.config().then(
          (config) => Object.keys(config.registries),
          () => [],
        );
        ctx.out(
          completeWords(program, { words: words.length ? words : [''], registries })
            .map((w) => `${w}\n`)
            .join(''),
        );
      }),
    );
}
