import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redactor } from '../../../src/core/config/redact.js';
import { runCli } from '../../support/run-cli.js';

// `registry list` with 10,000 registries, each with its own password: every secret is masked in one pass over
// the output (masking secret by secret took 55 s here). No timing assertion: `npm run bench` is for figures.
describe('10,000 registries', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'srx-many-'));
    const registries: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++)
      registries[`reg${i}`] = {
        url: `http://reg${i}.example:8081?api_key=key-${i}-secret`,
        user: `user${i}`,
        password: `pw-${i}-secret`,
        description: `password pw-${i}-secret echoed`,
      };
    writeFileSync(join(dir, 'schema-tool.config.json'), JSON.stringify({ registries }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('registry list (table and --json) lists them all and shows no secret', async () => {
    const json = await runCli(['registry', 'list', '--json'], { cwd: dir });
    expect(json.exitCode).toBe(0);
    expect(json.json().registries).toHaveLength(10_000);
    const table = await runCli(['registry', 'list'], { cwd: dir });
    expect(table.stdout.split('\n').filter((l) => /^[ *]+reg\d+ /.test(l))).toHaveLength(10_000);
    for (const out of [json.stdout, table.stdout]) expect(out).not.toMatch(/pw-\d+-secret|key-\d+-secret/);
  });

  test('the redactor masks the longest secret at each place, in every form', () => {
    const redactor = new Redactor();
    redactor.add('abcdef', 'abc', 'p@ss word');
    expect(redactor.redact('x abcdefg abcz p%40ss%20word cEBzcyB3b3Jk')).toBe('x ***g ***z *** ***');
  });
});
