// A small HTTP(S) proxy put in front of a real registry by tests and benchmarks: it can require basic or
// bearer auth, answer 403, terminate TLS (optionally requiring a client certificate), add latency, and
// inject 429s, 503s, dropped connections, hangs and scripted answers. Plain ESM so scripts/bench uses it too.
import http from 'node:http';
import https from 'node:https';

/** Starts a proxy on 127.0.0.1 (a free port) in front of `options.target`. */
export async function startProxy(options) {
  const state = { options: { ...options }, rules: armRules(options.rules), random: prng(options.seed) };
  const sockets = new Set();
  const requests = [];
  const upstream = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const handler = (req, res) => handle(req, res, state, requests, upstream);
  const server = options.tls ? https.createServer(tlsServerOptions(options.tls), handler) : http.createServer(handler);
  server.keepAliveTimeout = 30_000;
  server.on(options.tls ? 'secureConnection' : 'connection', (socket) => track(sockets, socket));
  if (options.tls) server.on('connection', (socket) => track(sockets, socket));
  server.on('tlsClientError', () => {}); // a rejected client is the point of some tests
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = server.address().port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    configure(partial) {
      state.options = { ...state.options, ...partial };
      if ('rules' in partial) state.rules = armRules(partial.rules);
      if ('seed' in partial) state.random = prng(partial.seed);
    },
    stop() {
      return new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        upstream.destroy();
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
    },
  };
}

function track(sockets, socket) {
  sockets.add(socket);
  socket.once('close', () => sockets.delete(socket));
}

function tlsServerOptions(tls) {
  return {
    key: tls.key,
    cert: tls.cert,
    ca: tls.ca,
    requestCert: Boolean(tls.requestClientCert),
    rejectUnauthorized: Boolean(tls.requestClientCert),
  };
}

async function handle(req, res, state, requests, upstream) {
  const url = req.url ?? '/';
  const path = url.split('?')[0];
  requests.push({ method: req.method ?? 'GET', path, url, headers: { ...req.headers } });
  const body = await readBody(req);
  const options = state.options;
  if (options.hang) return; // accepted and read, never answered
  if (options.latencyMs) await delay(options.latencyMs);
  const denied = authFailure(req, options);
  if (denied) return send(res, denied.status, denied.body, denied.headers);
  if (options.forbidden) return send(res, 403, json(40301, 'forbidden by fault proxy'), { 'content-type': 'application/json' });
  const rule = takeRule(state.rules, req.method ?? 'GET', path, url);
  if (rule?.hang) return;
  if (rule?.drop) return req.socket.destroy();
  if (rule && rule.status !== undefined) {
    return send(res, rule.status, rule.body ?? json(rule.status * 100 + 1, 'injected by fault proxy'), {
      'content-type': rule.body === undefined ? 'application/json' : 'text/plain',
      ...rule.headers,
    });
  }
  if (options.dropRate && state.random() < options.dropRate) return req.socket.destroy();
  if (options.status5xxRate && state.random() < options.status5xxRate) {
    return send(res, 503, json(50301, 'injected 503 by fault proxy'), { 'content-type': 'application/json' });
  }
  forward(req, res, body, options, upstream);
}

function authFailure(req, options) {
  const header = req.headers.authorization ?? '';
  const unauthorized = (scheme) => ({
    status: 401,
    body: 'Unauthorized\n',
    headers: { 'content-type': 'text/plain', 'www-authenticate': scheme === 'basic' ? 'Basic realm="registry"' : 'Bearer' },
  });
  if (options.basicAuth) {
    const expected = `Basic ${Buffer.from(`${options.basicAuth.user}:${options.basicAuth.password}`).toString('base64')}`;
    if (header !== expected) return unauthorized('basic');
  }
  if (options.bearerToken !== undefined && header !== `Bearer ${options.bearerToken}`) return unauthorized('bearer');
  return undefined;
}

function forward(req, res, body, options, upstream) {
  const target = new URL(options.target);
  const headers = { ...req.headers, host: target.host };
  if (options.basicAuth || options.bearerToken !== undefined) delete headers.authorization; // consumed here
  delete headers['content-length'];
  if (body.length > 0) headers['content-length'] = String(body.length);
  const out = http.request(
    { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: upstream },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  out.on('error', (error) => {
    if (!res.headersSent) send(res, 502, json(50201, `fault proxy: upstream ${error.code ?? error.message}`), { 'content-type': 'application/json' });
    else res.destroy();
  });
  out.end(body);
}

function armRules(rules = []) {
  return rules.map((rule) => ({ rule, left: rule.times ?? Infinity }));
}

function takeRule(rules, method, path, url) {
  for (const armed of rules) {
    const { rule } = armed;
    if (armed.left <= 0) continue;
    if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
    if (typeof rule.path === 'string' && rule.path !== path) continue;
    if (rule.path instanceof RegExp && !rule.path.test(url)) continue;
    armed.left -= 1;
    return rule;
  }
  return undefined;
}

function send(res, status, body, headers) {
  if (res.destroyed) return;
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function json(errorCode, message) {
  return JSON.stringify({ error_code: errorCode, message });
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.concat(chunks)));
  });
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** mulberry32: a small seeded PRNG, so fault patterns repeat run to run. */
function prng(seed) {
  if (seed === undefined) return Math.random;
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
