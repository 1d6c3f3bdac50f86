// The benchmarks' proxy: a TCP relay in front of a real registry that holds every request for `latencyMs`
// before passing it on, and records each request's method and path. It does not parse or re-send HTTP, so
// it costs a fraction of what the HTTP proxy of the tests (fault-proxy.mjs) costs per request: on a 2-core
// machine, at 40,000 requests, that proxy used about half a core and its cost showed in every tool's wall
// time. Faults (429s, drops, TLS, auth) stay with fault-proxy.mjs. Same interface for what benchmarks use:
// { url, port, requests ({ method, path, url }), configure({ latencyMs }), stop() }.
import net from 'node:net';

/** Starts a relay on 127.0.0.1 (a free port) in front of `options.target` (an http:// URL). */
export async function startLatencyProxy(options) {
  const target = new URL(options.target);
  const state = { latencyMs: options.latencyMs ?? 0 };
  const requests = [];
  const sockets = new Set();
  const server = net.createServer((client) => relay(client, target, state, requests, sockets));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = server.address().port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    configure(partial) {
      if ('latencyMs' in partial) state.latencyMs = partial.latencyMs;
    },
    stop() {
      return new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    },
  };
}

function relay(client, target, state, requests, sockets) {
  const upstream = net.connect(Number(target.port || 80), target.hostname);
  for (const socket of [client, upstream]) {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => {
      client.destroy();
      upstream.destroy();
    });
  }
  client.once('close', () => upstream.destroy());
  upstream.once('close', () => client.destroy());
  upstream.pipe(client);
  const counter = requestCounter(requests);
  // Requests are held, in order: each chunk leaves latencyMs after it arrived (a request is one or a few chunks).
  client.on('data', (chunk) => {
    counter(chunk);
    if (state.latencyMs <= 0) upstream.write(chunk);
    else setTimeout(() => upstream.write(chunk), state.latencyMs);
  });
  client.once('end', () => setTimeout(() => upstream.end(), state.latencyMs));
}

/**
 * Records { method, path, url } (path without the query) of each request on one connection from its request line; skips bodies by their
 * Content-Length (both srx and srctl send one). Enough HTTP/1.1 to count requests, nothing more.
 */
function requestCounter(requests) {
  let pending = '';
  let bodyLeft = 0;
  return (chunk) => {
    let text = pending + chunk.toString('latin1');
    pending = '';
    while (text.length > 0) {
      if (bodyLeft > 0) {
        const skip = Math.min(bodyLeft, text.length);
        bodyLeft -= skip;
        text = text.slice(skip);
        continue;
      }
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) {
        pending = text;
        return;
      }
      const head = text.slice(0, end);
      text = text.slice(end + 4);
      const [method = '', url = ''] = head.slice(0, head.indexOf('\r\n') >>> 0).split(' ');
      requests.push({ method, path: url.split('?')[0], url });
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      bodyLeft = length ? Number(length[1]) : 0;
    }
  };
}
