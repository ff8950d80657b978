// Offers: the resolver map of the schema, one area per SDL file, every Query and Mutation field behind the guard.
// Keeps: the areas, views and argument checks; no SQL (stores own their tables).
import type { GraphQLFieldResolver } from 'graphql';
import type { HubContext } from '../context.js';
import type { Resolvers } from '../schema.js';
import { auditResolvers } from './audit.js';
import { auditFindingResolvers } from './audit-findings.js';
import { batchResolvers } from './batch.js';
import { catalogResolvers } from './catalog.js';
import { changesResolvers } from './changes.js';
import type { ResolverDeps } from './deps.js';
import { entityResolvers } from './entities.js';
import { householdResolvers } from './household.js';
import { objectionResolvers } from './objections.js';
import { policyResolvers } from './policy.js';
import { scalarResolvers } from './scalars.js';
import { securityLogResolvers } from './security-log.js';
import { verificationResolvers } from './verification.js';
import { reportFieldResolvers } from './views/report.js';
import { webhookTargetResolvers } from './webhook-targets.js';

export type { ResolverDeps } from './deps.js';

type FieldResolvers = Record<string, GraphQLFieldResolver<unknown, HubContext>>;

interface AreaResolvers {
  Query?: FieldResolvers;
  Mutation?: FieldResolvers;
}

/**
 * `Type.field` of the report views' field resolvers: each reads its view and arguments only, so a
 * read's answer is rendered once per kept report version (renderable.ts).
 */
export function pureViewFields(catalog: ResolverDeps['catalog']): ReadonlySet<string> {
  return new Set(Object.entries(reportFieldResolvers(catalog)).flatMap(([type, fields]) => Object.keys(fields).map((field) => `${type}.${field}`)));
}

/** The resolvers of every SDL file, merged; two areas defining the same field is a programming error. */
export function createResolvers(deps: ResolverDeps): Resolvers {
  const areas: AreaResolvers[] = [catalogResolvers(deps), verificationResolvers(deps), householdResolvers(deps), auditResolvers(deps), policyResolvers(deps), batchResolvers(deps), changesResolvers(deps), webhookTargetResolvers(deps), objectionResolvers(deps), auditFindingResolvers(deps), securityLogResolvers(deps)];
  const merged = { Query: {} as FieldResolvers, Mutation: {} as FieldResolvers };
  for (const area of areas) {
    for (const type of ['Query', 'Mutation'] as const) {
      for (const [field, resolve] of Object.entries(area[type] ?? {})) {
        if (field in merged[type]) throw new Error(`resolvers: ${type}.${field} is defined twice`);
        merged[type][field] = resolve;
      }
    }
  }
  return { ...scalarResolvers(), ...entityResolvers(deps), ...reportFieldResolvers(deps.catalog), ...merged };
}
