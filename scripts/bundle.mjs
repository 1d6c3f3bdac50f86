// The CLI as one bundle (dist/bundle/, from tsc's dist/): bin/srx.js runs it. Each command loads in a few
// files instead of ~150 modules, so start-up is ~70 ms shorter (docs/performance.md). Commands still load
// lazily (code splitting keeps the dynamic imports); source maps point back to dist/ and src/. Packages srx
// loads at run time with createRequire (undici's pool, avsc, protobufjs, cosmiconfig) stay in node_modules.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });
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
});
