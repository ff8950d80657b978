import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import { execute, GraphQLError, Kind, printSchema, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { HubContext } from './context.js';
import { renderablePlan, renderedAnswer, treeSchema, type Renderable, type RenderablePlan } from './renderable.js';

type Gateway = ApolloServerOptionsWithGateway<HubContext>['gateway'];

export interface CompiledExecutionOptions {
  /**
   * Root fields whose whole result tree may run compiled. graphql-jit reads a field without a
   * resolver as a plain property (it never calls a function found there, as graphql-js's default
   * resolver does), so only fields whose views hold plain values belong here; any other operation
   * runs on graphql-js as before.
   */
  fields: ReadonlySet<string>;
  /** Compiled operations kept (default 500, oldest dropped first): one per distinct query text and operation name. */
  cacheSize?: number;
  /**
   * Root fields whose answers may be rendered once per resolved value and served again
   * (renderable.ts): the field is resolved (authorised, audited) for every request, and the tree
   * under it, which depends on that value alone, is built and serialised once.
   */
  rendered?: Renderable;
}

/** Whether every root field of the operation is one of `fields` (no fragments at the root, no subscription). */
function compilable(operation: OperationDefinitionNode, fields: ReadonlySet<string>): boolean {
  if (operation.operation === 'subscription') return false;
  return operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && fields.has(s.name.value));
}

/**
 * graphql-jit's errors as graphql-js's own: theirs have read-only messages, which plugins that
 * rewrite messages (the armour's field-suggestion blocker) cannot change.
 */
function asGraphqlErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors) return result;
  const errors = result.errors.map((e) => {
    const copy = new GraphQLError(e.message, { path: e.path, originalError: e.originalError, extensions: e.extensions });
    Object.defineProperty(copy, 'locations', { value: e.locations, enumerable: e.locations !== undefined, writable: true });
    return copy;
  });
  return { ...result, errors };
}

/**
 * Compiled execution (graphql-jit) behind Apollo Server's gateway hook, the one place Apollo 5
 * lets an executor replace graphql-js's: Apollo still parses, validates (the armour's rules
 * included), runs every plugin and formats errors; only execution changes. A full-household read
 * spent 45% of its time in graphql-js's execution (issue 15). Queries outside `fields`, and any
 * query graphql-jit cannot compile, run on graphql-js's `execute`.
 */
export function compiledExecution(schema: GraphQLSchema, options: CompiledExecutionOptions): Gateway {
  const cacheSize = options.cacheSize ?? 500;
  const compiled = new Map<string, CompiledQuery | RenderablePlan | ExecutionResult>();
  const rendered = options.rendered;
  const trees = rendered ? treeSchema(schema, rendered) : null;
  const compiledFor = (key: string, build: () => CompiledQuery | RenderablePlan | ExecutionResult) => {
    let entry = compiled.get(key);
    if (!entry) {
      entry = build();
      compiled.set(key, entry);
      if (compiled.size > cacheSize) compiled.delete(compiled.keys().next().value!);
    }
    return entry;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    async load() {
      return {
        executor: async ({ document, operation, operationName, queryHash, request, context }) => {
          const run = { schema, document, contextValue: context, variableValues: request.variables, operationName };
          if (!compilable(operation, options.fields)) return execute(run);
          // Variables that do not coerce: graphql-js's errors name the variable, which Apollo answers 400 BAD_USER_INPUT.
          const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          if ('errors' in variables) return execute(run);
          const key = `${queryHash}:${operationName ?? ''}`;
          const query = compiledFor(key, () => (rendered && trees && renderablePlan(schema, trees, document, operation, rendered)) ?? compileQuery(schema, document, operationName ?? undefined));
          if ('tree' in query) return asGraphqlErrors(await renderedAnswer(query, `${key}:${JSON.stringify(request.variables ?? {})}`, context as HubContext, { raw: request.variables ?? {}, coerced: variables.coerced }));
          // graphql-jit declines some documents (its errors say why): graphql-js runs those.
          if (!isCompiledQuery(query)) return execute(run);
          return asGraphqlErrors(await query.query(undefined, context, request.variables ?? {}));
        },
      };
    },
    async stop() {},
  };
}
