import type { NextFunction, Request, Response } from 'express';
import { HubError } from '../errors/index.js';
import type { SecurityLog } from '../security-log/index.js';
import { admitOperation, heldToTrustedOperations, type OperationRequest, type TrustedOperations } from '../trusted-operations/index.js';
import { authenticatedCaller } from './authenticate.js';
import { credentialOf } from './console-session.js';
import { logRefusal } from './http-refusal.js';

/** GET carries `extensions` as JSON text; anything unreadable is left for Apollo to refuse. */
function getRequest(req: Request): OperationRequest {
  const q = req.query as Record<string, unknown>;
  let extensions: OperationRequest['extensions'];
  try {
    extensions = typeof q.extensions === 'string' ? (JSON.parse(q.extensions) as OperationRequest['extensions']) : undefined;
  } catch {
    extensions = undefined;
  }
  return { query: q.query, documentId: q.documentId, extensions };
}

/**
 * TRUSTED_OPERATIONS=on (src/trusted-operations): a machine client (a bearer token with the
 * assistance-system role) runs only registered operations; console sessions are not held. A POST naming a registered hash gets its document from the manifest
 * (the hash and documentId are removed, so Apollo's own persisted-query cache is not involved); a
 * refusal is 403 OPERATION_NOT_TRUSTED, recorded in the security log. An admitted request skips the
 * token-counting parse (`res.locals.trustedOperation`): its document is one the hub already holds.
 * Other roles pass untouched. Recording (TRUSTED_OPERATIONS=record) keeps and runs what would be refused.
 */
export function trustedOperationsGate(operations: TrustedOperations, securityLog: SecurityLog) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const caller = authenticatedCaller(res);
    if (!heldToTrustedOperations(caller, credentialOf(req))) return next();
    const post = req.method === 'POST';
    const request: OperationRequest = post ? ((req.body as OperationRequest | undefined) ?? {}) : getRequest(req);
    try {
      const document = admitOperation(request, operations);
      if (post) {
        const body = req.body as OperationRequest;
        body.query = document;
        delete body.documentId;
        if (body.extensions) delete body.extensions.persistedQuery;
      } else if (request.query !== document) {
        throw new HubError('OPERATION_NOT_TRUSTED', 'query: a registered operation named by its hash alone is sent by POST', { field: 'query' });
      }
      res.locals.trustedOperation = true;
      next();
    } catch (err) {
      if (!(err instanceof HubError)) return next(err);
      // TRUSTED_OPERATIONS=record: the document is kept for the manifest and runs (no refusal, nothing skipped).
      if (operations.record && typeof request.query === 'string') {
        operations.record(request.query);
        return next();
      }
      logRefusal(securityLog, req, err, `${req.method} ${req.baseUrl}`, caller);
      res.status(403).json({ errors: [{ message: err.message, extensions: err.extensions }] });
    }
  };
}
