import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, stripAnsi } from '../../support/run-cli.js';

const root = process.cwd();

describe('shell completion and srx init', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'srx-completion-'));
    // `srx` on the PATH, as a user installs it: the built CLI.
    writeFileSync(join(dir, 'srx'), `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'bin', 'srx.js')}" "$@"\n`);
    chmodSync(join(dir, 'srx'), 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Completes `line` (words after srx; the last one is being typed) in a real bash with the generated script. */
  function bashComplete(words: string[]): string[] {
    const script = `eval "$(srx completion bash)"; COMP_WORDS=(srx ${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length}; _srx_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const out = execFileSync('bash', ['-c', script], { cwd: root, env: { PATH: `${dir}:${process.env.PATH}`, HOME: dir }, encoding: 'utf8' });
    return out.split('\n').filter(Boolean);
  }

  test('bash: commands, subcommands, options, option choices and configured registry names complete', () => {
    expect(bashComplete(['com'])).toEqual(['compare', 'completion']);
    expect(bashComplete(['compare', 'mi'])).toEqual(['missing']);
    expect(bashComplete(['compare', 'st'])).toEqual(['staging']); // from the repository's schema-tool.config.json
    expect(bashComplete(['migrate', 'schema', 'orders-value', ''])).toEqual(['prod', 'staging']);
    expect(bashComplete(['compare', 'staging', 'prod', '--fail'])).toEqual(['--fail-on']);
    expect(bashComplete(['compare', 'staging', 'prod', '--format', 'j'])).toEqual(['json', 'junit']);
  });

  test('zsh and fish scripts are generated from the same completer', async () => {
    for (const shell of ['zsh', 'fish']) {
      const run = await runCli(['completion', shell], { cwd: root });
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain('srx __complete');
    }
    expect((await runCli(['completion', 'tcsh'], { cwd: root })).exitCode).toBe(2);
    expect((await runCli(['__complete', 'registry', 'u'], { cwd: root })).stdout).toBe('use\n');
  });

  test('srx init writes a starting config that loads, and never overwrites one', async () => {
    const work = mkdtempSync(join(tmpdir(), 'srx-init-'));
    try {
      const first = await runCli(['init'], { cwd: work });
      expect(first.exitCode).toBe(0);
      const config = JSON.parse(readFileSync(join(work, 'schema-tool.config.json'), 'utf8'));
      expect(Object.keys(config.registries)).toEqual(['dev', 'staging', 'prod']);
      const list = await runCli(['registry', 'list', '--json'], { cwd: work, env: { STAGING_SR_USER: 'u', STAGING_SR_PASSWORD: 'p', PROD_SR_TOKEN: 't' } });
      expect(list.exitCode).toBe(0);
      expect(
        list
          .json()
          .registries.map((r: { name: string }) => r.name)
          .sort(),
      ).toEqual(['dev', 'prod', 'staging']);
      const again = await runCli(['init'], { cwd: work });
      expect(again.exitCode).toBe(2);
      expect(stripAnsi(again.stderr)).toMatch(/^error: .*schema-tool\.config\.json exists; srx init never overwrites a config/);
      expect(JSON.parse(readFileSync(join(work, 'schema-tool.config.json'), 'utf8'))).toEqual(config);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
