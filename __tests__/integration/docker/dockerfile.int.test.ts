// The Dockerfile at the repository root, checked without Docker: its build-stage and runtime-stage RUN commands run
// in clean temporary directories (paths like /tmp and /var/lib/srx mapped into them), the packed srx is installed
// from the tarball they produce, and its ENTRYPOINT runs: `--help` (the CMD), then a real `srx sync serve` against
// registries on loopback, ready on /readyz and stopped by SIGTERM with exit 0. Needs the npm registry (or its cache).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startRegistries } from '../../support/registry-server.js';
import { ROOT } from '../../support/reliability-helpers.js';
import { avroRecord, seeder } from '../../support/seed.js';

interface Stage {
  from: string;
  copies: string[][];
  runs: string[];
  env: Record<string, string>;
  user?: string;
  entrypoint?: string[];
  cmd?: string[];
}

/** The Dockerfile's stages (continuation lines joined, comments dropped). */
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  for (const line of lines) {
    const [, op, rest] = /^(\w+)\s+(.*)$/.exec(line)!;
    const stage = stages.at(-1);
    switch (op!.toUpperCase()) {
      case 'FROM':
        stages.push({ from: rest!, copies: [], runs: [], env: {} });
        break;
      case 'COPY':
        stage!.copies.push(rest!.split(/\s+/));
        break;
      case 'RUN':
        stage!.runs.push(rest!);
        break;
      case 'ENV':
        for (const pair of rest!.matchAll(/(\w+)=(\S+)/g)) stage!.env[pair[1]!] = pair[2]!;
        break;
      case 'USER':
        stage!.user = rest;
        break;
      case 'ENTRYPOINT':
        stage!.entrypoint = JSON.parse(rest!) as string[];
        break;
      case 'CMD':
        stage!.cmd = JSON.parse(rest!) as string[];
        break;
      default:
        break;
    }
  }
  return stages;
}

const TIMEOUT = 300_000;

describe('Dockerfile (no Docker: its commands in clean directories)', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const [build, runtime] = parseDockerfile(dockerfile);
  let dir: string;
  let servers: Awaited<ReturnType<typeof startRegistries<'staging' | 'prod'>>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'srx-docker-'));
    servers = await startRegistries(['staging', 'prod']);
  }, 60_000);

  afterAll(async () => {
    await servers?.stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is two stages: build from the sources, run the packed package as a non-root user with `srx sync serve`', () => {
    expect(build!.from).toMatch(/^node:20\S* AS build$/);
    expect(runtime!.from).toMatch(/^node:20/);
    expect(runtime!.user).toBe('node');
    expect(runtime!.entrypoint).toEqual(['srx', 'sync', 'serve']);
    expect(runtime!.copies).toEqual([['--from=build', '/tmp/srx.tgz', '/tmp/srx.tgz']]);
  });

  it(
    'its RUN commands build, pack and install srx; the ENTRYPOINT serves, reports ready and stops on SIGTERM',
    async () => {
      const map = (command: string) =>
        command
          .replaceAll('/tmp/', `${dir}/tmp/`)
          .replaceAll('/var/lib/srx', `${dir}/var/lib/srx`)
          .replaceAll('--global', `--global --prefix ${dir}/global`)
          .replaceAll('node:node', `${process.getuid!()}:${process.getgid!()}`) // the image's `node` user is not on this machine
          .replaceAll('npm ci', 'npm ci --prefer-offline')
          .replaceAll('npm install', 'npm install --prefer-offline');
      const once = (command: string, cwd: string) =>
        execFileSync('sh', ['-c', map(command)], { cwd, stdio: 'pipe', env: { ...process.env, npm_config_update_notifier: 'false' } });
      // npm talks to its registry: one retry for a passing network or cache fault, and the real stderr if it fails again.
      const sh = (command: string, cwd: string) => {
        try {
          return once(command, cwd);
        } catch {
          try {
            return once(command, cwd);
          } catch (error) {
            throw new Error(`${map(command)} failed twice: ${String((error as { stderr?: unknown }).stderr ?? error).slice(-2000)}`);
          }
        }
      };
      mkdirSync(join(dir, 'tmp'));
      const src = join(dir, 'src');
      mkdirSync(src);
      // Build stage: COPY (from the repository, like the build context) then every RUN.
      for (const copy of build!.copies)
        for (const from of copy.slice(0, -1)) cpSync(join(ROOT, from), join(src, copy.at(-1) === './' ? from : copy.at(-1)!), { recursive: true });
      for (const run of build!.runs) sh(run, src);
      expect(existsSync(join(dir, 'tmp', 'srx.tgz'))).toBe(true);
      // Runtime stage: every RUN (the global install goes under a prefix), then the ENTRYPOINT.
      for (const run of runtime!.runs) sh(run, dir);
      expect(existsSync(join(dir, 'tmp', 'srx.tgz'))).toBe(false);
      const bin = join(dir, 'global', 'bin');
      const env = { PATH: `${bin}:${process.env.PATH}`, HOME: dir, ...runtime!.env, SRX_STATE_DIR: join(dir, 'var', 'lib', 'srx') };
      const [command, ...entryArgs] = runtime!.entrypoint!;
      const help = execFileSync(command!, [...entryArgs, ...runtime!.cmd!], { env, encoding: 'utf8' });
      expect(help).toMatch(/Usage: srx sync serve \[options\] <source> <target>/);
      expect(help).toMatch(/--listen <host:port>/);

      await seeder(servers.staging.url).register('orders-value', avroRecord('Order', ['id']));
      const port = await freePort();
      const child = spawn(command!, [...entryArgs, 'staging', 'prod', '--interval', '1s', '--log-format', 'json', '--listen', `127.0.0.1:${port}`], {
        env: { ...env, REGISTRIES: `staging:${servers.staging.url},prod:${servers.prod.url}` },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      try {
        for (let i = 0; i < 300; i += 1) {
          const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
            (r) => r.status === 200,
            () => false,
          );
          if (ready) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
        expect(await seeder(servers.prod.url).versions('orders-value')).toEqual([1]);
        expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toMatch(/^srx_sync_versions_copied_total 1$/m);
      } finally {
        child.kill('SIGTERM');
      }
      expect({ code: await exited, stderr: stderr.slice(-500) }).toMatchObject({ code: 0 });
    },
    TIMEOUT,
  );
});
