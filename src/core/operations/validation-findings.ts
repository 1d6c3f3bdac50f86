import type { MigrationPlan } from '../plan/types.js';
import { tryNormalizeSchema } from '../normalize/normalize-schema.js';
import { qualifySubject } from '../registry/paths.js';
import type { Snapshot, SnapshotContext } from '../snapshot/types.js';
import { keyOf } from '../keys.js';

/** How much a finding matters: `blocking` fails validation (exit 1). */
export type FindingSeverity = 'blocking' | 'warning' | 'info';

/** One thing `export validate` found; carries its own message so every renderer agrees. */
export interface ValidationFinding {
  readonly severity: FindingSeverity;
  /** Dotted kind: `conflict.content`, `reference.dangling`, `compatibility.incompatible`, `mode.readonly`, ... */
  readonly type: string;
  readonly context?: string;
  readonly subject?: string;
  readonly version?: number;
  readonly message: string;
}

const READONLY_MODES = new Set(['READONLY', 'READONLY_OVERRIDE']);

/** Pure: the migration planner's conflicts (blocking) and warnings, as findings. */
export function planFindings(plan: MigrationPlan): ValidationFinding[] {
  const conflicts = plan.conflicts.map((c): ValidationFinding => ({
    severity: 'blocking',
    type: c.type === 'dangling-reference' ? 'reference.dangling' : c.type === 'reference-cycle' ? 'reference.cycle' : `conflict.${c.type}`,
    context: c.context,
    subject: c.subject,
    ...(c.version !== undefined ? { version: c.version } : {}),
    message: c.message,
  }));
  const warnings = plan.warnings.map((w): ValidationFinding => ({
    severity: w.type === 'info' ? 'info' : 'warning',
    type: `warning.${w.type}`,
    ...(w.context !== undefined ? { context: w.context } : {}),
    ...(w.subject !== undefined ? { subject: w.subject } : {}),
    message: w.message,
  }));
  return [...conflicts, ...warnings];
}

/** Pure: target modes that refuse the writes the plan needs (READONLY at context or subject level). */
export function modeFindings(plan: MigrationPlan, target: Snapshot): ValidationFinding[] {
  const findings: ValidationFinding[] = [];
  const writes = writtenSubjects(plan);
  const contexts = new Map(target.contexts.map((c) => [c.name, c]));
  for (const context of new Set([...writes.values()].map((w) => w.context))) {
    const mode = contexts.get(context)?.mode?.toUpperCase();
    if (mode && READONLY_MODES.has(mode)) {
      findings.push({
        severity: 'blocking',
        type: 'mode.readonly',
        context,
        message: `the target's ${context === '.' ? 'global' : `context ${context}`} mode is ${mode}: no schema can be imported there`,
      });
    }
  }
  const global = contexts.get('.');
  if (writes.size > 0 && global && global.mode === null) {
    findings.push({
      severity: 'warning',
      type: 'mode.unknown',
      context: '.',
      message:
        'the target does not report a mode (no /mode API?): it may not support IMPORT mode, which keeping ids needs; --no-preserve-ids registers normally',
    });
  }
  for (const { context, subject } of writes.values()) {
    const mode = subjectOf(contexts.get(context), subject)?.mode?.toUpperCase();
    if (mode && READONLY_MODES.has(mode)) {
      findings.push({
        severity: 'blocking',
        type: 'mode.readonly',
        context,
        subject,
        message: `${qualifySubject(context, subject)} is ${mode} in the target: its new versions cannot be imported`,
      });
    }
  }
  return findings;
}

/** Pure: subject compatibility the import changes, and context-level config it does not copy. */
export function configFindings(exported: Snapshot, target: Snapshot, plan: MigrationPlan): ValidationFinding[] {
  const findings: ValidationFinding[] = [];
  const contextSteps = new Set<string>();
  for (const step of plan.steps.filter((s) => s.action === 'set-compatibility')) {
    if (step.subject === '') {
      // A step on the context's own level (for `.`, the global level).
      contextSteps.add(step.context);
      const scope = step.context === '.' ? 'global' : `context ${step.context}`;
      findings.push({
        severity: 'info',
        type: 'config.context-compatibility',
        context: step.context,
        message: `${scope} compatibility will be set to ${step.compatibility} (target: ${step.previousCompatibility ?? 'not set'})`,
      });
      continue;
    }
    findings.push({
      severity: 'info',
      type: 'config.compatibility',
      context: step.context,
      subject: step.subject,
      message: `${qualifySubject(step.context, step.subject)}: compatibility will be set to ${step.compatibility} (target: ${step.previousCompatibility ?? 'not set'})`,
    });
  }
  const targetContexts = new Map(target.contexts.map((c) => [c.name, c]));
  for (const ctx of exported.contexts) {
    for (const s of ctx.subjects.filter((x) => x.mode !== null)) {
      const there = subjectOf(targetContexts.get(ctx.name), s.name)?.mode ?? null;
      if (there?.toUpperCase() !== s.mode!.toUpperCase()) {
        findings.push({
          severity: 'info',
          type: 'config.mode',
          context: ctx.name,
          subject: s.name,
          message: `${qualifySubject(ctx.name, s.name)} has mode ${s.mode} in the export (target: ${there ?? 'not set'}); import does not set subject modes`,
        });
      }
    }
    const there = targetContexts.get(ctx.name);
    const scope = ctx.name === '.' ? 'global' : `context ${ctx.name}`;
    if (there && ctx.compatibility && there.compatibility && ctx.compatibility !== there.compatibility && !contextSteps.has(ctx.name)) {
      findings.push({
        severity: 'info',
        type: 'config.context-compatibility',
        context: ctx.name,
        message: `${scope} compatibility differs: export ${ctx.compatibility}, target ${there.compatibility} (import does not change it)`,
      });
    }
  }
  return findings;
}

/** Target subjects the plan writes versions into. */
export function writtenSubjects(plan: MigrationPlan): Map<string, { context: string; subject: string }> {
  const out = new Map<string, { context: string; subject: string }>();
  for (const step of plan.steps) {
    if (step.action === 'register' || step.action === 'soft-delete')
      out.set(keyOf(step.context, step.subject), { context: step.context, subject: step.subject });
  }
  return out;
}

function subjectOf(context: SnapshotContext | undefined, name: string) {
  return context?.subjects.find((s) => s.name === name);
}

/** Pure: every schema of the export that does not parse (Avro via avsc, Protobuf via protobufjs, JSON) is blocking. */
export function schemaFindings(exported: Snapshot): ValidationFinding[] {
  return exported.contexts.flatMap((context) =>
    context.subjects.flatMap((subject) =>
      subject.versions.flatMap((version): ValidationFinding[] => {
        const result = tryNormalizeSchema(version.schemaType, version.schema);
        if (result.ok) return [];
        const where = `${qualifySubject(context.name, subject.name)} v${version.version}`;
        return [
          {
            severity: 'blocking',
            type: 'schema.invalid',
            context: context.name,
            subject: subject.name,
            version: version.version,
            message: `${where}: invalid ${version.schemaType} schema: ${result.error}`,
          },
        ];
      }),
    ),
  );
}
