#!/usr/bin/env node
// Installs AxonOps Schema Registry (the real registry our tests run against) into .cache/bin,
// skipping the work when the pinned binary is already there.
// Pinned: v0.4.0-mcp-phase7. The Go module proxy reachable here refuses it (403 "not available"),
// and also refuses the module's version list, which `go install pkg@v` needs for its deprecation
// check; so we fall back to v0.2.1 (REGISTRY-NOTES: same REST core), downloaded with
// `go mod download` and built from the module cache.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MODULE = 'github.com/axonops/axonops-schema-registry';
const VERSIONS = ['v0.4.0-mcp-phase7', 'v0.2.1'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, '.cache', 'bin');
const marker = join(binDir, 'schema-registry.json');

function binaryFor(version) {
  return join(binDir, `schema-registry-${version}`);
}

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
}

function tryInstall(version) {
  const target = binaryFor(version);
  const env = { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' };
  try {
    run('go', ['install', `${MODULE}/cmd/schema-registry@${version}`], { env: { ...env, GOBIN: join(binDir, 'tmp') } });
    renameSync(join(binDir, 'tmp', 'schema-registry'), target);
    return null;
  } catch (error) {
    const installError = String(error.stderr || error.message).trim().split('\n')[0];
    try {
      const info = JSON.parse(run('go', ['mod', 'download', '-json', `${MODULE}@${version}`], { env }));
      if (info.Error) throw new Error(info.Error);
      run('go', ['build', '-o', target, './cmd/schema-registry'], { env, cwd: info.Dir });
      return null;
    } catch (buildError) {
      return `${installError}; build from module: ${String(buildError.stderr || buildError.message).trim().split('\n')[0]}`;
    }
  }
}

mkdirSync(binDir, { recursive: true });
if (existsSync(marker)) {
  const { path } = JSON.parse(readFileSync(marker, 'utf8'));
  if (existsSync(path)) {
    console.log(`schema registry already installed: ${path}`);
    process.exit(0);
  }
}
const failures = [];
for (const version of VERSIONS) {
  if (!existsSync(binaryFor(version))) {
    const failure = tryInstall(version);
    if (failure) {
      failures.push(`${version}: ${failure}`);
      console.error(`could not install AxonOps Schema Registry ${version}: ${failure}`);
      continue;
    }
  }
  writeFileSync(marker, JSON.stringify({ module: MODULE, version, path: binaryFor(version) }, null, 2));
  console.log(`schema registry ${version} installed: ${binaryFor(version)}`);
  process.exit(0);
}
console.error(`no AxonOps Schema Registry version could be installed:\n${failures.join('\n')}`);
process.exit(1);
