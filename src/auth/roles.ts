/** Roles a token may grant; a token naming any other role is refused rather than trimmed. */
// platform-admin: looks at the queue dashboard (read-only); queue-operator: may also pause, clean,
// retry and remove there. Neither grants anything else. reviewer: decides objections (复核) raised
// by someone else, and nothing more; given to a senior caseworker with verifier (docs/AUTH.md).
export const ROLES = ['verifier', 'assistance-system', 'auditor', 'admin', 'platform-admin', 'queue-operator', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}

/** Who is calling, taken from a verified token only. */
export interface Caller {
  sub: string;
  /** 6-digit administrative region code (GB/T 2260) of the caller's organisation. */
  org: string;
  roles: Role[];
  issuer: string;
  /** The token's `jti`, for audit records; null when the issuer sets none. */
  tokenId: string | null;
}

/**
 * The caller a stored request was made by, acting again later (a batch chunk, a bank answer
 * applied after a restart). Its token was verified when the request was made; roles that are no
 * longer known are dropped rather than trusted.
 */
export function storedCaller(requester: { sub: string; org: string; roles: readonly string[] }, issuer: 'batch' | 'resumed'): Caller {
  return { sub: requester.sub, org: requester.org, roles: requester.roles.filter(isRole), issuer, tokenId: null };
}
