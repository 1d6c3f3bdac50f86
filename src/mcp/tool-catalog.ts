import { z } from 'zod';

/** One MCP tool: a CLI command line built from validated input; the CLI parses and checks it again. */
export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  /** True when the tool can change a registry or srx state: listed only with `srx mcp --allow-writes`. */
  readonly writes: boolean;
  readonly input: z.ZodRawShape;
  /** The srx argv (without globals) for one call. */
  argv(input: Record<string, unknown>): string[];
  /** The registry a write goes to (checked against `confirm` for protected registries). */
  target?(input: Record<string, unknown>): string | undefined;
}

const registry = z.string().min(1).describe('registry name from the srx config (or name=url)');
const source = registry.describe('source registry name');
const target = registry.describe('target registry name');
const globs = z.string().optional().describe('comma-separated subject globs (* and ?)');
const context = z.string().optional().describe('context name (`.` is the default context)');
const confirm = z.string().optional().describe('for a protected target: its exact name, after the user agreed to write to it');

const flag = (name: string, value: unknown): string[] => (value === true ? [name] : []);
// eslint-disable-next-line @typescript-eslint/no-base-to-string -- a value the user gave, shown as given
const opt = (name: string, value: unknown): string[] => (value === undefined || value === '' ? [] : [name, String(value)]);

const str = (value: unknown): string => String(value);

const compareFilters = {
  context,
  targetContext: z.string().optional().describe('target context to compare with (default: the same name)'),
  subjects: globs,
  exclude: globs.describe('skip subjects matching these globs'),
  includeDeleted: z.boolean().optional().describe('include soft-deleted versions'),
};
const compareArgv = (i: Record<string, unknown>): string[] => [
  ...opt('--context', i.context),
  ...opt('--target-context', i.targetContext),
  ...opt('--subjects', i.subjects),
  ...opt('--exclude', i.exclude),
  ...flag('--include-deleted', i.includeDeleted),
];

const migrateOptions = {
  versions: z.string().optional().describe('all (default), latest, or version numbers like 1,3,5'),
  includeDeleted: z.boolean().optional().describe('copy soft-deleted versions too'),
  preserveIds: z.boolean().optional().describe('keep ids and version numbers through IMPORT mode (default true)'),
  onConflict: z.enum(['fail', 'skip']).optional().describe('fail (default): stop before any write; skip: leave conflicting subjects out'),
  copyConfig: z.boolean().optional().describe('copy subject compatibility after the versions (default true)'),
  copyContextConfig: z.boolean().optional().describe('copy the compatibility of each context migrated as a whole, for . the global level (default true)'),
};
const migrateArgv = (i: Record<string, unknown>): string[] => [
  ...opt('--versions', i.versions),
  ...flag('--include-deleted', i.includeDeleted),
  ...(i.preserveIds === false ? ['--no-preserve-ids'] : []),
  ...opt('--on-conflict', i.onConflict),
  ...(i.copyConfig === false ? ['--no-copy-config'] : []),
  ...(i.copyContextConfig === false ? ['--no-copy-context-config'] : []),
];

