import { GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';

const attributeScalar = new GraphQLScalarType({
  name: 'AttributeScalar',
  description: 'A string, number or boolean as the agency gave it.',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: (ast) => (ast.kind === Kind.STRING || ast.kind === Kind.BOOLEAN ? ast.value : ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? Number(ast.value) : null),
});

/** Policy documents travel as JSON values (objects), validated by the policy schema, not by GraphQL. */
const jsonScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

export function scalarResolvers() {
  return { AttributeScalar: attributeScalar, JSON: jsonScalar };
}
