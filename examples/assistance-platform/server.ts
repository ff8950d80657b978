import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse } from 'graphql';
import { createStore, PlatformInputError, type Application, type OpenCaseInput, type PlatformCase, type PlatformData, type PlatformStore } from './store.js';

/** The platform's SDL: a Federation 2 subgraph that adds its fields to the hub's Household and Person. */
export const platformTypeDefs = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

/** A reference to an entity the hub resolves (the platform holds only its id). */
const household = (id: string) => ({ __typename: 'Household', id });
const person = (id: string | null) => (id === null ? null : { __typename: 'Person', id });

function platformResolvers(store: PlatformStore) {
  const caseView = (c: PlatformCase) => {
    const a = store.application(c.applicationId)!;
    return { ...c, application: applicationView(a), household: household(a.householdId), caseworker: store.caseworker(c.caseworkerId) };
  };
  const applicationView = (a: Application) => ({ ...a, household: household(a.householdId), applicant: person(a.applicantId) });
  return {
    Query: {
      case: (_: unknown, args: { id: string }) => {
        const c = store.case(args.id);
        return c ? caseView(c) : null;
      },
      cases: (_: unknown, args: { caseworkerId?: string | null }) => store.cases(args.caseworkerId).map(caseView),
      caseworkers: () => store.caseworkers(),
    },
    Mutation: {
      openCase: (_: unknown, args: { input: OpenCaseInput }) => {
        try {
          return caseView(store.openCase(args.input));
        } catch (err) {
          if (err instanceof PlatformInputError) throw new GraphQLError(err.message, { extensions: { code: 'BAD_USER_INPUT', field: err.field } });
          throw err;
        }
      },
    },
    Caseworker: { cases: (cw: { id: string }) => store.cases(cw.id).map(caseView) },
    Household: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      applications: (h: { id: string }) => store.applicationsOfHousehold(h.id).map(applicationView),
      cases: (h: { id: string }) => store.casesOfHousehold(h.id).map(caseView),
    },
    Person: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      applications: (p: { id: string }) => store.applicationsOfPerson(p.id).map(applicationView),
    },
  };
}

export interface PlatformServer {
  url: string;
  store: PlatformStore;
  stop(): Promise<void>;
}

/**
 * Starts the sample assistance platform's subgraph. It checks no token: a real platform
 * authenticates its own users; the gateway sends the hub's bearer token to the hub only.
 * `onRequest` sees each request's headers (what a test checks the gateway sent).
 */
export async function startPlatform(options: { host?: string; port?: number; data?: Partial<PlatformData>; onRequest?: (headers: IncomingHttpHeaders) => void } = {}): Promise<PlatformServer> {
  const store = createStore(options.data);
  // No inline traces: they feed Apollo Studio, which no gateway here reports to.
  const server = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs: platformTypeDefs, resolvers: platformResolvers(store) }]), plugins: [ApolloServerPluginInlineTraceDisabled()] });
  const onRequest = options.onRequest;
  const { url } = await startStandaloneServer(server, {
    listen: { host: options.host ?? '127.0.0.1', port: options.port ?? 0 },
    context: async ({ req }) => (onRequest?.(req.headers), {}),
  });
  return { url, store, stop: () => server.stop() };
}
