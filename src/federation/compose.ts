import { composeServices } from '@apollo/composition';
import type { DocumentNode } from 'graphql';

/** One subgraph of a supergraph: its name (upper-cased into the supergraph's join__Graph enum), SDL and routing URL. */
export interface Subgraph {
  name: string;
  typeDefs: DocumentNode;
  url: string;
}

/** Composition failed: every error Apollo's composition reported, with its code. */
export class CompositionError extends Error {
  override name = 'CompositionError';
  constructor(readonly problems: readonly string[]) {
    super(`supergraph composition failed with ${problems.length} error(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * The supergraph SDL of `subgraphs`, composed by Apollo's Federation 2 composition (the library the
 * Apollo Router's and Hive Gateway's users compose with), or a CompositionError naming each error.
 * Hints (warnings that do not stop composition) are returned for the caller to show.
 */
export function composeSupergraph(subgraphs: readonly Subgraph[]): { supergraphSdl: string; hints: string[] } {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, typeDefs: s.typeDefs, url: s.url })));
  if (result.errors) throw new CompositionError(result.errors.map((e) => `${String(e.extensions.code ?? 'ERROR')}: ${e.message}`));
  return { supergraphSdl: result.supergraphSdl, hints: result.hints.map((h) => `${h.definition.code}: ${h.message}`) };
}
