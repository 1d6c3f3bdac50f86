// docs/cli.md is generated from the real command tree; this fails when a command, option or description
// changed without regenerating it (`npm run build && node scripts/make-cli-doc.mjs`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliReference } from '../../../src/cli/cli-reference.js';
import { createProgram } from '../../../src/cli/program.js';

const sink = { write: () => true };

describe('docs/cli.md', () => {
  const program = createProgram({ env: {}, cwd: process.cwd(), stdout: sink, stderr: sink, stdin: process.stdin }, { exitCode: 0 });
  const generated = cliReference(program);

  it('is what the command tree generates now', () => {
    expect(readFileSync(join(process.cwd(), 'docs', 'cli.md'), 'utf8')).toBe(generated);
  });

  it('documents every visible command and every option of each', () => {
    const walk = (command: typeof program, path: string): void => {
      for (const child of command.commands.filter((c) => c.name() !== 'help' && !(c as unknown as { _hidden?: boolean })._hidden)) {
        const here = `${path} ${child.name()}`;
        expect(generated).toContain(`## ${here}\n`);
        for (const option of child.options) if (!option.hidden) expect(generated).toContain(`\`${option.flags}\``);
        walk(child, here);
      }
    };
    walk(program, 'srx');
  });
});
