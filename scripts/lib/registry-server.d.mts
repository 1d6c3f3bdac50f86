/** A real AxonOps Schema Registry process on 127.0.0.1 with in-memory storage. */
export interface RegistryServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}
/** Extra environment for the server (auth, TLS, compatibility...). */
export interface StartOptions {
  readonly env?: Record<string, string>;
  readonly compatibility?: string;
}
export function registryBinary(): string;
export function freePort(): Promise<number>;
export function startRegistry(options?: StartOptions): Promise<RegistryServer>;
export function startRegistries<N extends string>(names: readonly N[], options?: StartOptions): Promise<Record<N, RegistryServer> & { stopAll(): Promise<void> }>;
