/**
 * Starts (never builds) a real Kafka broker (KRaft, fresh data dir per run) and Karapace registries
 * from a prepared cache folder, for the opt-in `npm run test:karapace` suite.
 * Cache: SRX_KARAPACE_CACHE, default $HOME/.cache/karapace, holding `kafka/lib/*.jar` and `venv/bin/python`
 * with Karapace installed. How to prepare it: see docs/registry-compatibility.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './registry-server.js';

/** One running Karapace registry. */
export interface KarapaceServer {
  readonly url: string;
  readonly group: string;
  stop(): Promise<void>;
}

/** The cache folder the suite starts Kafka and Karapace from. */
export function karapaceCache(): string {
  return process.env.SRX_KARAPACE_CACHE || join(homedir(), '.cache', 'karapace');
}

/** One line naming what is missing from the cache, or null when the suite can run. */
export function karapaceMissing(): string | null {
  const cache = karapaceCache();
  const lib = join(cache, 'kafka', 'lib');
  const python = join(cache, 'venv', 'bin', 'python');
  const hasKafka = existsSync(lib) && readdirSync(lib).some((f) => /^kafka_2\.13-.*\.jar$/.test(f));
  const hasKarapace = existsSync(python) && existsSync(join(cache, 'venv', 'bin', 'karapace'));
  if (hasKafka && hasKarapace) return null;
  const what = [hasKafka ? '' : `Kafka jars (${lib})`, hasKarapace ? '' : `a Karapace venv (${join(cache, 'venv')})`].filter(Boolean).join(' and ');
  return `Karapace suite skipped: ${what} missing in SRX_KARAPACE_CACHE=${cache}; see docs/registry-compatibility.md`;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function track(child: ChildProcess, tail: { text: string }): Promise<void> {
  children.add(child);
  const keep = (chunk: Buffer) => {
    tail.text = (tail.text + chunk.toString()).slice(-6000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return new Promise((resolve) =>
    child.once('exit', () => {
      children.delete(child);
      resolve();
    }),
  );
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exited;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A running Kafka broker plus the registries started on it. */
export interface KarapaceEstate {
  readonly bootstrap: string;
  /** Starts one more Karapace with its own topic and group; resolves once it is primary. */
  addRegistry(name: string): Promise<KarapaceServer>;
  /** Kills every registry, then the broker, and removes the data dirs. */
  stopAll(): Promise<void>;
  /** Start-up figures in ms. */
  readonly timings: Record<string, number>;
}

/** Starts Kafka (fresh KRaft data dir) and one Karapace per name, each primary before it resolves. */
export async function startKarapaceEstate<N extends string>(names: readonly N[]): Promise<KarapaceEstate & { registries: Record<N, KarapaceServer> }> {
  const cache = karapaceCache();
  const work = mkdtempSync(join(tmpdir(), 'srx-karapace-'));
  const timings: Record<string, number> = {};
  const began = Date.now();
  const [broker, controller] = [await freePort(), await freePort()];
  const props = join(work, 'server.properties');
  writeFileSync(
    props,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controller}`,
      `listeners=PLAINTEXT://127.0.0.1:${broker},CONTROLLER://127.0.0.1:${controller}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${broker}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${join(work, 'data')}`,
      'num.partitions=1',
      'offsets.topic.num.partitions=1',
      'offsets.topic.replication.factor=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      '',
    ].join('\n'),
  );
  const classpath = `${join(cache, 'kafka', 'lib')}/*`;
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };
  const format = spawn('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', randomUUID().replace(/-/g, '').slice(0, 22), '-c', props], {
    env,
    stdio: 'ignore',
  });
  const formatted = await new Promise<number | null>((resolve) => format.once('exit', resolve));
  if (formatted !== 0) throw new Error(`kafka storage format failed (${formatted})`);
  const log4j = join(work, 'log4j.properties');
  writeFileSync(
    log4j,
    'log4j.rootLogger=INFO, stdout\nlog4j.appender.stdout=org.apache.log4j.ConsoleAppender\nlog4j.appender.stdout.layout=org.apache.log4j.PatternLayout\nlog4j.appender.stdout.layout.ConversionPattern=%m%n\nlog4j.logger.kafka=INFO\nlog4j.logger.org.apache=WARN\n',
  );
  const kafka = spawn('java', ['-Xmx512m', `-Dlog4j.configuration=file:${log4j}`, '-cp', classpath, 'kafka.Kafka', props], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const kafkaTail = { text: '' };
  const kafkaExited = track(kafka, kafkaTail);
  const kafkaDeadline = Date.now() + 120_000;
  while (!/Kafka Server started|\[KafkaRaftServer nodeId=1\] Kafka Server started/.test(kafkaTail.text)) {
    if (kafka.exitCode !== null) throw new Error(`kafka exited (${kafka.exitCode}): ${kafkaTail.text}`);
    if (Date.now() > kafkaDeadline) {
      await stopChild(kafka, kafkaExited);
      throw new Error(`kafka not started after 120 s: ${kafkaTail.text}`);
    }
    await sleep(100);
  }
  timings.kafka = Date.now() - began;
  const bootstrap = `127.0.0.1:${broker}`;
  const stops: (() => Promise<void>)[] = [];

  async function launch(group: string): Promise<{ url: string; child: ChildProcess; exited: Promise<void>; tail: { text: string } }> {
    const port = await freePort();
    const runtime = mkdtempSync(join(work, `proto-${group}-`));
    const child = spawn(join(cache, 'venv', 'bin', 'python'), ['-m', 'karapace'], {
      cwd: work,
      env: {
        ...env,
        KARAPACE_KARAPACE_REGISTRY: 'true',
        KARAPACE_BOOTSTRAP_URI: bootstrap,
        KARAPACE_HOST: '127.0.0.1',
        KARAPACE_PORT: String(port),
        KARAPACE_ADVERTISED_HOSTNAME: '127.0.0.1',
        KARAPACE_ADVERTISED_PORT: String(port),
        KARAPACE_GROUP_ID: group,
        KARAPACE_CLIENT_ID: group,
        KARAPACE_TOPIC_NAME: `_schemas_${group}`,
        KARAPACE_METADATA_MAX_AGE_MS: '2000',
        KARAPACE_PROTOBUF_RUNTIME_DIRECTORY: runtime,
        KARAPACE_LOG_LEVEL: 'WARNING',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail = { text: '' };
    const exited = track(child, tail);
    return { url: `http://127.0.0.1:${port}`, child, exited, tail };
  }

  async function addRegistry(name: string): Promise<KarapaceServer> {
    const started = Date.now();
    const group = `srx_${name}_${randomUUID().slice(0, 8)}`;
    for (let attempt = 0; attempt < 4; attempt++) {
      const run = await launch(group);
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && run.child.exitCode === null) {
        if (await isPrimary(run.url)) {
          timings[`karapace:${name}`] = Date.now() - started;
          const stop = () => stopChild(run.child, run.exited);
          stops.push(stop);
          return { url: run.url, group, stop };
        }
        await sleep(250);
      }
      // Not primary after 60 s (or exited, e.g. a port race): restart it, as KARAPACE.md advises.
      const why = run.tail.text;
      await stopChild(run.child, run.exited);
      if (attempt === 3) throw new Error(`karapace ${name} never became primary: ${why}`);
    }
    throw new Error('unreachable');
  }

  const registries = {} as Record<N, KarapaceServer>;
  try {
    const servers = await Promise.all(names.map((n) => addRegistry(n)));
    names.forEach((n, i) => {
      registries[n] = servers[i]!;
    });
  } catch (error) {
    await Promise.all(stops.map((s) => s()));
    await stopChild(kafka, kafkaExited);
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  timings.total = Date.now() - began;
  return {
    bootstrap,
    registries,
    addRegistry,
    timings,
    async stopAll() {
      await Promise.all(stops.map((s) => s()));
      await stopChild(kafka, kafkaExited);
      rmSync(work, { recursive: true, force: true });
    },
  };
}

async function isPrimary(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/master_available`);
    if (!response.ok) return false;
    const body = (await response.json()) as { master_available?: boolean };
    return body.master_available === true;
  } catch {
    return false;
  }
}
