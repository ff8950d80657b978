/** What a security event records: a request refused before it touched any data. */
export const SECURITY_EVENT_KINDS = ['AUTHENTICATION_FAILED', 'VALIDATION_FAILED', 'QUOTA_REFUSED'] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/** Why a token was refused: src/auth's reasons (MISSING, MALFORMED, FORGED, EXPIRED, ...), from the error's `extensions.reason`. */
export { AUTH_FAILURE_REASONS as AUTHENTICATION_REASONS } from '../auth/index.js';
export type { AuthFailureReason as AuthenticationReason } from '../auth/index.js';

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
