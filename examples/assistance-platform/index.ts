// Offers: the sample assistance-platform subgraph (its SDL, a server starter) and its in-memory store.
// Keeps: the resolvers; the platform's data never leaves this folder but through GraphQL.
export { platformTypeDefs, startPlatform } from './server.js';
export type { PlatformServer } from './server.js';
export { createStore, readPlatformData, SAMPLE_CASEWORKERS } from './store.js';
export type { Application, Caseworker, PlatformCase, PlatformData, PlatformStore } from './store.js';
