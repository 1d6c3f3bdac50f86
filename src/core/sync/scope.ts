import type { MigrationPolicy, MigrationScope } from '../plan/types.js';
import type { SyncPolicy, SyncScope } from './types.js';

/** The migration scope a sync scope covers (subject names are matched exactly within their context). */
export function migrationScopeOf(scope: SyncScope, extra: { subjects?: readonly string[]; exclude?: readonly string[] } = {}): MigrationScope {
  const filters = {
    ...(extra.subjects?.length ? { subjects: extra.subjects } : {}),
    ...(extra.exclude?.length ? { exclude: extra.exclude } : {}),
  };
  if (scope.kind === 'registry') return { ...(scope.contexts?.length ? { contexts: scope.contexts } : {}), ...filters };
  if (scope.kind === 'context') return { contexts: [scope.context], ...filters };
  return { contexts: [scope.context], subjects: [scope.subject], ...(extra.exclude?.length ? { exclude: extra.exclude } : {}) };
}

/** The migration policy a sync runs with: the sync policy, and conflicts left out (`skip`) unless `fail` is asked for. */
export function migrationPolicyOf(policy: SyncPolicy, onConflict: string = 'skip'): MigrationPolicy {
  return { ...policy, onConflict: onConflict === 'fail' ? 'fail' : 'skip' };
}
