import { ConfigError } from '../../../src/core/errors.js';
import { parseNumberedVariables, parseRegistriesConfigVariable, parseRegistriesVariable } from '../../../src/core/config/parse-env-registries.js';

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseRegistriesVariable', () => {
  it('keeps the URL port and splits user and password', () => {
    expect(parseRegistriesVariable('dev:http://dev-registry:8081:dev-user:dev-pass')).toEqual({
      dev: { url: 'http://dev-registry:8081', user: 'dev-user', password: 'dev-pass' },
    });
  });

  it('reads several items, with and without credentials, trimming spaces', () => {
    expect(parseRegistriesVariable(' dev:http://a:8081 , prod:https://b.example.com:u:p ,')).toEqual({
      dev: { url: 'http://a:8081' },
      prod: { url: 'https://b.example.com', user: 'u', password: 'p' },
    });
  });

  it('keeps paths, https and IPv6 hosts', () => {
    expect(parseRegistriesVariable('a:https://sr.example.com/api/ccompat,b:http://[::1]:8081/x/y:k:s')).toEqual({
      a: { url: 'https://sr.example.com/api/ccompat' },
      b: { url: 'http://[::1]:8081/x/y', user: 'k', password: 's' },
    });
  });

  it('lets a password hold colons (everything after the user)', () => {
    expect(parseRegistriesVariable('cc:https://psrc-x.confluent.cloud:KEY123:se:cr:et')).toEqual({
      cc: { url: 'https://psrc-x.confluent.cloud', user: 'KEY123', password: 'se:cr:et' },
    });
  });

  it('accepts an empty password and a port-less URL with credentials', () => {
    expect(parseRegistriesVariable('x:http://host:user:')).toEqual({ x: { url: 'http://host', user: 'user', password: '' } });
  });

  it.each([
    ['no name', ':http://a:8081', /item 1.*name:url/],
    ['no colon at all', 'justaname', /item 1/],
    ['not a URL', 'dev:dev-registry:8081', /"dev" needs an http/],
    ['another scheme', 'dev:ftp://host:21', /"dev" needs an http/],
    ['a user without password separator', 'dev:http://h:8081:onlyuser', /a user needs a password/],
    ['an empty user', 'dev:http://h:8081::pw', /empty user/],
    ['the second item bad', 'ok:http://a,bad:nope', /item 2/],
  ])('rejects %s', (_what, value, message) => {
    const error = errorOf(() => parseRegistriesVariable(value));
    expect(error.code).toBe('E_CONFIG_REGISTRIES');
    expect(error.message).toMatch(message);
  });

  it('masks the password of a bad item in the error', () => {
    const error = errorOf(() => parseRegistriesVariable('dev:http://h:8081:u:topsecret,:x'));
    expect(error.message).toMatch(/item 2/);
    const bad = errorOf(() => parseRegistriesVariable(':http://h:8081:u:topsecret'));
    expect(bad.message).not.toContain('topsecret');
    expect(bad.message).toContain('***');
  });
});

describe('parseRegistriesConfigVariable', () => {
  it('wraps a map of entries', () => {
    expect(parseRegistriesConfigVariable('{"dev":{"url":"http://a"}}')).toEqual({ registries: { dev: { url: 'http://a' } } });
  });

  it('keeps a whole config object', () => {
    const whole = { registries: { dev: { url: 'http://a' } }, default_registry: 'dev' };
    expect(parseRegistriesConfigVariable(JSON.stringify(whole))).toEqual(whole);
    expect(parseRegistriesConfigVariable('{"default_registry":"x"}')).toEqual({ default_registry: 'x' });
  });

  it.each([
    ['{not json', /invalid JSON/],
    ['[1,2]', /expected a JSON object/],
    ['null', /expected a JSON object/],
    ['"x"', /expected a JSON object/],
  ])('rejects %s', (value, message) => {
    expect(errorOf(() => parseRegistriesConfigVariable(value)).message).toMatch(message);
  });
});

describe('parseNumberedVariables', () => {
  it('reads numbered registries in numeric order with credentials and VIEWONLY', () => {
    const env = {
      SCHEMA_REGISTRY_NAME_10: 'ten',
      SCHEMA_REGISTRY_URL_10: 'http://ten:8081',
      SCHEMA_REGISTRY_NAME_2: 'two',
      SCHEMA_REGISTRY_URL_2: ' http://two:8081 ',
      SCHEMA_REGISTRY_USER_2: 'u2',
      SCHEMA_REGISTRY_PASSWORD_2: 'p2',
      VIEWONLY_2: 'true',
    };
    const out = parseNumberedVariables(env);
    expect(Object.keys(out)).toEqual(['two', 'ten']);
    expect(out.two).toEqual({ url: 'http://two:8081', user: 'u2', password: 'p2', readonly: true });
    expect(out.ten).toEqual({ url: 'http://ten:8081' });
  });

  it('names an unnamed numbered registry registry<n>, and ignores a NAME without URL', () => {
    expect(parseNumberedVariables({ SCHEMA_REGISTRY_URL_3: 'http://x', SCHEMA_REGISTRY_NAME_4: 'lonely' })).toEqual({ registry3: { url: 'http://x' } });
  });

  it('reads SCHEMA_REGISTRY_URL as "default", with user, password and VIEWONLY', () => {
    expect(parseNumberedVariables({ SCHEMA_REGISTRY_URL: 'http://d:8081', SCHEMA_REGISTRY_USER: 'u', SCHEMA_REGISTRY_PASSWORD: 'p', VIEWONLY: '1' })).toEqual({
      default: { url: 'http://d:8081', user: 'u', password: 'p', readonly: true },
    });
  });

  it('does not let SCHEMA_REGISTRY_URL replace a numbered registry named default', () => {
    const out = parseNumberedVariables({ SCHEMA_REGISTRY_URL_1: 'http://numbered', SCHEMA_REGISTRY_NAME_1: 'default', SCHEMA_REGISTRY_URL: 'http://single' });
    expect(out.default).toEqual({ url: 'http://numbered' });
  });

  it('treats VIEWONLY=false as writable', () => {
    expect(parseNumberedVariables({ SCHEMA_REGISTRY_URL_1: 'http://x', VIEWONLY_1: 'false' }).registry1).toEqual({ url: 'http://x' });
  });
});

describe('parseRegistriesVariable masking of unparsable items', () => {
  it('does not show a password of an item without scheme', () => {
    const error = errorOf(() => parseRegistriesVariable('dev:dev-registry:8081:user:hunter22'));
    expect(error.message).not.toContain('hunter22');
    expect(error.message).toContain('dev-registry');
  });
});
