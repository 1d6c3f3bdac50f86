import { UsageError, messageOf } from '../errors.js';
import { normalizeSchema } from '../normalize/normalize-schema.js';
import { normalizeContext, parseQualifiedSubject, qualifySubject } from '../registry/paths.js';
import { readSourceSnapshot, type SnapshotSource } from './read-source.js';
import { toSnapshotVersion } from '../snapshot/read-snapshot.js';
import type { SnapshotVersion } from '../snapshot/types.js';
import { fingerprintOf } from '../diff/fingerprints.js';
import { diffSemantics } from '../compat/index.js';
import { resolveReferences, resolveReferencesWith } from '../compat/resolve-references.js';
import { readTargetLevels } from './read-target-levels.js';
import type { ResolvedSchema } from '../compat/types.js';
import type { SchemaDiffResult, SchemaSide, SemanticSummary } from './compare-types.js';

/** Options of `compare schema` / `srx diff`. */
export interface SchemaDiffOptions {
  /** Context of a bare subject name (default `.`); a `:.ctx:`-qualified subject names its own. */
  readonly context?: string;
  readonly targetContext?: string;
  /** Source version (default latest). */
  readonly version?: number | 'latest';
  /** Target version (default: latest). */
  readonly targetVersion?: number | 'latest';
  /** Allow soft-deleted versions. */
  readonly includeDeleted?: boolean;
}

/** `compare schema`: the unified diff of one subject's normalized schemas in two registries. */
export async function diffSchema(
  subjectArg: string,
  source: SnapshotSource,
  target: SnapshotSource,
  options: SchemaDiffOptions = {},
): Promise<SchemaDiffResult> {
  const { context, subject } = parseQualifiedSubject(subjectArg, normalizeContext(options.context ?? '.'));
  const targetContext = options.targetContext ? normalizeContext(options.targetContext) : context;
  const [s, t] = await Promise.all([
    readVersion(source, context, subject, options.version ?? 'latest', Boolean(options.includeDeleted)),
    readVersion(target, targetContext, subject, options.targetVersion ?? 'latest', Boolean(options.includeDeleted)),
  ]);
  const label = qualifySubject(context, subject);
  if (!s && !t) {
    throw new UsageError(
      'E_USAGE_NOT_FOUND',
      `${label} not found in ${source.registry.name} nor in ${target.registry.name}`,
      'check the subject name, --context and --version',
    );
  }
  const sourceSide = s && side(source.registry.name, s);
  const targetSide = t && side(target.registry.name, t);
  const identical = Boolean(s && t && fingerprintOf(s) === fingerprintOf(t));
  const status = !s ? 'missing-in-source' : !t ? 'missing-in-target' : identical ? 'identical' : 'differs';
  const { createTwoFilesPatch } = await import('diff'); // loaded only when a schema is diffed
  const diff = identical
    ? ''
    : createTwoFilesPatch(sideName(source.registry.name, s), sideName(target.registry.name, t), withRefs(sourceSide), withRefs(targetSide), '', '', {
        context: 3,
      })
        .split('\n')
        .filter((line) => !/^(={5,}|Index: )/.test(line))
        .map((line) => line.replace(/\t$/, ''))
        .join('\n');
  const semantic = status === 'differs' ? await semanticSummary(source, target, { context, targetContext, subject }, s!, t!) : undefined;
  return {
    kind: 'schema-diff',
    subject,
    context,
    ...(targetContext !== context ? { targetContext } : {}),
    status,
    verdict: verdictOf(label, status, source.registry.name, target.registry.name, s, t, options),
    source: sourceSide,
    target: targetSide,
    diff,
    ...(semantic ? { semantic } : {}),
  };
}

/**
 * The semantic changes from the target's version to the source's (what the target would take in),
 * each with its verdict per level, and whether any breaks the target subject's effective level.
 */
async function semanticSummary(
  source: SnapshotSource,
  target: SnapshotSource,
  where: { context: string; targetContext: string; subject: string },
  s: SnapshotVersion,
  t: SnapshotVersion,
): Promise<SemanticSummary> {
  const [newer, older, levels] = await Promise.all([
    resolvedFrom(source, where.context, s),
    resolvedFrom(target, where.targetContext, t),
    readTargetLevels(target, [{ context: where.targetContext, subject: where.subject }], 1),
  ]);
  const { level, source: levelSource } = levels(where.targetContext, where.subject);
  const unresolved = typeof newer === 'string' ? newer : typeof older === 'string' ? older : null;
  const changes =
    unresolved !== null
      ? [
          {
            type: 'schema.unresolved',
            path: '',
            message: `cannot judge: ${unresolved}`,
            breaking: { BACKWARD: true, FORWARD: true, FULL: true, BACKWARD_TRANSITIVE: true, FORWARD_TRANSITIVE: true, FULL_TRANSITIVE: true },
          },
        ]
      : diffSemantics(older as ResolvedSchema, newer as ResolvedSchema).changes;
  const isBreaking = level !== 'NONE' && changes.some((c) => c.breaking[level]);
  return {
    from: `${target.registry.name} v${t.version}`,
    to: `${source.registry.name} v${s.version}`,
    targetLevel: level,
    targetLevelSource: levelSource,
    isBreaking,
    changes,
  };
}

