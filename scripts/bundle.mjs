// The CLI as one bundle (dist/bundle/, from tsc's dist/): bin/srx.js runs it. Each command loads in a few
// files instead of ~150 modules, so start-up is ~70 ms shorter (docs/performance.md). Commands still load
// lazily (code splitting keeps the dynamic imports); source maps point back to dist/ and src/. Packages srx
// loads at run time with createRequire (avsc, protobufjs, cosmiconfig) stay in node_modules; undici's pool and
// connector, loaded on a registry's first request, get a single file of their own (dist/bundle/undici.cjs).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });

// undici's pool and TLS connector in one CommonJS file: one read and compile on the first request instead of ~40
// modules resolved one by one (~9 ms). Without undici's HTTP/2 client (and node:http2): srx never offers h2 (ALPN).
await build({
  stdin: {
    contents: "module.exports = { Pool: require('undici/lib/dispatcher/pool.js'), buildConnector: require('undici/lib/core/connect.js') };",
    resolveDir: root,
    loader: 'js',
  },
  outfile: join(outdir, 'undici.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'srx-no-http2',
      setup(b) {
        b.onResolve({ filter: /^\.\/client-h2\.js$/ }, () => ({ path: 'client-h2', namespace: 'srx-no-http2' }));
        b.onLoad({ filter: /.*/, namespace: 'srx-no-http2' }, () => ({
          contents: "module.exports = function connectH2() { throw new Error('srx does not use HTTP/2'); };",
          loader: 'js',
        }));
      },
    },
  ],
});

await build({
  entryPoints: { main: join(root, 'dist', 'cli', 'main.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Bundled CommonJS packages call require(): in an ES module it must be made.
  banner: { js: "import { createRequire as srxCreateRequire } from 'node:module'; const require = srxCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  plugins: [
    {
      // The transport's undici loader, pointed at undici.cjs (next to the bundle's chunks).
      name: 'srx-bundled-undici',
      setup(b) {
        b.onLoad({ filter: /[\\/]core[\\/]registry[\\/]undici-modules\.js$/ }, () => ({
          contents: [
            "import { createRequire } from 'node:module';",
            'let undici;',
            "const bundled = () => (undici ??= createRequire(import.meta.url)('./undici.cjs'));",
            'export function loadPool() { return bundled().Pool; }',
            'export function loadConnector() { return bundled().buildConnector; }',
          ].join('\n'),
          loader: 'js',
        }));
      },
    },
  ],
});
