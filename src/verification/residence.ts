import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/index.js';
import { createBroker, type FetchedSources, type SourceOutcome, type SourcePlan } from '../broker/index.js';
import { HubError } from '../errors/index.js';
import { maskIdNumber } from '../identity/index.js';
import { inJurisdiction } from '../policy/index.js';
import type { Admitted } from './admit.js';
import type { VerificationInput } from './input.js';
import type { VerificationDeps } from './options.js';
import { recordRefusal } from './refuse.js';

/*
 * The residence check: before any other source, public security (ps_hukou) says where each member
 * is registered. A household none of whose members is registered in its region is not verified
 * (RESIDENCE_MISMATCH, refused, audited and flagged for auditors) unless the caller documents why
 * (moved, works away), which is recorded with the request and its audit event. It stops a verifier
 * from putting another region's residents into a household of their own region to read them.
 */

export const RESIDENCE_REASONS = ['MOVED', 'WORKS_AWAY', 'OTHER'] as const;
export const HUKOU_SOURCE = 'ps_hukou';
export const HUKOU_REGION = 'ps_hukou.hukou_region';

/** Why a household registered elsewhere is verified all the same, and what the check found. */
export interface ResidenceNote {
  kind: (typeof RESIDENCE_REASONS)[number];
  note: string;
  /** Whether public security registers a member in the household's region. */
  registeredInRegion: boolean;
}

export type ResidenceReason = Omit<ResidenceNote, 'registeredInRegion'>;

/** The caller's documented reason, checked (a refusal names the field); null when none was given. */
export function residenceReasonOf(input: VerificationInput): ResidenceReason | null {
  const r = (input as { residenceReason?: { kind?: unknown; note?: unknown } | null }).residenceReason;
  if (r === null || r === undefined) return null;
  if (!(RESIDENCE_REASONS as readonly unknown[]).includes(r.kind)) {
    throw new HubError('BAD_USER_INPUT', `input.residenceReason.kind must be one of ${RESIDENCE_REASONS.join(', ')}`, { field: 'input.residenceReason.kind' });
  }
  const note = typeof r.note === 'string' ? r.note.trim() : '';
  if (note.length === 0 || note.length > 500) throw new HubError('BAD_USER_INPUT', 'input.residenceReason.note must have 1 to 500 characters: what documents the residence', { field: 'input.residenceReason.note' });
  return { kind: r.kind as ResidenceNote['kind'], note };
}

/** What the residence check asked public security: reused by the fetch, so ps_hukou is called once. */
export interface ResidenceAnswers {
  fetched: FetchedSources;
  /** The ps_hukou attributes asked (the check's region and what the plan wants). */
  attributes: string[];
}

export interface ResidenceOutcome {
  /** Households that passed (or whose caller gave a reason), with the reason recorded. */
  kept: Admitted[];
  /** Households refused, already recorded and audited. */
  refused: { admitted: Admitted; error: HubError }[];
  answers: ResidenceAnswers | null;
}

/** Whether public security registers one of the members inside the household's region (county prefix). */
function registeredIn(outcome: SourceOutcome, caller: Caller, regionCode: string): boolean {
  if (outcome.status !== 'OK') return false;
  return [...outcome.records.values()].some((r) => {
    const region = r.found ? r.values[HUKOU_REGION] : null;
    return typeof region === 'string' && /^\d{6}/.test(region) && inJurisdiction({ ...caller, org: regionCode }, region.slice(0, 6));
  });
}

/**
 * Runs the check for a household or a batch chunk, with one ps_hukou call for them all. When the
 * plan wants ps_hukou anyway, the call asks its attributes too (for members and supporters) and the
 * fetch reuses the answers; otherwise only the region of registration of the members is asked.
 * Nothing is checked when the plan calls no source: then nothing about anyone is released.
 */
