import express, { type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { auditRefusal, recordAuditEvents } from '../audit/index.js';
import type { Caller, TokenVerifier } from '../auth/index.js';
import { DEFAULT_CONSENT_DOCUMENT_LIMITS, readConsentDocument, storeConsentDocument, type ConsentDocumentLimits } from '../consent/index.js';
import { HubError } from '../errors/index.js';
import type { SecurityLog } from '../security-log/index.js';
import { requestCaller } from './console-session.js';
import { httpStatusOf, logRefusal } from './http-refusal.js';

export interface ConsentDocumentOptions {
  db: Knex;
  verifier: TokenVerifier;
  /** Largest document accepted, in bytes (CONSENT_DOCUMENT_MAX_BYTES). */
  maxBytes: number;
  /** Smallest document and per-organisation daily quotas (CONSENT_DOCUMENT_MIN_BYTES, _DAILY_UPLOADS, _DAILY_BYTES). */
  limits?: Partial<Omit<ConsentDocumentLimits, 'maxBytes'>>;
  /** Where refusals of authentication, input and quota are recorded (src/security-log). */
  securityLog?: SecurityLog;
}

const UPLOAD = 'consent.document-upload';
const READ = 'consent.document-read';

function sendError(res: Response, status: number, err: HubError): void {
  const field = err.extensions.field;
  const retryAfter = err.extensions.retryAfterSeconds;
  if (typeof retryAfter === 'number') res.set('retry-after', String(retryAfter));
  res.status(status).set('cache-control', 'no-store').json({ error: { code: String(err.extensions.code), message: err.message, field: typeof field === 'string' ? field : null } });
}

/**
 * Reads the body up to `maxBytes` (+1, to tell "too large"): a longer body is not held in memory.
 * A declared content-length over the limit is refused before anything is read.
 */
async function readBody(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.header('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return Buffer.alloc(maxBytes + 1);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      req.resume();
      return Buffer.alloc(maxBytes + 1);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * A route whose refusals after authentication are audited (`action`, `via`) and answered as JSON
 * `{ error: { code, message, field } }`; without a valid token there is no actor to audit.
 */
async function route(o: ConsentDocumentOptions, req: Request, res: Response, action: string, via: string, run: (caller: Caller) => Promise<void>): Promise<void> {
  let caller: Caller | null = null;
  try {
    caller = await requestCaller(o.verifier, req);
    await run(caller);
  } catch (err) {
    if (!(err instanceof HubError)) throw err;
    if (caller) await auditRefusal(o.db, { action, actor: caller, error: err, via });
    logRefusal(o.securityLog, req, err, `${req.method} ${req.path.startsWith('/consents/documents/') ? '/consents/documents/:sha256' : req.path}`, caller);
    const status = typeof err.extensions.httpStatus === 'number' ? err.extensions.httpStatus : httpStatusOf(err);
    if (!res.headersSent) sendError(res, status, err);
  }
}

/**
 * `POST /consents/documents`: the signed consent form (raw body, PDF, JPEG or PNG, checked by its
 * magic bytes and structure, at least CONSENT_DOCUMENT_MIN_BYTES, within the organisation's daily quota) is stored content-addressed and its SHA-256, computed by the hub, returned for
 * `registerConsents`. `GET /consents/documents/<sha256>`: the document, for those who may register
 * consents within the jurisdiction of an organisation that uploaded it, and auditors over it;
 * 404 alike for unknown and forbidden documents. Uploads, reads and refusals are audited.
 */
export function consentDocumentsRouter(o: ConsentDocumentOptions): express.Router {
  const router = express.Router();
  router.post('/consents/documents', async (req, res) => {
    await route(o, req, res, UPLOAD, 'consent document upload', async (caller) => {
      const body = await readBody(req, o.maxBytes);
      const stored = await storeConsentDocument(o.db, caller, body, req.header('content-type'), { ...DEFAULT_CONSENT_DOCUMENT_LIMITS, ...o.limits, maxBytes: o.maxBytes });
      res.status(201).set('cache-control', 'no-store').json(stored);
    });
  });
  router.get('/consents/documents/:sha256', async (req, res) => {
    await route(o, req, res, READ, 'consent document download', async (caller) => {
      const sha256 = req.params.sha256;
      const doc = await readConsentDocument(o.db, caller, sha256);
      if (!doc.found) {
        // Unknown and not the caller's to read answer alike (404, same body): no existence oracle.
        // The audit event keeps the difference for auditors.
        const notFound = new HubError('BAD_USER_INPUT', `no consent document ${sha256.slice(0, 12)}… that you may read was uploaded`, { field: 'sha256', httpStatus: 404 });
        const audited = doc.outsideJurisdiction ? new HubError('OUT_OF_JURISDICTION', `consent document ${sha256.slice(0, 12)}… was uploaded outside the caller's jurisdiction`, { field: 'sha256' }) : notFound;
        await auditRefusal(o.db, { action: READ, actor: caller, error: audited, via: 'consent document download' });
        sendError(res, 404, notFound);
        return;
      }
      await recordAuditEvents(o.db, [{ action: READ, outcome: 'ALLOWED', actor: caller, details: { sha256, uploadedOrgs: doc.uploadedOrgs } }]);
      res.status(200).type(doc.mediaType).set({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-disposition': `attachment; filename="consent-${sha256.slice(0, 12)}"` }).send(doc.content);
    });
  });
  return router;
}
