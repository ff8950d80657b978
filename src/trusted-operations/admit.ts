import type { Caller } from '../auth/index.js';
import { HubError } from '../errors/index.js';
import { operationHash, type TrustedOperations } from './manifest.js';

/** The parts of a GraphQL-over-HTTP request that name its operation. */
export interface OperationRequest {
  query?: unknown;
  documentId?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } } & Record<string, unknown>;
}

/**
 * Only machine clients are held to their registered operations: a bearer token with the
 * assistance-system role (GraphiQL with such a token pasted in is that machine too). People
 * signed in to the console write their own queries, whatever roles their organisation gives them.
 */
export function heldToTrustedOperations(caller: Caller, credential: 'bearer' | 'session'): boolean {
  return credential === 'bearer' && caller.roles.includes('assistance-system');
}

const refuse = (field: string, message: string) => new HubError('OPERATION_NOT_TRUSTED', message, { field });

/** The hash the request names its operation by: a persisted query's sha256Hash, or a documentId (`sha256:` prefix optional). */
function namedHash(request: OperationRequest): { hash: string; field: string } | null {
  const pq = request.extensions?.persistedQuery?.sha256Hash;
  if (pq !== undefined) return { hash: String(pq), field: 'extensions.persistedQuery.sha256Hash' };
  if (request.documentId !== undefined) return { hash: String(request.documentId).replace(/^sha256:/, ''), field: 'documentId' };
  return null;
}

/**
 * The registered document an assistance system's request runs, or OPERATION_NOT_TRUSTED naming the
 * part at fault. By hash (persisted-query style), the document comes from the manifest and the
 * request need not carry it; a document sent with its hash must be that document; a document sent
 * alone is accepted when its hash is registered (the gateway sends documents, not hashes).
 */
export function admitOperation(request: OperationRequest, operations: TrustedOperations): string {
  const named = namedHash(request);
  if (named) {
    const document = operations.get(named.hash);
    if (document === undefined) throw refuse(named.field, `${named.field}: not a registered operation (TRUSTED_OPERATIONS=on: assistance systems run the operations they registered)`);
    if (request.query !== undefined && request.query !== document) throw refuse('query', 'query: not the document registered under its hash');
    return document;
  }
  if (typeof request.query !== 'string') throw refuse('query', 'query: missing; send a registered operation by extensions.persistedQuery.sha256Hash or documentId');
  if (operations.get(operationHash(request.query)) === undefined) throw refuse('query', 'query: not a registered operation (TRUSTED_OPERATIONS=on: assistance systems run the operations they registered, by hash)');
  return request.query;
}
