// Offers: the hub as a subgraph and supergraph composition (Apollo Federation 2) with the composition errors named.
// Keeps: how composition results and hints are read.
export { composeSupergraph, CompositionError } from './compose.js';
export type { Subgraph } from './compose.js';
export { HUB_SUBGRAPH, hubSubgraph } from './hub-subgraph.js';
