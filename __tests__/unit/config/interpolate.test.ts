import { interpolate } from '../../../src/core/config/interpolate.js';
import { ConfigError } from '../../../src/core/errors.js';

describe('interpolate', () => {
  it('replaces ${VAR} deeply in strings, arrays and objects, leaving other values alone', () => {
    const value = { url: 'https://${HOST}:${ PORT }', list: ['${A}', 1, true, null], nested: { headers: { X: 'a-${A}-b' } } };
    expect(interpolate(value, { HOST: 'h', PORT: '8443', A: 'x' }, 'here')).toEqual({
      url: 'https://h:8443',
      list: ['x', 1, true, null],
      nested: { headers: { X: 'a-x-b' } },
    });
  });

  it('leaves text without references (and a lone $) unchanged', () => {
    expect(interpolate('p$ss{word}$', {}, 'x')).toBe('p$ss{word}$');
  });

  it('names the variable and the full key path when it is unset', () => {
    try {
      interpolate({ registries: { dev: { headers: { Auth: '${API_KEY}' } } } }, {}, 'schema-tool.config.json');
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toBe('schema-tool.config.json.registries.dev.headers.Auth: environment variable API_KEY is not set');
      expect((error as ConfigError).hint).toMatch(/export API_KEY=/);
    }
  });

  it('does not interpolate the values it substitutes (no recursion)', () => {
    expect(interpolate('${A}', { A: '${B}', B: 'no' }, 'x')).toBe('${B}');
  });
});
