import { UsageError, errnoOf, fileError, fileFailure, messageOf } from '../../../src/core/errors.js';
import { contextSubjectOf, keyOf, partsOf } from '../../../src/core/keys.js';

describe('composite keys', () => {
  it('joins parts so that they split back, whatever the subject holds', () => {
    const key = keyOf('.team-a', 'orders:value.v1', 3);
    expect(partsOf(key)).toEqual(['.team-a', 'orders:value.v1', '3']);
    expect(contextSubjectOf(keyOf('.', 'a\tb'))).toEqual(['.', 'a\tb']);
  });

  it('tells apart tuples that plain concatenation would merge', () => {
    expect(keyOf('.a', 'bc')).not.toBe(keyOf('.ab', 'c'));
  });

  it('writes a missing part as a template literal would, so existing keys do not change', () => {
    expect(keyOf('.', null)).toBe(`.\u0000null`);
    expect(keyOf('.', undefined, true)).toBe(`.\u0000undefined\u0000true`);
  });
});

describe('error helpers', () => {
  const enoent = Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' });

  it('reads the message of anything thrown', () => {
    expect(messageOf(new Error('boom'))).toBe('boom');
    expect(messageOf('plain')).toBe('plain');
    expect(messageOf({ message: 42 })).toBe('42');
  });

  it('reads a system error code only when there is one', () => {
    expect(errnoOf(enoent)).toBe('ENOENT');
    expect(errnoOf(new Error('x'))).toBeUndefined();
    expect(errnoOf(null)).toBeUndefined();
  });

  it('says a file failure by its code, else by its message', () => {
    expect(fileFailure(enoent)).toBe('ENOENT');
    expect(fileFailure(new Error('disk on fire'))).toBe('disk on fire');
    const error = fileError('write', '/tmp/x.json', enoent);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.code).toBe('E_USAGE_FILE');
    expect(error.message).toBe('cannot write /tmp/x.json: ENOENT');
  });
});
