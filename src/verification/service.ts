import { setMaxListeners } from 'node:events';
import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { ConnectorSet } from '../../connectors/index.js';
import { appendAuditEvents } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import { collectPending, createBroker, planSources, type SourceOutcome, type SourcePlan } from '../broker/index.js';
import type { Catalog } from '../catalog/index.js';
import { findConsents } from '../consent/index.js';
import { inTransaction } from '../db/index.js';
import { HubError } from '../errors/index.js';
import { assess, type Assessment } from '../assessment/index.js';
import { recordAssessment, saveHousehold, upsertPersons, type MemberFacts } from '../households/index.js';
import { policyFromVersions, resolvePolicy, type ResolvedPolicy } from '../regional-policy/index.js';
import { detectChanges, previousReport, recordChanges } from '../changes/index.js';
import { enqueueDeliveries } from '../webhooks/index.js';
import { canonicalJson } from '../canonical/index.js';
import { checkIdNumber, maskIdNumber } from '../identity/index.js';
import type { Logger } from '../logging/index.js';
import { requireJurisdiction, requireRole } from '../policy/index.js';
import { comparisonAttributes, findDiscrepancies, releasedAttributes, reportHash, type ReportBody, type ReportMember, type ReportSource } from '../reports/index.js';
import { isAdult, refusedForPurpose, validateVerification, type ValidVerification, type VerificationInput } from './input.js';
import { applyTicketAnswers, pendingOutcome, reportTickets, waitingTickets, type TicketAnswer } from './tickets.js';

// How long answers of one report's pending sources are gathered before being applied together.
const COALESCE_MS = 50;

export interface VerificationOptions {
  db: Knex;
  catalog: Catalog;
  catalogVersion: number;
  connectors: ConnectorSet;
  logger: Logger;
  /** How long a verification waits for its sources before reporting the slow ones as TIMEOUT. */
  requestDeadlineMs: number;
  /**
   * The same for a batch chunk, whose calls queue behind every worker's for the sources' shared
   * rate limits: a limit must slow a batch, not time it out. Default: requestDeadlineMs.
   */
  batchDeadlineMs?: number;
  /** How long a pending asynchronous source (a bank) is waited for before it is TIMEOUT. */
  pendingTimeoutMs: number;
  onUpstreamCall?: (sourceId: string, persons: number) => void;
  /** Signs each stored version of a report (JWS over its canonical JSON). */
  signer: ReportSigner;
  /**
   * Where batch reports' pending tickets go to be polled later (a delayed queue job). Without it,
   * or for single verifications, this process collects them itself.
   */
  pendingQueue?: PendingQueue;
  /** Where webhook deliveries of change events go once their transaction has committed. */
  webhooks?: { enqueue(deliveryIds: readonly string[]): Promise<void> };
  /** Share of a member's income beyond which a re-check reports INCOME_CHANGE. Default 0.2. */
  incomeChangeShare?: number;
}

/** The tickets a group of reports waits for (one batch chunk asked the banks together). */
export interface PendingPoll {
  /** Stable for the same tickets: the queue job id, so a lost job is re-added once. */
  key: string;
  tickets: { source: string; ticket: string }[];
  reportIds: string[];
  /** Epoch ms: tickets not answered by then are recorded TIMEOUT. */
  giveUpAt: number;
  /** Epoch ms of the first poll. */
  firstPollAt: number;
}

export interface PendingQueue {
  schedule(poll: PendingPoll): Promise<void>;
}

/** A report as stored: its body and the signature over the body's canonical JSON. */
export interface StoredReport {
  body: ReportBody;
  jws: string;
  kid: string;
}

/** A household of a batch: the batch and its line (sequence) number. */
export interface BatchItemKey {
  batchId: string;
  seq: number;
}

export interface BatchItemOutcome {
  key: BatchItemKey;
  /** ALREADY_DONE: an earlier run of the same item stored its report (a redelivered job). */
  outcome: 'DONE' | 'ALREADY_DONE' | 'REFUSED';
  reportId?: string | null;
  code?: string;
  message?: string;
}

/** A batch asks every attribute the purpose allows, and the comparison with the declaration. */
const BATCH_WANTED: WantedFields = { attributes: null, discrepancies: true, unknown: [] };

interface Prepared {
  caller: Caller;
  v: ValidVerification;
  codes: string[];
  consents: Map<string, string>;
  policy: ResolvedPolicy;
  now: Date;
  item: BatchItemKey | null;
}

/** What the service needs of the hub's report key ring. */
export interface ReportSigner {
  sign(body: unknown): Promise<{ jws: string; kid: string }>;
}

