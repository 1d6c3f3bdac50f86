// Columns every side-by-side bench row shares: wall time, requests, CPU, CPU per request, peak RSS, ratio.

export const ms = (value) => `${(value / 1000).toFixed(2)} s`;

/** "3.1× faster" / "0.8× (slower)": srctl's wall time over srx's. */
export function ratio(srxMs, peerMs) {
  const r = peerMs / srxMs;
  return r >= 1 ? `${r.toFixed(2)}× faster` : `${r.toFixed(2)}× (slower)`;
}

/** The figures every run gets: wall, requests, CPU, CPU per request, peak RSS. */
export function measuredColumns(run, requests) {
  const total = Object.values(requests).reduce((sum, n) => sum + n, 0);
  return {
    wall: ms(run.ms),
    ...Object.fromEntries(Object.entries(requests).map(([name, n]) => [`requests ${name}`, n])),
    'CPU user+sys': ms(run.cpuMs),
    'CPU/request': total ? `${(run.cpuMs / total).toFixed(3)} ms` : '-',
    'peak RSS': `${run.maxRssMb.toFixed(0)} MB`,
  };
}

