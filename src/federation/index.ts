// Offers: the hub as a subgraph, supergraph composition (Apollo Federation 2) with the composition errors named, and Hive Gateway started as `npm run gateway` starts it (tests, bench:gateway).
// Keeps: how composition results and hints are read.
export { composeSupergraph, CompositionError } from './compose.js';
export type { Subgraph } from './compose.js';
export { HUB_SUBGRAPH, hubSubgraph } from './hub-subgraph.js';
export { freePort, startGatewayProcess } from './gateway-process.js';
export type { GatewayProcess } from './gateway-process.js';
