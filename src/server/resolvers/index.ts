import type { Resolvers } from '../schema.js';
import { auditResolvers } from './audit.js';
import { batchResolvers } from './batch.js';
import { catalogResolvers } from './catalog.js';
import { changesResolvers } from './changes.js';
import type { ResolverDeps } from './deps.js';
import { entityResolvers } from './entities.js';
import { householdResolvers } from './household.js';
import { policyResolvers } from './policy.js';
import { scalarResolvers } from './scalars.js';
import { verificationResolvers } from './verification.js';

export type { ResolverDeps } from './deps.js';

/** The resolvers of every SDL file, merged; two areas defining the same field is a programming error. */
export function createResolvers(deps: ResolverDeps): Resolvers {
  const areas = [catalogResolvers(deps), verificationResolvers(deps), householdResolvers(deps), auditResolvers(deps), policyResolvers(deps), batchResolvers(deps), changesResolvers(deps)];
  const merged: { Query: Record<string, unknown>; Mutation: Record<string, unknown> } = { Query: {}, Mutation: {} };
  for (const area of areas) {
    for (const type of ['Query', 'Mutation'] as const) {
      for (const [field, resolve] of Object.entries((area as Partial<Record<typeof type, Record<string, unknown>>>)[type] ?? {})) {
        if (field in merged[type]) throw new Error(`resolvers: ${type}.${field} is defined twice`);
        merged[type][field] = resolve;
      }
    }
  }
  return { ...scalarResolvers(), ...entityResolvers(deps), ...merged } as Resolvers;
}
