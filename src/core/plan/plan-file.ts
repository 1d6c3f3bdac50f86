import { z } from 'zod';
import { UsageError, messageOf } from '../errors.js';
import type { MigrationPlan } from './types.js';

const registryRef = z.object({ name: z.string().min(1), url: z.string() }).strict();
const context = z.string().regex(/^\.([^:]*)$/, 'a context (".", ".name")');
const nullableInt = z.number().int().nonnegative().nullable();
const reference = z.object({ name: z.string(), subject: z.string(), version: z.number().int() }).strict();
const schemaType = z.enum(['AVRO', 'JSON', 'PROTOBUF']);

const step = z
  .object({
    stepId: z.string().min(1),
    action: z.enum(['register', 'soft-delete', 'set-compatibility', 'skip']),
    context,
    subject: z.string(),
    sourceContext: context,
    sourceSubject: z.string(),
    version: nullableInt,
    sourceVersion: nullableInt,
    sourceId: nullableInt,
    targetId: nullableInt,
    schemaType: schemaType.optional(),
    schema: z.string().optional(),
    references: z.array(reference).optional(),
    referenceSteps: z.array(z.string().nullable()).optional(),
    deleted: z.boolean().optional(),
    metadata: z.unknown().optional(),
    ruleSet: z.unknown().optional(),
    compatibility: z.string().optional(),
    previousCompatibility: z.string().nullable().optional(),
    beforeVersions: z.boolean().optional(),
    reason: z.string(),
    dependsOn: z.array(z.string()),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.action === 'register' && s.schema === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'a register step needs its schema' });
  });

const subject = z
  .object({
    context,
    subject: z.string(),
    importScope: z.enum(['subject', 'context', 'none']),
    force: z.boolean(),
    previousMode: z.string().nullable(),
    hasWrites: z.boolean(),
    existsInTarget: z.boolean(),
  })
  .strict();

const finding = z
  .object({
    type: z.string(),
    context: z.string().optional(),
    subject: z.string().optional(),
    version: z.number().optional(),
    sourceId: z.number().optional(),
    targetId: z.number().optional(),
    message: z.string(),
  })
  .strict();

/** A migration's scope (plan files, journal headers). */
export const scopeSchema = z
  .object({
    contexts: z.array(context).optional(),
    subjects: z.array(z.string()).optional(),
    exclude: z.array(z.string()).optional(),
    targetContext: context.optional(),
  })
  .strict();

/** A migration's policy (plan files, journal headers). */
export const policySchema = z
  .object({
    preserveIds: z.boolean(),
    versions: z.union([z.enum(['all', 'latest']), z.array(z.number().int().positive())]),
    includeDeleted: z.boolean(),
    withReferences: z.boolean(),
    copyConfig: z.boolean(),
    copyContextConfig: z.boolean().optional(),
    onConflict: z.enum(['fail', 'skip']),
    forceImport: z.boolean(),
    propagateDeletes: z.boolean(),
  })
  .passthrough();

/** A registry as plans and journals name it. */
export const registryRefSchema = registryRef;

/** A plan file as `--plan-out` writes it (schemaVersion 1; files written before schemaVersion existed have none). */
export const planFileSchema = z
  .object({
    schemaVersion: z.literal(1).optional(),
    kind: z.literal('migration-plan'),
    source: registryRef,
    target: registryRef,
    scope: scopeSchema,
    policy: policySchema,
    steps: z.array(step),
    subjects: z.array(subject),
    contextModes: z.array(z.object({ context, previousMode: z.string().nullable() }).strict()),
    conflicts: z.array(finding),
    warnings: z.array(finding),
    blocked: z.boolean(),
    fingerprints: z.object({ source: z.string(), target: z.string() }).strict(),
  })
  .passthrough()
  .superRefine((plan, ctx) => {
    const ids = new Set(plan.steps.map((s) => s.stepId));
    if (ids.size !== plan.steps.length) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['steps'], message: 'step ids repeat' });
    plan.steps.forEach((s, i) => {
      const unknown = s.dependsOn.find((d) => !ids.has(d));
      if (unknown !== undefined)
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['steps', i, 'dependsOn'], message: `depends on ${unknown}, which is not in the plan` });
    });
  });

/**
 * A plan file's text → the plan, validated field by field: a hand-edited or truncated plan is refused with
 * one line naming the first bad field (exit 2), never applied half-understood.
 */
export function parsePlanFile(text: string, path: string): MigrationPlan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError('E_USAGE_FILE', `${path} is not JSON: ${messageOf(error)}`);
  }
  if (typeof json !== 'object' || json === null || (json as { kind?: unknown }).kind !== 'migration-plan') {
    throw new UsageError('E_USAGE_FILE', `${path} is not an srx migration plan (made with --plan-out)`);
  }
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (version !== undefined && version !== 1) {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a value the user gave, shown as given
    throw new UsageError('E_USAGE_FILE', `${path} is a plan of schemaVersion ${String(version)}; this srx reads schemaVersion 1`);
  }
  const parsed = planFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length
      ? issue.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
          .join('')
          .replace(/^\./, '')
      : 'the plan';
    throw new UsageError('E_USAGE_FILE', `${path} is not a valid srx plan: ${where}: ${issue.message}`);
  }
  const { schemaVersion: _version, ...plan } = parsed.data;
  return plan as unknown as MigrationPlan;
}
