import { hasErrorCode, RegistryError, SrxError, UsageError, messageOf } from '../errors.js';
import type { Progress } from '../progress.js';
import type { RegistryClient } from '../registry/registry-client.js';
import type { Journal } from '../journal/journal.js';
import { ModeSwitcher, ModesNotWritableError, type ModeScope } from './modes.js';
import { stronglyConnected } from '../plan/plan-order.js';
import { IdsNotKeptError, requestOf, writeStep } from './write-step.js';
import { bulkCandidates, bulkItemOf, nextBatch } from './bulk-import.js';
import type { MigrationPlan, MigrationStepResult, ModeChange, PlanStep, SubjectPlan } from '../plan/types.js';
import { keyOf } from '../keys.js';

/** What the executor needs besides the plan. */
export interface ApplyOptions {
  /** A client whose requests are NOT cancelled by the abort signal (modes must still be restored after it fires). */
  readonly client: RegistryClient;
  readonly journal: Journal;
  readonly progress?: Progress;
  readonly signal?: AbortSignal;
  /** Subjects in flight at once (default 16). */
  readonly concurrency?: number;
  /** Modes an interrupted earlier run left changed, with their true previous values. */
  readonly leftoverModes?: readonly { readonly scope: ModeScope; readonly previous: string | null }[];
  /** Look every schema up before registering, even where the plan's snapshot proved it absent (stale plans). */
  readonly alwaysLookUp?: boolean;
  /** Look up before the first writes until the target answers a requested id (default true; see WriteContext.verifyIds). */
  readonly verifyIds?: boolean;
}

/** Per-step outcomes, mode changes, and whether the run was interrupted. Never thrown: failures are outcomes. */
export interface ApplyResult {
  readonly kind: 'apply';
  readonly steps: MigrationStepResult[];
  readonly modes: ModeChange[];
  readonly interrupted: boolean;
  readonly modeFailures: readonly string[];
  /** Why the run stopped before its last step (ids not kept by the target); the steps not started stay pending. */
  readonly stopped?: string;
}

interface Outcome {
  status: MigrationStepResult['status'];
  version: number | null;
  targetId: number | null;
  error?: MigrationStepResult['error'];
  reason?: string;
}

/** Executes a plan: per subject IMPORT → versions in order → soft-deletes → restore mode → compatibility; references first. */
export async function applyPlan(plan: MigrationPlan, options: ApplyOptions): Promise<ApplyResult> {
  const run = new PlanRun(plan, options);
  return run.execute();
}

class PlanRun {
  private readonly outcomes = new Map<string, Outcome>();
  private readonly modes: ModeSwitcher;
  private readonly journal: Journal;
  private journalError?: Error;
  private readonly subjectPlans = new Map<string, SubjectPlan>();
  private readonly contextsInImport = new Set<string>();
  private readonly position = new Map<string, number>();
  private done = 0;
  private readonly total: number;

  constructor(
    private readonly plan: MigrationPlan,
    private readonly opts: ApplyOptions,
  ) {
    this.journal = this.guard(opts.journal);
    this.modes = new ModeSwitcher(opts.client, this.journal, opts.leftoverModes);
    for (const s of plan.subjects) this.subjectPlans.set(subjectKey(s), s);
    plan.steps.forEach((step, i) => this.position.set(step.stepId, i));
    for (const step of plan.steps) {
      this.outcomes.set(
        step.stepId,
        step.action === 'skip'
          ? { status: 'skipped', version: step.version, targetId: step.targetId, reason: step.reason }
          : { status: 'pending', version: step.version, targetId: step.targetId },
      );
    }
    this.total = plan.steps.filter((s) => s.action !== 'skip').length;
  }

  /** Once a record cannot be written (full disk), no new write starts: the journal must hold every write. */
  private stopped?: string;
  /** The target refused IMPORT mode outright (no mode writes): nothing more starts; with nothing written, the run is a refusal. */
  private refused?: ModesNotWritableError;
  /** The target once answered the id srx asked for: it honours ids, no more verifying lookups. */
  private idsHonoured = false;

  private get aborted(): boolean {
    return (this.opts.signal?.aborted ?? false) || this.journalError !== undefined || this.stopped !== undefined || this.refused !== undefined;
  }

  private guard(journal: Journal): Journal {
    return {
      path: journal.path,
      append: (record) =>
        journal.append(record).catch((error: unknown) => {
          this.journalError ??= error as Error;
          throw error;
        }),
      entries: () => journal.entries(),
      lastApplied: () => journal.lastApplied(),
      close: () => journal.close(),
    };
  }

