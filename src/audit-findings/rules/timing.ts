import { dayBounds, dayOf, distinct, localClock, readEvents, regionOf } from '../events.js';
import { LOOKUP_ACTIONS, type AuditRow, type FindingDraft } from '../model.js';
import { groupBy, isLookup, isMachine, type Rule } from './rule.js';

/*
 * Rules about when: look-ups when the office is closed, refusals in bursts (someone trying doors),
 * and a consent registered and used at once for people who live elsewhere.
 */

const lookup = isLookup(LOOKUP_ACTIONS);

/**
 * A person's look-ups outside `workingHours` (start inclusive, end exclusive, the region's local
 * time; Saturdays and Sundays too when `weekendsOff`): one finding per actor and local day.
 * Machine accounts and the items of a batch (run by the worker whenever it gets to them) are left out.
 */
export const offHours: Rule = {
  rule: 'OFF_HOURS',
  async evaluate(ctx, events) {
    const off: AuditRow[] = [];
    for (const e of events) {
      if (!lookup(e) || isMachine(e) || e.details.batch !== undefined) continue;
      const p = (await ctx.params(regionOf(e), dayOf(e))).workingHours;
      const { time, weekend } = localClock(e);
      if ((weekend && p.weekendsOff) || time < p.start || time >= p.end) off.push(e);
    }
    return [...groupBy(off, (e) => `${e.actorSub}|${dayOf(e)}`).values()].map((group): FindingDraft => {
      const first = group[0]!;
      return {
        rule: 'OFF_HOURS',
        key: `OFF_HOURS:${first.actorSub}:${dayOf(first)}`,
        severity: 'LOW',
        regionCode: regionOf(first),
        actorSub: first.actorSub,
        actorOrg: first.actorOrg,
        subjectIds: distinct(group.flatMap((e) => e.subjectIds)),
        evidence: group.map((e) => e.seq),
        params: { day: dayOf(first), times: group.map((e) => localClock(e).time) },
      };
    });
  },
};

/** The refusals inside some window of `minutes` that holds at least `count` of them (two pointers over time order). */
function inBursts(refusals: readonly AuditRow[], count: number, minutes: number): AuditRow[] {
  const kept = new Set<AuditRow>();
  let start = 0;
  for (let end = 0; end < refusals.length; end += 1) {
    while (refusals[end]!.occurredAt.getTime() - refusals[start]!.occurredAt.getTime() > minutes * 60_000) start += 1;
    if (end - start + 1 >= count) for (let i = start; i <= end; i += 1) kept.add(refusals[i]!);
  }
  return refusals.filter((e) => kept.has(e));
}

/** At least `refusals.count` refusals of one account within `refusals.minutes` (probing for what it may see): per actor and local day. */
export const refusalSpike: Rule = {
  rule: 'REFUSAL_SPIKE',
  async evaluate(ctx, events) {
    const drafts: FindingDraft[] = [];
    for (const group of groupBy(events.filter((e) => e.outcome === 'REFUSED'), (e) => `${e.actorSub}|${dayOf(e)}`).values()) {
      const first = group[0]!;
      const day = dayOf(first);
      const p = (await ctx.params(regionOf(first), day)).refusals;
      const { from, to } = dayBounds(day, regionOf(first));
      const refusals = await readEvents(ctx.db, (q) => q.where({ actor_sub: first.actorSub, outcome: 'REFUSED' }).where('occurred_at', '>=', from).where('occurred_at', '<', to), 20_000);
      const burst = inBursts(refusals, p.count, p.minutes);
      if (burst.length === 0) continue;
      drafts.push({
        rule: 'REFUSAL_SPIKE',
        key: `REFUSAL_SPIKE:${first.actorSub}:${day}`,
        severity: 'MEDIUM',
        regionCode: first.actorOrg,
        actorSub: first.actorSub,
        actorOrg: first.actorOrg,
        subjectIds: distinct(burst.flatMap((e) => e.subjectIds)),
        evidence: burst.map((e) => e.seq),
        params: { day, refusals: burst.length, threshold: p.count, minutes: p.minutes, codes: distinct(burst.map((e) => e.errorCode)) },
      });
    }
    return drafts;
  },
};

/** A verification carried out although members are registered elsewhere (a documented residence reason, verification/residence.ts). */
const residentElsewhere = (e: AuditRow): boolean => {
  const residence = e.details.residence as { registeredInRegion?: unknown } | undefined;
  return e.action === 'verification.request' && e.outcome === 'ALLOWED' && residence?.registeredInRegion === false;
};

/**
 * A verification of persons registered outside the household's region that uses consents
 * registered at most `consentUse.minutes` before it: the consent was made for the look-up rather
 * than signed by a resident who applied.
 */
export const consentQuickUseElsewhere: Rule = {
  rule: 'CONSENT_QUICK_USE_ELSEWHERE',
  async evaluate(ctx, events) {
    const drafts: FindingDraft[] = [];
    for (const use of events.filter((e) => residentElsewhere(e) && e.consentIds.length > 0)) {
      const p = (await ctx.params(regionOf(use), dayOf(use))).consentUse;
      const since = new Date(use.occurredAt.getTime() - p.minutes * 60_000);
      const registered = await readEvents(ctx.db, (q) => q.where({ action: 'consent.register', outcome: 'ALLOWED' }).whereRaw('consent_ids && ?::uuid[]', [use.consentIds]).where('occurred_at', '>=', since).where('occurred_at', '<=', use.occurredAt).where('seq', '<', use.seq));
      if (registered.length === 0) continue;
      const quick = new Set(registered.flatMap((e) => e.consentIds));
      drafts.push({
        rule: 'CONSENT_QUICK_USE_ELSEWHERE',
        key: `CONSENT_QUICK_USE_ELSEWHERE:${use.seq}`,
        severity: 'HIGH',
        regionCode: regionOf(use),
        actorSub: use.actorSub,
        actorOrg: use.actorOrg,
        subjectIds: distinct(registered.flatMap((e) => e.subjectIds).filter((s) => use.subjectIds.includes(s))),
        evidence: [...registered.map((e) => e.seq), use.seq],
        params: { minutes: Math.round((use.occurredAt.getTime() - registered[0]!.occurredAt.getTime()) / 60_000), threshold: p.minutes, consents: use.consentIds.filter((c) => quick.has(c)).length },
      });
    }
    return drafts;
  },
};
