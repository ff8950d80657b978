import { z } from 'zod';

/*
 * The anomaly rules and their thresholds. DOMAIN.md: "'Favour' and 'connection' allowances
 * (人情保, 关系保) are the scandal the platforms exist to end ... every look at a person's data must
 * be traceable to an application, a purpose and a signed consent." Each rule looks for one way a
 * look is not (docs/AUDIT.md, Anomaly findings).
 */

export const FINDING_RULES = [
  'LOOKUP_WITHOUT_APPLICATION',
  'APPLICATION_REF_REUSED',
  'OUTSIDE_CASELOAD',
  'PERSON_MANY_ACTORS',
  'OFF_HOURS',
  'BULK_READS',
  'RELATIVE_LOOKUP',
  'REFUSAL_SPIKE',
  'CONSENT_QUICK_USE_ELSEWHERE',
  'REPEATED_OVERRIDES',
] as const;
export type FindingRule = (typeof FINDING_RULES)[number];

export const FINDING_SEVERITIES = ['HIGH', 'MEDIUM', 'LOW'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

export const FINDING_STATUSES = ['OPEN', 'REVIEWED'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** Events that release a person's values (report bodies): what "a look-up" means to the rules. */
export const LOOKUP_ACTIONS: readonly string[] = ['verification.request', 'report.read', 'report.versions'];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour clock');
const count = z.number().int().min(1).max(1_000_000);

const sections = {
  application: z.strictObject({
    /** Application references that name no application (case-insensitive regular expression). */
    placeholderPattern: z.string().min(1).max(200),
    /** How far back a reference's earlier uses are looked for. */
    reuseDays: count,
  }),
  caseload: z.strictObject({
    /** Households outside the actor's usual regions in one local day before it is a finding. */
    householdsPerDay: count,
    /** The days before that tell the actor's usual regions. */
    baselineDays: count,
  }),
  manyActors: z.strictObject({ actors: count, days: count }),
  workingHours: z.strictObject({ start: hhmm, end: hhmm, weekendsOff: z.boolean() }),
  bulk: z.strictObject({
    /** Look-ups in a local day above `factor` x the median of the organisation's other accounts. */
    factor: z.number().min(1).max(1_000),
    minLookups: count,
    /** Peers needed for a median to mean anything. */
    minPeers: count,
  }),
  refusals: z.strictObject({ count, minutes: count }),
  consentUse: z.strictObject({ minutes: count }),
  overrides: z.strictObject({ count, days: count }),
};

/** Every section of the thresholds. */
export const findingParametersSchema = z.strictObject(sections);
export type FindingParameters = z.infer<typeof findingParametersSchema>;

/** A version in the table names only the sections (and fields) it changes. */
export const findingParametersOverrideSchema = z.strictObject({
  application: sections.application.partial().optional(),
  caseload: sections.caseload.partial().optional(),
  manyActors: sections.manyActors.partial().optional(),
  workingHours: sections.workingHours.partial().optional(),
  bulk: sections.bulk.partial().optional(),
  refusals: sections.refusals.partial().optional(),
  consentUse: sections.consentUse.partial().optional(),
  overrides: sections.overrides.partial().optional(),
});
export type FindingParametersOverride = z.infer<typeof findingParametersOverrideSchema>;

/**
 * The hub's defaults, in force from 2026-01-01 until a version in `audit_finding_parameters` (national
 * or a region's) says otherwise. No source names these numbers: they are starting points for a
 * region to tune against its false alarms. Working hours are the usual government office day.
 */
export const FINDING_DEFAULTS: { effectiveFrom: string; parameters: FindingParameters } = {
  effectiveFrom: '2026-01-01',
  parameters: {
    application: { placeholderPattern: '^(0+|n/?a|none|null|test|tmp|temp|x+|-+|无|测试)$', reuseDays: 365 },
    caseload: { householdsPerDay: 5, baselineDays: 30 },
    manyActors: { actors: 3, days: 30 },
    workingHours: { start: '08:30', end: '17:30', weekendsOff: true },
    bulk: { factor: 3, minLookups: 20, minPeers: 3 },
    refusals: { count: 10, minutes: 60 },
    consentUse: { minutes: 30 },
    overrides: { count: 2, days: 180 },
  },
};

/** One audit event as the rules read it (audit_events is src/audit's; read only). */
export interface AuditRow {
  seq: number;
  occurredAt: Date;
  action: string;
  outcome: 'ALLOWED' | 'REFUSED' | 'FAILED';
  actorSub: string;
  actorOrg: string;
  actorRoles: string[];
  purpose: string | null;
  applicationRef: string | null;
  regionCode: string | null;
  reportId: string | null;
  consentIds: string[];
  subjectIds: string[];
  errorCode: string | null;
  details: Record<string, unknown>;
}

/** What a rule found: merged into the stored finding of the same key. */
export interface FindingDraft {
  rule: FindingRule;
  /** Stable for the same facts, so a second run over the same events finds the same finding. */
  key: string;
  severity: FindingSeverity;
  regionCode: string | null;
  actorSub: string | null;
  actorOrg: string | null;
  subjectIds: string[];
  evidence: number[];
  params: Record<string, unknown>;
}