/** Which attributes the client's selection needs: null means every attribute the purpose allows. */
export interface WantedFields {
  attributes: Set<string> | null;
  discrepancies: boolean;
  /** Codes the selection names that the catalogue does not know: refused (and audited) as input. */
  unknown: string[];
}

export interface VerificationService {
  request(caller: Caller, input: VerificationInput, wanted: WantedFields): Promise<StoredReport>;
  read(caller: Caller, reportId: string): Promise<StoredReport | null>;
  /** Verifies the households of a batch chunk together (one DataLoader per source spans them). */
  verifyBatchItems(caller: Caller, purpose: string, items: { key: BatchItemKey; input: VerificationInput }[]): Promise<BatchItemOutcome[]>;
  /** Resolves when every pending source collection started so far has finished (tests). */
  settled(): Promise<void>;
  /** Stops collecting pending sources; their reports stay PENDING with their tickets stored. */
  close(): Promise<void>;
  /** Starts collecting the pending sources of stored PENDING reports (after a restart); returns how many reports. */
  resumePending(): Promise<number>;
  /** Polls a group's tickets once; returns those still pending (the queue job waits and asks again). */
  pollPending(poll: PendingPoll): Promise<PendingPoll['tickets']>;
  /** The keys of pending groups in PostgreSQL whose newest report is at least `olderThanMs` old, for the reconciler. */
  pendingPollKeys(olderThanMs: number): Promise<string[]>;
  /** The poll job of one pending group, rebuilt from its reports (null when none is pending any more). */
  pendingPoll(key: string): Promise<PendingPoll | null>;
}

function toSource(sourceId: string, attributes: string[], outcome: SourceOutcome, at: string, personIdOf: (idNumber: string) => string): ReportSource {
  return {
    source: sourceId,
    status: outcome.status,
    latencyMs: outcome.latencyMs,
    attributes,
    tickets: outcome.status === 'PENDING' ? reportTickets(outcome.tickets, personIdOf) : [],
    error: outcome.status === 'TIMEOUT' || outcome.status === 'UNAVAILABLE' ? outcome.error : null,
    answeredAt: outcome.status === 'PENDING' ? null : at,
  };
}

