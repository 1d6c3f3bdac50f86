import type { SyncRunRecord } from '../../../core/index.js';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The sync service's Prometheus metrics (one registry per process, no global state). */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly runs = new Counter({ name: 'srx_sync_runs_total', help: 'Sync runs by result', labelNames: ['result'], registers: [this.registry] });
  private readonly copied = new Counter({
    name: 'srx_sync_versions_copied_total',
    help: 'Schema versions registered in the target by sync runs',
    registers: [this.registry],
  });
  private readonly deleted = new Counter({
    name: 'srx_sync_versions_deleted_total',
    help: 'Schema versions soft-deleted in the target by sync runs (--propagate-deletes)',
    registers: [this.registry],
  });
  private readonly lastSuccess = new Gauge({
    name: 'srx_sync_last_success_timestamp_seconds',
    help: 'When the last completed run finished (unix seconds; 0 before the first)',
    registers: [this.registry],
  });
  private readonly drift = new Gauge({
    name: 'srx_sync_drift',
    help: 'Differences the last run found: versions to copy or delete plus conflicts',
    registers: [this.registry],
  });
  private readonly conflicts = new Gauge({ name: 'srx_sync_conflicts', help: 'Conflicting subjects the last run skipped', registers: [this.registry] });
  private readonly duration = new Histogram({
    name: 'srx_sync_run_duration_seconds',
    help: 'Duration of sync runs',
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900],
    registers: [this.registry],
  });
  private readonly requests = new Counter({
    name: 'srx_registry_requests_total',
    help: 'Registry HTTP attempts by registry, method and status (status "none": no answer)',
    labelNames: ['registry', 'method', 'status'],
    registers: [this.registry],
  });
  private readonly retries = new Counter({
    name: 'srx_registry_retries_total',
    help: 'Registry request retries by registry and the status that caused them',
    labelNames: ['registry', 'status'],
    registers: [this.registry],
  });
  private readonly running = new Gauge({ name: 'srx_sync_run_in_progress', help: '1 while a sync run is in progress', registers: [this.registry] });

  constructor() {
    this.lastSuccess.set(0);
    this.drift.set(0);
    this.conflicts.set(0);
    this.running.set(0);
    for (const result of ['completed', 'conflicts', 'partial', 'failed', 'interrupted']) this.runs.inc({ result }, 0);
  }

  /** A run started. */
  runStarted(): void {
    this.running.set(1);
  }

  /** A run ended: counts, drift, duration, last success. */
  runEnded(record: SyncRunRecord): void {
    this.running.set(0);
    this.runs.inc({ result: record.status });
    this.copied.inc(record.copied);
    this.deleted.inc(record.deleted);
    this.duration.observe(record.durationMs / 1000);
    if (record.status === 'completed' || record.status === 'conflicts') {
      this.drift.set(record.copied + record.deleted + record.conflicts);
      this.conflicts.set(record.conflicts);
    }
    if (record.status === 'completed') this.lastSuccess.set(Date.parse(record.finishedAt) / 1000);
  }

  /** One HTTP attempt to a registry. */
  request(registry: string, method: string, status: number | undefined): void {
    this.requests.inc({ registry, method, status: status === undefined ? 'none' : String(status) });
  }

  /** One retry; `reason` is the error message of the attempt that failed (its HTTP status, when there was one). */
  retry(registry: string, reason: string): void {
    const status = /\b([45]\d\d)\b/.exec(reason)?.[1] ?? 'none';
    this.retries.inc({ registry, status });
  }

  /** The exposition text. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
