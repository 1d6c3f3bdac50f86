import { RegistryError } from '../errors.js';
import { readExport, snapshotOfExport } from '../export/load-export.js';
import { configFindings, modeFindings, planFindings, schemaFindings, type FindingSeverity, type ValidationFinding } from './validation-findings.js';
import { planMigration } from '../plan/plan-migration.js';
import { DEFAULT_POLICY, type LiveSource, type MigrationPlan } from '../plan/types.js';
import type { Progress } from '../progress.js';
import { capabilityProfile } from '../registry/capabilities.js';
import { mapLimit } from '../registry/limiter.js';
import { qualifySubject } from '../registry/paths.js';
import type { RegistryClient } from '../registry/registry-client.js';
import { filterSnapshot, readSnapshot } from '../snapshot/read-snapshot.js';
import type { Snapshot } from '../snapshot/types.js';
import { keyOf } from '../keys.js';

/** Everything `export validate` needs. */
export interface ExportValidateRequest {
  readonly exportPath: string;
  /** How the export is named in results (the argument as given). */
  readonly exportName: string;
  readonly target: LiveSource;
  /** Validate as `import --include-deleted` / `--force-import` would run. */
  readonly includeDeleted?: boolean;
  readonly forceImport?: boolean;
  readonly progress?: Progress;
}

/** The result of `srx export validate` (JSON kind "export-validation"). */
export interface ExportValidationResult {
  readonly kind: 'export-validation';
  readonly export: {
    readonly name: string;
    readonly path: string;
    readonly source: { readonly name: string; readonly url: string };
    readonly exportedAt: string;
    readonly sha256: string;
    readonly summary: { readonly contexts: number; readonly subjects: number; readonly versions: number };
  };
  readonly target: { readonly name: string; readonly url: string };
  /** False when any finding is blocking. */
  readonly valid: boolean;
  readonly summary: {
    readonly blocking: number;
    readonly warnings: number;
    readonly info: number;
    /** Versions an import would register, and versions the target already holds. */
    readonly toImport: number;
    readonly alreadyPresent: number;
  };
  readonly findings: readonly ValidationFinding[];
}

/**
 * Checks an export against a target without writing anything: format and checksums (a bad
 * export throws ExportFormatError), then what `srx import` would meet — conflicts, id
 * collisions, dangling references (planned by the migration planner itself), compatibility of
 * the first new version of each existing subject (asked of the target), modes and config.
 */
export async function runExportValidate(request: ExportValidateRequest): Promise<ExportValidationResult> {
  const loaded = await readExport(request.exportPath);
  const all = snapshotOfExport(loaded, request.exportName);
  const exported = filterSnapshot(all, { includeDeleted: Boolean(request.includeDeleted) });
  const target = await readSnapshot(request.target.client, {
    registry: request.target.registry,
    contexts: all.contexts.map((c) => c.name),
    includeDeleted: true,
    includeConfig: true,
    progress: request.progress,
  });
  const plan = planMigration({
    source: exported,
    target,
    scope: {},
    // As `srx import` does by default: subject levels and the level of every context (for `.` the global one).
    policy: {
      ...DEFAULT_POLICY,
      copyContextConfig: true,
      includeDeleted: Boolean(request.includeDeleted),
      forceImport: Boolean(request.forceImport),
      onConflict: 'fail',
    },
  });
  const versions = loaded.document.summary.versions;
  const findings: ValidationFinding[] = [
    {
      severity: 'info',
      type: 'format.checksums',
      message: `format version ${loaded.document.formatVersion}; ${versions} schema checksum${versions === 1 ? '' : 's'} and the export checksum verified`,
    },
    ...schemaFindings(exported),
    ...planFindings(plan),
    ...modeFindings(plan, target),
    ...(await compatibilityFindings(request.target.client, plan, target, request.progress)),
    ...configFindings(exported, target, plan),
    ...(await targetFindings(request.target.client, plan)),
  ];
  return resultOf(request, loaded.document, loaded.path, plan, findings);
}