  async execute(): Promise<ApplyResult> {
    const units = this.units();
    try {
      await this.modes.adoptLeftovers();
      await this.enterContextImports();
      await this.importInBulk();
      await this.runUnits(units);
      // Context-level (global) compatibility last: the versions were written under the levels the plan chose for them.
      for (const step of this.plan.steps) if (isContextStep(step)) await this.runStep(step);
    } finally {
      await this.modes.restoreAll();
    }
    if (this.journalError) {
      throw new UsageError(
        'E_JOURNAL',
        `${this.journalError.message}; srx stopped writing to the target after the last recorded step${this.modes.failures.length ? '' : ' and restored the modes it changed'}`,
        'free space in the state directory, then complete it with `srx migrate resume <id>`',
      );
    }
    const steps = this.plan.steps.map((s) => this.result(s));
    if (this.refused && !steps.some((s) => s.status === 'applied')) throw this.refused;
    return {
      kind: 'apply',
      steps,
      modes: this.modes.changes(),
      interrupted: this.opts.signal?.aborted ?? false,
      modeFailures: this.modes.failures,
      ...(this.stopped ? { stopped: this.stopped } : {}),
    };
  }

  private result(step: PlanStep): MigrationStepResult {
    const o = this.outcomes.get(step.stepId)!;
    return {
      stepId: step.stepId,
      action: step.action,
      subject: step.subject,
      context: step.context,
      version: o.version,
      sourceId: step.sourceId,
      targetId: o.targetId,
      status: o.status,
      reason: o.reason ?? step.reason,
      ...(o.error ? { error: o.error } : {}),
    };
  }

  /** Subjects grouped into units (a reference cycle between subjects makes one unit), dependencies first. */
  private units(): PlanStep[][][] {
    const bySubject = new Map<string, PlanStep[]>();
    const subjectOfStep = new Map<string, string>();
    for (const step of this.plan.steps) {
      if (step.action === 'skip' || isContextStep(step)) continue;
      const key = subjectKey(step);
      subjectOfStep.set(step.stepId, key);
      bySubject.set(key, [...(bySubject.get(key) ?? []), step]);
    }
    const graph = new Map<string, string[]>();
    for (const [key, steps] of bySubject) {
      const deps = new Set<string>();
      for (const s of steps)
        for (const d of s.dependsOn) {
          const dk = subjectOfStep.get(d);
          if (dk && dk !== key) deps.add(dk);
        }
      graph.set(key, [...deps]);
    }
    return stronglyConnected(graph).map((component) => component.map((k) => bySubject.get(k)!));
  }

  /** Empty target contexts enter IMPORT as a whole (one request instead of two per subject). */
  private async enterContextImports(): Promise<void> {
    for (const { context } of this.plan.contextModes) {
      if (this.aborted) return;
      try {
        await this.modes.enterImport({ context, subject: null });
        this.contextsInImport.add(context);
      } catch (error) {
        this.opts.progress?.warn(`cannot put target context ${context} into IMPORT mode (${messageOf(error)}); switching subject by subject`);
      }
    }
  }

  /**
   * Where the target offers a bulk import (AxonOps' `POST /import/schemas`), the versions of subjects new to a
   * context already in IMPORT go in batches: one request per batch instead of one per version. Until the target
   * has kept a requested id, a batch holds one version and is looked up after (as one at a time below). Each batch
   * is journaled before it is sent (rollback finds its versions even when srx stops before the step records)
   * and each version written gets its step record. Whatever the bulk path did not write stays pending for the
   * per-version path, which says why it fails where it does.
   */
  private async importInBulk(): Promise<void> {
    if (!this.opts.client.importSchemas) return;
    const byContext = bulkCandidates(this.plan, {
      subjectPlans: this.subjectPlans,
      contextsInImport: this.contextsInImport,
      alwaysLookUp: Boolean(this.opts.alwaysLookUp),
    });
    const records: Promise<void>[] = [];
    // The step records of the batch before, made while the next batch is on its way.
    let recordPrevious = (): void => {};
    try {
      for (const [context, steps] of byContext) {
        let at = 0;
        while (at < steps.length) {
          if (this.aborted) return;
          const probing = !this.idsHonoured && this.opts.verifyIds !== false;
          const batch = probing ? steps.slice(at, at + 1) : nextBatch(steps, at);
          at += batch.length;
          const previous = once(recordPrevious);
          recordPrevious = () => {};
          const sent = await this.sendBatch(context, batch, probing, records, previous);
          previous();
          if (!sent) return;
          recordPrevious = sent;
        }
      }
    } finally {
      recordPrevious();
      // A step counts as applied once its record is on disk; the per-version path starts after.
      await Promise.all(records);
    }
  }

