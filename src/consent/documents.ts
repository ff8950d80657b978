import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { appendAuditEvents } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import { inTransaction } from '../db/index.js';
import { HubError } from '../errors/index.js';
import { inJurisdiction, regionFilter, requireRole } from '../policy/index.js';
import { DEFAULT_MIN_DOCUMENT_BYTES, structureProblem } from './document-format.js';

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
 * Why an upload is refused, with the HTTP status it answers (413 too large, 415 not a well-formed
 * PDF, JPEG or PNG or too small, 400 empty, 429 over the daily quota): a HubError, so the refusal is
 * audited like any other.
 */
function uploadRefusal(status: number, field: string, message: string): HubError {
  return new HubError('BAD_USER_INPUT', message, { field, httpStatus: status });
}

/** What an upload may be: its size, and per organisation per day (rolling 24 hours) how many and how much. */
export interface ConsentDocumentLimits {
  /** CONSENT_DOCUMENT_MAX_BYTES. */
  maxBytes: number;
  /** CONSENT_DOCUMENT_MIN_BYTES (default 1 KB): smaller is no scan of a signed form. */
  minBytes: number;
  /** CONSENT_DOCUMENT_DAILY_UPLOADS: new documents an organisation may upload in 24 hours. */
  dailyUploads: number;
  /** CONSENT_DOCUMENT_DAILY_BYTES: bytes an organisation may upload in 24 hours. */
  dailyBytes: number;
}

export const DEFAULT_CONSENT_DOCUMENT_LIMITS: ConsentDocumentLimits = { maxBytes: 5 * 1024 * 1024, minBytes: DEFAULT_MIN_DOCUMENT_BYTES, dailyUploads: 2_000, dailyBytes: 2 * 1024 ** 3 };

/** Checks an upload's declared type, size, content and structure; returns the type the content is. */
export function checkConsentDocument(bytes: Buffer, contentType: string | undefined, limits: Pick<ConsentDocumentLimits, 'maxBytes' | 'minBytes'>): ConsentDocumentType {
  const declared = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!(CONSENT_DOCUMENT_TYPES as readonly string[]).includes(declared)) {
    throw uploadRefusal(415, 'content-type', `content-type must be one of ${CONSENT_DOCUMENT_TYPES.join(', ')}, got ${JSON.stringify(declared || null)}`);
  }
  if (bytes.length === 0) throw uploadRefusal(400, 'body', 'the body is empty: send the signed consent form');
  if (bytes.length > limits.maxBytes) throw uploadRefusal(413, 'body', `a consent document may have at most ${limits.maxBytes} bytes, got ${bytes.length}`);
  const actual = sniffConsentDocument(bytes);
  if (actual !== declared) {
    throw uploadRefusal(415, 'body', `the content is ${actual ? `a ${actual}` : 'not a PDF, JPEG or PNG'} but content-type says ${declared}`);
  }
  if (bytes.length < limits.minBytes) throw uploadRefusal(415, 'body', `a consent document must have at least ${limits.minBytes} bytes (a scan or photo of the signed form), got ${bytes.length}`);
  const problem = structureProblem(actual, bytes);
  if (problem) throw uploadRefusal(415, 'body', `not a well-formed ${actual}: ${problem}`);
  return actual;
}

/**
 * The organisation's uploads in the last 24 hours, with this one: over either quota is 429. Held
 * under a per-organisation transaction lock, so concurrent uploads cannot overshoot it together.
 */
async function requireUploadQuota(trx: Knex.Transaction, org: string, size: number, limits: ConsentDocumentLimits): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`consent-document-upload:${org}`]);
  const used: { n: string | number; bytes: string | number | null } | undefined = await trx('consent_document_uploads as u')
    .join('consent_documents as d', 'd.sha256', 'u.sha256')
    .where('u.uploaded_org', org)
    .where('u.uploaded_at', '>', trx.raw("now() - interval '1 day'"))
    .first(trx.raw('count(*) AS n'), trx.raw('sum(d.size) AS bytes'));
  const count = Number(used?.n ?? 0);
  const bytes = Number(used?.bytes ?? 0);
  if (count + 1 > limits.dailyUploads || bytes + size > limits.dailyBytes) {
    const which = count + 1 > limits.dailyUploads ? `${limits.dailyUploads} documents` : `${limits.dailyBytes} bytes`;
    throw new HubError('RATE_LIMITED', `your organisation may upload at most ${which} of consent documents in 24 hours (CONSENT_DOCUMENT_DAILY_UPLOADS, CONSENT_DOCUMENT_DAILY_BYTES); try again later`, { field: 'body', httpStatus: 429, retryAfterSeconds: 3_600, limit: which });
  }
}