/** Every tool srx offers an assistant; write tools are marked. */
export const TOOL_CATALOG: readonly ToolSpec[] = [
  {
    name: 'registry_list',
    writes: false,
    description: 'List the configured Schema Registries (name, URL, default, readonly/protected flags). No network.',
    input: {},
    argv: () => ['registry', 'list'],
  },
  {
    name: 'registry_info',
    writes: false,
    description: 'What one registry says and holds: version, compatibility, mode, counts, capabilities (read-only).',
    input: { registry: registry.optional() },
    argv: (i) => ['registry', 'info', ...(i.registry ? [str(i.registry)] : [])],
  },
  {
    name: 'registry_test',
    writes: false,
    description: 'Connect and authenticate to registries (all when none named); reports which failed.',
    input: { registries: z.array(z.string().min(1)).optional() },
    argv: (i) => ['registry', 'test', ...((i.registries as string[] | undefined) ?? [])],
  },
  {
    name: 'registry_use',
    writes: true,
    description: 'Set the default registry srx uses when none is named (changes srx local state, not a registry).',
    input: { name: registry },
    argv: (i) => ['registry', 'use', str(i.name)],
  },
  {
    name: 'compare_registries',
    writes: false,
    description:
      'Compare two registries: every context, subject, version, id, type, reference, compatibility and mode. Start here to see what needs promoting.',
    input: { source, target, ...compareFilters },
    argv: (i) => ['compare', 'registries', str(i.source), str(i.target), ...compareArgv(i)],
  },
  {
    name: 'compare_contexts',
    writes: false,
    description: 'Compare one context of the source with one context of the target.',
    input: { source, target, ...compareFilters },
    argv: (i) => ['compare', 'contexts', str(i.source), str(i.target), ...compareArgv(i)],
  },
  {
    name: 'compare_subjects',
    writes: false,
    description: 'Subject names only: only in source, only in target, in both.',
    input: { source, target, context, subjects: globs },
    argv: (i) => ['compare', 'subjects', str(i.source), str(i.target), ...opt('--context', i.context), ...opt('--subjects', i.subjects)],
  },
  {
    name: 'schema_diff',
    writes: false,
    description: "Unified diff of one subject's normalized schema in two registries (latest against latest).",
    input: { subject: z.string().min(1).describe('subject name (`:.ctx:name` for another context)'), source, target },
    argv: (i) => ['compare', 'schema', str(i.subject), str(i.source), str(i.target)],
  },
  {
    name: 'compare_missing',
    writes: false,
    description: 'Versions present in the source and absent in the target: what a promotion would copy.',
    input: { source, target, context, subjects: globs },
    argv: (i) => ['compare', 'missing', str(i.source), str(i.target), ...opt('--context', i.context), ...opt('--subjects', i.subjects)],
  },
  {
    name: 'compare_conflicts',
    writes: false,
    description: 'What would break a migration: content, schema type, id collisions, incompatible versions.',
    input: { source, target, context, subjects: globs },
    argv: (i) => ['compare', 'conflicts', str(i.source), str(i.target), ...opt('--context', i.context), ...opt('--subjects', i.subjects)],
  },
  {
    name: 'migrate_preview',
    writes: false,
    description:
      'Plan a migration from source to target without writing anything. Returns the plan and a planId that migrate_apply can execute later if neither registry changed.',
    input: {
      source,
      target,
      scope: z.string().optional().describe('registry (default), context:<ctx> or subject:<name>'),
      contexts: z.string().optional().describe('with scope registry: only these contexts (comma-separated)'),
      ...migrateOptions,
    },
    argv: (i) => ['migrate', 'preview', str(i.source), str(i.target), ...opt('--scope', i.scope), ...opt('--contexts', i.contexts), ...migrateArgv(i)],
  },
  {
    name: 'migrate_apply',
    writes: true,
    description: 'Execute a plan from migrate_preview by its planId. Refused if either registry changed since the preview.',
    input: {
      planId: z
        .string()
        .regex(/^[a-z0-9-]+$/)
        .describe('planId returned by migrate_preview'),
      confirm,
    },
    argv: () => [],
  },
  {
    name: 'migrate_schema',
    writes: true,
    description: 'Migrate one subject (its versions, ids, references and compatibility) from source to target.',
    input: { subject: z.string().min(1), source, target, confirm, ...migrateOptions },
    argv: (i) => ['migrate', 'schema', str(i.subject), str(i.source), str(i.target), ...migrateArgv(i)],
    target: (i) => str(i.target),
  },
  {
    name: 'migrate_context',
    writes: true,
    description: 'Migrate one context from source to target (optionally into another context).',
    input: { context: z.string().min(1), source, target, targetContext: z.string().optional(), confirm, ...migrateOptions },
    argv: (i) => ['migrate', 'context', str(i.context), str(i.source), str(i.target), ...opt('--target-context', i.targetContext), ...migrateArgv(i)],
    target: (i) => str(i.target),
  },
  {
    name: 'migrate_registry',
    writes: true,
    description: 'Migrate a whole registry (every context unless contexts is given) from source to target, keeping ids, versions, references and history.',
    input: { source, target, contexts: z.string().optional(), subjects: globs, exclude: globs, confirm, ...migrateOptions },
    argv: (i) => [
      'migrate',
      'registry',
      str(i.source),
      str(i.target),
      ...opt('--contexts', i.contexts),
      ...opt('--subjects', i.subjects),
      ...opt('--exclude', i.exclude),
      ...migrateArgv(i),
    ],
    target: (i) => str(i.target),
  },
  {
    name: 'migrate_subjects',
    writes: true,
    description: 'Migrate the named subjects from source to target.',
    input: { subjects: z.array(z.string().min(1)).min(1), source, target, confirm, ...migrateOptions },
    argv: (i) => ['migrate', 'subjects', ...(i.subjects as string[]), str(i.source), str(i.target), ...migrateArgv(i)],
    target: (i) => str(i.target),
  },
  {
    name: 'migrate_status',
    writes: false,
    description: 'Progress, failures and modes a crash left changed, for one migration id.',
    input: { migrationId: z.string().min(1) },
    argv: (i) => ['migrate', 'status', str(i.migrationId)],
  },
  {
    name: 'migrate_list',
    writes: false,
    description: 'Migration history: id, when, source → target, scope, status, counts.',
    input: {},
    argv: () => ['migrate', 'list'],
  },
  {
    name: 'migrate_rollback',
    writes: true,
    description: 'Delete exactly what a migration created and restore config and modes it changed.',
    input: { migrationId: z.string().min(1), dryRun: z.boolean().optional(), confirm },
    argv: (i) => ['migrate', 'rollback', str(i.migrationId), ...flag('--dry-run', i.dryRun)],
  },
  {
    name: 'migration_report',
    writes: false,
    description: 'A migration readiness report: summary, per context and subject, conflicts, compatibility, config drift, plan.',
    input: { source, target },
    argv: (i) => ['migrate', 'report', str(i.source), str(i.target)],
  },
  {
    name: 'sync_once',
    writes: true,
    description: 'Run one sync of whole registries from source to target now.',
    input: { source, target, contexts: z.string().optional(), confirm },
    argv: (i) => ['sync', 'registries', str(i.source), str(i.target), ...opt('--contexts', i.contexts)],
    target: (i) => str(i.target),
  },
  {
    name: 'sync_schedule',
    writes: true,
    description: 'Start a background job that syncs source into target every interval (e.g. 5m).',
    input: { source, target, interval: z.string().optional(), confirm },
    argv: (i) => ['sync', 'schedule', str(i.source), str(i.target), ...opt('--interval', i.interval)],
    target: (i) => str(i.target),
  },
  {
    name: 'sync_status',
    writes: false,
    description: 'Scheduled sync jobs: state, last run and its result, next run.',
    input: { id: z.string().optional() },
    argv: (i) => ['sync', 'status', ...(i.id ? [str(i.id)] : [])],
  },
  {
    name: 'sync_stop',
    writes: true,
    description: 'Stop a scheduled sync job and wait until it has exited.',
    input: { id: z.string().min(1) },
    argv: (i) => ['sync', 'stop', str(i.id)],
  },
  {
    name: 'export_registry',
    writes: true,
    description: 'Export a registry to a JSON file or directory on this machine.',
    input: { registry, path: z.string().min(1).describe('file (.json) or directory to write') },
    argv: (i) => ['export', 'registry', str(i.registry), '-o', str(i.path)],
  },
  {
    name: 'export_validate',
    writes: false,
    description:
      'Check an srx export (format, checksums) and whether the target can take its import: references, id collisions, version conflicts, compatibility, modes.',
    input: { path: z.string().min(1), target },
    argv: (i) => ['export', 'validate', str(i.path), str(i.target)],
  },
  {
    name: 'import_export',
    writes: true,
    description: 'Import an srx export into a registry (a journaled migration; rollback works).',
    input: { path: z.string().min(1), target, confirm },
    argv: (i) => ['import', str(i.path), str(i.target)],
    target: (i) => str(i.target),
  },
];
