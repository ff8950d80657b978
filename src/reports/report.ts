import { createHash } from 'node:crypto';
import type { AttributeValue, PersonRecord, Purpose } from '../catalog/index.js';
import type { SourceStatus } from '../broker/index.js';
import { canonicalJson } from '../canonical/index.js';
import type { Assessment } from '../assessment/index.js';
import type { ResolvedPolicy } from '../regional-policy/index.js';

export interface DeclaredAssets {
  /** Deposits of the whole household (every bank, every member), CNY. */
  deposits: number | null;
  vehicles: number | null;
  properties: number | null;
  businesses: number | null;
  // The kinds below were added later: a report stored before them lacks them (read as not declared).
  /** Deposits bank by bank (source id of the bank), when the household declared them so. */
  depositsByBank?: { bank: string; amount: number }[] | null;
  wealthProducts?: number | null;
  funds?: number | null;
  securities?: number | null;
  /** Housing-provident-fund balance. */
  housingFund?: number | null;
  insuranceCashValue?: number | null;
  /** Registered capital of businesses owned or represented, CNY. */
  businessCapital?: number | null;
  /** Contracted land, mu. */
  land?: number | null;
}

/** A member's declared monthly income by kind, CNY (a kind not given: none). */
export interface DeclaredIncome {
  wage: number | null;
  business: number | null;
  pension: number | null;
  property: number | null;
  transfer: number | null;
  other: number | null;
}

export interface ReportMember {
  personId: string;
  idNumber: string;
  name: string;
  relation: string;
  birthDate: string;
  sex: 'MALE' | 'FEMALE';
  declaredMonthlyIncome: number | null;
  /** The declared income by kind (then `declaredMonthlyIncome` is its sum); absent or null: the total only. */
  declaredIncome?: DeclaredIncome | null;
  /** What each called source said of this member, by source id (absent: still pending or failed). */
  records: Record<string, PersonRecord>;
  /** Values replaced by an accepted objection (复核), by attribute code; the record holds the new value (absent: none). */
  overrides?: Record<string, ValueOverride>;
}

/** A compared value an accepted objection replaced: whose, which attribute, and the override. */
export interface DiscrepancyOverride extends ValueOverride {
  personId: string;
  attribute: string;
}

/** An agency value replaced after review: what the agency said, what replaced it, who decided, on which evidence. */
export interface ValueOverride {
  original: AttributeValue;
  value: AttributeValue;
  /** The reviewer who accepted the objection, and the caller who raised it. */
  by: string;
  raisedBy: string;
  evidence: { documentSha256: string; note: string };
  objectionId: string;
  at: string;
}

export interface ReportTicket {
  ticket: string;
  /** Person ids (of members and supporters) whose records this ticket brings. */
  persons: string[];
}

export interface ReportSource {
  source: string;
  status: SourceStatus;
  latencyMs: number;
  attributes: string[];
  /** An asynchronous source's tickets, one per upstream call, with the persons each answers for. */
  tickets: ReportTicket[];
  error: string | null;
  answeredAt: string | null;
}

export type DiscrepancyKind =
  | 'INCOME_ABOVE_DECLARED'
  | 'WAGE_ABOVE_DECLARED'
  | 'BUSINESS_INCOME_ABOVE_DECLARED'
  | 'PENSION_ABOVE_DECLARED'
  | 'PROPERTY_INCOME_ABOVE_DECLARED'
  | 'TRANSFER_INCOME_ABOVE_DECLARED'
  | 'OTHER_INCOME_ABOVE_DECLARED'
  | 'UNREPORTED_EMPLOYMENT'
  | 'UNDECLARED_VEHICLE'
  | 'DEPOSITS_ABOVE_DECLARED'
  | 'DEPOSITS_AT_BANK_ABOVE_DECLARED'
  | 'WEALTH_PRODUCTS_ABOVE_DECLARED'
  | 'FUNDS_ABOVE_DECLARED'
  | 'SECURITIES_ABOVE_DECLARED'
  | 'HOUSING_FUND_ABOVE_DECLARED'
  | 'INSURANCE_ABOVE_DECLARED'
  | 'BUSINESS_CAPITAL_ABOVE_DECLARED'
  | 'LAND_ABOVE_DECLARED'
  | 'UNDECLARED_PROPERTY'
  | 'UNDECLARED_BUSINESS'
  | 'MEMBER_DECEASED'
  | 'MEMBER_IMPRISONED'
  | 'MEMBER_ON_PUBLIC_PAYROLL'
  | 'MEMBER_HUKOU_MOVED_OUT';

