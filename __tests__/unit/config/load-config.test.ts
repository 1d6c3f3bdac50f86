import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/core/config/load-config.js';
import { ConfigError } from '../../../src/core/errors.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'srx-config-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(relative: string, content: unknown): string {
  const path = join(root, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const fileConfig = (url = 'http://file:8081') => ({ registries: { dev: { url, description: 'from file' } }, default_registry: 'dev' });

async function failure(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config file search (data formats only, module schema-tool)', () => {
  it.each([
    ['schema-tool.config.json', JSON.stringify(fileConfig())],
    ['.schema-toolrc', 'registries:\n  dev:\n    url: http://file:8081\n    description: from file\ndefault_registry: dev\n'],
    ['.schema-toolrc.json', JSON.stringify(fileConfig())],
    ['.schema-toolrc.yaml', 'registries:\n  dev: { url: "http://file:8081", description: from file }\ndefault_registry: dev\n'],
    ['.schema-toolrc.yml', 'registries:\n  dev:\n    url: http://file:8081\n    description: from file\ndefault_registry: dev\n'],
    ['package.json', JSON.stringify({ name: 'x', 'schema-tool': fileConfig() })],
  ])('finds %s', async (name, content) => {
    const path = write(name, content);
    const config = await loadConfig({ env: {}, cwd: root });
    expect(config.registries.dev).toMatchObject({ url: 'http://file:8081', description: 'from file', origin: path });
    expect(config.defaultRegistry).toBe('dev');
    expect(config.sources).toEqual([path]);
  });

  // Issue 16: code configs run only when named with --config (before, the search ran them from any parent folder).
  it.each([
    ['schema-tool.config.cjs', `module.exports = ${JSON.stringify(fileConfig())};`],
    ['schema-tool.config.mjs', `export default ${JSON.stringify(fileConfig())};`],
    ['schema-tool.config.js', `module.exports = ${JSON.stringify(fileConfig())};`],
  ])('runs %s only when named with --config', async (name, content) => {
    const path = write(name, content);
    expect((await loadConfig({ env: {}, cwd: root })).registries).toEqual({});
    const config = await loadConfig({ env: {}, cwd: root, configFile: name });
    expect(config.registries.dev).toMatchObject({ url: 'http://file:8081', origin: path });
  });

  it('never runs a code config found in a parent folder (it would write a marker file)', async () => {
    const marker = join(root, 'ran.txt');
    for (const ext of ['mjs', 'cjs', 'js']) {
      write(
        `schema-tool.config.${ext}`,
        `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran'); module.exports = {};`
          .replace("require('node:fs')", ext === 'mjs' ? "(await import('node:fs'))" : "require('node:fs')")
          .replace('module.exports = {};', ext === 'mjs' ? 'export default {};' : 'module.exports = {};'),
      );
    }
    mkdirSync(join(root, 'work', 'deep'), { recursive: true });
    const config = await loadConfig({ env: {}, cwd: join(root, 'work', 'deep') });
    expect(config.registries).toEqual({});
    expect(existsSync(marker)).toBe(false);
    expect(config.skippedCodeConfigs).toEqual(['js', 'cjs', 'mjs'].map((ext) => join(root, `schema-tool.config.${ext}`)));
  });

  it('stops the upward search at the home folder (searched) and never looks above it', async () => {
    write('schema-tool.config.json', fileConfig('http://above-home:1'));
    mkdirSync(join(root, 'home', 'me', 'project'), { recursive: true });
    const env = { HOME: join(root, 'home', 'me') };
    expect((await loadConfig({ env, cwd: join(root, 'home', 'me', 'project') })).registries).toEqual({});
    write('home/me/.schema-toolrc.yaml', 'registries:\n  dev: { url: "http://home:1" }\n');
    expect((await loadConfig({ env, cwd: join(root, 'home', 'me', 'project') })).registries.dev?.url).toBe('http://home:1');
  });

  it('stops the upward search at the repository root (the nearest folder holding .git)', async () => {
    write('schema-tool.config.json', fileConfig('http://above-repo:1'));
    mkdirSync(join(root, 'repo', '.git'), { recursive: true });
    mkdirSync(join(root, 'repo', 'src'), { recursive: true });
    expect((await loadConfig({ env: {}, cwd: join(root, 'repo', 'src') })).registries).toEqual({});
    write('repo/schema-tool.config.json', fileConfig('http://repo:1'));
    expect((await loadConfig({ env: {}, cwd: join(root, 'repo', 'src') })).registries.dev?.url).toBe('http://repo:1');
  });

  it.each([
    ['schema-tool.config.json', JSON.stringify({ $import: './code.mjs', registries: {} })],
    ['.schema-toolrc.yaml', '$import: ./code.mjs\nregistries: {}\n'],
    ['package.json', JSON.stringify({ name: 'x', 'schema-tool': { $import: './code.mjs' } })],
  ])('refuses $import in %s (and never loads what it names)', async (name, content) => {
    const marker = join(root, 'ran.txt');
    write('code.mjs', `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'ran'); export default {};`);
    const path = write(name, content);
    for (const options of [{ cwd: root }, { cwd: root, configFile: name }]) {
      const error = await failure(loadConfig({ env: {}, ...options }));
      expect(error.message).toBe(`${path}: "$import" is not supported: srx never loads other files or code named in a config file`);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('searches from the working directory upward', async () => {
    write('schema-tool.config.json', fileConfig());
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    const config = await loadConfig({ env: {}, cwd: join(root, 'a', 'b') });
    expect(config.registries.dev?.url).toBe('http://file:8081');
  });

  it('prefers schema-tool.config.json over .schema-toolrc in the same directory', async () => {
    write('schema-tool.config.json', fileConfig('http://json:1'));
    write('.schema-toolrc', JSON.stringify(fileConfig('http://rc:1')));
    expect((await loadConfig({ env: {}, cwd: root })).registries.dev?.url).toBe('http://json:1');
  });

  it('ignores a package.json without the schema-tool key', async () => {
    write('package.json', { name: 'x' });
    expect((await loadConfig({ env: {}, cwd: root })).registries).toEqual({});
  });

  it('makes no search with --config', async () => {
    write('schema-tool.config.json', { registries: { searched: { url: 'http://s' } } });
    write('other/explicit.json', { registries: { explicit: { url: 'http://e' } } });
    const config = await loadConfig({ env: {}, cwd: root, configFile: 'other/explicit.json' });
    expect(Object.keys(config.registries)).toEqual(['explicit']);
  });

  it('loads a YAML file given with --config', async () => {
    write('x.yaml', 'registries:\n  y: { url: "http://y:1" }\n');
    expect((await loadConfig({ env: {}, cwd: root, configFile: 'x.yaml' })).registries.y?.url).toBe('http://y:1');
  });

  it('fails clearly on a missing --config file (exit-2 error)', async () => {
    const error = await failure(loadConfig({ env: {}, cwd: root, configFile: 'nope.json' }));
    expect(error.code).toBe('E_CONFIG_FILE');
    expect(error.message).toContain(join(root, 'nope.json'));
  });

  it('fails clearly on a file that is not valid JSON, naming it', async () => {
    const path = write('schema-tool.config.json', '{ "registries": ');
    const error = await failure(loadConfig({ env: {}, cwd: root }));
    expect(error.message).toContain(path);
  });

  it.each([
    [
      'bad.json',
      '{\n  "registries": {\n    "prod": { "url": "http://h", "password": "s3cr3t-pw" x }\n  }\n}\n',
      "invalid JSON: Expected ',' or '}' after property value at position 77 (line 3, column 58)",
    ],
    [
      'bad.yaml',
      'registries:\n  prod:\n    url: http://h\n    password: "s3cr3t-pw\n',
      'invalid YAML: unexpected end of the stream within a double quoted scalar (line 5, column 1)',
    ],
    ['bad-tag.yaml', 'registries:\n  prod: !s3cr3t-pw x\n', 'invalid YAML: syntax error (line 2, column 21)'],
  ])('never quotes a broken config (%s): one line naming the file, no line of its content', async (name, content, problem) => {
    const path = write(name, content);
    const error = await failure(loadConfig({ env: {}, cwd: root, configFile: name }));
    expect(error.message).toBe(`${path}: cannot read config: ${problem}`);
    for (const line of content
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 3))
      expect(error.message).not.toContain(line);
    expect(error.message).not.toContain('s3cr3t');
  });
});

describe('precedence (a higher source replaces a same-named registry entirely)', () => {
  const everySource = () => {
    write('schema-tool.config.json', {
      registries: {
        a: { url: 'http://file-a', description: 'file' },
        b: { url: 'http://file-b', description: 'file' },
        c: { url: 'http://file-c', description: 'file' },
        d: { url: 'http://file-d', description: 'file' },
        e: { url: 'http://file-e', description: 'file', user: 'fu', password: 'fp' },
      },
    });
    write('explicit.json', { registries: { a: { url: 'http://explicit-a' } } });
    return {
      REGISTRIES_CONFIG: JSON.stringify({ a: { url: 'http://rc-a' }, b: { url: 'http://rc-b' } }),
      REGISTRIES: 'a:http://r-a,b:http://r-b,c:http://r-c',
      SCHEMA_REGISTRY_URL_1: 'http://n-a',
      SCHEMA_REGISTRY_NAME_1: 'a',
      SCHEMA_REGISTRY_URL_2: 'http://n-d',
      SCHEMA_REGISTRY_NAME_2: 'd',
      SCHEMA_REGISTRY_URL: 'http://single',
    };
  };

  it('orders --config > REGISTRIES_CONFIG > REGISTRIES > numbered > file', async () => {
    const env = everySource();
    const config = await loadConfig({ env, cwd: root, configFile: 'explicit.json' });
    const urls = Object.fromEntries(Object.entries(config.registries).map(([name, entry]) => [name, entry.url]));
    // --config: no search, so c/d/e exist only where env defines them
    expect(urls).toEqual({ a: 'http://explicit-a', b: 'http://rc-b', c: 'http://r-c', d: 'http://n-d', default: 'http://single' });
    expect(config.sources).toEqual([join(root, 'explicit.json'), 'REGISTRIES_CONFIG', 'REGISTRIES', 'SCHEMA_REGISTRY_* variables']);
  });

  it('without --config, the searched file is the lowest source', async () => {
    const config = await loadConfig({ env: everySource(), cwd: root });
    expect(config.registries.a?.url).toBe('http://rc-a');
    expect(config.registries.c?.url).toBe('http://r-c');
    expect(config.registries.d?.url).toBe('http://n-d');
    expect(config.registries.e?.url).toBe('http://file-e');
    expect(config.registries.e?.user).toBe('fu');
    // replaced entirely: nothing of the file's entry (description) survives
    expect(config.registries.c?.description).toBeUndefined();
    expect(config.registries.c?.origin).toBe('REGISTRIES');
    expect(config.registries.d?.origin).toBe('SCHEMA_REGISTRY_* variables');
  });

  it('takes default_registry from the highest source that sets it', async () => {
    write('schema-tool.config.json', { registries: { a: { url: 'http://a' }, b: { url: 'http://b' } }, default_registry: 'a' });
    const env = { REGISTRIES_CONFIG: JSON.stringify({ registries: { c: { url: 'http://c' } }, default_registry: 'b' }) };
    expect((await loadConfig({ env, cwd: root })).defaultRegistry).toBe('b');
  });

  it('reads REGISTRIES_CONFIG as a map or a whole config object', async () => {
    const map = await loadConfig({ env: { REGISTRIES_CONFIG: '{"x":{"url":"http://x","readonly":true}}' }, cwd: root });
    expect(map.registries.x).toMatchObject({ url: 'http://x', readonly: true, protected: false });
    const whole = await loadConfig({ env: { REGISTRIES_CONFIG: '{"registries":{"x":{"url":"http://x"}},"default_registry":"x"}' }, cwd: root });
    expect(whole.defaultRegistry).toBe('x');
  });

  it('reads REGISTRIES credentials, numbered variables and SCHEMA_REGISTRY_URL', async () => {
    const config = await loadConfig({
      env: {
        REGISTRIES: 'dev:http://dev-registry:8081:dev-user:dev:pass',
        SCHEMA_REGISTRY_URL_1: 'https://one.example.com',
        SCHEMA_REGISTRY_NAME_1: 'one',
        SCHEMA_REGISTRY_USER_1: 'u1',
        SCHEMA_REGISTRY_PASSWORD_1: 'p1',
        VIEWONLY_1: 'true',
        SCHEMA_REGISTRY_URL: 'http://single:8081',
      },
      cwd: root,
    });
    expect(config.registries.dev).toMatchObject({ url: 'http://dev-registry:8081', user: 'dev-user', password: 'dev:pass' });
    expect(config.registries.one).toMatchObject({ url: 'https://one.example.com', user: 'u1', password: 'p1', readonly: true });
    expect(config.registries.default).toMatchObject({ url: 'http://single:8081' });
  });

  it('takes credentials embedded in a URL out of it', async () => {
    const config = await loadConfig({ env: { REGISTRIES_CONFIG: '{"x":{"url":"https://key:s%40cret@h.example.com/"}}' }, cwd: root });
    expect(config.registries.x).toMatchObject({ url: 'https://h.example.com', user: 'key', password: 's@cret' });
  });
});

describe('${VAR} interpolation', () => {
  it('replaces variables in any string, default_registry included', async () => {
    write('schema-tool.config.json', {
      registries: { prod: { url: 'https://${HOST}:${PORT}', token: '${TOKEN}', headers: { 'X-Tenant': 't-${TENANT}' } } },
      default_registry: '${DEFAULT}',
    });
    const env = { HOST: 'sr.example.com', PORT: '8443', TOKEN: 'tok', TENANT: '42', DEFAULT: 'prod' };
    const config = await loadConfig({ env, cwd: root });
    expect(config.registries.prod).toMatchObject({ url: 'https://sr.example.com:8443', token: 'tok', headers: { 'X-Tenant': 't-42' } });
    expect(config.defaultRegistry).toBe('prod');
  });

  it('names the variable and the registry when a variable is unset', async () => {
    const path = write('schema-tool.config.json', { registries: { dev: { url: 'http://x', user: 'u', password: '${DEV_SR_PASSWORD}' } } });
    const error = await failure(loadConfig({ env: {}, cwd: root }));
    expect(error.code).toBe('E_CONFIG_VAR');
    expect(error.message).toContain('DEV_SR_PASSWORD');
    expect(error.message).toContain('registries.dev.password');
    expect(error.message).toContain(path);
  });

  it('accepts an empty variable and rejects a malformed reference', async () => {
    write('schema-tool.config.json', { registries: { dev: { url: 'http://x', description: 'a${EMPTY}b' } } });
    expect((await loadConfig({ env: { EMPTY: '' }, cwd: root })).registries.dev?.description).toBe('ab');
    write('schema-tool.config.json', { registries: { dev: { url: 'http://x', description: '${NOT VALID}' } } });
    expect((await failure(loadConfig({ env: {}, cwd: root }))).message).toMatch(/invalid variable reference/);
  });
});

describe('validation errors name the source and the key', () => {
  async function invalid(config: unknown): Promise<ConfigError> {
    write('schema-tool.config.json', config);
    return failure(loadConfig({ env: {}, cwd: root }));
  }

  it('rejects unknown keys in an entry and at the top level', async () => {
    const entry = await invalid({ registries: { dev: { url: 'http://x', pasword: 'typo' } } });
    expect(entry.message).toMatch(/schema-tool\.config\.json: registries\.dev: unknown key pasword/);
    const top = await invalid({ registry: {} });
    expect(top.message).toMatch(/unknown key registry/);
  });

  it('rejects a missing or bad URL', async () => {
    expect((await invalid({ registries: { dev: { description: 'x' } } })).message).toMatch(/registries\.dev\.url: /);
    const bad = await invalid({ registries: { dev: { url: 'not a url' } } });
    expect(bad.code).toBe('E_CONFIG_URL');
    expect(bad.message).toMatch(/registries\.dev\.url: not a valid URL/);
    expect((await invalid({ registries: { dev: { url: 'ftp://x' } } })).message).toMatch(/expected http:\/\/, https:\/\/ or file:/);
  });

  it('rejects wrong types', async () => {
    expect((await invalid({ registries: { dev: { url: 'http://x', readonly: 'yes' } } })).message).toMatch(/registries\.dev\.readonly/);
    expect((await invalid({ registries: { dev: { url: 'http://x', timeout: -1 } } })).message).toMatch(/registries\.dev\.timeout/);
  });

  it('rejects a missing TLS file, with its resolved path', async () => {
    const error = await invalid({ registries: { prod: { url: 'https://x', tls: { ca: './certs/ca.pem' } } } });
    expect(error.code).toBe('E_CONFIG_FILE');
    expect(error.message).toContain('registries.prod.tls.ca');
    expect(error.message).toContain(join(root, 'certs', 'ca.pem'));
  });

  it('resolves TLS paths relative to the config file', async () => {
    write('conf/certs/ca.pem', 'x');
    write('conf/certs/c.pem', 'x');
    write('conf/certs/c.key', 'x');
    write('conf/srx.json', {
      registries: { prod: { url: 'https://x', tls: { ca: 'certs/ca.pem', cert: 'certs/c.pem', key: 'certs/c.key', passphrase: 'pp' } } },
    });
    const config = await loadConfig({ env: {}, cwd: root, configFile: 'conf/srx.json' });
    expect(config.registries.prod?.tls).toEqual({
      ca: join(root, 'conf/certs/ca.pem'),
      cert: join(root, 'conf/certs/c.pem'),
      key: join(root, 'conf/certs/c.key'),
      passphrase: 'pp',
    });
  });

  it('rejects a cert without key, and user/password together with a token', async () => {
    write('c.pem', 'x');
    expect((await invalid({ registries: { p: { url: 'https://x', tls: { cert: join(root, 'c.pem') } } } })).message).toMatch(/cert and key go together/);
    expect((await invalid({ registries: { p: { url: 'https://x', user: 'u', token: 't' } } })).message).toMatch(/either user\/password or token/);
  });

  it('rejects a default_registry that is not configured, and a bad registry name', async () => {
    expect((await invalid({ registries: { a: { url: 'http://a' } }, default_registry: 'b' })).message).toMatch(/default_registry "b"/);
    expect((await invalid({ registries: { 'bad name': { url: 'http://a' } } })).message).toMatch(/registries\.bad name: registry names/);
  });

  it('accepts a file: URL to an existing export and rejects a missing one', async () => {
    write('backups/prod.json', '{}');
    write('schema-tool.config.json', { registries: { lastweek: { url: 'file:./backups/prod.json' } } });
    expect((await loadConfig({ env: {}, cwd: root })).registries.lastweek?.url).toBe(`file:${join(root, 'backups/prod.json')}`);
    const error = await invalid({ registries: { lastweek: { url: 'file:./backups/nope.json' } } });
    expect(error.message).toMatch(/registries\.lastweek\.url: export not found/);
  });

  it('names REGISTRIES_CONFIG when it is the bad source', async () => {
    const error = await failure(loadConfig({ env: { REGISTRIES_CONFIG: '{"x":{"url":"http://x","colour":"red"}}' }, cwd: root }));
    expect(error.message).toMatch(/^REGISTRIES_CONFIG: registries\.x: unknown key colour/);
  });
});