  /**
   * One bulk import request. Resolves with what records its versions (run by the caller once the next batch is
   * sent), or false when the bulk path ends here (no endpoint, no readable answer, ids not kept).
   */
  private async sendBatch(
    context: string,
    batch: readonly PlanStep[],
    probing: boolean,
    records: Promise<void>[],
    recordPrevious: () => void,
  ): Promise<false | (() => void)> {
    const client = this.opts.client;
    const items = batch.map(bulkItemOf);
    try {
      const recorded = items.map(({ subject, version, id }, i) => ({ stepId: batch[i]!.stepId, subject, version, id }));
      await this.journal.append({ type: 'bulk-import', context, items: recorded });
    } catch {
      return false; // E_JOURNAL ends the run (this.journalError)
    }
    let answers;
    try {
      const sending = client.importSchemas!(context, items);
      // Sealing the previous batch's records (about 10 ms per 1,000) overlaps this request, once it is out.
      setImmediate(recordPrevious);
      answers = await sending;
    } catch (error) {
      // Refused (4xx): nothing was written; the versions go one by one, where each refusal is told.
      if (error instanceof RegistryError && error.status !== undefined && error.status >= 400 && error.status < 500) return false;
      // No answer, or one srx cannot read: some versions may be written. Each is looked up; the rest go one by one.
      this.opts.progress?.warn(`bulk import into ${context} failed (${messageOf(error)}); writing one version per request`);
      await Promise.all(batch.map((step) => this.settleByLookup(step, records)));
      return false;
    }
    if (answers === null) return false;
    if (probing) return (await this.verifyProbe(batch[0]!, answers[0]!.success, records)) && (() => {});
    return () => {
      for (const [i, step] of batch.entries()) if (answers[i]!.success) this.applied(step, step.version, step.targetId, records);
    };
  }

  /** The first version written in bulk is looked up: only a target seen to keep its id gets more of them in bulk. */
  private async verifyProbe(step: PlanStep, success: boolean, records: Promise<void>[]): Promise<boolean> {
    if (!success) return false;
    const found = await this.opts.client.lookupSchema(step.context, step.subject, requestOf(step), { deleted: true }).catch(() => null);
    if (!found) return false;
    if (found.version === step.version && found.id === step.targetId) {
      this.idsHonoured = true;
      this.applied(step, found.version, found.id, records);
      return true;
    }
    // Written, under an id (or number) of the target's choosing: journaled as applied (rollback removes it), then stop.
    this.applied(step, found.version, found.id, records);
    this.stopForIds(step, new IdsNotKeptError(step.targetId!, found.id, found.version));
    return false;
  }

  /** After a bulk request without a readable answer: a version found as planned was written by it. */
  private async settleByLookup(step: PlanStep, records: Promise<void>[]): Promise<void> {
    const found = await this.opts.client.lookupSchema(step.context, step.subject, requestOf(step), { deleted: true }).catch(() => null);
    if (found && found.version === step.version && found.id === step.targetId) this.applied(step, found.version, found.id, records);
  }

  private applied(step: PlanStep, version: number | null, targetId: number | null, records: Promise<void>[]): void {
    records.push(this.track(step, this.confirm(step, version, targetId)));
    this.done += 1;
    this.opts.progress?.update(`migrated ${this.done}/${this.total} steps`);
  }

  private stopForIds(step: PlanStep, error: IdsNotKeptError): void {
    this.stopped ??= `${error.message}; srx stopped after this version (${step.subject} v${error.version}, id ${error.answered}). ${error.hint}`;
  }

