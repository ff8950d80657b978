/** What a security event records: a request refused before it touched any data. */
export const SECURITY_EVENT_KINDS = ['AUTHENTICATION_FAILED', 'VALIDATION_FAILED', 'QUOTA_REFUSED'] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/**
 * Why a token was refused (src/auth puts it in the UNAUTHENTICATED error's `extensions.reason`):
 * MISSING (no header), MALFORMED (not a Bearer JWT), FORGED (signature, key or algorithm wrong),
 * UNTRUSTED_ISSUER, EXPIRED, NOT_YET_VALID, INVALID_CLAIMS (audience, sub, org, roles).
 */
export const AUTHENTICATION_REASONS = ['MISSING', 'MALFORMED', 'FORGED', 'UNTRUSTED_ISSUER', 'EXPIRED', 'NOT_YET_VALID', 'INVALID_CLAIMS'] as const;
export type AuthenticationReason = (typeof AUTHENTICATION_REASONS)[number];

/** One refusal as a door reports it; the log masks, labels and rate-limits it. */
export interface SecurityEventInput {
  kind: SecurityEventKind;
  /** For AUTHENTICATION_FAILED: why; for the others, a short code (the armour limit, the quota). */
  reason?: string | null;
  errorCode: string;
  /** The client's address as the socket saw it. */
  sourceAddress: string | null;
  /** The verified caller, when the token was accepted (validation failures, quota refusals). */
  actor?: { sub: string; org: string } | null;
  /** The refused request's Authorization header: its token is decoded without verification, only to label the row (never trusted). */
  authorization?: string | null;
  /** The GraphQL operation or HTTP route the request came through. */
  door: string;
  /** A short message; ID-number-like runs are masked and quoted values dropped before it is stored. */
  detail?: string | null;
  /** The region of the data the request was about, when known. */
  regionCode?: string | null;
}

/** A stored security event as auditors read it. */
export interface SecurityEvent {
  id: string;
  occurredAt: string;
  lastAt: string;
  kind: SecurityEventKind;
  reason: string | null;
  errorCode: string;
  sourceAddress: string | null;
  actorSub: string | null;
  actorOrg: string | null;
  claimedSub: string | null;
  claimedOrg: string | null;
  door: string;
  detail: string | null;
  regionCode: string | null;
  count: number;
}
