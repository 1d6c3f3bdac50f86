import { RefusedError, RegistryError, messageOf } from '../errors.js';
import type { RegistryClient } from '../registry/registry-client.js';
import type { Journal } from '../journal/journal.js';
import type { ModeChange } from '../plan/types.js';
import { keyOf } from '../keys.js';

/** One mode scope: a subject, or (subject null) a whole context. */
export interface ModeScope {
  readonly context: string;
  readonly subject: string | null;
}

/** `ctx\u0000subject` (subject empty for a context). */
export function scopeKey(scope: ModeScope): string {
  return keyOf(scope.context, scope.subject ?? '');
}

/**
 * Switches scopes to IMPORT and puts back exactly what was there before: the previous mode is read
 * (or taken from an interrupted run's journal), journaled durably *before* the switch, and restored
 * by `restoreAll` (subject: DELETE when there was no subject-level mode).
 */
export class ModeSwitcher {
  private readonly changed = new Map<string, { scope: ModeScope; previous: string | null; restored: boolean }>();

  constructor(
    private readonly client: RegistryClient,
    private readonly journal: Journal,
    /** Modes an interrupted run left changed (from its journal): their recorded previous mode wins over what the registry says now. */
    leftovers: readonly { readonly scope: ModeScope; readonly previous: string | null }[] = [],
  ) {
    for (const { scope, previous } of leftovers) this.changed.set(scopeKey(scope), { scope, previous, restored: false });
  }

  /** Records the leftovers in this journal too, so that a crash now still knows the true previous modes. */
  async adoptLeftovers(): Promise<void> {
    for (const { scope, previous } of this.changed.values()) {
      await this.journal.append({ type: 'mode-set', context: scope.context, subject: scope.subject, previous, mode: 'IMPORT' });
    }
  }

  /**
   * Enters IMPORT, always with `force=true`: the planner has already checked what is in scope, and on
   * Confluent entering IMPORT without force hard-deletes a subject's soft-deleted versions.
   * Returns false (nothing changed) when the scope was already in IMPORT before srx touched it.
   */
  async enterImport(scope: ModeScope): Promise<boolean> {
    const key = scopeKey(scope);
    const known = this.changed.get(key);
    if (known && !known.restored) {
      await this.client.setMode(scope.context, scope.subject, 'IMPORT', { force: true });
      return true;
    }
    const previous = await this.client.getMode(scope.context, scope.subject);
    if (previous?.toUpperCase() === 'IMPORT') return false;
    await this.journal.append({ type: 'mode-set', context: scope.context, subject: scope.subject, previous, mode: 'IMPORT' });
    const entry = { scope, previous, restored: false };
    this.changed.set(key, entry);
    try {
      await this.client.setMode(scope.context, scope.subject, 'IMPORT', { force: true });
    } catch (error) {
      if (!modesNotWritable(error)) throw error;
      // Refused outright (Karapace: 405): nothing changed, so the journal says so at once and no phantom mode is
      // left for later runs to "restore".
      entry.restored = true;
      await this.journal.append({ type: 'mode-restored', context: scope.context, subject: scope.subject, mode: previous });
      throw new ModesNotWritableError(this.client.name, error as RegistryError);
    }
    return true;
  }

  /** Restores one scope (errors are recorded, not thrown). */
  async restore(scope: ModeScope): Promise<void> {
    const entry = this.changed.get(scopeKey(scope));
    if (!entry || entry.restored) return;
    for (let attempt = 0; attempt < 2 && !entry.restored; attempt++) {
      try {
        await this.put(scope, entry.previous);
      } catch (error) {
        if (attempt === 1) this.failures.push(`${scope.context} ${scope.subject ?? '(context)'}: ${messageOf(error)}`);
        continue;
      }
      entry.restored = true;
      // The registry has its mode back; a journal that cannot record it (full disk) is reported by the run.
      await this.journal.append({ type: 'mode-restored', context: scope.context, subject: scope.subject, mode: entry.previous }).catch(() => {});
    }
  }

  readonly failures: string[] = [];

  private async put(scope: ModeScope, previous: string | null): Promise<void> {
    try {
      await this.putOnce(scope, previous);
    } catch (error) {
      // A server that cannot write modes (405/404) has nothing to restore.
      if (!modesNotWritable(error)) throw error;
    }
  }

  private async putOnce(scope: ModeScope, previous: string | null): Promise<void> {
    if (previous === null) {
      await this.client.deleteMode(scope.context, scope.subject);
      return;
    }
    if (scope.subject === null) {
      // A context's mode reads back a value even when none was set there: delete first, set only if that differs.
      await this.client.deleteMode(scope.context, null).catch((error: unknown) => {
        if (!(error instanceof RegistryError)) throw error;
      });
      const now = await this.client.getMode(scope.context, null);
      if (now?.toUpperCase() === previous.toUpperCase()) return;
    }
    await this.client.setMode(scope.context, scope.subject, previous, { force: previous.toUpperCase() === 'IMPORT' });
  }

  /** Restores every scope still changed. */
  async restoreAll(): Promise<void> {
    for (const { scope } of this.changed.values()) await this.restore(scope);
  }

  /** What changed and whether it was put back. */
  changes(): ModeChange[] {
    return [...this.changed.values()].map(({ scope, previous, restored }) => ({ context: scope.context, subject: scope.subject, previous, restored }));
  }
}

/** The registry has no mode writes (`PUT`/`DELETE /mode` answered 405, or 404 without a registry error code). */
function modesNotWritable(error: unknown): boolean {
  return error instanceof RegistryError && (error.status === 405 || (error.status === 404 && error.errorCode === undefined));
}

/** The target refused to enter IMPORT mode outright: ids and versions cannot be preserved there. Exit 2. */
export class ModesNotWritableError extends RefusedError {
  constructor(registry: string, cause: RegistryError) {
    super(
      'E_IMPORT_NOT_POSSIBLE',
      `${registry} cannot enter IMPORT mode (${cause.message.replace(/^[^:]*: /, '')}): ids and versions cannot be preserved there; nothing written`,
      'migrate with --no-preserve-ids (the target assigns ids; --id-map records them)',
      { cause },
    );
  }
}
