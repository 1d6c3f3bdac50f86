/** Options of the fault proxy; `configure()` changes them while it runs. */
export interface ProxyOptions {
  /** http://127.0.0.1:port of a real registry. */
  target: string;
  /** Added before answering or forwarding each request. */
  latencyMs?: number;
  /** Require it (401 text/plain otherwise; wrong credentials 401). */
  basicAuth?: { user: string; password: string };
  /** Require `Authorization: Bearer <token>`. */
  bearerToken?: string;
  /** Authenticated but 403 for everything. */
  forbidden?: boolean;
  /** Terminate TLS (PEM strings); with requestClientCert, reject clients without a certificate signed by ca. */
  tls?: { key: string; cert: string; ca?: string; requestClientCert?: boolean };
  /** 0..1: random 503s (seeded with `seed`). */
  status5xxRate?: number;
  /** 0..1: random destroyed sockets before answering. */
  dropRate?: number;
  seed?: number;
  /** Accept, read, never answer. */
  hang?: boolean;
  /** Scripted answers, first match wins. */
  rules?: ProxyRule[];
}

/** A scripted answer. `path` as a string matches the path without query; a RegExp is tested against path+query. */
export interface ProxyRule {
  method?: string;
  path?: string | RegExp;
  /** How many requests it answers (unlimited when absent). */
  times?: number;
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  drop?: boolean;
  hang?: boolean;
}

/** One request the proxy saw (`path` without query, `url` with it). */
export interface ProxiedRequest {
  method: string;
  path: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface FaultProxy {
  url: string;
  port: number;
  requests: ProxiedRequest[];
  configure(options: Partial<ProxyOptions>): void;
  /** Destroys open sockets (hung requests included) and closes the server. */
  stop(): Promise<void>;
}

export function startProxy(options: ProxyOptions): Promise<FaultProxy>;
