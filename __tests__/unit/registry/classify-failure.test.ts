import { type ErrorCode, RegistryError } from '../../../src/core/errors.js';
import { classifyFailure } from '../../../src/core/operations/registry-test.js';

const error = (code: ErrorCode, what: string, status?: number) =>
  new RegistryError(code, `dev: GET /subjects → ${what}`, { registry: 'dev', method: 'GET', path: '/subjects', status });

describe('classifyFailure', () => {
  it.each([
    [error('E_REGISTRY_UNREACHABLE', 'unknown host nosuch.invalid:8081'), 'unknown-host', null],
    [error('E_REGISTRY_UNREACHABLE', 'connection refused (127.0.0.1:1)'), 'refused', null],
    [error('E_REGISTRY_TLS', 'TLS failure: SELF_SIGNED_CERT_IN_CHAIN'), 'tls', null],
    [error('E_REGISTRY_AUTH', '401 unauthorized', 401), 'unauthorized', 401],
    [error('E_REGISTRY_FORBIDDEN', '403 forbidden', 403), 'forbidden', 403],
    [error('E_REGISTRY_TIMEOUT', 'no answer within 500 ms'), 'timeout', null],
    [error('E_REGISTRY_HTTP', '503', 503), 'http-error', 503],
    [error('E_REGISTRY_NETWORK', 'ECONNRESET: socket hang up'), 'network', null],
  ])('%s → %s', (err, reason, status) => {
    const failure = classifyFailure(err);
    expect(failure.reason).toBe(reason);
    expect(failure.status).toBe(status);
    expect(failure.message).not.toMatch(/^dev: GET/);
  });

  it('reports a non-registry error as error', () => {
    expect(classifyFailure(new Error('boom'))).toEqual({ reason: 'error', status: null, message: 'boom' });
  });
});