/** What the target's capability profile knows an import cannot do: enter IMPORT mode (Karapace), keep ids (Apicurio). */
async function targetFindings(client: RegistryClient, plan: MigrationPlan): Promise<ValidationFinding[]> {
  if (!client.probe || !plan.steps.some((s) => s.action === 'register')) return [];
  const profile = await capabilityProfile(client);
  const vendor = profile.vendor ?? 'the target';
  if (profile.modeWrites === 'no') {
    return [
      {
        severity: 'blocking',
        type: 'target.import-not-possible',
        message: `IMPORT is impossible on ${plan.target.name}: ${vendor} modes are read-only, so ids and versions cannot be preserved; import with --no-preserve-ids`,
      },
    ];
  }
  if (profile.importKeepsIds === 'no') {
    return [
      {
        severity: 'blocking',
        type: 'target.ids-not-kept',
        message: `ids cannot be kept on ${plan.target.name}: ${vendor} accepts IMPORT mode but assigns its own ids; import with --no-preserve-ids`,
      },
    ];
  }
  return [];
}

/** Asks the target whether the first new version of each existing subject is compatible with its latest. */
async function compatibilityFindings(client: RegistryClient, plan: MigrationPlan, target: Snapshot, progress?: Progress): Promise<ValidationFinding[]> {
  const live = new Set(target.contexts.flatMap((c) => c.subjects.filter((s) => s.versions.some((v) => !v.deleted)).map((s) => keyOf(c.name, s.name))));
  const firstNew = new Map<string, MigrationPlan['steps'][number]>();
  for (const step of plan.steps) {
    const key = keyOf(step.context, step.subject);
    if (step.action === 'register' && live.has(key) && !firstNew.has(key)) firstNew.set(key, step);
  }
  const step = 'testing compatibility against the target';
  progress?.start(step);
  const results = await mapLimit([...firstNew.values()], 8, async (s): Promise<ValidationFinding | null> => {
    const where = `${qualifySubject(s.context, s.subject)} v${s.version ?? s.sourceVersion}`;
    try {
      const request = {
        schema: s.schema!,
        ...(s.schemaType && s.schemaType !== 'AVRO' ? { schemaType: s.schemaType } : {}),
        ...(s.references?.length ? { references: s.references } : {}),
      };
      const answer = await client.testCompatibility(s.context, s.subject, request, 'all');
      if (answer.isCompatible) return null;
      const detail = answer.messages.length ? `: ${answer.messages.join('; ')}` : '';
      return {
        severity: 'blocking',
        type: 'compatibility.incompatible',
        context: s.context,
        subject: s.subject,
        ...(s.version !== null ? { version: s.version } : {}),
        message: `${where} is incompatible with the target subject under its compatibility setting${detail}`,
      };
    } catch (error) {
      if (!(error instanceof RegistryError) || error.status === undefined || error.status >= 500 || error.status === 401 || error.status === 403) throw error;
      return {
        severity: 'warning',
        type: 'compatibility.untested',
        context: s.context,
        subject: s.subject,
        message: `${where}: the target could not test compatibility (${error.message})`,
      };
    }
  });
  progress?.succeed(step);
  return results.filter((f): f is ValidationFinding => f !== null);
}

function resultOf(
  request: ExportValidateRequest,
  document: Awaited<ReturnType<typeof readExport>>['document'],
  path: string,
  plan: MigrationPlan,
  findings: ValidationFinding[],
): ExportValidationResult {
  const count = (severity: FindingSeverity) => findings.filter((f) => f.severity === severity).length;
  const order: Record<FindingSeverity, number> = { blocking: 0, warning: 1, info: 2 };
  const sorted = findings
    .map((f, i) => [f, i] as const)
    .sort((a, b) => order[a[0].severity] - order[b[0].severity] || a[1] - b[1])
    .map(([f]) => f);
  return {
    kind: 'export-validation',
    export: { name: request.exportName, path, source: document.source, exportedAt: document.exportedAt, sha256: document.sha256, summary: document.summary },
    target: request.target.registry,
    valid: count('blocking') === 0,
    summary: {
      blocking: count('blocking'),
      warnings: count('warning'),
      info: count('info'),
      toImport: plan.steps.filter((s) => s.action === 'register').length,
      alreadyPresent: plan.steps.filter((s) => s.action === 'skip' && !s.reason.startsWith('conflict')).length,
    },
    findings: sorted,
  };
}
