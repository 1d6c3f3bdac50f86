// The launcher is plain ESM so that scripts/bench.mjs uses the very same code.
export { registryBinary, freePort, startRegistry, startRegistries } from '../../scripts/lib/registry-server.mjs';
export type { RegistryServer, StartOptions } from '../../scripts/lib/registry-server.mjs';
