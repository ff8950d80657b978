import { GraphQLScalarType, Kind, valueFromASTUntyped, type GraphQLResolveInfo } from 'graphql';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { JSONWebKeySet } from 'jose';
import type { Knex } from 'knex';
import type { ConnectorSet } from '../../connectors/index.js';
import { appendAuditEvents, queryAuditEvents, verifyAuditChain } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import type { Attribute, Catalog, Source } from '../catalog/index.js';
import { canonicalJson } from '../canonical/index.js';
import { registerConsents, revokeConsents, type ConsentInput } from '../consent/index.js';
import { HubError } from '../errors/index.js';
import { batchFor, batchProgress, batchResults, cancelBatch, MAX_INLINE_HOUSEHOLDS, submitBatch, type Batch, type BatchHousehold, type ChunkEnqueuer } from '../batches/index.js';
import { listChanges } from '../changes/index.js';
import { listReviewSchedules, scheduleReview, type ReviewScheduler } from '../reviews/index.js';
import { DELIVERY_STATUSES, listDeliveries, listSubscriptions, subscribe, unsubscribe, type DeliveryStatus } from '../webhooks/index.js';
import { householdStatus, rankHouseholds, type HouseholdStatus, type RankingFilter } from '../households/index.js';
import { checkIdNumber, maskIdNumber } from '../identity/index.js';
import { isWithinJurisdiction, jurisdictionPrefix } from '../regions/index.js';
import { verifyReportJws } from '../signing/index.js';
import { requireJurisdiction, requireRole } from '../policy/index.js';
import { listPolicyVersions, resolvePolicy, savePolicy } from '../regional-policy/index.js';
import type { Assessment, Figure } from '../assessment/index.js';
import { reportHash, type ReportBody, type ReportMember } from '../reports/index.js';
import type { VerificationInput, VerificationService } from '../verification/index.js';
import type { HubContext } from './context.js';
import { enumValue } from './schema.js';
import { wantedFromSelection } from './selection.js';

export type Resolvers = GraphQLResolverMap<HubContext>;

export interface ResolverDeps {
  db: Knex;
  catalog: Catalog;
  connectors: ConnectorSet;
  verification: VerificationService;
  /** The public keys of every key reports were ever signed with (also served at /.well-known/jwks.json). */
  reportKeys: { jwks(): JSONWebKeySet };
  batches: { queue: ChunkEnqueuer & ReviewScheduler; chunkSize: number };
}

function sourceView(source: Source, deps: ResolverDeps) {
  return {
    id: source.id,
    family: enumValue(source.family),
    kind: source.kind,
    labelZh: source.zh,
    labelEn: source.en,
    protocol: source.protocol.toUpperCase(),
    maxBulk: source.maxBulk,
    attributeCount: deps.catalog.attributesOf(source.id).length,
    health: () => {
      const h = deps.connectors.get(source.id)?.health();
      return h ?? { circuit: 'CLOSED', calls: 0, failures: 0, lastLatencyMs: null, lastError: null };
    },
  };
}

function attributeView(a: Attribute, deps: ResolverDeps) {
  return {
    code: a.code,
    source: () => sourceView(deps.catalog.source(a.source)!, deps),
    labelZh: a.zh,
    labelEn: a.en,
    type: a.type,
    unit: a.unit,
    values: a.values ?? null,
    category: enumValue(a.category),
    sensitivity: a.sensitivity,
    purposes: a.purposes,
  };
}

const personView = (id: string, idNumber: string) => ({ id, idNumberMasked: maskIdNumber(idNumber) });

/**
 * A member as plain objects: the typed records are one object per source, resolved by graphql's
 * default resolvers (a resolver per attribute would cost milliseconds per household).
 */
