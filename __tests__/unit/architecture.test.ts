import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

// STYLE.md "Dependency direction": cli → core, never core → cli; core never prints or exits.
// The MCP layer (src/mcp/) has the same rights as cli: it may use cli and core; core uses neither.
const ROOT = join(process.cwd(), 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const coreFiles = filesUnder(join(ROOT, 'core'));
const importsOf = (source: string) => [...source.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
/** Imports that exist at run time: `import type` and imports of types only are erased by the compiler. */
const runtimeImportsOf = (source: string) =>
  [...source.matchAll(/(?:^|\n)\s*(?:import|export)\s+(type\s+)?([^'"]*?)from\s+['"]([^'"]+)['"]/g)]
    .filter((m) => !m[1] && !/^\{\s*(type\s+[^,}]+,?\s*)+\}\s*$/.test(m[2]!.trim()))
    .map((m) => m[3]!);

describe('architecture', () => {
  it('has core files to check', () => {
    expect(coreFiles.length).toBeGreaterThan(20);
  });

  it.each(coreFiles.map((f) => [relative(ROOT, f), f]))('%s imports no CLI library and nothing from cli/', (_name, file) => {
    const imports = importsOf(readFileSync(file, 'utf8'));
    const banned = imports.filter((spec) => /^(chalk|ora|string-width|commander|@modelcontextprotocol\/.*)$/.test(spec) || /(^|\/)(cli|mcp)\//.test(spec));
    expect(banned).toEqual([]);
  });

  it.each(coreFiles.map((f) => [relative(ROOT, f), f]))('%s neither prints nor exits', (_name, file) => {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code).not.toMatch(/\bconsole\.(log|error|warn|info|debug)\(/);
    expect(code).not.toMatch(/\bprocess\.exit\(/);
  });

  it('keeps the MCP SDK inside the MCP layer', () => {
    const users = filesUnder(ROOT)
      .filter((f) => importsOf(readFileSync(f, 'utf8')).some((spec) => spec.startsWith('@modelcontextprotocol/')))
      .map((f) => relative(ROOT, f));
    expect(users.length).toBeGreaterThan(0);
    expect(users.every((f) => f.startsWith('mcp/'))).toBe(true);
  });

  it('keeps the HTTP client inside the HTTP transport and cosmiconfig inside the config loader', () => {
    const users = (lib: string) =>
      filesUnder(ROOT)
        .filter((f) => importsOf(readFileSync(f, 'utf8')).includes(lib))
        .map((f) => relative(ROOT, f));
    // The transport sends with undici's Pool.dispatch (no axios, no node:http client: the per-request CPU work).
    expect(users('axios')).toEqual([]);
    expect(users('undici')).toEqual(['core/registry/http-transport.ts']);
    expect(users('node:https')).toEqual([]);
    expect(users('cosmiconfig')).toEqual(['core/config/load-config.ts']);
  });

  it('sets process.exitCode only in cli/main.ts', () => {
    const setters = filesUnder(ROOT)
      .filter((f) => /process\.exitCode\s*=/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(setters).toEqual(['cli/main.ts']);
  });

  it('decides exit codes in one place: cli/exit-codes.ts (used by cli/main.ts); core returns data, never exit codes', () => {
    const users = filesUnder(ROOT)
      .filter((f) => /\bExitCode\b/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(users.sort()).toEqual(['cli/exit-codes.ts', 'cli/main.ts']);
    const inCore = coreFiles
      .filter((f) => /\bexitCode\b|ExitCode/i.test(readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')))
      .map((f) => relative(ROOT, f));
    expect(inCore).toEqual([]);
  });

  it('shows the pipeline in src/core: snapshot, diff, plan, apply, journal, operations beside the supporting folders', () => {
    const folders = readdirSync(join(ROOT, 'core'))
      .filter((name) => statSync(join(ROOT, 'core', name)).isDirectory())
      .sort();
    expect(folders).toEqual(expect.arrayContaining(['apply', 'diff', 'journal', 'operations', 'plan', 'snapshot']));
    expect(folders).not.toContain('migrate');
  });

  it('lets cli and mcp into core only through its front door, src/core/index.ts', () => {
    const outside = [...filesUnder(join(ROOT, 'cli')), ...filesUnder(join(ROOT, 'mcp'))];
    expect(outside.length).toBeGreaterThan(20);
    const side = outside.flatMap((file) => {
      const source = readFileSync(file, 'utf8');
      const specs = [...importsOf(source), ...[...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!)];
      return specs
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => relative(ROOT, join(dirname(file), spec)))
        .filter((target) => target.startsWith('core/') && target !== 'core/index.js')
        .map((target) => `${relative(ROOT, file)} → ${target}`);
    });
    expect(side).toEqual([]);
  });

  it('keeps operations at the top of core: the pipeline and supporting folders never import an operation', () => {
    const upward = coreFiles
      .filter((file) => !relative(join(ROOT, 'core'), file).startsWith('operations/') && relative(join(ROOT, 'core'), file) !== 'index.ts')
      .flatMap((file) =>
        importsOf(readFileSync(file, 'utf8'))
          .filter((spec) => spec.startsWith('.') && relative(join(ROOT, 'core'), join(dirname(file), spec)).startsWith('operations/'))
          .map((spec) => `${relative(ROOT, file)} → ${spec}`),
      );
    expect(upward).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map(
      filesUnder(ROOT).map((file) => [
        file,
        runtimeImportsOf(readFileSync(file, 'utf8'))
          .filter((spec) => spec.startsWith('.'))
          .map((spec) => join(dirname(file), spec).replace(/\.js$/, '.ts')),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(ROOT, f)).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
