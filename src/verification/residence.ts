import { randomUUID } from 'node:crypto';
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
 * and supporter is registered. Every member must be registered in the household's region (county)
 * and every supporter inside the caller's jurisdiction; otherwise the household is not verified
 * (RESIDENCE_MISMATCH naming the masked persons, refused, audited and flagged for auditors) unless
 * the caller documents why (moved, works away), which is recorded with the request and its audit
 * event together with each person flagged. It stops a verifier from putting another region's
 * residents into a household of their own region, as members or as supporters, to read them.
 */

export const RESIDENCE_REASONS = ['MOVED', 'WORKS_AWAY', 'OTHER'] as const;
export const HUKOU_SOURCE = 'ps_hukou';
export const HUKOU_REGION = 'ps_hukou.hukou_region';

/** A person the check could not place where the rule wants them (masked): for the refusal and for auditors. */
export interface MisplacedPerson {
  /** Masked ID number. */
  person: string;
  role: 'member' | 'supporter';
  /** The county public security registers them in; null when it does not know them or did not answer. */
  registered: string | null;
}

/** Why a household registered elsewhere is verified all the same, and what the check found. */
export interface ResidenceNote {
  kind: (typeof RESIDENCE_REASONS)[number];
  note: string;
  /** Whether every member is registered in the household's region and every supporter inside the caller's jurisdiction. */
  registeredInRegion: boolean;
  /** Each person who is not (flagged for auditors). */
  misplaced: MisplacedPerson[];
}

export type ResidenceReason = Omit<ResidenceNote, 'registeredInRegion' | 'misplaced'>;

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

/** The county a record registers the person in, or null. */
function countyOf(outcome: SourceOutcome, idNumber: string): string | null {
  if (outcome.status !== 'OK' && outcome.status !== 'NOT_FOUND') return null;
  const r = outcome.records.get(idNumber);
  const region = r?.found ? r.values[HUKOU_REGION] : null;
  return typeof region === 'string' && /^\d{6}/.test(region) ? region.slice(0, 6) : null;
}

/**
 * The rule: every member registered in the household's region (county), every supporter inside the
 * caller's jurisdiction. Returns those who are not (all of them when public security did not answer).
 */
function misplacedPersons(outcome: SourceOutcome, a: Admitted): MisplacedPerson[] {
  const out: MisplacedPerson[] = [];
  const check = (idNumber: string, role: MisplacedPerson['role'], within: (county: string) => boolean) => {
    const registered = countyOf(outcome, idNumber);
    if (registered === null || !within(registered)) out.push({ person: maskIdNumber(idNumber), role, registered });
  };
  for (const m of a.v.members) check(m.idNumber, 'member', (county) => inJurisdiction({ ...a.caller, org: a.v.regionCode }, county));
  for (const s of a.v.supporters) check(s.idNumber, 'supporter', (county) => inJurisdiction(a.caller, county));
  return out;
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
  // Supporters are asked too (their region is part of the rule); when the plan wants ps_hukou, the fetch reuses these answers.
  const persons = group.flatMap((a) => [...a.v.members, ...a.v.supporters].map((m) => m.idNumber));
  const deadlineMs = group[0]!.item !== null ? (deps.batchDeadlineMs ?? deps.requestDeadlineMs) : deps.requestDeadlineMs;
  const broker = createBroker(deps.connectors, [{ source, attributes }], { deadline: Date.now() + deadlineMs, requestId: randomUUID(), onUpstreamCall: deps.onUpstreamCall });
  const fetched = await broker.fetch(persons);
  const kept: Admitted[] = [];
  const refused: ResidenceOutcome['refused'] = [];
  for (const a of group) {
    const outcome = fetched.outcomeFor(HUKOU_SOURCE, [...a.v.members, ...a.v.supporters].map((m) => m.idNumber));
    const misplaced = misplacedPersons(outcome, a);
    const reason = a.residenceReason;
    if (misplaced.length === 0 || reason) {
      kept.push(reason ? { ...a, residence: { ...reason, registeredInRegion: misplaced.length === 0, misplaced } } : a);
      continue;
    }
    const error = mismatch(outcome, a, misplaced);
    await recordRefusal(deps, a.caller, inputOf(a), error, a.item, { flag: 'RESIDENCE_MISMATCH', sources: { [HUKOU_SOURCE]: outcome.status }, registered: registeredRegions(outcome), misplaced, ...(a.access ? { access: a.access.id } : {}) });
    if (a.access) a.access.closed = true;
    refused.push({ admitted: a, error });
  }
  return { kept, refused, answers: { fetched, attributes } };
}

/** The refusal: which persons (masked) are not where the rule wants them; never the counties they are in. */
function mismatch(outcome: SourceOutcome, a: Admitted, misplaced: readonly MisplacedPerson[]): HubError {
  const unanswered = outcome.status === 'TIMEOUT' || outcome.status === 'UNAVAILABLE';
  const listed = (role: MisplacedPerson['role']) => misplaced.filter((p) => p.role === role).map((p) => p.person);
  const parts = [listed('member').length > 0 ? `members not registered in region ${a.v.regionCode}: ${listed('member').join(', ')}` : null, listed('supporter').length > 0 ? `supporters registered outside your jurisdiction: ${listed('supporter').join(', ')}` : null].filter((p) => p !== null);
  const why = unanswered ? `public security could not be asked (${outcome.status}), so residence in ${a.v.regionCode} is not confirmed` : `by public security's register, ${parts.join('; ')}`;
  return new HubError('RESIDENCE_MISMATCH', `${why}; nothing else was fetched. Give input.residenceReason (MOVED, WORKS_AWAY or OTHER, with a note) if the household lives there`, { field: 'input.household.regionCode', persons: misplaced.map((p) => p.person) });
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
