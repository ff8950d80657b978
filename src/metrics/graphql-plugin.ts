import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { maskIdNumbersIn } from '../identity/index.js';
import { graphqlDuration, graphqlRequests } from './registry.js';

// Operation names are chosen by clients: only a plain GraphQL name, and at most this many distinct
// ones per process, become label values; the rest are counted as `other` (bounded series).
const MAX_OPERATIONS = 200;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const seen = new Set<string>();

/** The label for a request: its operation name, else its first root field, never free text. */
function operationLabel(ctx: GraphQLRequestContextWillSendResponse<object>): string {
  const root = ctx.operation?.selectionSet.selections.find((s) => s.kind === 'Field');
  const name = ctx.operationName ?? (root?.kind === 'Field' ? root.name.value : null);
  if (name === null) return ctx.operation ? 'anonymous' : 'unparsed';
  // A name with an ID number in it is a client's mistake that must not reach a time series.
  if (!NAME.test(name) || maskIdNumbersIn(name) !== name) return 'other';
  if (!seen.has(name)) {
    if (seen.size >= MAX_OPERATIONS) return 'other';
    seen.add(name);
  }
  return name;
}

/** ok, or the first error's code (a closed set: the hub's codes and Apollo's). */
function outcomeOf(ctx: GraphQLRequestContextWillSendResponse<object>): string {
  const body = ctx.response.body;
  const first = ctx.errors?.[0] ?? (body.kind === 'single' ? body.singleResult.errors?.[0] : undefined);
  if (!first) return 'ok';
  const code = first.extensions?.code;
  return typeof code === 'string' && NAME.test(code) ? code : 'INTERNAL_SERVER_ERROR';
}

/** Counts every GraphQL request by operation and outcome, with its latency (hub_graphql_*). */
export function graphqlMetricsPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          const labels = { operation: operationLabel(ctx), outcome: outcomeOf(ctx) };
          graphqlRequests.inc(labels);
          graphqlDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}
