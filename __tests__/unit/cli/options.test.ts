import { Command } from 'commander';
import { UsageError } from '../../../src/core/errors.js';
import { addFlags, FLAGS } from '../../../src/cli/options/flags.js';
import { checkContext, parseContext, parseContextList, parseList, parseScopeText, parseVersions } from '../../../src/cli/options/parsers.js';
import { scopeOf } from '../../../src/cli/options/scope.js';

describe('CLI option vocabulary', () => {
  it('checks contexts in the wording of the command that asks', () => {
    expect(checkContext('team-a')).toBe('team-a');
    expect(parseContext('team-a')).toBe('.team-a');
    expect(() => parseContext('bad ctx')).toThrow('invalid context "bad ctx"');
    expect(() => checkContext('bad ctx', '--context')).toThrow('invalid --context "bad ctx"');
    expect(() => checkContext('bad ctx')).toThrow(UsageError);
  });

  it('parses comma lists, context lists and versions', () => {
    expect(parseList(undefined)).toBeUndefined();
    expect(parseList(' , ')).toBeUndefined();
    expect(parseList('a, b,')).toEqual(['a', 'b']);
    expect(parseContextList('., team-a')).toEqual(['.', '.team-a']);
    expect(parseVersions('latest')).toBe('latest');
    expect(parseVersions('1, 3')).toEqual([1, 3]);
    expect(() => parseVersions('0')).toThrow('--versions must be all, latest or version numbers like 1,3,5, got "0"');
  });

  it('parses --scope values', () => {
    expect(parseScopeText(undefined)).toEqual({ kind: 'registry' });
    expect(parseScopeText('context:team-a')).toEqual({ kind: 'context', context: '.team-a' });
    expect(parseScopeText('subject::.x:orders')).toEqual({ kind: 'subject', context: '.x', subject: 'orders' });
    expect(() => parseScopeText('everything')).toThrow('invalid --scope "everything"');
  });

  it('builds one scope from the scope flags', () => {
    expect(scopeOf({ context: 'team-a', contexts: 'a,b', subjects: ['x-*', 'y-*,z'], includeDeleted: true })).toEqual({
      context: 'team-a',
      targetContext: undefined,
      contexts: ['.a', '.b'],
      subjects: ['x-*', 'y-*', 'z'],
      exclude: undefined,
      includeDeleted: true,
      allowEmpty: false,
    });
    expect(() => scopeOf({ targetContext: 'bad ctx' }, { targetContext: '--target-context' })).toThrow('invalid --target-context "bad ctx"');
  });

  it('declares flags from the table, with a per-use description, in the order given', () => {
    const command = addFlags(new Command('x'), ['versions', ['includeDeleted', 'copy them too'], 'noPreserveIds', ['subjects', { repeatable: true }]]);
    expect(command.options.map((o) => o.flags)).toEqual(['--versions <which>', '--include-deleted', '--no-preserve-ids', '--subjects <globs>']);
    expect(command.options[0]!.defaultValue).toBe('all');
    expect(command.options[1]!.description).toBe('copy them too');
    expect(command.options[3]!.description).toBe(FLAGS.subjects.description);
    command.action(() => {}).parse(['--subjects', 'a', '--subjects', 'b'], { from: 'user' });
    expect(command.opts()).toEqual({ versions: 'all', preserveIds: true, subjects: ['a', 'b'] });
  });
});
