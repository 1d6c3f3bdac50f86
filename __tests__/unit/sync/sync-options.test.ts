import { parseScope } from '../../../src/cli/commands/sync/options.js';
import { parseVersions } from '../../../src/cli/options/parsers.js';
import { migrationScopeOf } from '../../../src/core/sync/scope.js';
import { formatScope } from '../../../src/core/sync/job-status.js';
import { UsageError } from '../../../src/core/errors.js';

describe('sync scope and options', () => {
  it('parses scopes and formats them back', () => {
    expect(parseScope(undefined)).toEqual({ kind: 'registry' });
    expect(parseScope('registry', 'a,.b')).toEqual({ kind: 'registry', contexts: ['.a', '.b'] });
    expect(parseScope('context:team-a')).toEqual({ kind: 'context', context: '.team-a' });
    expect(parseScope('subject:orders-value')).toEqual({ kind: 'subject', context: '.', subject: 'orders-value' });
    expect(parseScope('subject::.team-a:orders:v2')).toEqual({ kind: 'subject', context: '.team-a', subject: 'orders:v2' });
    expect(formatScope(parseScope('subject::.team-a:orders'))).toBe('subject::.team-a:orders');
    expect(formatScope(parseScope('context:.x'))).toBe('context:.x');
  });

  it('refuses bad scopes and versions', () => {
    for (const bad of ['everything', 'context:', 'subject:', 'context:bad context']) expect(() => parseScope(bad)).toThrow(UsageError);
    expect(() => parseScope('context:.x', 'a')).toThrow(UsageError);
    expect(() => parseVersions('1,x')).toThrow(UsageError);
    expect(parseVersions('1, 3')).toEqual([1, 3]);
  });

  it('maps sync scopes to migration scopes', () => {
    expect(migrationScopeOf({ kind: 'registry' })).toEqual({});
    expect(migrationScopeOf({ kind: 'registry', contexts: ['.a'] }, { exclude: ['tmp-*'] })).toEqual({ contexts: ['.a'], exclude: ['tmp-*'] });
    expect(migrationScopeOf({ kind: 'subject', context: '.x', subject: 's' }, { subjects: ['ignored'] })).toEqual({ contexts: ['.x'], subjects: ['s'] });
  });
});
