import { dataContractKeys } from '../normalize/data-contract.js';
import { qualifySubject } from '../registry/paths.js';
import type { SnapshotSubject, SnapshotVersion } from '../snapshot/types.js';
import { fingerprintOf, referencesKey, sameContent } from './fingerprints.js';
import type { Change, ContextPair, SubjectComparison, VersionComparison } from './types.js';

/** The per-subject part of a diff: its view and its changes. */
export interface SubjectDiff {
  readonly comparison: SubjectComparison;
  readonly changes: Change[];
}

/** Pure: compares one subject (either side may be absent) of a context pair. */
export function compareSubject(
  pair: ContextPair,
  name: string,
  source: SnapshotSubject | undefined,
  target: SnapshotSubject | undefined,
  includeConfig: boolean,
): SubjectDiff {
  const where = { subject: name, context: pair.source, ...(pair.target !== pair.source ? { targetContext: pair.target } : {}) };
  const label = qualifySubject(pair.source, name);
  const changes: Change[] = [];
  if (!target || !source) {
    const side = source ? 'source' : 'target';
    const present = (source ?? target)!;
    changes.push({
      ...where,
      type: `subject.only-in-${side}`,
      severity: 'difference',
      message: `${label}: only in ${side} (${present.versions.length} version${present.versions.length === 1 ? '' : 's'})`,
    });
    const versions = present.versions.map((v) => versionOnOneSide(v, side, where, label, changes));
    return { comparison: { ...where, status: `only-in-${side}`, versions, ...configOf(source, target, includeConfig) }, changes: changes.map(orderChange) };
  }
  const versions = compareVersions(source.versions, target.versions, where, label, changes);
  if (includeConfig) changes.push(...configChanges(source, target, where, label));
  const status = changes.length === 0 ? 'identical' : 'differs';
  return { comparison: { ...where, status, versions, ...configOf(source, target, includeConfig) }, changes: changes.map(orderChange) };
}

type Where = { readonly context: string; readonly targetContext?: string; readonly subject: string };

function versionOnOneSide(v: SnapshotVersion, side: 'source' | 'target', where: Where, label: string, changes: Change[]): VersionComparison {
  const missingIn = side === 'source' ? 'target' : 'source';
  changes.push({
    ...where,
    type: `version.missing-in-${missingIn}`,
    severity: 'difference',
    message: `${label} version ${v.version} (id ${v.id}${v.deleted ? ', soft-deleted' : ''}) is missing in ${missingIn}`,
    version: v.version,
    sourceId: side === 'source' ? v.id : null,
    targetId: side === 'target' ? v.id : null,
  });
  return { version: v.version, status: `missing-in-${missingIn}`, sourceId: side === 'source' ? v.id : null, targetId: side === 'target' ? v.id : null };
}

function compareVersions(
  source: readonly SnapshotVersion[],
  target: readonly SnapshotVersion[],
  where: Where,
  label: string,
  changes: Change[],
): VersionComparison[] {
  const targetByVersion = new Map(target.map((v) => [v.version, v]));
  const sourceVersions = new Set(source.map((v) => v.version));
  const out: VersionComparison[] = [];
  for (const s of source) {
    const t = targetByVersion.get(s.version);
    const compared = t ? compareVersion(s, t, where, label, changes) : versionOnOneSide(s, 'source', where, label, changes);
    if (compared) out.push(compared);
  }
  for (const t of target) if (!sourceVersions.has(t.version)) out.push(versionOnOneSide(t, 'target', where, label, changes));
  return out.sort((a, b) => a.version - b.version);
}

