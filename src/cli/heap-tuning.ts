import { setFlagsFromString } from 'node:v8';

/**
 * How far (percent) V8 lets the old generation grow past what survived the last full collection. Left
 * to itself V8 grows it up to 4×, so a migration of 30,000 subjects with ~150 MB live peaked near 790 MB;
 * at 50 % it peaks near 430 MB for the same CPU time (docs/performance.md).
 */
export const HEAP_GROWING_PERCENT = 50;

/** The V8 flag srx sets, or undefined when the user chose their own in NODE_OPTIONS or node's arguments. */
export function heapFlag(execArgv: readonly string[], nodeOptions: string | undefined): string | undefined {
  const chosen = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg));
  return chosen ? undefined : `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

/** Applies heapFlag to this process (V8 reads it at every full collection, so setting it at start-up is enough). */
export function tuneHeap(): void {
  const flag = heapFlag(process.execArgv, process.env.NODE_OPTIONS);
  if (flag) setFlagsFromString(flag);
}
