import { dayOf, daysBefore, distinct, readEvents, regionOf } from '../events.js';
import { LOOKUP_ACTIONS, type AuditRow, type FindingDraft } from '../model.js';
import { isLookup, isMachine, windowNumber, type Rule, type RuleContext } from './rule.js';

/*
 * Rules about one person: many people looking at the same person (curiosity, or a case being
 * arranged), and a person whose agencies' values keep being overridden by objections (复核).
 */

const humanLookup = (e: AuditRow) => isLookup(LOOKUP_ACTIONS)(e) && !isMachine(e);

interface PersonHit {
  person: string;
  events: AuditRow[];
  /** The rule's window in the region's thresholds: numbers the finding's key. */
  windowDays: number;
  params: Record<string, unknown>;
}

/** Per person named by the new events: its events in the window, when the rule holds. */
async function perPerson(ctx: RuleContext, events: readonly AuditRow[], check: (person: string, e: AuditRow) => Promise<PersonHit | null>): Promise<PersonHit[]> {
  const latest = new Map<string, AuditRow>();
  for (const e of events) for (const s of e.subjectIds) latest.set(s, e);
  const hits: PersonHit[] = [];
  for (const [person, e] of latest) {
    const hit = await check(person, e);
    if (hit) hits.push(hit);
  }
  return hits;
}

/** Members of one household looked at together give one finding, not one each: hits with the same evidence merge. */
function merge(rule: 'PERSON_MANY_ACTORS' | 'REPEATED_OVERRIDES', severity: FindingDraft['severity'], hits: readonly PersonHit[]): FindingDraft[] {
  const byEvidence = new Map<string, PersonHit[]>();
  for (const h of hits) {
    const key = h.events.map((e) => e.seq).join(',');
    byEvidence.set(key, [...(byEvidence.get(key) ?? []), h]);
  }
  return [...byEvidence.values()].map((group) => {
    const persons = group.map((h) => h.person).sort();
    const events = group[0]!.events;
    const last = events[events.length - 1]!;
    return {
      rule,
      key: `${rule}:${persons[0]}:${windowNumber(events[0]!.occurredAt, group[0]!.windowDays)}`,
      severity,
      regionCode: regionOf(last),
      actorSub: null,
      actorOrg: null,
      subjectIds: persons,
      evidence: events.map((e) => e.seq),
      params: group[0]!.params,
    };
  });
}

/**
 * A person looked up by at least `manyActors.actors` different people (assistance systems' machine
 * accounts left out) within `manyActors.days`.
 */
export const personManyActors: Rule = {
  rule: 'PERSON_MANY_ACTORS',
  async evaluate(ctx, events) {
    const hits = await perPerson(ctx, events.filter(humanLookup), async (person, e) => {
      const p = await ctx.params(regionOf(e), dayOf(e));
      const seen = (await readEvents(ctx.db, (q) => q.where('outcome', 'ALLOWED').whereIn('action', LOOKUP_ACTIONS).whereRaw('subject_ids @> ARRAY[?]::uuid[]', [person]).where('occurred_at', '>', daysBefore(e.occurredAt, p.manyActors.days)).where('occurred_at', '<=', e.occurredAt))).filter((x) => !isMachine(x));
      const actors = distinct(seen.map((x) => x.actorSub));
      return actors.length >= p.manyActors.actors ? { person, events: seen, windowDays: p.manyActors.days, params: { actors: actors.length, threshold: p.manyActors.actors, days: p.manyActors.days } } : null;
    });
    return merge('PERSON_MANY_ACTORS', 'MEDIUM', hits);
  },
};

const accepted = (e: AuditRow) => e.action === 'objection.review' && e.outcome === 'ALLOWED' && e.details.decision === 'ACCEPT';

/**
 * A member's or supporter's values overridden by accepted objections at least `overrides.count`
 * times within `overrides.days`: an agency's record corrected again and again for the same person.
 */
export const repeatedOverrides: Rule = {
  rule: 'REPEATED_OVERRIDES',
  async evaluate(ctx, events) {
    const hits = await perPerson(ctx, events.filter(accepted), async (person, e) => {
      const p = await ctx.params(regionOf(e), dayOf(e));
      const overrides = (await readEvents(ctx.db, (q) => q.where({ action: 'objection.review', outcome: 'ALLOWED' }).whereRaw("details->>'decision' = 'ACCEPT'").whereRaw('subject_ids @> ARRAY[?]::uuid[]', [person]).where('occurred_at', '>', daysBefore(e.occurredAt, p.overrides.days)).where('occurred_at', '<=', e.occurredAt)));
      return overrides.length >= p.overrides.count ? { person, events: overrides, windowDays: p.overrides.days, params: { overrides: overrides.length, threshold: p.overrides.count, days: p.overrides.days, reviewers: distinct(overrides.map((x) => x.actorSub)), raisedBy: distinct(overrides.map((x) => x.details.raisedBy)) } } : null;
    });
    return merge('REPEATED_OVERRIDES', 'HIGH', hits);
  },
};
