// Offers: the console's typed GraphQL operations, generated from the hub's schema (graphql-codegen), and the schema as SDL.
// Keeps: the codegen configuration. Apart from src/console-build because it loads the server's schema, which the build does not need.
export { generateOperationTypes, hubSchemaSdl, writeOperationTypes } from './operation-types.js';
export type { GeneratedFile } from './operation-types.js';
