import { GraphQLError } from 'graphql';

/** Stable error codes a client may branch on; anything else reaches clients as INTERNAL_SERVER_ERROR. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'OUT_OF_JURISDICTION',
  'CONSENT_MISSING',
  'INVALID_ID_NUMBER',
  'BAD_USER_INPUT',
  // A quota was reached (src/quotas): `extensions.retryAfterSeconds` says when to try again; HTTP 429.
  'RATE_LIMITED',
  'UNKNOWN_ATTRIBUTE',
  'NO_POLICY',
  'NOTHING_TO_RETRY',
  'RESIDENCE_MISMATCH',
  // Objections (复核): the value objected to is not in the report; a reviewer reviewing their own; reviewed before.
  'NOT_IN_REPORT',
  'FOUR_EYES',
  'ALREADY_REVIEWED',
  // An auditor's export would hold more events than one file may (narrow it with since/until).
  'EXPORT_TOO_LARGE',
  // TRUSTED_OPERATIONS=on: an assistance system's operation is not one it registered (src/trusted-operations).
  'OPERATION_NOT_TRUSTED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The one error type that is safe to show a client: its message and `extensions` are written for
 * the caller (masked ID numbers only), and `field` names the input at fault.
 */
export class HubError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extras: { field?: string } & Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extras } });
    this.name = 'HubError';
  }
}