function memberView(m: ReportMember, catalog: Catalog) {
  return {
    person: personView(m.personId, m.idNumber),
    idNumber: m.idNumber,
    name: m.name,
    relation: m.relation,
    birthDate: m.birthDate,
    sex: m.sex,
    declaredMonthlyIncome: m.declaredMonthlyIncome,
    records: () => {
      const out: Record<string, Record<string, unknown> | null> = {};
      for (const [sourceId, record] of Object.entries(m.records)) {
        if (!record.found) continue;
        const typed: Record<string, unknown> = { asOf: record.asOf };
        for (const [code, value] of Object.entries(record.values)) typed[code.slice(sourceId.length + 1)] = value;
        out[sourceId] = typed;
      }
      return out;
    },
    attributes: (args: { codes?: string[] | null; sources?: string[] | null }) => {
      for (const [i, code] of (args.codes ?? []).entries()) {
        if (!catalog.attribute(code)) throw new HubError('UNKNOWN_ATTRIBUTE', `codes[${i}]: no attribute ${JSON.stringify(code)} in the catalogue`, { field: `codes[${i}]` });
      }
      const codes = args.codes ? new Set(args.codes) : null;
      const sources = args.sources ? new Set(args.sources) : null;
      return Object.entries(m.records).flatMap(([sourceId, record]) => {
        if (!record.found || (sources && !sources.has(sourceId))) return [];
        return Object.entries(record.values)
          .filter(([code]) => !codes || codes.has(code))
          .map(([code, value]) => {
            const a = catalog.attribute(code);
            return { code, value, unit: a?.unit ?? null, source: sourceId, asOf: record.asOf, labelZh: a?.zh ?? code, labelEn: a?.en ?? code };
          });
      });
    },
  };
}

const kindFigures = <K extends string>(byKind: Partial<Record<K, Figure>>) => Object.entries(byKind).map(([kind, figure]) => ({ kind, figure }));

function assessmentView(a: Assessment, persons: Map<string, ReportMember>) {
  const person = (id: string) => {
    const m = persons.get(id);
    return m ? personView(m.personId, m.idNumber) : { id, idNumberMasked: '' };
  };
  return {
    ...a,
    members: a.members.map((m) => ({ ...m, person: person(m.personId), income: kindFigures(m.income), rigidExpenditure: kindFigures(m.rigidExpenditure) })),
    income: { ...a.income, byKind: kindFigures(a.income.byKind) },
    vetoes: a.vetoes.map((v) => ({ code: v.code, labelZh: v.zh, labelEn: v.en, figure: v.figure })),
    currentAssistance: a.currentAssistance.map((c) => ({ attribute: c.attribute, person: person(c.personId), value: c.value })),
  };
}

export function reportView(body: ReportBody, catalog: Catalog, signature: { jws: string; kid: string }) {
  const members = new Map([...body.members, ...body.supporters].map((m) => [m.personId, m]));
  return {
    id: body.id,
    status: body.status,
    createdAt: body.createdAt,
    completedAt: body.completedAt,
    requester: body.requester,
    purpose: body.purpose,
    applicationRef: body.applicationRef,
    household: { id: body.household.id, regionCode: body.household.regionCode, externalRef: body.household.externalRef },
    members: body.members.map((m) => memberView(m, catalog)),
    supporters: body.supporters.map((m) => memberView(m, catalog)),
    sources: body.sources,
    discrepancies: body.discrepancies.map((d) => {
      const member = d.personId ? members.get(d.personId) : undefined;
      return { ...d, person: member ? personView(member.personId, member.idNumber) : null };
    }),
    undeclaredItemsFound: body.discrepancies.length > 0,
    reportSha256: () => reportHash(body),
    catalogVersion: body.catalogVersion,
    assessment: () => (body.assessment ? assessmentView(body.assessment, members) : null),
    policy: body.policy,
    signature,
  };
}

const attributeScalar = new GraphQLScalarType({
  name: 'AttributeScalar',
  description: 'A string, number or boolean as the agency gave it.',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: (ast) => (ast.kind === Kind.STRING || ast.kind === Kind.BOOLEAN ? ast.value : ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? Number(ast.value) : null),
});

/** Policy documents travel as JSON values (objects), validated by the policy schema, not by GraphQL. */
const jsonScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

function instant(value: string | null | undefined, field: string): Date | null {
  if (!value) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new HubError('BAD_USER_INPUT', `${field}: not an ISO 8601 date-time`, { field });
  return d;
}

