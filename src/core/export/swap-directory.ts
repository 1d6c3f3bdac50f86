import { existsSync } from 'node:fs';
import { readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE } from './format.js';

/** The entries an srx directory export owns at its top level; the manifest is the commit point, moved last. */
export const EXPORT_ENTRIES = ['subjects', 'contexts', MANIFEST_FILE] as const;
/** Written once the new export is complete in its staging folder: from then on the swap is rolled forward. */
export const SWAP_FILE = '.srx-swap.json';

interface SwapRecord {
  readonly next: string;
  readonly prev: string;
}

/**
 * Replaces the export entries of `dir` with those staged (complete, manifest included) in `dir/<next>`.
 * A kill before the swap record is written leaves the previous export untouched; after it, the swap is
 * finished by {@link finishInterruptedSwap} (roll forward), so the directory is never a mix of two exports.
 */
export async function swapInto(dir: string, next: string, prev: string): Promise<void> {
  await writeFile(join(dir, SWAP_FILE), JSON.stringify({ next, prev } satisfies SwapRecord));
  await rollForward(dir, { next, prev });
}

/**
 * Finishes a swap a kill interrupted (per entry: the staged one still waiting means the top-level one is
 * old; it moves aside, the staged one moves in). True when there was one to finish.
 */
export async function finishInterruptedSwap(dir: string): Promise<boolean> {
  const file = join(dir, SWAP_FILE);
  if (!existsSync(file)) return false;
  let record: SwapRecord;
  try {
    record = JSON.parse(await readFile(file, 'utf8')) as SwapRecord;
  } catch {
    await rm(file, { force: true }); // written atomically before any move: a torn record means nothing moved
    return false;
  }
  if (!isOwnFolder(record.next) || !isOwnFolder(record.prev)) return false;
  await rollForward(dir, record);
  return true;
}

async function rollForward(dir: string, { next, prev }: SwapRecord): Promise<void> {
  for (const entry of EXPORT_ENTRIES) {
    const staged = join(dir, next, entry);
    if (!existsSync(staged)) continue; // already moved in
    if (existsSync(join(dir, entry))) await rename(join(dir, entry), join(dir, prev, entry));
    await rename(staged, join(dir, entry));
  }
  await rm(join(dir, SWAP_FILE), { force: true });
  // An entry this export has nothing in was staged empty: drop it rather than leave an empty folder.
  for (const entry of EXPORT_ENTRIES) await rmdir(join(dir, entry)).catch(() => undefined);
  await rm(join(dir, prev), { recursive: true, force: true });
  await rm(join(dir, next), { recursive: true, force: true });
}

/** Staging folders srx makes inside an export directory (never anything else is moved or removed). */
export function isOwnFolder(name: string): boolean {
  return /^\.srx-(next|prev)-[0-9a-z-]+$/.test(name);
}
