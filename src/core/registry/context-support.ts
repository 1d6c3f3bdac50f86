import { RefusedError, RegistryError } from '../errors.js';
import { DEFAULT_CONTEXT, normalizeContext } from './paths.js';
import type { RegistryClient } from './registry-client.js';

/** A context name no one uses: asked (read-only) to tell "no named contexts" from "none created yet". */
const PROBE_CONTEXT = '.srx-context-probe';

/** True when a `/contexts` listing (already normalized) names a context other than the default one. */
export function listsNamedContexts(listed: readonly string[] | null): boolean {
  return (listed ?? []).some((context) => normalizeContext(context) !== DEFAULT_CONTEXT);
}

/**
 * Whether the server can hold named contexts (read-only). A listing with a named context says yes. `["."]` is
 * ambiguous (a fresh Confluent or AxonOps answers it too, Apicurio answers `[":.:"]`), and no `/contexts` at all
 * (Karapace) may still be an old server: then `GET /contexts/{unused}/subjects` tells, as a server with contexts
 * answers an empty list and one without answers 404 (Apicurio, Karapace) or 405.
 */
export async function supportsNamedContexts(
  client: Pick<RegistryClient, 'listContexts' | 'listSubjects'>,
  listed?: readonly string[] | null,
): Promise<boolean> {
  const contexts = listed === undefined ? await client.listContexts() : listed;
  if (listsNamedContexts(contexts)) return true;
  try {
    await client.listSubjects(PROBE_CONTEXT);
    return true;
  } catch (error) {
    if (error instanceof RegistryError && (error.status === 404 || error.status === 405)) return false;
    throw error;
  }
}

/** `name` cannot hold the named `contexts`: a refusal (exit 2) before anything is read from or written to them. */
export function namedContextsRefused(name: string, contexts: readonly string[], role: 'source' | 'target'): RefusedError {
  const list = [...new Set(contexts)].sort().join(', ');
  const verb = role === 'target' ? 'cannot write into' : 'cannot read';
  return new RefusedError(
    'E_CONTEXTS_NOT_SUPPORTED',
    `${name} has no named contexts (only the default context "."), so srx ${verb} context ${list}${role === 'target' ? '; nothing written' : ''}`,
    role === 'target' ? 'migrate into the default context: --target-context .' : 'read the default context: --context .',
  );
}

/** A default-context subject whose name looks qualified (`:.x:s`): a literal name on a server without contexts. */
export function looksQualified(subject: string): boolean {
  return /^:\.[^:]*:/s.test(subject);
}
