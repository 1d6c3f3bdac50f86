import { createRequire } from 'node:module';

// undici's pool and TLS connector for the HTTP transport, loaded on a registry's first request (start-up never pays
// for them): the two modules srx uses, not undici's index (fetch, WebSocket, caches…). The bundle replaces this module
// (scripts/bundle.mjs) with one that loads its own single-file build of the two, without undici's HTTP/2 client.

const load = createRequire(import.meta.url);

/** undici's Pool class. */
export function loadPool(): unknown {
  return load('undici/lib/dispatcher/pool.js');
}

/** undici's buildConnector (TLS options → connector). */
export function loadConnector(): unknown {
  return load('undici/lib/core/connect.js');
}