/** Answers to one source's tickets gathered by source id. */
function addAnswer(answers: Map<string, TicketAnswer[]>, sourceId: string, answer: TicketAnswer): void {
  answers.set(sourceId, [...(answers.get(sourceId) ?? []), answer]);
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function createVerificationService(options: VerificationOptions): VerificationService {
  const { db, catalog, logger } = options;

  /**
   * The changes since the household's previous complete report, recorded with this one; returns
   * the webhook deliveries to send once the transaction has committed.
   */
  async function recordChangesOf(trx: Knex.Transaction, body: ReportBody): Promise<string[]> {
    const previous = await previousReport(trx, body.household.id, new Date(body.createdAt), body.id);
    if (!previous) return [];
    const changes = detectChanges(previous, body, catalog, { incomeChangeShare: options.incomeChangeShare ?? 0.2 });
    const events = await recordChanges(trx, { householdId: body.household.id, regionCode: body.household.regionCode, reportId: body.id, previousReportId: previous.id, changes });
    return enqueueDeliveries(trx, events);
  }

  async function sendDeliveries(ids: string[]): Promise<void> {
    if (ids.length === 0 || !options.webhooks) return;
    // If this fails the deliveries stay PENDING in PostgreSQL and the reconciler sends them.
    await options.webhooks.enqueue(ids).catch((err: unknown) => logger.warn({ err, deliveries: ids.length }, 'webhook deliveries left for the reconciler'));
  }

  /** The means test over the report's verified records (never the declaration). */
  function assessReport(members: ReportMember[], supporters: ReportMember[], policy: ResolvedPolicy): Assessment {
    const person = (m: ReportMember) => ({ personId: m.personId, relation: m.relation, birthDate: m.birthDate, sex: m.sex, records: m.records });
    return assess({ policy, catalog, assessedOn: policy.date, members: members.map(person), supporters: supporters.map(person) });
  }
  const collecting = new Set<Promise<void>>();
  const closing = new AbortController();
  // Every pending collection listens on this one signal: dozens at once is expected, not a leak.
  setMaxListeners(0, closing.signal);
  const compared = new Set(comparisonAttributes(catalog));

  /** A refused request is recorded and audited like an allowed one: the attempt is the fact. */
  async function refuse(caller: Caller, input: VerificationInput, err: HubError, item: BatchItemKey | null): Promise<void> {
    const idNumbers = (input.household?.members ?? []).map((m) => checkIdNumber(String(m.idNumber))).flatMap((c) => (c.ok ? [c.value] : []));
    await inTransaction(db, async (trx) => {
      const [request] = await trx('verification_requests')
        .insert({
          purpose: String(input.purpose).slice(0, 64),
          application_ref: String(input.applicationRef).slice(0, 64),
          requester_sub: caller.sub,
          requester_org: caller.org,
          requester_roles: caller.roles,
          status: 'REFUSED',
          error_code: String(err.extensions.code),
          batch_id: item?.batchId ?? null,
          batch_seq: item?.seq ?? null,
        })
        .onConflict(['batch_id', 'batch_seq'])
        .ignore()
        .returning('id');
      // A batch item refused before (a redelivered job) is not recorded twice.
      if (!request) return;
      if (item) {
        await trx('batch_items').where({ batch_id: item.batchId, seq: item.seq }).update({ status: 'REFUSED', error_code: String(err.extensions.code), error_message: err.message, finished_at: trx.fn.now() });
      }
      const personIds = await upsertPersons(trx, idNumbers.map((p) => ({ ...p, name: input.household.members.find((m) => m.idNumber === p.idNumber)?.name.trim() || '?' })));
      await appendAuditEvents(trx, [
        {
          action: 'verification.request',
          outcome: 'REFUSED',
          actor: caller,
          purpose: String(input.purpose).slice(0, 64),
          applicationRef: String(input.applicationRef).slice(0, 64),
          regionCode: /^\d{6}$/.test(input.household.regionCode) ? input.household.regionCode : null,
          requestId: request.id,
          subjectIds: [...personIds.values()],
          errorCode: String(err.extensions.code),
          details: {
            reason: err.message,
            field: err.extensions.field ?? null,
            regionCode: input.household.regionCode,
            members: (input.household?.members ?? []).map((m) => maskIdNumber(String(m.idNumber))),
            ...(item ? { batch: item.batchId, seq: item.seq } : {}),
          },
        },
      ]);
    });
  }

  function wantedCodes(v: ValidVerification, wanted: WantedFields): string[] {
    if (wanted.unknown.length > 0) {
      throw new HubError('UNKNOWN_ATTRIBUTE', `members.attributes(codes:): no attribute ${wanted.unknown.map((c) => JSON.stringify(c)).join(', ')} in the catalogue`, { field: 'members.attributes.codes' });
    }
    const asked = v.explicitAttributes ?? (wanted.attributes ? [...wanted.attributes] : null);
    if (asked !== null) {
      const refused = refusedForPurpose(catalog, asked, v.purpose);
      const field = v.explicitAttributes !== null ? 'input.attributes' : 'input.purpose';
      if (refused.length > 0) throw new HubError('FORBIDDEN', `purpose ${v.purpose} does not allow ${refused.join(', ')}`, { field, attributes: refused });
    }
    const codes = new Set(asked ?? catalog.attributes.filter((a) => a.purposes.includes(v.purpose)).map((a) => a.code));
    // The comparison with the declaration reads only what the purpose allows, and explicit
    // attribute lists are exact: they are not widened for it.
    if (wanted.discrepancies && v.explicitAttributes === null) for (const c of compared) if (catalog.attribute(c)?.purposes.includes(v.purpose)) codes.add(c);
    return [...codes];
  }

  async function checkConsents(v: ValidVerification, at: Date): Promise<Map<string, string>> {
    // Supporters' data is looked up too, so they consent like members.
    const adults = [...v.members, ...v.supporters].filter((m) => isAdult(m.birthDate, at));
    const consents = await findConsents(db, adults.map((m) => m.idNumber), v.purpose, at);
    const missing = adults.filter((m) => !consents.has(m.idNumber));
    if (missing.length > 0) {
      const masked = missing.map((m) => maskIdNumber(m.idNumber));
      throw new HubError('CONSENT_MISSING', `no valid consent for purpose ${v.purpose} from member(s) ${masked.join(', ')}`, { members: masked, field: 'input.household.members' });
    }
    return consents;
  }

  /**
   * Applies answers to pending sources' tickets to the stored report in one transaction, with one
   * audit event. A source asked in several calls stays PENDING until its last ticket answers.
   */
  async function completeSources(reportId: string, answers: ReadonlyMap<string, readonly TicketAnswer[]>, caller: Caller): Promise<void> {
    let deliveries: string[] = [];
    await inTransaction(db, async (trx) => {
      // FOR NO KEY UPDATE: an audit insert referencing this report (a concurrent read) takes KEY
      // SHARE on the row, which FOR UPDATE would block while this transaction waits for the chain lock.
      const row = await trx('reports').where({ id: reportId }).forNoKeyUpdate().first('body');
      const body = row.body as ReportBody;
      const at = new Date().toISOString();
      const released: string[] = [];
      const statuses = new Map<string, string>();
      for (const [sourceId, ticketAnswers] of answers) {
        // Another process may have applied these answers already (a resumed collection): once only.
        const applied = applyTicketAnswers(body, sourceId, ticketAnswers, at);
        if (!applied) continue;
        statuses.set(sourceId, applied.status);
        const settled = body.sources.find((x) => x.source === sourceId)!;
        if (applied.found) released.push(...settled.attributes);
        if (applied.status === 'PENDING') continue;
        await trx('source_results')
          .where({ request_id: body.requestId, source_id: sourceId })
          .update({ status: applied.status, latency_ms: Math.round(settled.latencyMs), answered_at: at, error: settled.error });
      }
      if (statuses.size === 0) return;
      const failed = [...statuses.values()].some((status) => status === 'TIMEOUT' || status === 'UNAVAILABLE');
      const stillPending = body.sources.some((x) => x.status === 'PENDING');
      body.status = stillPending ? 'PENDING' : 'COMPLETE';
      body.completedAt = stillPending ? null : at;
      body.discrepancies = findDiscrepancies(catalog, body.members, body.household.declaredAssets);
      if (!stillPending) {
        // Assessed under the policy recorded when the verification was asked for.
        const assessment = assessReport(body.members, body.supporters, await policyFromVersions(trx, body.policy));
        body.assessment = assessment;
        // Dated by when it was asked for: a slow bank cannot make an older report the current status.
        await recordAssessment(trx, body.household.id, reportId, body.household.regionCode, body.createdAt, assessment);
        deliveries = await recordChangesOf(trx, body);
      }
      const hash = reportHash(body);
      const signed = await options.signer.sign(body);
      await trx('reports').where({ id: reportId }).update({ body, body_sha256: hash, jws: signed.jws, signing_kid: signed.kid, status: body.status, completed_at: body.completedAt });
      if (!stillPending) await trx('verification_requests').where({ id: body.requestId }).update({ status: 'COMPLETED', completed_at: at });
      await appendAuditEvents(trx, [
        {
          action: 'verification.sources-answered',
          outcome: failed ? 'FAILED' : 'ALLOWED',
          actor: caller,
          purpose: body.purpose,
          applicationRef: body.applicationRef,
          regionCode: body.household.regionCode,
          requestId: body.requestId,
          reportId,
          consentIds: Object.values(body.consents),
          subjectIds: [...body.members, ...body.supporters].map((m) => m.personId),
          attributeCodes: [...new Set(released)],
          reportSha256: hash,
          details: { sources: Object.fromEntries(statuses), complete: !stillPending },
        },
      ]);
    });
    await sendDeliveries(deliveries);
  }

  /**
   * Collects the pending sources of reports and applies the answers. Each ticket is polled once
   * however many reports share it (a batch chunk asks a bank for many households in one call);
   * answers reaching one report within a short window are applied in one transaction, which keeps
   * 31 bank answers from rewriting the report 31 times.
   */
  function collectLater(bodies: ReportBody[], caller: Caller, outcomes: Map<string, SourceOutcome>): void {
    const pendingAnswers = new Map<string, Map<string, TicketAnswer[]>>();
    const flushes = new Map<string, Promise<void>>();
    const deliver = (body: ReportBody, sourceId: string, answer: TicketAnswer): Promise<void> => {
      const answers = pendingAnswers.get(body.id) ?? new Map<string, TicketAnswer[]>();
      pendingAnswers.set(body.id, answers);
      addAnswer(answers, sourceId, answer);
      let flush = flushes.get(body.id);
      if (!flush) {
        flush = new Promise<void>((resolve) => setTimeout(resolve, COALESCE_MS)).then(() => {
          flushes.delete(body.id);
          const batch = pendingAnswers.get(body.id)!;
          pendingAnswers.delete(body.id);
          return completeSources(body.id, batch, caller);
        });
        flushes.set(body.id, flush);
      }
      return flush;
    };
    if (bodies.length === 0) return;
    const createdAt = Math.min(...bodies.map((b) => Date.parse(b.createdAt)));
    for (const [sourceId, outcome] of outcomes) {
      const connector = options.connectors.get(sourceId);
      if (outcome.status !== 'PENDING' || !connector) continue;
      for (const { ticket } of outcome.tickets) {
        const waiting = bodies.filter((b) => b.sources.some((s) => s.source === sourceId && waitingTickets(b, s).some((t) => t.ticket === ticket)));
        if (waiting.length === 0) continue;
        const job = collectPending(connector, ticket, { readyAt: outcome.readyAt, giveUpAt: createdAt + options.pendingTimeoutMs, firstWaitMs: 200, signal: closing.signal })
          .then((answer) => Promise.all(waiting.map((body) => deliver(body, sourceId, { ticket, outcome: answer }))).then(() => undefined))
          .catch((err: unknown) => {
            if (closing.signal.aborted) logger.info({ reports: waiting.length, source: sourceId }, 'shutting down: source left pending');
            else logger.error({ err, source: sourceId }, 'could not complete a pending source');
          })
          .finally(() => collecting.delete(job));
        collecting.add(job);
      }
    }
  }

  /**
   * Every check before anything is fetched: role, input, jurisdiction, purpose, consents, policy.
   * A refusal is recorded and audited (for a batch item, once: the item key is unique).
   */
  async function prepare(caller: Caller, input: VerificationInput, wanted: WantedFields, now: Date, item: BatchItemKey | null): Promise<Prepared> {
    try {
      requireRole(caller, 'requestVerification');
      const v = validateVerification(input, catalog, now);
      requireJurisdiction(caller, v.regionCode, 'input.household.regionCode');
      const codes = wantedCodes(v, wanted);
      const consents = await checkConsents(v, now);
      const policy = await resolvePolicy(db, v.regionCode, isoDay(now));
      return { caller, v, codes, consents, policy, now, item };
    } catch (err) {
      if (err instanceof HubError) await refuse(caller, input, err, item);
      throw err;
    }
  }

  /** One source's outcome narrowed to one household's persons (a batch chunk asks for many at once). */
  function outcomeFor(outcome: SourceOutcome, idNumbers: readonly string[]): SourceOutcome {
    if (outcome.status === 'PENDING') {
      const mine = new Set(idNumbers);
      const tickets = outcome.tickets.map((t) => ({ ticket: t.ticket, idNumbers: t.idNumbers.filter((id) => mine.has(id)) })).filter((t) => t.idNumbers.length > 0);
      return { ...outcome, tickets };
    }
    if (outcome.status !== 'OK' && outcome.status !== 'NOT_FOUND') return outcome;
    const records = new Map(idNumbers.map((id) => [id, outcome.records.get(id) ?? { found: false as const }]));
    return { status: [...records.values()].some((r) => r.found) ? 'OK' : 'NOT_FOUND', latencyMs: outcome.latencyMs, records };
  }

  /** Stores one household's report, source results and audit event in one transaction. */
  async function store(p: Prepared, requestId: string, plans: SourcePlan[], fetched: Map<string, SourceOutcome>, pollKey: string | null): Promise<StoredReport | null> {
    const { caller, v, consents, policy, now } = p;
    const idNumbers = [...v.members, ...v.supporters].map((m) => m.idNumber);
    const outcomes = new Map(plans.map((pl) => [pl.source.id, outcomeFor(fetched.get(pl.source.id)!, idNumbers)]));
    const answeredAt = new Date().toISOString();
    const pending = [...outcomes.values()].some((o) => o.status === 'PENDING');

    let deliveries: string[] = [];
    const stored = await inTransaction(db, async (trx): Promise<StoredReport | null> => {
      // A batch item is verified once: a second run (a redelivered job) finds its key taken and stops.
      const claimed = await trx('verification_requests')
        .insert({
          id: requestId,
          purpose: v.purpose,
          application_ref: v.applicationRef,
          requester_sub: caller.sub,
          requester_org: caller.org,
          requester_roles: caller.roles,
          status: pending ? 'PENDING' : 'COMPLETED',
          declared: { members: v.members.map((m) => ({ idNumber: m.idNumber, declaredMonthlyIncome: m.declaredMonthlyIncome })), assets: v.declaredAssets },
          completed_at: pending ? null : answeredAt,
          batch_id: p.item?.batchId ?? null,
          batch_seq: p.item?.seq ?? null,
        })
        .onConflict(['batch_id', 'batch_seq'])
        .ignore()
        .returning('id');
      if (claimed.length === 0) return null;
      const { householdId, personIds: memberIds } = await saveHousehold(trx, { regionCode: v.regionCode, externalRef: v.externalRef, members: v.members });
      await trx('verification_requests').where({ id: requestId }).update({ household_id: householdId });
      const personIds = new Map([...memberIds, ...(await upsertPersons(trx, v.supporters))]);
      const sources = plans.map((pl) => toSource(pl.source.id, pl.attributes, outcomes.get(pl.source.id)!, answeredAt, (id) => personIds.get(id)!));
      const reportPerson = (m: MemberFacts, declaredMonthlyIncome: number | null): ReportMember => {
        const records: ReportMember['records'] = {};
        for (const pl of plans) {
          const o = outcomes.get(pl.source.id)!;
          if (o.status === 'OK' || o.status === 'NOT_FOUND') records[pl.source.id] = o.records.get(m.idNumber) ?? { found: false };
        }
        return { personId: personIds.get(m.idNumber)!, idNumber: m.idNumber, name: m.name, relation: m.relation, birthDate: m.birthDate, sex: m.sex, declaredMonthlyIncome, records };
      };
      const members = v.members.map((m) => reportPerson(m, m.declaredMonthlyIncome));
      const supporters = v.supporters.map((s) => reportPerson(s, null));
      const report: ReportBody = {
        version: 1,
        id: randomUUID(),
        requestId,
        createdAt: now.toISOString(),
        completedAt: pending ? null : answeredAt,
        status: pending ? 'PENDING' : 'COMPLETE',
        requester: { sub: caller.sub, org: caller.org, roles: [...caller.roles] },
        purpose: v.purpose,
        applicationRef: v.applicationRef,
        catalogVersion: options.catalogVersion,
        household: { id: householdId, regionCode: v.regionCode, externalRef: v.externalRef, declaredAssets: v.declaredAssets },
        members,
        supporters,
        consents: Object.fromEntries([...consents].map(([idNumber, consentId]) => [personIds.get(idNumber)!, consentId])),
        sources,
        discrepancies: findDiscrepancies(catalog, members, v.declaredAssets),
        policy: { regionCode: policy.regionCode, date: policy.date, versions: policy.versions },
        assessment: pending ? null : assessReport(members, supporters, policy),
      };
      const hash = reportHash(report);
      const signed = await options.signer.sign(report);
      await trx('reports').insert({ id: report.id, request_id: requestId, household_id: householdId, body: report, body_sha256: hash, jws: signed.jws, signing_kid: signed.kid, status: report.status, completed_at: report.completedAt, pending_poll: pending ? pollKey : null });
      if (report.assessment) {
        await recordAssessment(trx, householdId, report.id, v.regionCode, report.createdAt, report.assessment);
        deliveries = await recordChangesOf(trx, report);
      }
      if (sources.length > 0) await trx('source_results').insert(
        sources.map((s) => ({
          request_id: requestId,
          source_id: s.source,
          status: s.status,
          latency_ms: Math.round(s.latencyMs),
          persons: idNumbers.length,
          tickets: s.tickets.map((t) => t.ticket),
          error: s.error,
          answered_at: s.answeredAt,
        })),
      );
      if (p.item) {
        await trx('batch_items').where({ batch_id: p.item.batchId, seq: p.item.seq }).update({ status: 'DONE', report_id: report.id, finished_at: trx.fn.now() });
      }
      await appendAuditEvents(trx, [
        {
          action: 'verification.request',
          outcome: 'ALLOWED',
          actor: caller,
          purpose: v.purpose,
          applicationRef: v.applicationRef,
          regionCode: v.regionCode,
          requestId,
          reportId: report.id,
          consentIds: [...consents.values()],
          subjectIds: [...members, ...supporters].map((m) => m.personId),
          attributeCodes: releasedAttributes(report),
          reportSha256: hash,
          details: { regionCode: v.regionCode, sources: Object.fromEntries(sources.map((s) => [s.source, s.status])), ...(p.item ? { batch: p.item.batchId, seq: p.item.seq } : {}) },
        },
      ]);
      return { body: report, jws: signed.jws, kid: signed.kid };
    });
    await sendDeliveries(deliveries);
    return stored;
  }

  /**
   * Verifies prepared households together: one broker (one DataLoader per source) spans them all,
   * so a group of H households costs ceil(persons / bulk limit) calls per source. All share the
   * plan of the first (a batch asks the same of every household).
   */
  async function verifyPrepared(group: Prepared[]): Promise<(StoredReport | null)[]> {
    if (group.length === 0) return [];
    const plans = planSources(catalog, group[0]!.codes);
    const requestIds = group.map(() => randomUUID());
    const deadlineMs = group[0]!.item ? (options.batchDeadlineMs ?? options.requestDeadlineMs) : options.requestDeadlineMs;
    const broker = createBroker(options.connectors, plans, { deadline: Date.now() + deadlineMs, requestId: requestIds[0]!, onUpstreamCall: options.onUpstreamCall });
    const fetched = await broker.fetch(group.flatMap((p) => [...p.v.members, ...p.v.supporters].map((m) => m.idNumber)));
    const queued = options.pendingQueue !== undefined && group[0]!.item !== null;
    const pollKey = queued ? pollKeyOf(fetched) : null;
    const stored: (StoredReport | null)[] = [];
    for (const [i, p] of group.entries()) stored.push(await store(p, requestIds[i]!, plans, fetched, pollKey));
    const pending = stored.filter((s): s is StoredReport => s !== null && s.body.status === 'PENDING').map((s) => s.body);
    if (queued && pollKey && pending.length > 0) await options.pendingQueue!.schedule(pollFor(pending, pollKey, firstPollAt(fetched)));
    else collectLater(pending, group[0]!.caller, fetched);
    return stored;
  }

  /** When the agencies said the group's tickets would be ready; soon, if they did not say. */
  function firstPollAt(fetched: Map<string, SourceOutcome>): number {
    const ready = [...fetched.values()].flatMap((o) => (o.status === 'PENDING' && o.readyAt ? [o.readyAt.getTime()] : []));
    return Math.max(Date.now() + 200, ...ready);
  }

  /** Names the tickets one group asked for: the poll job's id, the same however often it is rebuilt. */
  function pollKeyOf(fetched: Map<string, SourceOutcome>): string | null {
    const tickets = [...fetched].flatMap(([source, o]) => (o.status === 'PENDING' ? o.tickets.map((t) => `${source}/${t.ticket}`) : [])).sort();
    return tickets.length > 0 ? createHash('sha256').update(canonicalJson(tickets)).digest('hex').slice(0, 32) : null;
  }

  /** The poll job for reports of one group: every ticket some of them still wait for. */
  function pollFor(bodies: ReportBody[], key: string, firstPollAt = Date.now()): PendingPoll {
    const tickets = new Map<string, { source: string; ticket: string }>();
    for (const b of bodies) for (const s of b.sources) for (const t of waitingTickets(b, s)) tickets.set(`${s.source}/${t.ticket}`, { source: s.source, ticket: t.ticket });
    const sorted = [...tickets].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, t]) => t);
    const createdAt = Math.min(...bodies.map((b) => Date.parse(b.createdAt)));
    return {
      key,
      tickets: sorted,
      reportIds: bodies.map((b) => b.id),
      giveUpAt: createdAt + options.pendingTimeoutMs,
      firstPollAt,
    };
  }

  /**
   * Polls each ticket of a pending group once and applies every answer to every report of the
   * group in one transaction per report; returns the tickets still pending. Past `giveUpAt` the
   * remaining tickets are recorded TIMEOUT.
   */
  async function pollPending(poll: PendingPoll): Promise<PendingPoll['tickets']> {
    const answers = new Map<string, TicketAnswer[]>();
    const answer = (source: string, ticket: TicketAnswer) => addAnswer(answers, source, ticket);
    const remaining: PendingPoll['tickets'] = [];
    await Promise.all(
      poll.tickets.map(async (t) => {
        const connector = options.connectors.get(t.source);
        try {
          const result = connector ? await connector.poll(t.ticket, { deadline: Date.now() + options.requestDeadlineMs }) : null;
          if (result?.kind === 'DONE') {
            answer(t.source, { ticket: t.ticket, outcome: { status: 'OK', latencyMs: result.latencyMs, records: result.records } });
            return;
          }
        } catch (err) {
          logger.warn({ err, source: t.source }, 'polling a pending ticket failed; will try again');
        }
        remaining.push(t);
      }),
    );
    const late = Date.now() >= poll.giveUpAt;
    if (late) {
      const waited = Date.now() - (poll.giveUpAt - options.pendingTimeoutMs);
      for (const t of remaining) answer(t.source, { ticket: t.ticket, outcome: { status: 'TIMEOUT', latencyMs: waited, error: 'no answer before the pending-answer deadline' } });
    }
    if (answers.size > 0) {
      const rows: { body: ReportBody }[] = await db('reports').whereIn('id', poll.reportIds).select('body');
      for (const { body } of rows) {
        // Only the answers to tickets this report still waits for.
        const mine = new Map(
          body.sources.flatMap((s) => {
            const waiting = new Set(waitingTickets(body, s).map((t) => t.ticket));
            const relevant = (answers.get(s.source) ?? []).filter((a) => waiting.has(a.ticket));
            return relevant.length > 0 ? [[s.source, relevant] as const] : [];
          }),
        );
        const requester: Caller = { sub: body.requester.sub, org: body.requester.org, roles: body.requester.roles as Caller['roles'], issuer: 'batch', tokenId: null };
        if (mine.size > 0) await completeSources(body.id, mine, requester);
      }
    }
    return late ? [] : remaining;
  }

  /** Every group of stored PENDING batch reports, as poll jobs (the reconciler re-adds lost ones). */
  // Keys first, bodies only for a group whose job is missing: a large batch can have thousands of
  // reports waiting for banks, and the reconciler runs every few seconds in every worker.
  async function pendingPollKeys(olderThanMs: number): Promise<string[]> {
    const rows: { pending_poll: string }[] = await db('reports')
      .where('status', 'PENDING')
      .whereNotNull('pending_poll')
      .groupBy('pending_poll')
      .havingRaw(`max(created_at) <= now() - make_interval(secs => ?)`, [olderThanMs / 1000])
      .select('pending_poll');
    return rows.map((r) => r.pending_poll);
  }

  async function pendingPoll(key: string): Promise<PendingPoll | null> {
    const rows: { body: ReportBody }[] = await db('reports').where({ status: 'PENDING', pending_poll: key }).select('body');
    return rows.length > 0 ? pollFor(rows.map((r) => r.body), key) : null;
  }

  async function request(caller: Caller, input: VerificationInput, wanted: WantedFields): Promise<StoredReport> {
    const prepared = await prepare(caller, input, wanted, new Date(), null);
    const [stored] = await verifyPrepared([prepared]);
    return stored!;
  }

  async function verifyBatchItems(caller: Caller, purpose: string, items: { key: BatchItemKey; input: VerificationInput }[]): Promise<BatchItemOutcome[]> {
    const now = new Date();
    const results: BatchItemOutcome[] = [];
    const prepared: Prepared[] = [];
    for (const { key, input } of items) {
      try {
        prepared.push(await prepare(caller, { ...input, purpose }, BATCH_WANTED, now, key));
      } catch (err) {
        if (!(err instanceof HubError)) throw err;
        results.push({ key, outcome: 'REFUSED', code: String(err.extensions.code), message: err.message });
      }
    }
    const stored = await verifyPrepared(prepared);
    for (const [i, p] of prepared.entries()) results.push({ key: p.item!, outcome: stored[i] ? 'DONE' : 'ALREADY_DONE', reportId: stored[i]?.body.id ?? null });
    return results;
  }

  async function read(caller: Caller, reportId: string): Promise<StoredReport | null> {
    requireRole(caller, 'readReport');
    if (!/^[0-9a-f-]{36}$/i.test(reportId)) throw new HubError('BAD_USER_INPUT', 'id: not a report id', { field: 'id' });
    const row: { body: ReportBody; jws: string; signing_kid: string } | undefined = await db('reports').where({ id: reportId }).first('body', 'jws', 'signing_kid');
    if (!row) return null;
    const body = row.body;
    requireJurisdiction(caller, body.household.regionCode, 'id');
    await inTransaction(db, (trx) =>
      appendAuditEvents(trx, [
        {
          action: 'report.read',
          outcome: 'ALLOWED',
          actor: caller,
          purpose: body.purpose,
          applicationRef: body.applicationRef,
          regionCode: body.household.regionCode,
          requestId: body.requestId,
          reportId: body.id,
          consentIds: Object.values(body.consents),
          subjectIds: body.members.map((m) => m.personId),
          attributeCodes: releasedAttributes(body),
          reportSha256: reportHash(body),
        },
      ]),
    );
    return { body, jws: row.jws, kid: row.signing_kid };
  }

  async function resumePending(): Promise<number> {
    const q = db('reports as r').join('verification_requests as v', 'v.id', 'r.request_id').where('r.status', 'PENDING');
    // Batch reports' tickets belong to the pending queue when there is one.
    if (options.pendingQueue) q.whereNull('v.batch_id');
    const rows: { body: ReportBody }[] = await q.select('r.body');
    for (const { body } of rows) {
      const outcomes = new Map(body.sources.filter((s) => waitingTickets(body, s).length > 0).map((s) => [s.source, pendingOutcome(body, s)] as const));
      // Completion events are recorded on behalf of the original requester, as if never interrupted.
      const requester: Caller = { sub: body.requester.sub, org: body.requester.org, roles: body.requester.roles as Caller['roles'], issuer: 'resumed', tokenId: null };
      collectLater([body], requester, outcomes);
    }
    return rows.length;
  }

  return {
    request,
    read,
    verifyBatchItems,
    resumePending,
    pollPending,
    pendingPollKeys,
    pendingPoll,
    settled: async () => {
      while (collecting.size > 0) await Promise.all([...collecting]);
    },
    close: async () => {
      closing.abort(new Error('verification service closed'));
      await Promise.all([...collecting]);
    },
  };
}
