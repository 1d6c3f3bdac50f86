// Runs the peer tool srctl (akrishnanDG/srctl, a Go binary given by SRX_BENCH_SRCTL) for a side-by-side
// benchmark. srctl reads its registries from ./srctl.yaml (or $HOME/.srctl/srctl.yaml): each run gets a
// fresh temporary directory as both its working directory and HOME, holding only that file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMeasured } from './run-measured.mjs';

/** srctl's config file naming each registry ({ name: url }). */
function configYaml(registries) {
  const lines = ['registries:'];
  for (const [name, url] of Object.entries(registries)) lines.push(`  - name: ${name}`, `    url: ${JSON.stringify(url)}`);
  return `${lines.join('\n')}\ndefault_output: table\n`;
}

/** Resolves with the same figures as runSrx; `registries` maps the names used in `args` to URLs. */
export async function runSrctl(binary, args, registries) {
  const dir = mkdtempSync(join(tmpdir(), 'srx-bench-srctl-'));
  try {
    writeFileSync(join(dir, 'srctl.yaml'), configYaml(registries));
    return await runMeasured(binary, args, { cwd: dir, env: { HOME: dir, NO_COLOR: '1', TERM: 'dumb' } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
