#!/usr/bin/env node
// Installs Apicurio Registry 3.3.3 (its Confluent-compatible "ccompat" API is one of the vendors srx is
// tested against) into .cache/apicurio from Maven Central, skipping the work when it is already there.
// Needs Maven and a Java 21+ runtime; says exactly what is missing otherwise (exit 1), never skips silently.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findJava } from './lib/apicurio-server.mjs';

const VERSION = '3.3.3';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, '.cache', 'apicurio');
const home = join(cache, VERSION);
const archive = join(cache, `apicurio-registry-app-${VERSION}-all.tar.gz`);

function fail(message) {
  console.error(`could not install Apicurio Registry ${VERSION}: ${message}`);
  process.exit(1);
}

if (existsSync(join(home, 'quarkus-run.jar'))) {
  console.log(`apicurio registry already installed: ${home}`);
  process.exit(0);
}
const java = findJava();
if (!java) fail('no Java 21 or later found (JAVA_HOME, /usr/lib/jvm/*, java on the PATH); install one, e.g. apt-get install openjdk-21-jre-headless');
try {
  execFileSync('mvn', ['-v'], { stdio: 'ignore' });
} catch {
  fail('Maven (mvn) is not installed; e.g. apt-get install maven');
}
mkdirSync(cache, { recursive: true });
if (!existsSync(archive)) {
  try {
    execFileSync('mvn', ['-B', '-q', 'dependency:copy', `-Dartifact=io.apicurio:apicurio-registry-app:${VERSION}:tar.gz:all`, `-DoutputDirectory=${cache}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    fail(`mvn dependency:copy failed: ${String(error.stderr ?? error.message).trim().split('\n').slice(-3).join(' ')}`);
  }
}
mkdirSync(home, { recursive: true });
execFileSync('tar', ['xzf', archive, '-C', home]);
// The archive may hold one top folder: use the folder that has quarkus-run.jar.
if (!existsSync(join(home, 'quarkus-run.jar'))) {
  const inner = readdirSync(home).map((name) => join(home, name)).find((dir) => existsSync(join(dir, 'quarkus-run.jar')));
  if (!inner) fail(`${archive} holds no quarkus-run.jar`);
  writeFileSync(join(cache, 'home.txt'), inner);
}
console.log(`apicurio registry ${VERSION} installed: ${home} (java: ${java})`);
