import { getNamedType, isAbstractType, isCompositeType, isNonNullType, Kind, locatedError, type DocumentNode, type ExecutionResult, type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLNamedType, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { getArgumentValues } from 'graphql/execution/values.js';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import type { HubContext } from './context.js';
import { render, renderedFor } from './rendered-answers.js';

/** Which root fields may be rendered, and which field resolvers are pure functions of their parent and arguments. */
export interface Renderable {
  fields: ReadonlySet<string>;
  /** `Type.field` of resolvers that read nothing but their parent value and arguments (no caller, no database, no clock). */
  pure: ReadonlySet<string>;
}

/**
 * An operation of one root field whose answer depends on the value the field resolves to and on
 * the query alone: the root resolver (the guard, the read, its audit event) runs for every
 * request; the tree under it is built by `tree` (graphql-jit over `treeSchema`) and rendered once
 * per resolved value (rendered-answers.ts).
 */
export interface RenderablePlan {
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
  responseKey: string;
  info: Omit<GraphQLResolveInfo, 'variableValues'>;
  tree: CompiledQuery;
}

/** The schema with the rendered root fields answering their root value: graphql-jit builds a tree from a value already resolved. */
export function treeSchema(schema: GraphQLSchema, renderable: Renderable): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.QUERY_ROOT_FIELD]: (config, fieldName) => (renderable.fields.has(fieldName) ? { ...config, resolve: (root: unknown) => root } : config),
  });
}

type Fragments = Record<string, FragmentDefinitionNode>;

/** Whether every field the selection reaches under `type` is a plain property or a pure resolver. */
function readsOnlyItsValue(schema: GraphQLSchema, type: GraphQLNamedType, selectionSet: SelectionSetNode, fragments: Fragments, pure: ReadonlySet<string>): boolean {
  const types: readonly GraphQLObjectType[] = isAbstractType(type) ? schema.getPossibleTypes(type) : [type as GraphQLObjectType];
  return selectionSet.selections.every((s) => {
    if (s.kind === Kind.INLINE_FRAGMENT) {
      const on = s.typeCondition ? schema.getType(s.typeCondition.name.value) : type;
      return on !== undefined && readsOnlyItsValue(schema, on, s.selectionSet, fragments, pure);
    }
    if (s.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments[s.name.value];
      const on = fragment && schema.getType(fragment.typeCondition.name.value);
      return fragment !== undefined && on !== undefined && on !== null && readsOnlyItsValue(schema, on, fragment.selectionSet, fragments, pure);
    }
    if (s.name.value.startsWith('__')) return true;
    return types.every((t) => {
      const field = t.getFields()[s.name.value];
      if (!field) return true;
      if (field.resolve && !pure.has(`${t.name}.${field.name}`)) return false;
      const named = getNamedType(field.type);
      return !isCompositeType(named) || (s.selectionSet !== undefined && readsOnlyItsValue(schema, named, s.selectionSet, fragments, pure));
    });
  });
}

/**
 * The plan for an operation that can be rendered: a query of one nullable root field among
 * `renderable.fields`, without directives, whose selection reads only the resolved value. Null
 * for any other operation (it runs compiled as a whole, as before).
 */
export function renderablePlan(schema: GraphQLSchema, trees: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, renderable: Renderable): RenderablePlan | null {
  const [node, ...more] = operation.selectionSet.selections;
  if (operation.operation !== 'query' || more.length > 0 || node?.kind !== Kind.FIELD || node.directives?.length || !renderable.fields.has(node.name.value)) return null;
  const queryType = schema.getQueryType()!;
  const field = queryType.getFields()[node.name.value]!;
  if (isNonNullType(field.type) || !node.selectionSet) return null;
  const fragments: Fragments = Object.fromEntries(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])));
  if (!readsOnlyItsValue(schema, getNamedType(field.type), node.selectionSet, fragments, renderable.pure)) return null;
  const tree = compileQuery(trees, document, operation.name?.value);
  if (!isCompiledQuery(tree)) return null;
  const responseKey = node.alias?.value ?? node.name.value;
  const info = { fieldName: field.name, fieldNodes: [node], returnType: field.type, parentType: queryType, path: { prev: undefined, key: responseKey, typename: queryType.name }, schema, fragments, rootValue: undefined, operation };
  return { field, node, responseKey, info, tree };
}

/**
 * Runs a renderable operation: the root field resolved as graphql-js would (its error located at
 * the field, the field null), then the answer already rendered for that value and query, or the
 * tree built and, without errors, rendered for the next request. `context.served` names the
 * rendered answer, whose bytes the HTTP handler sends as they are.
 */
export async function renderedAnswer(plan: RenderablePlan, query: string, context: HubContext, variables: { raw: Record<string, unknown>; coerced: Record<string, unknown> }): Promise<ExecutionResult> {
  let value: unknown;
  try {
    const args = getArgumentValues(plan.field, plan.node, variables.coerced);
    value = await plan.field.resolve!(undefined, args, context, { ...plan.info, variableValues: variables.coerced });
  } catch (err) {
    return { data: { [plan.responseKey]: null }, errors: [locatedError(err, [plan.node], [plan.responseKey])] };
  }
  if (typeof value !== 'object' || value === null) return { data: { [plan.responseKey]: null } };
  const kept = renderedFor(value, query);
  if (kept) {
    context.served.answer = kept;
    return kept.result;
  }
  const result = await plan.tree.query(value, context, variables.raw);
  if (result.errors?.length) return result;
  const answer = render(value, query, result);
  context.served.answer = answer;
  return answer.result;
}
