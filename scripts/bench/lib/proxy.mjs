// The proxy the benchmarks put in front of each registry: the TCP relay (latency-proxy.mjs, the default) or,
// with BENCH_PROXY=http, the HTTP proxy of the tests (fault-proxy.mjs), which costs more CPU per request.
import { startProxy } from '../../lib/fault-proxy.mjs';
import { startLatencyProxy } from '../../lib/latency-proxy.mjs';

/** 'tcp' (default) or 'http', from BENCH_PROXY. */
export function benchProxyKind(env = process.env) {
  return env.BENCH_PROXY === 'http' ? 'http' : 'tcp';
}

/** Starts the benchmarks' proxy in front of `target` with `latencyMs` added to each request. */
export function startBenchProxy({ target, latencyMs = 0 }, kind = benchProxyKind()) {
  return kind === 'http' ? startProxy({ target, latencyMs }) : startLatencyProxy({ target, latencyMs });
}

/** How the tables name the proxy. */
export function describeBenchProxy(kind = benchProxyKind()) {
  return kind === 'http' ? 'HTTP proxy (fault-proxy.mjs, BENCH_PROXY=http)' : 'TCP relay (latency-proxy.mjs)';
}
