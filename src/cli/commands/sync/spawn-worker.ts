import { packageFile, processStartTime, STATE_FILE_MODE, type SyncJobDefinition, type SyncJobStore, UsageError } from '../../../core/index.js';
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { CommandContext, RegistryHandle } from '../../context.js';

const BIN = packageFile('bin', 'srx.js');

/** What job.json keeps of a registry: its name, an export path, or a URL without credentials (never secrets). */
export function storedName(handle: RegistryHandle): string {
  if (handle.kind === 'export') return handle.exportPath;
  const adHoc = handle.entry.origin === 'command line';
  if (adHoc && (handle.entry.user !== undefined || handle.entry.password !== undefined || handle.entry.token !== undefined)) {
    throw new UsageError(
      'E_SYNC_SECRET_URL',
      `${handle.name}: a URL with credentials cannot be scheduled (sync jobs never store secrets)`,
      'configure it as a named registry (config file, REGISTRIES or SCHEMA_REGISTRY_* variables) and schedule by name',
    );
  }
  return handle.name;
}

/** Starts `srx sync worker <id>` detached, its output appended to worker.log; resolves once it is spawned. */
export async function spawnWorker(ctx: CommandContext, store: SyncJobStore, job: SyncJobDefinition): Promise<void> {
  const args = [BIN, '--state-dir', ctx.stateDir(), '--no-color'];
  if (ctx.global.config) args.push('--config', ctx.global.config);
  if (ctx.global.timeout) args.push('--timeout', String(ctx.global.timeout));
  if (ctx.global.concurrency) args.push('--concurrency', String(ctx.global.concurrency));
  args.push('sync', 'worker', job.id);
  const log = openSync(store.logPath(job.id), 'a', STATE_FILE_MODE);
  try {
    const child = spawn(process.execPath, args, { cwd: job.cwd, env: { ...ctx.deps.env }, detached: true, stdio: ['ignore', log, log] });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => reject(new UsageError('E_SYNC_SPAWN', `cannot start the sync worker: ${error.message}`)));
    });
    store.writeSpawn(job.id, { pid: child.pid!, processStart: processStartTime(child.pid!) });
    child.unref();
  } catch (error) {
    store.remove(job.id);
    throw error;
  } finally {
    closeSync(log);
  }
}
