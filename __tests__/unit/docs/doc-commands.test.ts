// Every `srx …` line in the README and docs/ fits the real command tree (commands, options, values,
// arguments), so a renamed flag fails here instead of the docs drifting. The integration suites run the
// documented flows themselves (readme-ci, the walk-through, sync serve, mcp).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createProgram } from '../../../src/cli/program.js';
import { checkAgainstTree, docCommands, docFiles, srxInvocations } from '../../support/doc-commands.js';

const sink = { write: () => true };
const program = createProgram({ env: {}, cwd: process.cwd(), stdout: sink, stderr: sink, stdin: process.stdin }, { exitCode: 0 });
const commands = docFiles(process.cwd()).flatMap((file) => docCommands(process.cwd(), file));

describe('srx command lines in the docs', () => {
  it('are found (the scan itself works)', () => {
    expect(commands.length).toBeGreaterThan(50);
    expect(srxInvocations('SRX_X=1 srx compare a b --json | jq .summary && srx diff s a b')).toEqual([
      ['compare', 'a', 'b', '--json'],
      ['diff', 's', 'a', 'b'],
    ]);
  });

  it('a made-up flag or command is caught', () => {
    expect(checkAgainstTree(program, ['compare', 'a', 'b', '--no-such-flag'])).toMatch(/unknown option --no-such-flag/);
    expect(checkAgainstTree(program, ['migrate', 'teleport', 'a', 'b'])).toMatch(/too many arguments|unknown command/);
    expect(checkAgainstTree(program, ['compare', 'a', 'b', '--format', 'pdf'])).toMatch(/not one of/);
  });

  it('each fits the command tree', () => {
    const bad = commands.map((c) => ({ c, why: checkAgainstTree(program, c.argv) })).filter((x) => x.why !== null);
    expect(bad.map(({ c, why }) => `${c.file}:${c.line}: ${c.text}\n    ${why}`)).toEqual([]);
  });
});

describe('links between the docs', () => {
  const files = [...docFiles(process.cwd()), join(process.cwd(), 'docs', 'cli.md'), join(process.cwd(), 'CONTRIBUTING.md')];

  it('every relative link points at a file that exists', () => {
    const broken = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
        .map((m) => m[1]!)
        .filter((target) => !/^[a-z]+:/.test(target))
        .filter((target) => !existsSync(join(dirname(file), target)))
        .map((target) => `${relative(process.cwd(), file)} → ${target}`),
    );
    expect(broken).toEqual([]);
  });

  it('the README stays a front page: under 12 KB, the rest in docs/', () => {
    expect(readFileSync(join(process.cwd(), 'README.md')).length).toBeLessThan(12 * 1024);
  });
});
