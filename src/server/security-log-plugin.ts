import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { kindOfCode, refusalEvent, type SecurityLog } from '../security-log/index.js';
import type { HubContext } from './context.js';

const codeOf = (e: GraphQLError) => String(e.extensions?.code ?? '');

/**
 * Records a GraphQL request refused for what it was (unparsable, invalid against the schema or the
 * armour's limits, variables that do not coerce, an input a resolver refused, a quota) in the
 * security log: one event per request, the first such error, with the caller Apollo saw (verified
 * by authenticateGraphql) and the client's address. Errors of role or jurisdiction are the audit
 * log's (src/audit, through the guard), not repeated here.
 */
export function securityLogPlugin(log: SecurityLog): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, request }) {
          const refused = errors.filter((e) => kindOfCode(codeOf(e)) !== null);
          const first = refused[0];
          if (!first) return;
          const caller = await contextValue.caller();
          const field = first.path?.[0];
          const door = `graphql ${typeof field === 'string' ? field : (request.operationName ?? '(unnamed operation)')}`;
          const more = refused.length > 1 ? ` (+${refused.length - 1} more)` : '';
          const event = refusalEvent({ message: `${first.message}${more}`, extensions: first.extensions }, { sourceAddress: contextValue.clientAddress, door, actor: caller });
          if (event) log.record(event);
        },
      };
    },
  };
}
