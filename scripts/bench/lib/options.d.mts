/** Bench options (see options.mjs). */
export interface BenchOptions {
  readonly only: string[];
  readonly sizes: number[] | undefined;
  readonly latencies: number[];
  /** Runs per tool and case (migrate); the median is reported. */
  readonly runs: number;
  readonly srctl: string | undefined;
}
export function parseBenchArgs(argv: readonly string[], env?: Record<string, string | undefined>): BenchOptions;
