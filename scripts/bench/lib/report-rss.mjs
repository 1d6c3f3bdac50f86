// Preloaded with `node --import` by benchmarks: prints the process's peak RSS on stderr at exit.
process.on('exit', () => {
  process.stderr.write(`\nsrx-bench-maxrss-kb ${process.resourceUsage().maxRSS}\n`);
});
