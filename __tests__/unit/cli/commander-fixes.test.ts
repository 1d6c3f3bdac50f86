import { Command, CommanderError } from 'commander';
import { helpWhenNoSubcommand, letSchemaDiffOwnVersionFlag, moveConfigFlag } from '../../../src/cli/commander-fixes.js';

/** A program as srx builds one: errors arrive as CommanderError, output goes to `written`. */
function aProgram(written: string[] = []): Command {
  return new Command('srx')
    .exitOverride()
    .configureOutput({ writeOut: (text) => written.push(text), writeErr: (text) => written.push(text), outputError: () => {} });
}

describe('commander fixes', () => {
  it('a group without a subcommand prints its help on stdout and exits 0', () => {
    const written: string[] = [];
    const program = aProgram(written);
    program
      .command('migrate')
      .description('copy schemas')
      .command('list')
      .action(() => {});
    helpWhenNoSubcommand(program);
    let error: unknown;
    try {
      program.parse(['migrate'], { from: 'user' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CommanderError);
    expect((error as CommanderError).exitCode).toBe(0);
    expect(written.join('')).toContain('Usage: srx migrate');
  });

  it('--no-config of a compare command becomes compareConfig; the global -c <file> keeps its meaning', () => {
    const seen: Record<string, unknown>[] = [];
    const program = aProgram().option('-c, --config <file>', 'config file');
    const group = program.command('compare');
    group
      .command('registries')
      .option('--no-config', 'do not compare config')
      .action((options: Record<string, unknown>, command: Command) => {
        seen.push({ ...options, global: command.optsWithGlobals().config });
      });
    moveConfigFlag(group);
    program.parse(['compare', 'registries', '--no-config'], { from: 'user' });
    program.parse(['-c', 'srx.json', 'compare', 'registries'], { from: 'user' });
    expect(seen[0]).toEqual({ compareConfig: false, config: undefined, global: undefined });
    expect(seen[1]).toEqual({ compareConfig: true, config: undefined, global: 'srx.json' });
  });

  it('`diff --version 3` reaches diff; `srx --version` is still the program version', () => {
    const written: string[] = [];
    const versions: unknown[] = [];
    const program = aProgram(written).version('1.2.3', '-V, --version');
    program
      .command('diff <subject>')
      .option('--version <v>', 'source version')
      .action((_subject: string, options: { version?: string }) => {
        versions.push(options.version);
      });
    letSchemaDiffOwnVersionFlag(program);
    program.parse(['diff', 'orders-value', '--version', '3'], { from: 'user' });
    expect(versions).toEqual(['3']);
    expect(() => program.parse(['--version'], { from: 'user' })).toThrow(CommanderError);
    expect(written.join('')).toContain('1.2.3');
  });
});
