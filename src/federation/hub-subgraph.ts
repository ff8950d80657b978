import { catalog } from '../catalog/index.js';
import { typeDefs } from '../server/index.js';
import type { Subgraph } from './compose.js';

/** The hub's subgraph name in a supergraph: the gateway sends the bearer token to this one only (docs/FEDERATION.md). */
export const HUB_SUBGRAPH = 'verification-hub';

/** The hub as a subgraph: its SDL (schema/ plus what the catalogue generates) served at `url`. */
export function hubSubgraph(url: string): Subgraph {
  return { name: HUB_SUBGRAPH, typeDefs: typeDefs(catalog()), url };
}
