import {
  type Change,
  type ExportValidationResult,
  type MigrationResult,
  type MissingSchemasResult,
  qualifySubject,
  type RegistryComparisonResult,
  type SchemaConflictsResult,
  type SchemaDiffResult,
  type SubjectNamesResult,
} from '../../../core/index.js';
import type { Result } from '../json.js';

/** How a finding is shown in CI: `error` fails the gate, `warning` is drift to look at, `notice` is information. */
export type CiSeverity = 'error' | 'warning' | 'notice';

/** One finding, tied to a subject where it has one. */
export interface CiFinding {
  readonly severity: CiSeverity;
  /** Qualified subject (`:.team-a:orders-value`), or undefined for registry/context-wide findings. */
  readonly subject?: string;
  /** Short dotted kind (`version.missing-in-target`, `conflict.content`). */
  readonly type: string;
  readonly message: string;
}

/** What every CI format renders: a title, summary lines, every subject in scope (passing or not) and the findings. */
export interface CiReport {
  readonly title: string;
  readonly summary: readonly string[];
  readonly subjects: readonly string[];
  readonly findings: readonly CiFinding[];
}

/** The result kinds that have CI formats (compare commands, `migrate preview`, `export validate`). */
export const CI_KINDS = [
  'registry-comparison',
  'subject-comparison',
  'missing-schemas',
  'schema-conflicts',
  'schema-diff',
  'migration',
  'export-validation',
] as const;

/** Pure: a result as a CI report; undefined for kinds without one. */
export function ciReportOf(result: Result): CiReport | undefined {
  switch (result.kind) {
    case 'registry-comparison':
      return registryComparison(result as RegistryComparisonResult);
    case 'subject-comparison':
      return subjectNames(result as SubjectNamesResult);
    case 'missing-schemas':
      return missingSchemas(result as MissingSchemasResult);
    case 'schema-conflicts':
      return schemaConflicts(result as SchemaConflictsResult);
    case 'schema-diff':
      return schemaDiff(result as SchemaDiffResult);
    case 'migration':
      return migration(result as MigrationResult);
    case 'export-validation':
      return exportValidation(result as ExportValidationResult);
    default:
      return undefined;
  }
}

const CHANGE_SEVERITY: Record<Change['severity'], CiSeverity> = { conflict: 'error', difference: 'warning', info: 'notice' };

function registryComparison(r: RegistryComparisonResult): CiReport {
  const findings: CiFinding[] = r.changes.map((c) => ({
    severity: CHANGE_SEVERITY[c.severity],
    subject: c.subject === undefined ? undefined : qualifySubject(c.context, c.subject),
    type: c.type,
    message: c.message,
  }));
  for (const v of r.verdicts ?? []) {
    if (!v.isCompatible) findings.push({ severity: 'error', subject: qualifySubject(v.context, v.subject), type: 'version.breaking', message: v.message });
  }
  const s = r.summary;
  return {
    title: `srx compare ${r.source.name} → ${r.target.name}`,
    summary: [
      `${s.subjectsInBoth} subjects in both (${s.identicalSubjects} identical, ${s.differingSubjects} differ), ${s.subjectsOnlyInSource} only in ${r.source.name}, ${s.subjectsOnlyInTarget} only in ${r.target.name}`,
      `${s.versionsMissingInTarget} versions missing in ${r.target.name}, ${s.versionsMissingInSource} missing in ${r.source.name}, ${s.conflicts} conflicts`,
    ],
    subjects: r.subjects.map((subject) => qualifySubject(subject.context, subject.subject)),
    findings,
  };
}

function subjectNames(r: SubjectNamesResult): CiReport {
  return {
    title: `srx compare subjects ${r.source.name} → ${r.target.name}`,
    summary: [`${r.summary.inBoth} in both, ${r.summary.onlyInSource} only in ${r.source.name}, ${r.summary.onlyInTarget} only in ${r.target.name}`],
    subjects: [...r.inBoth, ...r.onlyInSource, ...r.onlyInTarget],
    findings: [
      ...r.onlyInSource.map((subject): CiFinding => ({ severity: 'warning', subject, type: 'subject.only-in-source', message: `only in ${r.source.name}` })),
      ...r.onlyInTarget.map((subject): CiFinding => ({ severity: 'warning', subject, type: 'subject.only-in-target', message: `only in ${r.target.name}` })),
    ],
  };
}

