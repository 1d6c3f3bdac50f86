/**
 * Builders for snapshots in unit tests: sensible defaults, so a test states only what matters.
 *
 *   const source = aSnapshot().withSubject('orders-value', aVersion({ id: 101, version: 3 })).build();
 *   const target = aSnapshot('prod').inContext('.team-a').withSubject('orders-value', aVersion()).build();
 */
import type { SchemaReference, SchemaType } from '../../src/core/registry/types.js';
import type { Snapshot, SnapshotContext, SnapshotScope, SnapshotSubject, SnapshotVersion } from '../../src/core/snapshot/types.js';

/** An Avro record schema text (`fields` of type string unless given as objects). */
export function avroSchema(name = 'Order', fields: readonly (string | Record<string, unknown>)[] = ['id'], namespace = 'com.example'): string {
  return JSON.stringify({ type: 'record', name, namespace, fields: fields.map((f) => (typeof f === 'string' ? { name: f, type: 'string' } : f)) });
}

/** A snapshot version; defaults: version 1, id 1, AVRO record Order{id}, no references, live. */
export function aVersion(overrides: Partial<SnapshotVersion> & { schemaType?: SchemaType; references?: readonly SchemaReference[] } = {}): SnapshotVersion {
  return { version: 1, id: 1, schemaType: 'AVRO', schema: avroSchema(), references: [], deleted: false, ...overrides };
}

/** Versions 1..n of a subject with ids idBase+1.. and one extra field per version (a compatible evolution). */
export function versionsOf(n: number, idBase = 0, name = 'Order'): SnapshotVersion[] {
  return Array.from({ length: n }, (_, i) =>
    aVersion({
      version: i + 1,
      id: idBase + i + 1,
      schema: avroSchema(name, ['id', ...Array.from({ length: i }, (_, j) => ({ name: `f${j + 1}`, type: 'string', default: '' }))]),
    }),
  );
}

/** Options of a subject besides its versions. */
export interface SubjectOptions {
  readonly compatibility?: string | null;
  readonly mode?: string | null;
}

/** A fluent snapshot builder; contexts and subjects are sorted on build(). */
export class SnapshotBuilder {
  private readonly contexts = new Map<string, { compatibility: string | null; mode: string | null; subjects: Map<string, SnapshotSubject> }>();
  private current = '.';
  private scope: SnapshotScope = { includeDeleted: true, includeConfig: true };

  constructor(
    private readonly name: string,
    private readonly kind: 'http' | 'export' = 'http',
  ) {
    this.context('.');
  }

  /** Subjects added next go to this context (created if needed). */
  inContext(name: string, config: SubjectOptions = {}): this {
    const ctx = this.context(name);
    if (config.compatibility !== undefined) ctx.compatibility = config.compatibility;
    if (config.mode !== undefined) ctx.mode = config.mode;
    this.current = name;
    return this;
  }

  /** Adds (or replaces) a subject in the current context; versions default to one aVersion(). */
  withSubject(name: string, versions: SnapshotVersion | readonly SnapshotVersion[] = aVersion(), options: SubjectOptions = {}): this {
    const list = Array.isArray(versions) ? versions : [versions as SnapshotVersion];
    this.context(this.current).subjects.set(name, {
      name,
      versions: [...list].sort((a, b) => a.version - b.version),
      compatibility: options.compatibility ?? null,
      mode: options.mode ?? null,
    });
    return this;
  }

  withScope(scope: Partial<SnapshotScope>): this {
    this.scope = { ...this.scope, ...scope };
    return this;
  }

  build(): Snapshot {
    const contexts: SnapshotContext[] = [...this.contexts.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([name, ctx]) => ({
        name,
        compatibility: ctx.compatibility,
        mode: ctx.mode,
        subjects: [...ctx.subjects.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
      }));
    return {
      registry: { name: this.name, url: this.kind === 'export' ? `file:/tmp/${this.name}.json` : `http://${this.name}:8081`, kind: this.kind },
      takenAt: '2026-01-01T00:00:00.000Z',
      scope: this.scope,
      contexts,
    };
  }

  private context(name: string) {
    let ctx = this.contexts.get(name);
    if (!ctx) this.contexts.set(name, (ctx = { compatibility: null, mode: null, subjects: new Map() }));
    return ctx;
  }
}

/** A snapshot builder for a registry named `name` (default 'source'). */
export function aSnapshot(name = 'source', kind: 'http' | 'export' = 'http'): SnapshotBuilder {
  return new SnapshotBuilder(name, kind);
}
