import type { GraphQLError } from 'graphql';
import type { SecurityEventInput, SecurityEventKind } from './model.js';

/**
 * Codes that mean "the request itself was wrong": graphql-js and Apollo's request errors (parse,
 * validation, the armour's limits, variable coercion), the hub's input refusals, and an assistance
 * system's operation that is not registered (TRUSTED_OPERATIONS=on: a stolen client token's likely use).
 */
const VALIDATION_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'INVALID_ID_NUMBER', 'UNKNOWN_ATTRIBUTE', 'OPERATION_NOT_TRUSTED']);

/** The kind of security event an error code is; null for refusals the audit log records (role, jurisdiction, consent). */
export function kindOfCode(code: string): SecurityEventKind | null {
  if (code === 'UNAUTHENTICATED') return 'AUTHENTICATION_FAILED';
  if (code === 'RATE_LIMITED') return 'QUOTA_REFUSED';
  return VALIDATION_CODES.has(code) ? 'VALIDATION_FAILED' : null;
}

/** Where and from whom a refused request came (what the door knows besides the error). */
export interface RefusalContext {
  sourceAddress: string | null;
  door: string;
  authorization?: string | null;
  actor?: { sub: string; org: string } | null;
  regionCode?: string | null;
}

/**
 * The security event of an error a door answers with, or null when it is not one: the reason is
 * the token's failure (src/auth), the quota's name, or the input field at fault.
 */
export function refusalEvent(err: Pick<GraphQLError, 'message' | 'extensions'>, at: RefusalContext): SecurityEventInput | null {
  const code = String(err.extensions?.code ?? '');
  const kind = kindOfCode(code);
  if (!kind) return null;
  const ext = err.extensions ?? {};
  const reason = kind === 'AUTHENTICATION_FAILED' ? ext.reason : kind === 'QUOTA_REFUSED' ? ext.limit : ext.field;
  return { kind, reason: typeof reason === 'string' ? reason : null, errorCode: code, detail: err.message, ...at };
}