function missingSchemas(r: MissingSchemasResult): CiReport {
  const findings = r.missing.map((m): CiFinding => ({
    severity: 'warning',
    subject: qualifySubject(m.context, m.subject),
    type: 'version.missing-in-target',
    message: `version ${m.version} (id ${m.id}, ${m.schemaType}${m.deleted ? ', soft-deleted' : ''}) is missing in ${r.target.name}`,
  }));
  return {
    title: `srx compare missing ${r.source.name} → ${r.target.name}`,
    summary: [`${r.summary.missing} versions of ${r.summary.subjects} subjects missing in ${r.target.name}`],
    subjects: unique(findings.map((f) => f.subject!)),
    findings,
  };
}

function schemaConflicts(r: SchemaConflictsResult): CiReport {
  const findings = r.conflicts.map((c): CiFinding => ({
    severity: 'error',
    subject: qualifySubject(c.context, c.subject),
    type: `conflict.${c.type}`,
    message: c.message,
  }));
  const s = r.summary;
  return {
    title: `srx compare conflicts ${r.source.name} → ${r.target.name}`,
    summary: [
      `${s.total} conflicts: ${s.content} content, ${s.schemaType} schema type, ${s.idCollision} id collisions, ${s.incompatible} incompatible (${s.compatibilityChecked} versions checked by ${r.compatibilityCheckedBy})`,
    ],
    subjects: unique(findings.map((f) => f.subject!)),
    findings,
  };
}

function schemaDiff(r: SchemaDiffResult): CiReport {
  const subject = qualifySubject(r.context, r.subject);
  const findings: CiFinding[] = [];
  if (r.status !== 'identical') findings.push({ severity: 'warning', subject, type: `schema.${r.status}`, message: r.verdict });
  for (const change of r.semantic?.changes ?? []) {
    const level = r.semantic?.targetLevel;
    const breaking = level !== undefined && level !== 'NONE' && change.breaking[level] === true;
    findings.push({ severity: breaking ? 'error' : 'notice', subject, type: change.type, message: change.message });
  }
  return { title: `srx diff ${subject}`, summary: [r.verdict], subjects: [subject], findings };
}

function migration(r: MigrationResult): CiReport {
  const findings: CiFinding[] = [
    ...r.conflicts.map((c): CiFinding => ({
      severity: 'error',
      subject: qualifySubject(c.context, c.subject),
      type: `conflict.${c.type}`,
      message: c.message,
    })),
    ...r.warnings.map((w): CiFinding => ({
      severity: w.type === 'will-be-refused' ? 'error' : w.type === 'info' ? 'notice' : 'warning',
      subject: w.subject === undefined ? undefined : qualifySubject(w.context ?? '.', w.subject),
      type: `warning.${w.type}`,
      message: w.message,
    })),
    ...r.steps
      .filter((step) => step.status === 'failed')
      .map((step): CiFinding => ({
        severity: 'error',
        subject: qualifySubject(step.context, step.subject),
        type: `step.${step.action}`,
        message: step.error?.message ?? step.reason ?? 'failed',
      })),
  ];
  const s = r.summary;
  const verb = r.dryRun ? 'would register' : 'registered';
  return {
    title: `srx migrate ${r.dryRun ? 'preview ' : ''}${r.source.name} → ${r.target.name}`,
    summary: [`${r.status}: ${verb} ${r.dryRun ? s.planned : s.registered}, skipped ${s.skipped}, ${s.conflicts} conflicts, ${s.failed} failed`],
    subjects: unique([...r.steps.map((step) => qualifySubject(step.context, step.subject)), ...findings.flatMap((f) => (f.subject ? [f.subject] : []))]),
    findings,
  };
}

const FINDING_SEVERITY = { blocking: 'error', warning: 'warning', info: 'notice' } as const;

function exportValidation(r: ExportValidationResult): CiReport {
  const findings = r.findings.map((f): CiFinding => ({
    severity: FINDING_SEVERITY[f.severity],
    subject: f.subject === undefined ? undefined : qualifySubject(f.context ?? '.', f.subject),
    type: f.type,
    message: f.message,
  }));
  const s = r.summary;
  return {
    title: `srx export validate ${r.export.name} → ${r.target.name}`,
    summary: [
      `${r.valid ? 'valid' : 'not valid'}: ${s.blocking} blocking, ${s.warnings} warnings, ${s.info} info; ${s.toImport} versions to import, ${s.alreadyPresent} already present`,
    ],
    subjects: unique(findings.flatMap((f) => (f.subject ? [f.subject] : []))),
    findings,
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
