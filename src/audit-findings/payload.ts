import type { Knex } from 'knex';
import { localTime } from '../regions/index.js';
import { maskedSubjects } from './evidence.js';
import type { FindingRule } from './model.js';
import { findingsById } from './store.js';
import { describeFinding } from './summary.js';

/** A finding as a webhook carries it to an audit office: masked persons, the evidence by sequence number, never values. */
export interface FindingPayload {
  id: string;
  rule: FindingRule;
  severity: string;
  regionCode: string | null;
  actorSub: string | null;
  actorOrg: string | null;
  subjects: string[];
  evidenceSeqs: number[];
  params: Record<string, unknown>;
  summaryZh: string;
  summaryEn: string;
  foundAt: string;
  foundAtLocal: string;
}

/** The finding as pushed (null when it no longer exists). */
export async function findingPayload(db: Knex, id: string): Promise<FindingPayload | null> {
  const [f] = await findingsById(db, [id]);
  if (!f) return null;
  const masked = await maskedSubjects(db, f.subjectIds);
  const summary = describeFinding(f.rule, f.params, f.evidenceSeqs.length);
  const foundAt = f.foundAt.toISOString();
  return {
    id: f.id,
    rule: f.rule,
    severity: f.severity,
    regionCode: f.regionCode,
    actorSub: f.actorSub,
    actorOrg: f.actorOrg,
    subjects: f.subjectIds.map((s) => masked.get(s) ?? '?'),
    evidenceSeqs: f.evidenceSeqs,
    params: f.params,
    summaryZh: summary.zh,
    summaryEn: summary.en,
    foundAt,
    foundAtLocal: localTime(foundAt, f.regionCode ?? f.actorOrg ?? ''),
  };
}
