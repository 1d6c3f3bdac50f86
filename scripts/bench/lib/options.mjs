// Bench options, from the command line (`npm run bench -- compare --sizes 1000,10000 --latencies 0,5`) or the
// environment (BENCH_SIZES, BENCH_LATENCIES; BENCH_SUBJECTS is one size), and the optional peer binary
// (SRX_BENCH_SRCTL=<path to srctl>). `--runs N` (BENCH_RUNS) repeats each migrate run N times, tools taking turns,
// and reports the median. Positional arguments choose bench modules by part of their file name.

/** Splits "1000,10000" (or "1k,10k") into numbers; undefined when absent. */
function numbers(text) {
  if (text === undefined || text === '') return undefined;
  return String(text).split(',').map((part) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(k?)\s*$/i.exec(part);
    if (!match) throw new Error(`bench: not a number list: ${text}`);
    return Number(match[1]) * (match[2] ? 1000 : 1);
  });
}

/** { only, sizes, latencies, runs, srctl } from argv (after the script name) and env. */
export function parseBenchArgs(argv, env = process.env) {
  const only = [];
  const flags = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const match = /^--(sizes|latencies|runs)(?:=(.*))?$/.exec(arg);
    if (match) {
      flags[match[1]] = match[2] ?? argv[(i += 1)];
      continue;
    }
    if (arg.startsWith('--')) throw new Error(`bench: unknown option ${arg} (known: --sizes, --latencies, --runs)`);
    only.push(arg);
  }
  return {
    only,
    /** Subject counts chosen explicitly; each module has its own default when absent. */
    sizes: numbers(flags.sizes) ?? numbers(env.BENCH_SIZES) ?? numbers(env.BENCH_SUBJECTS),
    latencies: numbers(flags.latencies) ?? numbers(env.BENCH_LATENCIES) ?? [0, 5],
    /** Runs per tool and case (migrate): the median is reported. */
    runs: Math.max(1, Math.round((numbers(flags.runs) ?? numbers(env.BENCH_RUNS) ?? [1])[0])),
    srctl: env.SRX_BENCH_SRCTL || undefined,
  };
}
