import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { marked } from 'marked';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, stripAnsi } from '../../support/run-cli.js';

// The bundled example (schema-tool.config.json at the repository root points at examples/): no server needed.
const root = process.cwd();
const srx = (args: string[], env: Record<string, string> = {}, isTTY?: boolean) => runCli(args, { cwd: root, env, isTTY });

/** One GitHub workflow command line: `::error|warning|notice key=value,...::message` (documented grammar). */
const ANNOTATION = /^::(error|warning|notice)(?: ((?:[a-zA-Z]+=[^,:\r\n]*)(?:,[a-zA-Z]+=[^,:\r\n]*)*))?::(.*)$/;

function annotations(stdout: string) {
  return stdout
    .trimEnd()
    .split('\n')
    .filter((line) => line.startsWith('::'))
    .map((line) => {
      const match = ANNOTATION.exec(line);
      if (!match) throw new Error(`not a workflow command: ${line}`);
      const props = Object.fromEntries(
        (match[2] ?? '')
          .split(',')
          .filter(Boolean)
          .map((kv) => kv.split('=') as [string, string]),
      );
      const unescape = (s: string) => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
      return { level: match[1], title: unescape(props.title ?? ''), message: unescape(match[3]!) };
    });
}

describe('CI formats on the bundled example', () => {
  test('--format github: one annotation per finding, by the documented grammar, with the subject in the title', async () => {
    const run = await srx(['compare', 'staging', 'prod', '--format', 'github']);
    expect(run.exitCode).toBe(1);
    const found = annotations(run.stdout);
    const json = (await srx(['compare', 'staging', 'prod', '--json'])).json();
    expect(found).toHaveLength(json.changes.length + (json.verdicts ?? []).filter((v: { isCompatible: boolean }) => !v.isCompatible).length);
    expect(found).toContainEqual({
      level: 'error',
      title: 'orders-value (version.content-differs)',
      message: expect.stringContaining('orders-value version 3'),
    });
    expect(found.some((a) => a.level === 'warning' && a.title.startsWith('refunds-value'))).toBe(true);
    expect(run.stdout).toContain('srx compare staging → prod');
  });

  test('-o github is the same as --format github; the gate from the README fails on conflicts', async () => {
    const a = await srx(['compare', 'staging', 'prod', '-o', 'github']);
    const b = await srx(['compare', 'staging', 'prod', '--fail-on', 'missing,conflicts', '--format', 'github']);
    expect(a.stdout).toBe(b.stdout);
    expect(b.exitCode).toBe(1);
  });

  test('--format junit: valid XML, one test case per subject, failures for conflicts', async () => {
    const run = await srx(['compare', 'conflicts', 'staging', 'prod', '--format', 'junit']);
    expect(run.exitCode).toBe(1);
    expect(XMLValidator.validate(run.stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testcase' }).parse(run.stdout);
    const suite = doc.testsuites.testsuite;
    const conflicts = (await srx(['compare', 'conflicts', 'staging', 'prod', '--json'])).json().conflicts as { subject: string }[];
    const subjects = [...new Set(conflicts.map((c) => c.subject))];
    expect(suite.testcase.map((c: Record<string, string>) => c['@_name']).sort()).toEqual(subjects.sort());
    expect(Number(suite['@_failures'])).toBe(subjects.length);
    expect(suite.testcase.every((c: Record<string, unknown>) => c.failure !== undefined)).toBe(true);
  });

  test('--format junit on a full compare: identical subjects are passing test cases', async () => {
    const run = await srx(['compare', 'staging', 'prod', '--format', 'junit']);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testcase' }).parse(run.stdout);
    const json = (await srx(['compare', 'staging', 'prod', '--json'])).json();
    const cases = doc.testsuites.testsuite.testcase as Record<string, unknown>[];
    const subjectCases = cases.filter((c) => c['@_name'] !== '(registry)');
    expect(subjectCases).toHaveLength(json.subjects.length);
    const passing = subjectCases.filter((c) => c.failure === undefined && c['system-out'] === undefined).map((c) => c['@_name']);
    const qualified = (s: { context: string; subject: string }) => (s.context === '.' ? s.subject : `:${s.context}:${s.subject}`);
    const identical = json.subjects.filter((s: { status: string }) => s.status === 'identical').map(qualified);
    expect(passing.sort()).toEqual(identical.sort());
  });

  test('--format markdown renders to a heading, a list and a table whose rows are the findings', async () => {
    const run = await srx(['compare', 'missing', 'staging', 'prod', '--format', 'markdown']);
    expect(run.exitCode).toBe(1);
    const tokens = marked.lexer(run.stdout);
    expect(tokens[0]).toMatchObject({ type: 'heading', text: 'srx compare missing staging → prod' });
    const tableToken = tokens.find((t) => t.type === 'table') as { header: { text: string }[]; rows: { text: string }[][] };
    expect(tableToken.header.map((h) => h.text)).toEqual(['', 'Subject', 'Finding', 'Details']);
    const missing = (await srx(['compare', 'missing', 'staging', 'prod', '--json'])).json().missing;
    expect(tableToken.rows).toHaveLength(missing.length);
    expect(marked.parse(run.stdout)).toContain('<table>');
  });

  test('markdown cells escape pipes and HTML from registry text', async () => {
    const { renderMarkdown } = await import('../../../src/cli/render/ci/markdown.js');
    const text = renderMarkdown({
      title: 't',
      summary: [],
      subjects: ['a|b'],
      findings: [{ severity: 'error', subject: 'a|b', type: 'x', message: '<script>|' }],
    });
    const tableToken = marked.lexer(text).find((t) => t.type === 'table') as { rows: { text: string }[][] };
    expect(tableToken.rows[0]).toHaveLength(4);
    expect(marked.parse(text)).not.toContain('<script>');
  });

  test('diff, export validate and migrate preview have the CI formats; other commands refuse them (exit 2)', async () => {
    const diff = await srx(['diff', 'payments-value', 'staging', 'prod', '--format', 'github']);
    expect(annotations(diff.stdout).some((a) => a.level === 'error' && a.title.startsWith('payments-value'))).toBe(true);
    const list = await srx(['registry', 'list', '-o', 'junit']);
    expect(list.exitCode).toBe(2);
    expect(list.stderr).toMatch(/^error: --output junit is not available for "list"/);
    const bad = await srx(['compare', 'staging', 'prod', '--format', 'xml']);
    expect(bad.exitCode).toBe(2);
  });
});

describe('help, colour and output paths', () => {
  test('srx and a group without a subcommand print help on stdout and exit 0', async () => {
    for (const args of [[], ['compare'], ['migrate'], ['sync'], ['export'], ['registry'], ['compare', '--json']]) {
      const run = await srx(args);
      expect({ args, exitCode: run.exitCode, stderr: run.stderr }).toEqual({ args, exitCode: 0, stderr: '' });
      expect(run.stdout).toMatch(/^Usage: srx/);
    }
  });

  test('an unknown subcommand is still a usage error', async () => {
    const run = await srx(['migrate', 'nonsense', 'a', 'b']);
    expect(run.exitCode).toBe(2);
  });

  test('FORCE_COLOR / CLICOLOR_FORCE force colour into a pipe; NO_COLOR and --no-color drop it', async () => {
    const coloured = (r: { stdout: string }) => r.stdout !== stripAnsi(r.stdout);
    expect(coloured(await srx(['diff', 'orders-value', 'staging', 'prod']))).toBe(false);
    expect(coloured(await srx(['diff', 'orders-value', 'staging', 'prod'], { FORCE_COLOR: '1' }))).toBe(true);
    expect(coloured(await srx(['diff', 'orders-value', 'staging', 'prod'], { CLICOLOR_FORCE: '1' }))).toBe(true);
    expect(coloured(await srx(['diff', 'orders-value', 'staging', 'prod'], { FORCE_COLOR: '0' }, true))).toBe(false);
    expect(coloured(await srx(['diff', 'orders-value', 'staging', 'prod'], { NO_COLOR: '1' }, true))).toBe(false);
    expect(coloured(await srx(['diff', 'orders-value', 'staging', 'prod', '--no-color'], { FORCE_COLOR: '1' }))).toBe(false);
    expect(coloured(await srx(['diff', 'orders-value', 'staging', 'prod'], {}, true))).toBe(true);
  });

  test('export --out writes the file; -o <path> still works with a deprecation warning; no export onto a terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'srx-out-'));
    try {
      const out = await srx(['export', 'staging', '--out', join(dir, 'a.json')]);
      expect(out.exitCode).toBe(0);
      expect(out.stderr).toBe('');
      const old = await srx(['export', 'staging', '-o', join(dir, 'b.json')]);
      expect(old.exitCode).toBe(0);
      expect(old.stderr).toMatch(/^warning: -o <path> is deprecated here.*--out <path>\n$/);
      const a = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
      const b = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
      expect(b.sha256).toBe(a.sha256);
      const tty = await srx(['export', 'staging'], {}, true);
      expect(tty.exitCode).toBe(2);
      expect(stripAnsi(tty.stderr)).toMatch(/^error: refusing to print a whole export on a terminal/);
      expect(tty.stdout).toBe('');
      expect((await srx(['export', 'staging'])).stdout).toMatch(/^\{/); // piped: the export itself
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