export function createResolvers(deps: ResolverDeps): Resolvers {
  const { db, catalog } = deps;

  async function batchView(batch: Batch) {
    const p = await batchProgress(db, batch);
    const c = p.counts;
    return {
      ...batch,
      counts: { queued: c.QUEUED ?? 0, running: c.RUNNING ?? 0, done: c.DONE ?? 0, refused: c.REFUSED ?? 0, failed: c.FAILED ?? 0, cancelled: c.CANCELLED ?? 0 },
      pendingSources: p.pendingSources,
      householdsPerSecond: p.householdsPerSecond,
      secondsLeft: p.secondsLeft,
    };
  }

  async function readableBatch(caller: Caller, id: string): Promise<Batch> {
    requireRole(caller, 'readReport');
    return batchFor(db, caller, id);
  }

  function statusView(s: HouseholdStatus) {
    return {
      ...s,
      household: { id: s.householdId, regionCode: s.regionCode, externalRef: s.externalRef },
      history: async () => {
        const rows: { id: string; created_at: Date; purpose: string; status: string; circle: string | null; hardship: string | null; flagged: boolean }[] = await db('reports')
          .where({ household_id: s.householdId })
          .orderBy('created_at', 'desc')
          .select(
            'id',
            'created_at',
            'status',
            db.raw("body->>'purpose' AS purpose"),
            db.raw("body->'assessment'->>'circle' AS circle"),
            db.raw("body->'assessment'->'hardship'->>'index' AS hardship"),
            db.raw("jsonb_array_length(body->'discrepancies') > 0 AS flagged"),
          );
        return rows.map((r) => ({ reportId: r.id, createdAt: r.created_at.toISOString(), purpose: r.purpose, status: r.status, circle: r.circle === null ? null : Number(r.circle), hardshipIndex: r.hardship === null ? null : Number(r.hardship), undeclaredItemsFound: r.flagged }));
      },
    };
  }

  /** Refusals outside the verification path are audited too: the attempt is the fact. */
  async function audited<T>(caller: Caller, action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof HubError) {
        await db.transaction((trx) =>
          appendAuditEvents(trx, [{ action, outcome: 'REFUSED', actor: caller, errorCode: String(err.extensions.code), details: { reason: err.message, field: err.extensions.field ?? null } }]),
        );
      }
      throw err;
    }
  }

  return {
    AttributeScalar: attributeScalar,
    JSON: jsonScalar,
    Query: {
      attributeCatalog: async (_: unknown, args: { sources?: string[] | null; purpose?: string | null; category?: string | null }, ctx: HubContext) => {
        const caller = await ctx.caller();
        await audited(caller, 'catalog.read', async () => requireRole(caller, 'readCatalog'));
        const sources = args.sources ? new Set(args.sources) : null;
        return catalog.attributes
          .filter((a) => (sources === null || sources.has(a.source)) && (!args.purpose || a.purposes.includes(args.purpose as Attribute['purposes'][number])) && (!args.category || enumValue(a.category) === args.category))
          .map((a) => attributeView(a, deps));
      },
      sources: async (_: unknown, _args: unknown, ctx: HubContext) => {
        const caller = await ctx.caller();
        await audited(caller, 'catalog.read', async () => requireRole(caller, 'readCatalog'));
        return catalog.sources.map((s) => sourceView(s, deps));
      },
      verificationReport: async (_: unknown, args: { id: string }, ctx: HubContext) => {
        const caller = await ctx.caller();
        const stored = await audited(caller, 'report.read', () => deps.verification.read(caller, args.id));
        return stored ? reportView(stored.body, catalog, { jws: stored.jws, kid: stored.kid }) : null;
      },
      auditEvents: async (_: unknown, args: { filter?: Record<string, string | null> | null; first: number; before?: string | null }, ctx: HubContext) => {
        const caller = await ctx.caller();
        return audited(caller, 'audit.read', async () => {
          requireRole(caller, 'readAudit');
          const f = args.filter ?? {};
          if (f.idNumber && !checkIdNumber(f.idNumber).ok) throw new HubError('INVALID_ID_NUMBER', 'filter.idNumber: not a valid resident ID number', { field: 'filter.idNumber' });
          if (args.first < 1 || args.first > 500) throw new HubError('BAD_USER_INPUT', 'first: must be 1 to 500', { field: 'first' });
          const before = args.before ? Number(args.before) : null;
          if (before !== null && !Number.isSafeInteger(before)) throw new HubError('BAD_USER_INPUT', 'before: must be an event sequence number', { field: 'before' });
          const filter = { ...f, since: instant(f.since, 'filter.since'), until: instant(f.until, 'filter.until') };
          const events = await queryAuditEvents(db, caller.org, filter, args.first, before);
          await db.transaction((trx) =>
            appendAuditEvents(trx, [{ action: 'audit.read', outcome: 'ALLOWED', actor: caller, details: { filter: { ...f, idNumber: f.idNumber ? maskIdNumber(f.idNumber) : null }, returned: events.length } }]),
          );
          return events.map((e) => ({ ...e, details: canonicalJson(e.details) }));
        });
      },
      verifyReport: async (_: unknown, args: { jws: string }, ctx: HubContext) => {
        requireRole(await ctx.caller(), 'readPolicy');
        const r = await verifyReportJws(args.jws, deps.reportKeys.jwks());
        if (!r.valid) return { valid: false, check: r.check, message: r.message };
        const id = (r.payload as { id?: unknown } | null)?.id;
        return { valid: true, kid: r.kid, reportId: typeof id === 'string' ? id : null, reportSha256: r.payloadSha256 };
      },
      batch: async (_: unknown, args: { id: string }, ctx: HubContext) => {
        const caller = await ctx.caller();
        return audited(caller, 'batch.read', async () => batchView(await readableBatch(caller, args.id)));
      },
      batchResults: async (_: unknown, args: { id: string; first: number; after: number }, ctx: HubContext) => {
        const caller = await ctx.caller();
        return audited(caller, 'batch.results', async () => {
          const batch = await readableBatch(caller, args.id);
          if (args.first < 1 || args.first > 1_000) throw new HubError('BAD_USER_INPUT', 'first: must be 1 to 1000', { field: 'first' });
          const items = await batchResults(db, batch.id, args.first, Math.max(0, args.after));
          await db.transaction((trx) => appendAuditEvents(trx, [{ action: 'batch.results', outcome: 'ALLOWED', actor: caller, details: { batch: batch.id, after: args.after, returned: items.length } }]));
          return { items, nextAfter: items.length === args.first ? items.at(-1)!.seq : null };
        });
      },
      reviewSchedules: async (_: unknown, args: { regionCode: string }, ctx: HubContext) => {
        const caller = await ctx.caller();
        requireRole(caller, 'readPolicy');
        requireJurisdiction(caller, args.regionCode, 'regionCode');
        return listReviewSchedules(db, args.regionCode);
      },
      changes: async (_: unknown, args: { regionCode: string; since: string; first: number; after?: string | null }, ctx: HubContext) => {
        const caller = await ctx.caller();
        return audited(caller, 'changes.read', async () => {
          requireRole(caller, 'readReport');
          requireJurisdiction(caller, args.regionCode, 'regionCode');
          const since = instant(args.since, 'since');
          if (!since) throw new HubError('BAD_USER_INPUT', 'since: required, ISO 8601', { field: 'since' });
          const page = await listChanges(db, jurisdictionPrefix(args.regionCode), since, args.first, args.after ?? null);
          await db.transaction((trx) => appendAuditEvents(trx, [{ action: 'changes.read', outcome: 'ALLOWED', actor: caller, regionCode: args.regionCode, details: { since: args.since, returned: page.events.length } }]));
          const households: { id: string; external_ref: string }[] = await db('households').whereIn('id', [...new Set(page.events.map((e) => e.householdId))]).select('id', 'external_ref');
          const persons: { id: string; id_number: string }[] = await db('persons').whereIn('id', page.events.flatMap((e) => (e.personId ? [e.personId] : []))).select('id', 'id_number');
          const refs = new Map(households.map((h) => [h.id, h.external_ref]));
          const numbers = new Map(persons.map((p) => [p.id, p.id_number]));
          return {
            ...page,
            events: page.events.map((e) => ({
              ...e,
              household: { id: e.householdId, regionCode: e.regionCode, externalRef: refs.get(e.householdId) ?? '' },
              person: e.personId && numbers.has(e.personId) ? personView(e.personId, numbers.get(e.personId)!) : null,
            })),
          };
        });
      },
      webhookSubscriptions: async (_: unknown, _args: unknown, ctx: HubContext) => {
        const caller = await ctx.caller();
        requireRole(caller, 'readReport');
        return listSubscriptions(db, caller.org);
      },
      webhookDeliveries: async (_: unknown, args: { status?: string | null; first: number }, ctx: HubContext) => {
        const caller = await ctx.caller();
        requireRole(caller, 'readReport');
        if (args.status && !(DELIVERY_STATUSES as readonly string[]).includes(args.status)) throw new HubError('BAD_USER_INPUT', `status: one of ${DELIVERY_STATUSES.join(', ')}`, { field: 'status' });
        return listDeliveries(db, caller.org, (args.status ?? null) as DeliveryStatus | null, { first: args.first });
      },
      household: async (_: unknown, args: { id: string }, ctx: HubContext) => {
        const caller = await ctx.caller();
        return audited(caller, 'household.read', async () => {
          requireRole(caller, 'readReport');
          if (!/^[0-9a-f-]{36}$/i.test(args.id)) throw new HubError('BAD_USER_INPUT', 'id: not a household id', { field: 'id' });
          const status = await householdStatus(db, args.id);
          if (!status) return null;
          requireJurisdiction(caller, status.regionCode, 'id');
          await db.transaction((trx) => appendAuditEvents(trx, [{ action: 'household.read', outcome: 'ALLOWED', actor: caller, regionCode: status.regionCode, reportId: status.reportId, details: { household: status.householdId } }]));
          return statusView(status);
        });
      },
      rankedHouseholds: async (_: unknown, args: { regionCode: string; filter?: RankingFilter | null; first: number; after?: string | null }, ctx: HubContext) => {
        const caller = await ctx.caller();
        return audited(caller, 'households.rank', async () => {
          requireRole(caller, 'readReport');
          requireJurisdiction(caller, args.regionCode, 'regionCode');
          const page = await rankHouseholds(db, args.regionCode, args.filter ?? {}, args.first, args.after ?? null);
          await db.transaction((trx) => appendAuditEvents(trx, [{ action: 'households.rank', outcome: 'ALLOWED', actor: caller, regionCode: args.regionCode, details: { filter: args.filter ?? {}, returned: page.items.length } }]));
          return { edges: page.items.map((i) => ({ rank: i.rank, cursor: i.cursor, status: statusView(i.status) })), hasNextPage: page.hasNextPage, endCursor: page.items.at(-1)?.cursor ?? null };
        });
      },
      policy: async (_: unknown, args: { regionCode: string; date: string }, ctx: HubContext) => {
        requireRole(await ctx.caller(), 'readPolicy');
        return resolvePolicy(db, args.regionCode, args.date);
      },
      policyVersions: async (_: unknown, args: { regionCode: string }, ctx: HubContext) => {
        requireRole(await ctx.caller(), 'readPolicy');
        return listPolicyVersions(db, args.regionCode);
      },
      auditChain: async (_: unknown, _args: unknown, ctx: HubContext) => {
        const caller = await ctx.caller();
        return audited(caller, 'audit.verify-chain', async () => {
          requireRole(caller, 'readAudit');
          return verifyAuditChain(db);
        });
      },
    },
    Mutation: {
      registerConsents: async (_: unknown, args: { consents: ConsentInput[] }, ctx: HubContext) => {
        const caller = await ctx.caller();
        const saved = await audited(caller, 'consent.register', async () => {
          requireRole(caller, 'registerConsents');
          return registerConsents(db, caller, args.consents);
        });
        return saved.map((c) => ({ ...c, member: maskIdNumber(c.idNumber), validFrom: c.validFrom.toISOString(), validUntil: c.validUntil.toISOString() }));
      },
      savePolicy: async (_: unknown, args: { regionCode: string; effectiveFrom: string; about?: string | null; parameters: unknown }, ctx: HubContext) => {
        const caller = await ctx.caller();
        return audited(caller, 'policy.save', async () => {
          requireRole(caller, 'managePolicy');
          requireJurisdiction(caller, args.regionCode, 'regionCode');
          return savePolicy(db, caller, args);
        });
      },
      submitBatch: async (_: unknown, args: { purpose: string; households: BatchHousehold[]; chunkSize?: number | null }, ctx: HubContext) => {
        const caller = await ctx.caller();
        return audited(caller, 'batch.submit', async () => {
          if (args.households.length > MAX_INLINE_HOUSEHOLDS) {
            throw new HubError('BAD_USER_INPUT', `households: at most ${MAX_INLINE_HOUSEHOLDS} inline; submit larger batches with the batch CLI`, { field: 'households' });
          }
          const id = await submitBatch(db, deps.batches.queue, caller, args.households, { purpose: args.purpose, chunkSize: args.chunkSize ?? deps.batches.chunkSize, limit: MAX_INLINE_HOUSEHOLDS });
          return batchView(await batchFor(db, caller, id));
        });
      },
      cancelBatch: async (_: unknown, args: { id: string }, ctx: HubContext) => {
        const caller = await ctx.caller();
        return audited(caller, 'batch.cancel', async () => {
          requireRole(caller, 'requestVerification');
          const batch = await batchFor(db, caller, args.id);
          const cancelled = await cancelBatch(db, batch.id);
          await db.transaction((trx) => appendAuditEvents(trx, [{ action: 'batch.cancel', outcome: 'ALLOWED', actor: caller, details: { batch: batch.id, householdsCancelled: cancelled } }]));
          return batchView((await batchFor(db, caller, batch.id)));
        });
      },
      scheduleReview: async (_: unknown, args: { regionCode: string; cron: string; purpose: string }, ctx: HubContext) => {
        const caller = await ctx.caller();
        return audited(caller, 'review.schedule', async () => {
          requireRole(caller, 'managePolicy');
          requireJurisdiction(caller, args.regionCode, 'regionCode');
          return scheduleReview(db, deps.batches.queue, caller, args);
        });
      },
      subscribeWebhook: async (_: unknown, args: { url: string; kinds?: string[] | null }, ctx: HubContext) => {
        const caller = await ctx.caller();
        return audited(caller, 'webhook.subscribe', async () => {
          requireRole(caller, 'readReport');
          return subscribe(db, caller, { url: args.url, kinds: args.kinds ?? null });
        });
      },
      unsubscribeWebhook: async (_: unknown, args: { id: string }, ctx: HubContext) => {
        const caller = await ctx.caller();
        return audited(caller, 'webhook.unsubscribe', async () => {
          requireRole(caller, 'readReport');
          return unsubscribe(db, caller, args.id);
        });
      },
      revokeConsents: async (_: unknown, args: { ids: string[] }, ctx: HubContext) => {
        const caller = await ctx.caller();
        return audited(caller, 'consent.revoke', async () => {
          requireRole(caller, 'registerConsents');
          return revokeConsents(db, caller, args.ids);
        });
      },
      requestVerification: async (_: unknown, args: { input: VerificationInput }, ctx: HubContext, info: GraphQLResolveInfo) => {
        const caller = await ctx.caller();
        const stored = await deps.verification.request(caller, args.input, wantedFromSelection(info, catalog));
        return reportView(stored.body, catalog, { jws: stored.jws, kid: stored.kid });
      },
    },
    Household: {
      __resolveReference: async (ref: { id: string }, ctx: HubContext) => {
        const caller = await ctx.caller();
        requireRole(caller, 'readReport');
        const row = await db('households').where({ id: ref.id }).first('id', 'region_code', 'external_ref');
        if (!row || !isWithinJurisdiction(caller.org, row.region_code)) return null;
        return { id: row.id, regionCode: row.region_code, externalRef: row.external_ref };
      },
    },
    Person: {
      // A person is visible to callers whose jurisdiction holds one of the person's households.
      __resolveReference: async (ref: { id: string }, ctx: HubContext) => {
        const caller = await ctx.caller();
        requireRole(caller, 'readReport');
        const row = await db('persons as p')
          .join('household_members as m', 'm.person_id', 'p.id')
          .join('households as h', 'h.id', 'm.household_id')
          .where('p.id', ref.id)
          .where('h.region_code', 'like', `${jurisdictionPrefix(caller.org)}%`)
          .first('p.id', 'p.id_number');
        return row ? personView(row.id, row.id_number) : null;
      },
    },
  };
}
