import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every command of the CI guide (docs/guides/ci-gating.md) runs here, as shown, on the bundled example.
const root = process.cwd();
const section = readFileSync(join(root, 'docs', 'guides', 'ci-gating.md'), 'utf8');
const blocks = (lang: string) => [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);

describe('docs/guides/ci-gating.md: srx in CI', () => {
  let bin: string;
  beforeAll(() => {
    bin = mkdtempSync(join(tmpdir(), 'srx-readme-bin-'));
    writeFileSync(join(bin, 'srx'), `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'bin', 'srx.js')}" "$@"\n`);
    // In a user's repository srx is a devDependency and `npx srx` runs it; here npx must not reach the registry.
    writeFileSync(join(bin, 'npx'), '#!/bin/sh\nexec "$@"\n');
    for (const name of ['srx', 'npx']) chmodSync(join(bin, name), 0o755);
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  /** Runs one shown line in bash in a fresh folder holding the bundled example (or nothing, for init). */
  function runShown(line: string, withExample = true) {
    const dir = mkdtempSync(join(tmpdir(), 'srx-readme-'));
    try {
      if (withExample) {
        cpSync(join(root, 'schema-tool.config.json'), join(dir, 'schema-tool.config.json'));
        cpSync(join(root, 'examples'), join(dir, 'examples'), { recursive: true });
      }
      const summary = join(dir, 'step-summary.md');
      const run = spawnSync('bash', ['-c', line], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: `${bin}:${process.env.PATH}`, HOME: dir, GITHUB_STEP_SUMMARY: summary },
      });
      const files = Object.fromEntries(
        execFileSync('ls', [dir], { encoding: 'utf8' })
          .split('\n')
          .filter(Boolean)
          .map((f) => [f, f.endsWith('.xml') || f.endsWith('.md') || f.endsWith('.json') ? readFileSync(join(dir, f), 'utf8') : '']),
      );
      return { ...run, files };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test('the workflow step gates on the example: annotations, exit 1', () => {
    const yaml = blocks('yaml');
    expect(yaml).toHaveLength(1);
    const runLine = /run: (.+)/.exec(yaml[0]!)![1]!;
    expect(runLine).toBe('npx srx compare staging prod --fail-on missing,conflicts --format github');
    const run = runShown(runLine);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::(error|warning) title=orders-value/m);
    expect(run.stderr).toBe('');
  });

  test('every bash line runs as shown', () => {
    const lines = blocks('bash')
      .flatMap((b) => b.split('\n'))
      .map((l) => l.replace(/\s+#.*$/, '').trim())
      .filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) {
      const run = runShown(line, !line.startsWith('srx init'));
      expect({ line, status: run.status, stderr: /^error/m.test(run.stderr) ? run.stderr : '' }).toEqual({
        line,
        status: line.startsWith('srx compare') ? 1 : 0,
        stderr: '',
      });
      if (line.includes('GITHUB_STEP_SUMMARY')) expect(run.files['step-summary.md']).toMatch(/^### srx compare staging → prod/);
      if (line.includes('--format junit')) expect(run.files['srx-conflicts.xml']).toMatch(/^<\?xml/);
      if (line.startsWith('srx init')) expect(run.files['schema-tool.config.json']).toContain('"registries"');
    }
  });
});
