import { parseFailOn } from '../../../src/cli/commands/compare/fail-on.js';
import type { SrxResult } from '../../../src/cli/contract.js';
import { exitCodeForResult } from '../../../src/cli/exit-codes.js';
import { UsageError } from '../../../src/core/errors.js';

// Results carry only the fields the exit code reads; the rest of each kind does not matter here.
const result = (fields: Record<string, unknown>) => fields as unknown as SrxResult;

describe('--fail-on', () => {
  // A schema diff that found a missing version (missing, differences) but nothing breaking.
  const missingVersion = result({ kind: 'schema-diff', status: 'missing-in-target', source: { schemaType: 'AVRO' }, target: null });
  const identical = result({ kind: 'schema-diff', status: 'identical', source: { schemaType: 'AVRO' }, target: { schemaType: 'AVRO' } });

  it("without it, the command's usual exit code", () => {
    expect(exitCodeForResult(missingVersion)).toBe(1);
    expect(exitCodeForResult(identical)).toBe(0);
  });

  it('exit 1 only when a selected kind was found', () => {
    expect(exitCodeForResult(missingVersion, parseFailOn('breaking'))).toBe(0);
    expect(exitCodeForResult(missingVersion, parseFailOn('breaking,missing'))).toBe(1);
    const breaking = result({
      kind: 'schema-diff',
      status: 'content-differs',
      source: { schemaType: 'AVRO' },
      target: { schemaType: 'AVRO' },
      semantic: { isBreaking: true },
    });
    expect(exitCodeForResult(breaking, parseFailOn(' breaking '))).toBe(1);
  });

  it('an unknown or empty kind is a usage error', () => {
    expect(() => parseFailOn('breaking,typo')).toThrow(UsageError);
    expect(() => parseFailOn('')).toThrow('--fail-on: unknown kind ""');
  });
});

describe('exitCodeForResult: the one mapping from results to exit codes', () => {
  it.each([
    [
      'a registry comparison with only info changes (--ignore-ids)',
      { kind: 'registry-comparison', changes: [{ severity: 'info' }], summary: { versionsMissingInTarget: 0, subjectsOnlyInSource: 0 } },
      0,
    ],
    [
      'a registry comparison with a difference',
      { kind: 'registry-comparison', changes: [{ severity: 'difference' }], summary: { versionsMissingInTarget: 1, subjectsOnlyInSource: 0 } },
      1,
    ],
    ['a completed migration', { kind: 'migration', status: 'completed', summary: { failed: 0 }, conflicts: [] }, 0],
    ['a migration that skipped conflicts', { kind: 'migration', status: 'completed', summary: { failed: 0 }, conflicts: [{}] }, 1],
    ['a partial migration', { kind: 'migration', status: 'partial', summary: { failed: 1 }, conflicts: [] }, 4],
    ['a blocked plan (nothing written)', { kind: 'migration', status: 'failed', summary: { failed: 0 }, conflicts: [{}] }, 1],
    ['an interrupted migration', { kind: 'migration', status: 'interrupted', summary: { failed: 0 }, conflicts: [] }, 130],
    ['a refused rollback', { kind: 'migration-rollback', status: 'refused' }, 2],
    ['a partial rollback', { kind: 'migration-rollback', status: 'partial' }, 4],
    ['a registry test with a failure', { kind: 'registry-test', ok: false }, 3],
    ['an invalid export', { kind: 'export-validation', valid: false }, 1],
    ['a migration report with conflicts', { kind: 'migration-report', summary: { conflicts: 2 } }, 1],
    ['a failed sync (nothing tried)', { kind: 'sync', status: 'failed', summary: { failed: 0 } }, 3],
    [
      'a sync whose every step the registry refused',
      {
        kind: 'sync',
        status: 'failed',
        summary: { failed: 1 },
        migrations: [{ steps: [{ status: 'failed', error: { code: 'E_REGISTRY_HTTP', errorCode: 42201 } }] }],
      },
      2,
    ],
    ['a sync blocked by conflicts', { kind: 'sync', status: 'conflicts' }, 1],
    ['a registry list', { kind: 'registry-list' }, 0],
  ])('%s → %i', (_name, fields, code) => {
    expect(exitCodeForResult(result(fields))).toBe(code);
  });
});