function compareVersion(s: SnapshotVersion, t: SnapshotVersion, where: Where, label: string, changes: Change[]): VersionComparison | null {
  const at = { ...where, version: s.version, sourceId: s.id, targetId: t.id };
  const base = { version: s.version, sourceId: s.id, targetId: t.id };
  if (!sameContent(s, t)) {
    if (s.schemaType !== t.schemaType) {
      changes.push({
        ...at,
        type: 'version.schema-type-differs',
        severity: 'conflict',
        source: s.schemaType,
        target: t.schemaType,
        message: `${label} version ${s.version}: schema type ${s.schemaType} in source, ${t.schemaType} in target`,
      });
    } else if (referencesKey(s) !== referencesKey(t) && fingerprintOf({ ...s, references: [] }) === fingerprintOf({ ...t, references: [] })) {
      changes.push({
        ...at,
        type: 'version.references-differ',
        severity: 'conflict',
        message: `${label} version ${s.version}: same schema, different references`,
      });
    } else {
      changes.push({
        ...at,
        type: 'version.content-differs',
        severity: 'conflict',
        message: `${label} version ${s.version}: different schema (source id ${s.id}, target id ${t.id})`,
      });
    }
    return { ...base, status: 'content-differs', ...(s.schemaType !== t.schemaType ? { schemaType: { source: s.schemaType, target: t.schemaType } } : {}) };
  }
  if (contractChanges(s, t, at, label, changes)) return { ...base, status: 'data-contract-differs' };
  if (s.id !== t.id) {
    changes.push({
      ...at,
      type: 'version.id-differs',
      severity: 'difference',
      message: `${label} version ${s.version}: same schema, id ${s.id} in source, ${t.id} in target`,
    });
    return { ...base, status: 'id-differs' };
  }
  if (s.deleted !== t.deleted) {
    const message = `${label} version ${s.version}: soft-deleted in ${s.deleted ? 'source' : 'target'} only`;
    changes.push({ ...at, type: 'version.deleted-differs', severity: 'difference', source: s.deleted, target: t.deleted, message });
    return { ...base, status: 'deleted-differs', deleted: { source: s.deleted, target: t.deleted } };
  }
  return null;
}

/**
 * Metadata (without `confluent:version`) and rule set are part of a version's identity (Confluent hashes
 * them into the id): a difference is a conflict. True when one was found.
 */
function contractChanges(
  s: SnapshotVersion,
  t: SnapshotVersion,
  at: Where & { readonly version: number; readonly sourceId: number; readonly targetId: number },
  label: string,
  changes: Change[],
): boolean {
  const [sc, tc] = [dataContractKeys(s), dataContractKeys(t)];
  const found: Change[] = [];
  if (sc.metadata !== tc.metadata) {
    found.push({
      ...at,
      type: 'version.metadata-differs',
      severity: 'conflict',
      message: `${label} version ${s.version}: same schema, ${describeContract(sc.metadata, tc.metadata)} metadata (a different version on Confluent)`,
    });
  }
  if (sc.ruleSet !== tc.ruleSet) {
    found.push({
      ...at,
      type: 'version.rules-differ',
      severity: 'conflict',
      message: `${label} version ${s.version}: same schema, ${describeContract(sc.ruleSet, tc.ruleSet)} rule set (a different version on Confluent)`,
    });
  }
  changes.push(...found);
  return found.length > 0;
}

function describeContract(source: string, target: string): string {
  return !target ? 'only the source has' : !source ? 'only the target has' : 'a different';
}

function configChanges(source: SnapshotSubject, target: SnapshotSubject, where: Where, label: string): Change[] {
  const changes: Change[] = [];
  if (!sameSetting(source.compatibility, target.compatibility)) {
    changes.push({
      ...where,
      type: 'subject.compatibility-differs',
      severity: 'difference',
      source: source.compatibility,
      target: target.compatibility,
      message: `${label}: compatibility ${show(source.compatibility)} in source, ${show(target.compatibility)} in target`,
    });
  }
  if (!sameSetting(source.mode, target.mode)) {
    changes.push({
      ...where,
      type: 'subject.mode-differs',
      severity: 'difference',
      source: source.mode,
      target: target.mode,
      message: `${label}: mode ${show(source.mode)} in source, ${show(target.mode)} in target`,
    });
  }
  return changes;
}

function configOf(source: SnapshotSubject | undefined, target: SnapshotSubject | undefined, includeConfig: boolean) {
  if (!includeConfig) return {};
  return {
    config: { source: source?.compatibility ?? null, target: target?.compatibility ?? null },
    mode: { source: source?.mode ?? null, target: target?.mode ?? null },
  };
}

/** The same change with its keys in reading order (type, severity, message, where, values) for JSON output. */
export function orderChange(change: Change): Change {
  const { type, severity, message, subject, context, targetContext, ...rest } = change;
  return {
    type,
    severity,
    message,
    ...(subject !== undefined ? { subject } : {}),
    context,
    ...(targetContext !== undefined ? { targetContext } : {}),
    ...rest,
  } as Change;
}

/** Config values compare case-insensitively (servers echo modes in different cases). */
export function sameSetting(a: string | null, b: string | null): boolean {
  return (a ?? '').toUpperCase() === (b ?? '').toUpperCase();
}

/** A config value for messages: "(none)" when unset at that level. */
export function show(value: string | null): string {
  return value ?? '(none)';
}
