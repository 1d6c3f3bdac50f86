/** A request the relay saw, from its request line: method, path without the query, and the whole target. */
export interface RelayedRequest {
  method: string;
  path: string;
  url: string;
}

/** The benchmarks' TCP relay in front of a real registry (see latency-proxy.mjs). */
export interface LatencyProxy {
  url: string;
  port: number;
  requests: RelayedRequest[];
  configure(partial: { latencyMs?: number }): void;
  stop(): Promise<void>;
}

export function startLatencyProxy(options: { target: string; latencyMs?: number }): Promise<LatencyProxy>;