  /** Runs units with bounded concurrency; a unit starts once the units it depends on finished. */
  private async runUnits(units: PlanStep[][][]): Promise<void> {
    const limit = Math.max(1, this.opts.concurrency ?? 16);
    const unitOf = new Map<string, number>();
    units.forEach((unit, i) => unit.forEach((steps) => steps.forEach((s) => unitOf.set(s.stepId, i))));
    const finished: Array<Promise<void> | undefined> = new Array<Promise<void> | undefined>(units.length);
    const waitFor = (i: number): Promise<void>[] => {
      const deps = new Set<number>();
      for (const steps of units[i]!)
        for (const s of steps)
          for (const d of s.dependsOn) {
            const u = unitOf.get(d);
            if (u !== undefined && u !== i) deps.add(u);
          }
      return [...deps].map((u) => finished[u]!);
    };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < units.length) {
        const i = next++;
        let release!: () => void;
        finished[i] = new Promise<void>((r) => (release = r));
        try {
          await Promise.all(waitFor(i));
          await this.runUnit(units[i]!);
        } finally {
          release();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, units.length) }, worker));
  }

  private async runUnit(subjects: PlanStep[][]): Promise<void> {
    const entered: ModeScope[] = [];
    for (const steps of subjects)
      for (const step of steps) if (step.action === 'set-compatibility' && step.beforeVersions) await (await this.runStep(step)).synced;
    try {
      for (const steps of subjects) {
        const scope = await this.enterSubjectImport(steps, entered);
        if (scope === 'failed') continue;
      }
      // Plan order across the unit's subjects: subjects referencing each other interleave their versions.
      const ordered = subjects.flat().sort((a, b) => this.position.get(a.stepId)! - this.position.get(b.stepId)!);
      // Pipelined: a version's write goes out while the record of the one before it is being synced.
      let previous: Promise<void> = Promise.resolve();
      try {
        for (const step of ordered) if (step.action === 'register') ({ synced: previous } = await this.runStep(step, previous));
      } finally {
        await previous;
      }
      for (const step of ordered) if (step.action === 'soft-delete') await (await this.runStep(step)).synced;
    } finally {
      for (const scope of entered) await this.modes.restore(scope);
    }
    for (const steps of subjects)
      for (const step of steps) if (step.action === 'set-compatibility' && !step.beforeVersions) await (await this.runStep(step)).synced;
  }

  /** Subject-scope IMPORT when the plan needs it (and its context is not already in IMPORT); on failure the subject's steps fail. */
  private async enterSubjectImport(steps: PlanStep[], entered: ModeScope[]): Promise<'ok' | 'failed'> {
    const first = steps[0]!;
    const plan = this.subjectPlans.get(subjectKey(first));
    if (!plan || plan.importScope === 'none' || !steps.some((s) => s.action === 'register')) return 'ok';
    if (plan.importScope === 'context' && this.contextsInImport.has(plan.context)) return 'ok';
    if (this.aborted) return 'failed';
    const scope = { context: plan.context, subject: plan.subject };
    try {
      if (await this.modes.enterImport(scope)) entered.push(scope);
      return 'ok';
    } catch (error) {
      entered.push(scope);
      if (error instanceof ModesNotWritableError) this.refused ??= error;
      const reason =
        hasErrorCode(error, 42205) || (error instanceof RegistryError && error.status === 404)
          ? 'the target refused IMPORT mode for this subject (no IMPORT support, or live versions: --force-import, or --no-preserve-ids)'
          : 'cannot enter IMPORT mode';
      for (const s of steps) if (s.action !== 'set-compatibility') this.fail(s, error, reason);
      return 'failed';
    }
  }

  /**
   * Runs one step and resolves once its write is done, with a promise of its journal record: the step is
   * `applied` only once that record is synced. The write goes out while `previous` (the record of the step
   * before it in the same unit) may still be syncing; this step's record is appended only after that one
   * is on disk, so the journal keeps the order of the writes and a failed record stops the unit.
   */
  private async runStep(step: PlanStep, previous: Promise<void> = Promise.resolve()): Promise<{ synced: Promise<void> }> {
    const outcome = this.outcomes.get(step.stepId)!;
    if (outcome.status !== 'pending' || this.aborted) return { synced: previous };
    await Promise.all(step.dependsOn.map((d) => this.syncing.get(d) ?? Promise.resolve()));
    const blocker = step.dependsOn.find((d) => {
      const s = this.outcomes.get(d)?.status;
      return s !== undefined && s !== 'applied' && s !== 'skipped';
    });
    if (blocker) {
      this.fail(step, new SrxError('E_MIGRATE_DEPENDENCY', `depends on ${blocker}, which was not migrated`));
      return { synced: previous };
    }
    const release = await this.untilIdsKnown(step);
    if (this.aborted) {
      release();
      return { synced: previous };
    }
    let synced: Promise<void> = previous;
    try {
      const done = await this.write(step);
      await previous;
      // The record before it could not be written: the journal takes nothing more (E_JOURNAL ends the run).
      if (done && !this.journalError) synced = this.track(step, this.confirm(step, done.version, done.targetId, done.extra));
    } catch (error) {
      await previous;
      if (error instanceof IdsNotKeptError) {
        // The version exists in the target: journal it as applied (rollback removes it), then start nothing more.
        synced = this.track(step, this.confirm(step, error.version, error.answered));
        this.stopForIds(step, error);
      } else this.fail(step, error);
    } finally {
      release();
    }
    this.done += 1;
    this.opts.progress?.update(`migrated ${this.done}/${this.total} steps`);
    return { synced };
  }

  /** Records of applied steps not yet on disk: a dependent step waits for them (a failed record fails it). */
  private readonly syncing = new Map<string, Promise<void>>();

  private track(step: PlanStep, confirmed: Promise<void>): Promise<void> {
    const settled = confirmed.catch(() => {}).finally(() => this.syncing.delete(step.stepId));
    this.syncing.set(step.stepId, settled);
    return settled;
  }

  /**
   * Until the target has once kept a requested id, id-preserving registrations run one at a time: a target that
   * ignores ids (Apicurio) is then found at its first write, with exactly one version written, not one per subject in flight.
   */
  private async untilIdsKnown(step: PlanStep): Promise<() => void> {
    if (this.idsHonoured || this.opts.verifyIds === false || step.action !== 'register' || step.targetId === null) return () => {};
    const previous = this.idGate;
    let release!: () => void;
    this.idGate = new Promise<void>((resolve) => (release = resolve));
    await previous;
    if (!this.idsHonoured) return release;
    release();
    return () => {};
  }

  private idGate: Promise<void> = Promise.resolve();

  private fail(step: PlanStep, error: unknown, prefix?: string): void {
    const message = `${prefix ? `${prefix}: ` : ''}${messageOf(error)}`;
    const code = error instanceof SrxError ? error.code : 'E_MIGRATE_STEP';
    const errorCode = error instanceof RegistryError ? error.errorCode : undefined;
    const o = this.outcomes.get(step.stepId)!;
    o.status = 'failed';
    o.error = { code, message, ...(errorCode !== undefined ? { errorCode } : {}) };
    void this.journal
      .append({
        type: 'step',
        stepId: step.stepId,
        action: step.action,
        context: step.context,
        subject: step.subject,
        version: o.version,
        sourceId: step.sourceId,
        targetId: o.targetId,
        status: 'failed',
        error: o.error,
      })
      .catch(() => {});
  }

  private async confirm(
    step: PlanStep,
    version: number | null,
    targetId: number | null,
    extra: { previousCompatibility?: string | null; compatibility?: string } = {},
  ): Promise<void> {
    const o = this.outcomes.get(step.stepId)!;
    o.version = version;
    o.targetId = targetId;
    await this.journal.append({
      type: 'step',
      stepId: step.stepId,
      action: step.action,
      context: step.context,
      subject: step.subject,
      version,
      sourceId: step.sourceId,
      targetId,
      status: 'applied',
      ...extra,
    });
    o.status = 'applied';
  }

  /** Performs the step's write; resolves with what to journal (undefined: found already there, not journaled). */
  private async write(
    step: PlanStep,
  ): Promise<{ version: number | null; targetId: number | null; extra: { previousCompatibility?: string | null; compatibility?: string } } | undefined> {
    const placement = (stepId: string) => this.outcomes.get(stepId);
    const lookUpFirst = Boolean(this.subjectPlans.get(subjectKey(step))?.existsInTarget || this.opts.alwaysLookUp);
    const done = await writeStep(step, { client: this.opts.client, lookUpFirst, placement, verifyIds: !this.idsHonoured && this.opts.verifyIds !== false });
    if (done.kind === 'skipped') {
      Object.assign(this.outcomes.get(step.stepId)!, { status: 'skipped', version: done.version, targetId: done.targetId, reason: done.reason });
      return undefined;
    }
    const extra = step.action === 'set-compatibility' ? { compatibility: step.compatibility, previousCompatibility: step.previousCompatibility ?? null } : {};
    if (step.action === 'register' && step.targetId !== null && done.targetId === step.targetId) this.idsHonoured = true;
    return { version: done.version, targetId: done.targetId, extra };
  }
}

/** A step on a context's own setting (subject ''): the context's compatibility, for `.` the registry's global level. */
export function isContextStep(step: Pick<PlanStep, 'subject' | 'action'>): boolean {
  return step.subject === '' && step.action === 'set-compatibility';
}

/** `fn`, run at most once however often it is called. */
function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}

function subjectKey(s: { context: string; subject: string }): string {
  return keyOf(s.context, s.subject);
}
