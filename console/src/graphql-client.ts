import type { TypedDocumentString } from './gql/graphql';

export interface GraphQLErrorItem {
  message: string;
  extensions?: { code?: string };
}

export class GraphQLRequestError extends Error {
  constructor(
    readonly status: number,
    readonly errors: GraphQLErrorItem[],
  ) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ') || `HTTP ${status}`);
  }
}

/**
 * Runs a typed operation (generated from the hub's schema: src/gql) with the session cookie. The
 * browser adds `Origin` to the POST, which the hub checks for cookie-authenticated requests (CSRF).
 */
export async function request<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]): Promise<TResult> {
  const res = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await res.json()) as { data?: TResult | null; errors?: GraphQLErrorItem[] };
  if (body.errors?.length || !body.data) throw new GraphQLRequestError(res.status, body.errors ?? []);
  return body.data;
}