/**
 * Stores a signed consent form, content-addressed: the hub computes its SHA-256, which consents
 * then reference. The same bytes uploaded again give the same hash; each organisation that uploads
 * them is recorded once (and counted once against its daily quota). Audited as
 * `consent.document-upload` in the same transaction.
 */
export async function storeConsentDocument(db: Knex, caller: Caller, bytes: Buffer, contentType: string | undefined, limits: ConsentDocumentLimits = DEFAULT_CONSENT_DOCUMENT_LIMITS): Promise<StoredConsentDocument> {
  requireRole(caller, 'registerConsents');
  const mediaType = checkConsentDocument(bytes, contentType, limits);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return inTransaction(db, async (trx) => {
    const again = await trx('consent_document_uploads').where({ sha256, uploaded_org: caller.org }).first('sha256');
    if (!again) await requireUploadQuota(trx, caller.org, bytes.length, limits);
    await trx('consent_documents').insert({ sha256, media_type: mediaType, size: bytes.length, content: bytes }).onConflict('sha256').ignore();
    await trx('consent_document_uploads').insert({ sha256, uploaded_org: caller.org, uploaded_by: caller.sub }).onConflict(['sha256', 'uploaded_org']).ignore();
    await appendAuditEvents(trx, [{ action: 'consent.document-upload', outcome: 'ALLOWED', actor: caller, details: { sha256, size: bytes.length, mediaType } }]);
    return { sha256, size: bytes.length, mediaType };
  });
}

/** A document the caller may not read answers exactly like one that does not exist (no existence oracle). */
export type ConsentDocumentRead = { found: true; mediaType: string; content: Buffer; uploadedOrgs: string[] } | { found: false; outsideJurisdiction: boolean };

/**
 * A consent document for a reader: those who register consents, within the jurisdiction of an
 * organisation that uploaded it (the same rule as a consent's binding), and auditors whose
 * jurisdiction holds such an organisation. Unknown and not the caller's to read are both
 * `found: false` (the route answers 404 to both; only the audit event tells them apart).
 */
export async function readConsentDocument(db: Knex, caller: Caller, sha256: string): Promise<ConsentDocumentRead> {
  const auditor = caller.roles.includes('auditor');
  if (!auditor) requireRole(caller, 'registerConsents');
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new HubError('BAD_USER_INPUT', 'sha256: 64 lower-case hex digits', { field: 'sha256' });
  const orgs: string[] = await db('consent_document_uploads').where({ sha256 }).pluck('uploaded_org');
  if (orgs.length === 0) return { found: false, outsideJurisdiction: false };
  const registrar = caller.roles.some((r) => r === 'verifier' || r === 'assistance-system');
  const mayRead = orgs.some((org) => (auditor && inJurisdiction(caller, org)) || (registrar && inJurisdiction({ ...caller, org }, caller.org)));
  if (!mayRead) return { found: false, outsideJurisdiction: true };
  const doc: { media_type: string; content: Buffer } = await db('consent_documents').where({ sha256 }).first('media_type', 'content');
  return { found: true, mediaType: doc.media_type, content: doc.content, uploadedOrgs: orgs };
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

/** A document used for more persons than this in all consents is flagged for auditors (a household's form covers its members). */
export const DOCUMENT_REUSE_PERSONS = 10;

/** How widely a document is used, over every consent that references it: flagged when too wide. */
export interface DocumentUse {
  sha256: string;
  /** Distinct persons with a consent on it. */
  persons: number;
  /** Distinct households those persons are members of (as verified so far). */
  households: number;
}

/**
 * Documents (of these) used for more than DOCUMENT_REUSE_PERSONS persons, or for persons of more
 * than one household: one signed form does not authorise unrelated people. Counted after the new
 * consents are inserted, in the registering transaction.
 */
export async function widelyUsedDocuments(trx: Knex.Transaction, hashes: readonly string[]): Promise<DocumentUse[]> {
  if (hashes.length === 0) return [];
  const rows: { sha256: string; persons: string | number; households: string | number }[] = await trx('consents as c')
    .leftJoin('household_members as m', 'm.person_id', 'c.person_id')
    .whereIn('c.document_sha256', [...new Set(hashes)])
    .groupBy('c.document_sha256')
    .select('c.document_sha256 as sha256', trx.raw('count(DISTINCT c.person_id) AS persons'), trx.raw('count(DISTINCT m.household_id) AS households'));
  return rows
    .map((r) => ({ sha256: r.sha256, persons: Number(r.persons), households: Number(r.households) }))
    .filter((u) => u.persons > DOCUMENT_REUSE_PERSONS || u.households > 1)
    .sort((a, b) => b.persons - a.persons);
}
