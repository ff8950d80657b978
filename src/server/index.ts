// Offers: the hub's HTTP server (GraphQL, health, dashboard, printable reports, batch files), the merged SDL and the root fields it keeps out of any supergraph.
// Keeps: the resolvers and their guard, the request context, the selection reading and the HTTP routes.
export { startHubServer } from './app.js';
export type { HubServer } from './app.js';
export { typeDefs } from './schema.js';
export { OUT_OF_SUPERGRAPH } from './supergraph-visibility.js';
export { batchUploadRouter } from './batch-upload.js';
export { csvCell } from './http-routes.js';