/** A version with its references' texts, or why they could not be read. */
async function resolvedFrom(source: SnapshotSource, context: string, v: SnapshotVersion): Promise<ResolvedSchema | string> {
  try {
    if (source.kind === 'http') {
      return await resolveReferencesWith(v, context, async (ctx, subject, version) =>
        source.client
          .getVersion(ctx, subject, version, { deleted: true })
          .then((found) => (found ? { schema: found.schema, references: found.references ?? [] } : null)),
      );
    }
    return resolveReferences(v, await readSourceSnapshot(source, { includeDeleted: true, includeConfig: false }), context);
  } catch (error) {
    return `${source.registry.name}: ${messageOf(error)}`;
  }
}

async function readVersion(
  source: SnapshotSource,
  context: string,
  subject: string,
  version: number | 'latest',
  includeDeleted: boolean,
): Promise<SnapshotVersion | null> {
  if (source.kind === 'http') {
    const found = await source.client.getVersion(context, subject, version, { deleted: includeDeleted || undefined });
    if (!found) return null;
    const live = !includeDeleted || ((await source.client.listVersions(context, subject)) ?? []).includes(found.version);
    return toSnapshotVersion(found, !live);
  }
  const snapshot = await readSourceSnapshot(source, { contexts: [context], includeDeleted, includeConfig: false });
  const versions = snapshot.contexts[0]?.subjects.find((s) => s.name === subject)?.versions ?? [];
  if (version !== 'latest') return versions.find((v) => v.version === version) ?? null;
  return [...versions].reverse().find((v) => !v.deleted) ?? null;
}

function side(registry: string, v: SnapshotVersion): SchemaSide {
  return { registry, version: v.version, id: v.id, schemaType: v.schemaType, references: v.references, deleted: v.deleted, schema: prettyNormalized(v) };
}

function sideName(registry: string, v: SnapshotVersion | null): string {
  return v ? `${registry} v${v.version} (id ${v.id})` : `${registry} (absent)`;
}

/** The diffed text: normalized schema, pretty-printed, then its references. */
function withRefs(side: SchemaSide | null): string {
  if (!side) return '';
  const refs = side.references.map((r) => `// reference ${r.name} -> ${r.subject} version ${r.version}\n`).join('');
  return `${side.schema}\n${refs}`;
}

/** The normalized schema in a readable layout (JSON indented; Protobuf one statement a line). */
export function prettyNormalized(v: Pick<SnapshotVersion, 'schemaType' | 'schema'>): string {
  const normalized = normalizeSchema(v.schemaType, v.schema);
  if (v.schemaType === 'PROTOBUF') return formatProtobuf(normalized);
  try {
    return JSON.stringify(JSON.parse(normalized), null, 2);
  } catch {
    return normalized;
  }
}

function formatProtobuf(text: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (ch === '"' && text[i - 1] !== '\\') quoted = !quoted;
    if (quoted || !'{};'.includes(ch)) {
      out += ch;
      continue;
    }
    if (ch === '}') {
      depth = Math.max(0, depth - 1);
      out = `${out.trimEnd()}\n${'  '.repeat(depth)}}\n${'  '.repeat(depth)}`;
    } else {
      if (ch === '{') depth += 1;
      out += `${ch === '{' ? ' {' : ';'}\n${'  '.repeat(depth)}`;
    }
  }
  return out
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .join('\n');
}

function verdictOf(
  label: string,
  status: SchemaDiffResult['status'],
  sourceName: string,
  targetName: string,
  s: SnapshotVersion | null,
  t: SnapshotVersion | null,
  options: SchemaDiffOptions,
): string {
  const at = (v: SnapshotVersion) => `version ${v.version} (id ${v.id})`;
  const asked = (version: number | 'latest' | undefined) => (version === undefined || version === 'latest' ? 'no live version' : `no version ${version}`);
  if (status === 'missing-in-source') return `${label}: ${asked(options.version)} in ${sourceName}; ${at(t!)} in ${targetName}`;
  if (status === 'missing-in-target') return `${label}: ${at(s!)} in ${sourceName}; ${asked(options.targetVersion)} in ${targetName}`;
  if (status === 'identical') return `${label}: identical (normalized): ${at(s!)} in ${sourceName}, ${at(t!)} in ${targetName}`;
  const notes = [
    s!.schemaType !== t!.schemaType ? `schema type ${s!.schemaType} vs ${t!.schemaType}` : '',
    JSON.stringify(s!.references) !== JSON.stringify(t!.references) ? 'references differ' : '',
  ].filter(Boolean);
  return `${label}: differs: ${at(s!)} in ${sourceName}, ${at(t!)} in ${targetName}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}
