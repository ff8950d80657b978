export { startHubServer } from './app.js';
export type { HubServer, HubServerOptions } from './app.js';
export { typeDefs, printedTypeDefs, recordTypeName } from './schema.js';