export async function checkResidence(deps: VerificationDeps, group: Admitted[], plans: readonly SourcePlan[]): Promise<ResidenceOutcome> {
  if (group.length === 0 || plans.length === 0) return { kept: group, refused: [], answers: null };
  const source = deps.catalog.source(HUKOU_SOURCE);
  if (!source) throw new Error(`residence check: no source ${HUKOU_SOURCE} in the catalogue`);
  const planned = plans.find((p) => p.source.id === HUKOU_SOURCE);
  const attributes = [...new Set([HUKOU_REGION, ...(planned?.attributes ?? [])])];
  const persons = group.flatMap((a) => [...a.v.members, ...(planned ? a.v.supporters : [])].map((m) => m.idNumber));
  const deadlineMs = group[0]!.item !== null ? (deps.batchDeadlineMs ?? deps.requestDeadlineMs) : deps.requestDeadlineMs;
  const broker = createBroker(deps.connectors, [{ source, attributes }], { deadline: Date.now() + deadlineMs, requestId: randomUUID(), onUpstreamCall: deps.onUpstreamCall });
  const fetched = await broker.fetch(persons);
  const kept: Admitted[] = [];
  const refused: ResidenceOutcome['refused'] = [];
  for (const a of group) {
    const outcome = fetched.outcomeFor(HUKOU_SOURCE, a.v.members.map((m) => m.idNumber));
    const inRegion = registeredIn(outcome, a.caller, a.v.regionCode);
    const reason = a.residenceReason;
    if (inRegion || reason) {
      kept.push(reason ? { ...a, residence: { ...reason, registeredInRegion: inRegion } } : a);
      continue;
    }
    const why = outcome.status === 'TIMEOUT' || outcome.status === 'UNAVAILABLE' ? `public security could not be asked (${outcome.status}), so residence in ${a.v.regionCode} is not confirmed` : `public security registers none of the members in region ${a.v.regionCode}`;
    const error = new HubError('RESIDENCE_MISMATCH', `${why}; nothing else was fetched. Give input.residenceReason (MOVED, WORKS_AWAY or OTHER, with a note) if the household lives there`, { field: 'input.household.regionCode' });
    await recordRefusal(deps, a.caller, inputOf(a), error, a.item, { flag: 'RESIDENCE_MISMATCH', sources: { [HUKOU_SOURCE]: outcome.status }, registered: registeredRegions(outcome) });
    refused.push({ admitted: a, error });
  }
  return { kept, refused, answers: { fetched, attributes } };
}

/** The request as the refusal records it (members, region, purpose, reference), from the checked input. */
function inputOf(a: Admitted): VerificationInput {
  return {
    household: { regionCode: a.v.regionCode, externalRef: a.v.externalRef, members: a.v.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation })) },
    purpose: a.v.purpose,
    applicationRef: a.v.applicationRef,
  };
}

/** For auditors: the county each member is registered in, by masked ID number. */
function registeredRegions(outcome: SourceOutcome): Record<string, string | null> {
  if (outcome.status !== 'OK' && outcome.status !== 'NOT_FOUND') return {};
  return Object.fromEntries([...outcome.records].map(([id, r]) => [maskIdNumber(id), r.found && typeof r.values[HUKOU_REGION] === 'string' ? String(r.values[HUKOU_REGION]).slice(0, 6) : null]));
}

/** The plans the fetch still has to call: ps_hukou is left out when the residence check asked it already. */
export function plansAfterResidence(plans: readonly SourcePlan[], answers: ResidenceAnswers | null): SourcePlan[] {
  const reused = answers !== null && plans.some((p) => p.source.id === HUKOU_SOURCE && p.attributes.every((c) => answers.attributes.includes(c)));
  return reused ? plans.filter((p) => p.source.id !== HUKOU_SOURCE) : [...plans];
}

/**
 * The fetch's answers with ps_hukou's taken from the residence check when it was reused, each
 * record narrowed to the attributes the plan wants (the check's own region code is not released).
 */
export function withResidenceAnswers(fetched: FetchedSources, plans: readonly SourcePlan[], answers: ResidenceAnswers | null): FetchedSources {
  const planned = plans.find((p) => p.source.id === HUKOU_SOURCE);
  if (!answers || !planned || plansAfterResidence(plans, answers).length === plans.length) return fetched;
  const wanted = new Set(planned.attributes);
  return {
    outcomeFor(sourceId, idNumbers) {
      if (sourceId !== HUKOU_SOURCE) return fetched.outcomeFor(sourceId, idNumbers);
      const outcome = answers.fetched.outcomeFor(sourceId, idNumbers);
      if (outcome.status !== 'OK' && outcome.status !== 'NOT_FOUND') return outcome;
      const records = new Map([...outcome.records].map(([id, r]) => [id, r.found ? { ...r, values: Object.fromEntries(Object.entries(r.values).filter(([code]) => wanted.has(code))) } : r]));
      return { ...outcome, records };
    },
    tickets: () => fetched.tickets(),
    readyAt: () => fetched.readyAt(),
  };
}
