import type { RegistryClient } from '../registry/registry-client.js';
import type { SchemaReference, SchemaType } from '../registry/types.js';

/** One version of one subject, as srx knows it. */
export interface SnapshotVersion {
  readonly version: number;
  readonly id: number;
  readonly schemaType: SchemaType;
  /** The schema text exactly as the registry stored it. */
  readonly schema: string;
  readonly references: readonly SchemaReference[];
  /** Soft-deleted (still readable by id, hidden from normal listings). */
  readonly deleted: boolean;
  readonly metadata?: unknown;
  readonly ruleSet?: unknown;
}

/** A subject within one context; versions sorted ascending. */
export interface SnapshotSubject {
  /** Bare name (never `:.ctx:`-qualified). */
  readonly name: string;
  readonly versions: readonly SnapshotVersion[];
  /** Subject-level compatibility, or null when none is set at subject level (or not read). */
  readonly compatibility: string | null;
  /** Subject-level mode, or null when none is set at subject level (or not read). */
  readonly mode: string | null;
}

/** One context: `.` is the default. Subjects sorted by name. */
export interface SnapshotContext {
  readonly name: string;
  /** Context-level compatibility and mode (for `.`, the registry's global ones); null when unknown. */
  readonly compatibility: string | null;
  readonly mode: string | null;
  readonly subjects: readonly SnapshotSubject[];
}

/** What a snapshot covers, so consumers know what absence means. */
export interface SnapshotScope {
  /** Contexts read; undefined means every context. */
  readonly contexts?: readonly string[];
  /** Subject globs applied (include / exclude). */
  readonly subjects?: readonly string[];
  readonly exclude?: readonly string[];
  readonly includeDeleted: boolean;
  /** Whether subject compatibility/mode were read. */
  readonly includeConfig: boolean;
}

/**
 * A registry (or part of it) at one moment: the input of diff, plan, export.
 * Plain data, serialisable as JSON; contexts sorted by name.
 */
export interface Snapshot {
  readonly registry: { readonly name: string; readonly url: string; readonly kind: 'http' | 'export' };
  readonly takenAt: string;
  readonly scope: SnapshotScope;
  readonly contexts: readonly SnapshotContext[];
}

/** Where a snapshot comes from: a live registry, or an srx export (a read-only registry). */
export type SnapshotSource =
  | { readonly kind: 'http'; readonly client: RegistryClient; readonly registry: { readonly name: string; readonly url: string } }
  | { readonly kind: 'export'; readonly path: string; readonly registry: { readonly name: string; readonly url: string } };

/** A live registry as one side: what a migration writes into (an export is never written). */
export type LiveSource = Extract<SnapshotSource, { readonly kind: 'http' }>;
