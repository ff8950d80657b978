import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical/index.js';

export type AuditOutcome = 'ALLOWED' | 'REFUSED' | 'FAILED';

/** Hash of an empty chain: the first event's `prev_hash` in every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** An event's content as stored: what its hash covers. */
export interface StoredFields {
  occurred_at: string;
  action: string;
  outcome: AuditOutcome;
  actor_sub: string;
  actor_org: string;
  actor_roles: string[];
  purpose: string | null;
  application_ref: string | null;
  region_code: string | null;
  request_id: string | null;
  report_id: string | null;
  consent_ids: string[];
  subject_ids: string[];
  attribute_codes: string[];
  report_sha256: string | null;
  error_code: string | null;
  details: Record<string, unknown>;
}

/** SHA-256 (hex) of an event's content: the fields in a fixed order, as canonical JSON. */
export function contentDigest(f: StoredFields): string {
  const ordered = [
    f.occurred_at, f.action, f.outcome, f.actor_sub, f.actor_org, f.actor_roles, f.purpose, f.application_ref,
    f.region_code, f.request_id, f.report_id, f.consent_ids, f.subject_ids, f.attribute_codes, f.report_sha256, f.error_code, f.details,
  ];
  return createHash('sha256').update(canonicalJson(ordered)).digest('hex');
}

/**
 * The chained hash: SHA-256 over the previous hash and the content digest (both hex). Chaining the
 * digest rather than the content lets an export prove that an event lies on the chain by showing
 * only the digests of the events between it and a checkpoint, never their content.
 */
export function chainHash(prevHash: string, digest: string): string {
  return createHash('sha256').update(prevHash).update(digest).digest('hex');
}

export function eventHash(prevHash: string, f: StoredFields): string {
  return chainHash(prevHash, contentDigest(f));
}

/** A stored row's content fields, with the instant in the millisecond ISO form the hash was made over. */
export function fieldsOfRow(row: Record<string, unknown>): StoredFields {
  return {
    occurred_at: new Date(row.occurred_at as string | Date).toISOString(),
    action: row.action as string,
    outcome: row.outcome as AuditOutcome,
    actor_sub: row.actor_sub as string,
    actor_org: row.actor_org as string,
    actor_roles: row.actor_roles as string[],
    purpose: (row.purpose as string | null) ?? null,
    application_ref: (row.application_ref as string | null) ?? null,
    region_code: (row.region_code as string | null) ?? null,
    request_id: (row.request_id as string | null) ?? null,
    report_id: (row.report_id as string | null) ?? null,
    consent_ids: row.consent_ids as string[],
    subject_ids: row.subject_ids as string[],
    attribute_codes: row.attribute_codes as string[],
    report_sha256: (row.report_sha256 as string | null) ?? null,
    error_code: (row.error_code as string | null) ?? null,
    details: row.details as Record<string, unknown>,
  };
}
