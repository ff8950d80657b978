import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { appendAuditEvents } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import { inTransaction } from '../db/index.js';
import { HubError } from '../errors/index.js';
import { inJurisdiction, regionFilter, requireRole } from '../policy/index.js';

/** What a consent document may be: the signed form scanned or photographed, or a PDF of it. */
export const CONSENT_DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type ConsentDocumentType = (typeof CONSENT_DOCUMENT_TYPES)[number];

export interface StoredConsentDocument {
  sha256: string;
  size: number;
  mediaType: ConsentDocumentType;
}

/** The leading bytes each accepted type starts with: the content decides, not the header alone. */
const MAGIC: Record<ConsentDocumentType, Buffer> = {
  'application/pdf': Buffer.from('%PDF-', 'latin1'),
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff]),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
};

/** The type the bytes are, by their magic number, or null. */
export function sniffConsentDocument(bytes: Buffer): ConsentDocumentType | null {
  for (const type of CONSENT_DOCUMENT_TYPES) if (bytes.subarray(0, MAGIC[type].length).equals(MAGIC[type])) return type;
  return null;
}

/**
 * Why an upload is refused, with the HTTP status it answers (413 too large, 415 not a PDF, JPEG or
 * PNG, 400 empty): a HubError, so the refusal is audited like any other.
 */
function uploadRefusal(status: number, field: string, message: string): HubError {
  return new HubError('BAD_USER_INPUT', message, { field, httpStatus: status });
}

/** Checks an upload's declared type, size and content; returns the type the content is. */
export function checkConsentDocument(bytes: Buffer, contentType: string | undefined, maxBytes: number): ConsentDocumentType {
  const declared = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!(CONSENT_DOCUMENT_TYPES as readonly string[]).includes(declared)) {
    throw uploadRefusal(415, 'content-type', `content-type must be one of ${CONSENT_DOCUMENT_TYPES.join(', ')}, got ${JSON.stringify(declared || null)}`);
  }
  if (bytes.length === 0) throw uploadRefusal(400, 'body', 'the body is empty: send the signed consent form');
  if (bytes.length > maxBytes) throw uploadRefusal(413, 'body', `a consent document may have at most ${maxBytes} bytes, got ${bytes.length}`);
  const actual = sniffConsentDocument(bytes);
  if (actual !== declared) {
    throw uploadRefusal(415, 'body', `the content is ${actual ? `a ${actual}` : 'not a PDF, JPEG or PNG'} but content-type says ${declared}`);
  }
  return actual;
}

/**
 * Stores a signed consent form, content-addressed: the hub computes its SHA-256, which consents
 * then reference. The same bytes uploaded again give the same hash; each organisation that uploads
 * them is recorded once. Audited as `consent.document-upload` in the same transaction.
 */
export async function storeConsentDocument(db: Knex, caller: Caller, bytes: Buffer, contentType: string | undefined, maxBytes: number): Promise<StoredConsentDocument> {
  requireRole(caller, 'registerConsents');
  const mediaType = checkConsentDocument(bytes, contentType, maxBytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return inTransaction(db, async (trx) => {
    await trx('consent_documents').insert({ sha256, media_type: mediaType, size: bytes.length, content: bytes }).onConflict('sha256').ignore();
    await trx('consent_document_uploads').insert({ sha256, uploaded_org: caller.org, uploaded_by: caller.sub }).onConflict(['sha256', 'uploaded_org']).ignore();
    await appendAuditEvents(trx, [{ action: 'consent.document-upload', outcome: 'ALLOWED', actor: caller, details: { sha256, size: bytes.length, mediaType } }]);
    return { sha256, size: bytes.length, mediaType };
  });
}

/**
 * A consent document for a reader: those who register consents, within the jurisdiction of an
 * organisation that uploaded it (the same rule as a consent's binding), and auditors whose
 * jurisdiction holds such an organisation. Unknown: null; known but not the caller's to read:
 * OUT_OF_JURISDICTION. The caller audits the read (and the refusal).
 */
export async function readConsentDocument(db: Knex, caller: Caller, sha256: string): Promise<{ mediaType: string; content: Buffer; uploadedOrgs: string[] } | null> {
  const auditor = caller.roles.includes('auditor');
  if (!auditor) requireRole(caller, 'registerConsents');
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new HubError('BAD_USER_INPUT', 'sha256: 64 lower-case hex digits', { field: 'sha256' });
  const orgs: string[] = await db('consent_document_uploads').where({ sha256 }).pluck('uploaded_org');
  if (orgs.length === 0) return null;
  const registrar = caller.roles.some((r) => r === 'verifier' || r === 'assistance-system');
  const mayRead = orgs.some((org) => (auditor && inJurisdiction(caller, org)) || (registrar && inJurisdiction({ ...caller, org }, caller.org)));
  if (!mayRead) throw new HubError('OUT_OF_JURISDICTION', `consent document ${sha256.slice(0, 12)}… was uploaded outside your jurisdiction`, { field: 'sha256' });
  const doc: { media_type: string; content: Buffer } = await db('consent_documents').where({ sha256 }).first('media_type', 'content');
  return { mediaType: doc.media_type, content: doc.content, uploadedOrgs: orgs };
}

/**
 * Of these document hashes, those uploaded by an organisation inside the caller's jurisdiction: the
 * only ones a consent the caller registers may reference.
 */
export async function documentsWithin(trx: Knex.Transaction, caller: Caller, hashes: readonly string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const found: string[] = await trx('consent_document_uploads').whereIn('sha256', [...new Set(hashes)]).where(regionFilter(caller.org, 'uploaded_org')).distinct().pluck('sha256');
  return new Set(found);
}