export interface Discrepancy {
  kind: DiscrepancyKind;
  /** From the policy's `discrepancyTolerances`: `severityWhenUndeclared` when nothing was declared, else `severity`. */
  severity: 'HIGH' | 'MEDIUM' | 'LOW';
  /** Person id of the member concerned, or null for a household-level item. */
  personId: string | null;
  declared: number | null;
  verified: number;
  /** The attribute codes whose values make up `verified`. */
  attributes: string[];
  // Fields below were added later: a report stored before them lacks them.
  /** CNY, CNY/month, count or mu; null for a member's status. */
  unit?: 'CNY' | 'CNY/month' | 'count' | 'mu' | null;
  /**
   * The agencies whose records make up `verified`, with the date each record is as of; an agency
   * whose compared value an accepted objection (复核) replaced is listed too, with `overrides`.
   */
  sources?: { source: string; asOf: string | null; overrides?: DiscrepancyOverride[] }[];
  /** The tolerance applied: the policy's entry and the amount it allowed (`allowed`); null for a status. */
  tolerance?: { kind: string; absolute: number; relative: number; allowed: number } | null;
  /** The finding as a sentence with its amounts, agencies and dates. */
  zh?: string;
  en?: string;
  /** Person ids of the members who hold the item, from the records (the member for a member's finding; absent: stored before holders). */
  holders?: string[];
}

/**
 * The verification report as stored, hashed and (later) signed: a self-contained record of who
 * asked, why, on whose consent, what each source said and what differs from the declaration.
 */
export interface ReportBody {
  version: 1;
  id: string;
  requestId: string;
  createdAt: string;
  completedAt: string | null;
  /** COMPLETE: every source answered; INCOMPLETE: none pending, some timed out or unavailable; PENDING: a source has not answered yet. */
  status: ReportStatus;
  requester: { sub: string; org: string; roles: string[] };
  purpose: Purpose;
  applicationRef: string;
  catalogVersion: number;
  household: { id: string; regionCode: string; externalRef: string; declaredAssets: DeclaredAssets | null };
  members: ReportMember[];
  /** Relatives outside the household obliged to support it, verified like members (declared nothing). */
  supporters: ReportMember[];
  /** Consent id per person id: the authorisation each adult's data was fetched under. */
  consents: Record<string, string>;
  sources: ReportSource[];
  discrepancies: Discrepancy[];
  /** The policy versions in force when the verification was asked for; the assessment uses them. */
  policy: Pick<ResolvedPolicy, 'regionCode' | 'date' | 'versions'>;
  /** The means test, once every source has answered (null while a source is pending). */
  assessment: Assessment | null;
}

export type ReportStatus = 'COMPLETE' | 'INCOMPLETE' | 'PENDING';

/** A report's status from its sources' (一切以核为准: a source that did not answer leaves the report incomplete). */
export function reportStatusOf(sources: readonly Pick<ReportSource, 'status'>[]): ReportStatus {
  if (sources.some((s) => s.status === 'PENDING')) return 'PENDING';
  if (sources.some((s) => s.status === 'TIMEOUT' || s.status === 'UNAVAILABLE')) return 'INCOMPLETE';
  return 'COMPLETE';
}

/** The sources whose answers a report does not have: failed ones, and pending ones while they are. */
export function missingSources(body: Pick<ReportBody, 'sources'>): { source: string; status: 'TIMEOUT' | 'UNAVAILABLE' | 'PENDING' }[] {
  return body.sources.flatMap((s) => (s.status === 'TIMEOUT' || s.status === 'UNAVAILABLE' || s.status === 'PENDING' ? [{ source: s.source, status: s.status }] : []));
}

export function reportHash(body: ReportBody): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** Released attribute codes of kept (frozen) report versions, read again for every read's audit event. */
const keptReleases = new WeakMap<ReportBody, readonly string[]>();

/** The attribute codes a report released: those of sources that answered. */
export function releasedAttributes(body: ReportBody): string[] {
  const kept = keptReleases.get(body);
  if (kept) return [...kept];
  const codes = body.sources.filter((s) => s.status === 'OK').flatMap((s) => s.attributes);
  if (Object.isFrozen(body)) keptReleases.set(body, codes);
  return [...codes];
}
