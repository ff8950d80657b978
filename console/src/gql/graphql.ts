/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Where a chain check starts. */
export type AuditChainFrom =
  /** After the newest checkpoint an earlier check confirmed (fast at millions of events). */
  | 'LAST_CONFIRMED'
  /** The whole log. */
  | 'START';

export type AuditFilter = {
  /** Events of this action (e.g. verification.request). */
  action?: string | null | undefined;
  actorSub?: string | null | undefined;
  applicationRef?: string | null | undefined;
  /** Events about this person (full ID number: matched, never returned). */
  idNumber?: string | null | undefined;
  /** Events with this outcome (ALLOWED, REFUSED, FAILED). */
  outcome?: string | null | undefined;
  requestId?: string | number | null | undefined;
  /** ISO 8601. */
  since?: string | null | undefined;
  until?: string | null | undefined;
};

/** What an anomaly rule over the audit log looks for (docs/AUDIT.md, Anomaly findings). */
export type AuditFindingRule =
  /** One application reference used to verify several households. */
  | 'APPLICATION_REF_REUSED'
  /** One account reading far more than its organisation's peers in a day. */
  | 'BULK_READS'
  /** Consents registered and used within minutes for persons registered elsewhere. */
  | 'CONSENT_QUICK_USE_ELSEWHERE'
  /** Look-ups without an application reference, or with a placeholder one. */
  | 'LOOKUP_WITHOUT_APPLICATION'
  /** Look-ups outside working hours. */
  | 'OFF_HOURS'
  /** One account reading many households outside its usual regions in a day. */
  | 'OUTSIDE_CASELOAD'
  /** The same person looked up by several different people. */
  | 'PERSON_MANY_ACTORS'
  /** Many refusals in a short time (probing). */
  | 'REFUSAL_SPIKE'
  /** An account looking up a member of its own household, or someone sharing its surname and registered address. */
  | 'RELATIVE_LOOKUP'
  /** A person's agency values overridden by objections repeatedly. */
  | 'REPEATED_OVERRIDES';

export type AuditFindingStatus =
  | 'OPEN'
  | 'REVIEWED';

/** Deposits declared at one bank. */
export type BankDepositInput = {
  amount: number;
  /** The bank's source id in the catalogue (e.g. bank_icbc). */
  bank: string | number;
};

export type CircuitState =
  | 'CLOSED'
  | 'HALF_OPEN'
  | 'OPEN';

export type Conclusion =
  | 'ELIGIBLE'
  | 'NOT_ELIGIBLE'
  /** Decided on what answered; a source that did not answer is listed in missing. */
  | 'PROVISIONAL';

export type ConsentInput = {
  /**
   * SHA-256 (hex) of the signed authorisation, as POST /consents/documents answered when the form was
   * uploaded; a hash not uploaded within the caller's jurisdiction is refused (BAD_USER_INPUT).
   */
  documentSha256: string;
  /** For a member under 18: the adult guardian who signed. A minor's own consent never counts. */
  guardianIdNumber?: string | null | undefined;
  /** The guardian's name (required with guardianIdNumber). */
  guardianName?: string | null | undefined;
  idNumber: string;
  name: string;
  purposes: Array<Purpose>;
  /** ISO 8601 date or date-time. */
  validFrom: string;
  validUntil: string;
};

/** What the household declares it owns. A kind left out (absent or null) is not declared and not compared; 0 declares none. Amounts CNY, non-negative. */
export type DeclaredAssetsInput = {
  /** Registered capital of businesses owned or represented. */
  businessCapital?: number | null | undefined;
  businesses?: number | null | undefined;
  /** Deposits of the whole household, CNY (every bank; at least the sum of depositsByBank). */
  deposits?: number | null | undefined;
  /** Deposits bank by bank, optional: each bank is then compared too (a bank not listed: none declared there). */
  depositsByBank?: Array<BankDepositInput> | null | undefined;
  funds?: number | null | undefined;
  /** Housing-provident-fund balance. */
  housingFund?: number | null | undefined;
  insuranceCashValue?: number | null | undefined;
  /** Contracted land, mu. */
  land?: number | null | undefined;
  properties?: number | null | undefined;
  securities?: number | null | undefined;
  vehicles?: number | null | undefined;
  wealthProducts?: number | null | undefined;
};

/** A member's declared monthly income by kind, CNY (each non-negative). */
export type DeclaredIncomeInput = {
  business?: number | null | undefined;
  other?: number | null | undefined;
  pension?: number | null | undefined;
  /** Rent, dividends (bank interest is not compared: the deposits are). */
  property?: number | null | undefined;
  /** Assistance, aid, unemployment benefit, allowances received. */
  transfer?: number | null | undefined;
  wage?: number | null | undefined;
};

/** What a discrepancy is about (docs/VERIFICATION.md, Discrepancies); Chinese labels in Discrepancy.labelZh. */
export type DiscrepancyKind =
  | 'BUSINESS_CAPITAL_ABOVE_DECLARED'
  | 'BUSINESS_INCOME_ABOVE_DECLARED'
  /** The household's deposits (every bank) above the declared total. */
  | 'DEPOSITS_ABOVE_DECLARED'
  /** Deposits at one bank above what was declared there (when declared bank by bank). */
  | 'DEPOSITS_AT_BANK_ABOVE_DECLARED'
  | 'FUNDS_ABOVE_DECLARED'
  | 'HOUSING_FUND_ABOVE_DECLARED'
  /** A member's income above the declared total (only a total was declared). */
  | 'INCOME_ABOVE_DECLARED'
  /** Insurance cash value above what was declared. */
  | 'INSURANCE_ABOVE_DECLARED'
  | 'LAND_ABOVE_DECLARED'
  /** A member declared as living in the household is recorded as deceased. */
  | 'MEMBER_DECEASED'
  /** A member's hukou is registered outside the household's county. */
  | 'MEMBER_HUKOU_MOVED_OUT'
  /** A member declared as living in the household is serving a prison sentence. */
  | 'MEMBER_IMPRISONED'
  /** A member is paid from the public payroll or holds a staffed post. */
  | 'MEMBER_ON_PUBLIC_PAYROLL'
  | 'OTHER_INCOME_ABOVE_DECLARED'
  | 'PENSION_ABOVE_DECLARED'
  | 'PROPERTY_INCOME_ABOVE_DECLARED'
  | 'SECURITIES_ABOVE_DECLARED'
  | 'TRANSFER_INCOME_ABOVE_DECLARED'
  | 'UNDECLARED_BUSINESS'
  | 'UNDECLARED_PROPERTY'
  | 'UNDECLARED_VEHICLE'
  /** Registered as employed, declared no wage. */
  | 'UNREPORTED_EMPLOYMENT'
  | 'WAGE_ABOVE_DECLARED'
  | 'WEALTH_PRODUCTS_ABOVE_DECLARED';

export type HouseholdInput = {
  declaredAssets?: DeclaredAssetsInput | null | undefined;
  /** The assistance system's household number, unique within the region. */
  externalRef: string;
  /** 1 to 30 members, exactly one HEAD. */
  members: Array<MemberInput>;
  /** County (or township) where the household applies. */
  regionCode: string;
  /** Up to 10 relatives outside the household obliged to support it (children of elderly members); verified like members, with consent. */
  supporters?: Array<SupporterInput> | null | undefined;
};

export type MemberInput = {
  /** Monthly income by kind, CNY; compared kind by kind (a kind left out: none). */
  declaredIncome?: DeclaredIncomeInput | null | undefined;
  /** What the member declared as monthly income, CNY: the total (with declaredIncome, their sum or left out). */
  declaredMonthlyIncome?: number | null | undefined;
  /** 18-digit resident ID number (GB 11643). */
  idNumber: string;
  name: string;
  relation: Relation;
};

/** Why a verification looks at a person's data. */
export type Purpose =
  | 'LOW_INCOME_MONITORING'
  | 'NEW_APPLICATION'
  | 'PERIODIC_REVIEW'
  | 'URGENT_ASSISTANCE';

export type RankingFilter = {
  circles?: Array<number> | null | undefined;
  disabledMember?: boolean | null | undefined;
  /** Also list households not ranked (vetoed, eligible for nothing) after the ranked ones, with rank null and their exclusion. */
  includeExcluded?: boolean | null | undefined;
  /** Per-capita income below this multiple of the low-income standard (e.g. 1.5). */
  maxIncomeToLowIncomeRatio?: number | null | undefined;
  needTags?: Array<string> | null | undefined;
  /** Eligible for any of these programmes. */
  programmes?: Array<string> | null | undefined;
  /** Any of these special groups. */
  specialGroups?: Array<string> | null | undefined;
  /** Any of these target groups. */
  targetGroups?: Array<string> | null | undefined;
  /** Any of these urgency colours. */
  urgency?: Array<UrgencyColour> | null | undefined;
};

export type Relation =
  | 'CHILD'
  | 'GRANDCHILD'
  | 'GRANDPARENT'
  | 'HEAD'
  | 'OTHER'
  | 'PARENT'
  | 'SIBLING'
  | 'SPOUSE';

export type ReportStatus =
  /** Every source has answered (with a record or without): 核对完成. */
  | 'COMPLETE'
  /** No source is pending, but some timed out or were unavailable (missingSources): figures resting on them are provisional; retrySources asks them again. 核对未完成. */
  | 'INCOMPLETE'
  /** An asynchronous source (a bank) has not answered yet; read the report again later. 等待答复. */
  | 'PENDING';

export type ResidenceReasonInput = {
  kind: ResidenceReasonKind;
  /** What documents it (a rental contract, a residence permit number, ...): 1-500 characters. */
  note: string;
};

export type ResidenceReasonKind =
  /** Moved into the region; the registration has not followed yet. */
  | 'MOVED'
  | 'OTHER'
  /** Lives in the region, works or studies elsewhere (or the reverse). */
  | 'WORKS_AWAY';

/** What a security event records: a request refused before it touched any data. */
export type SecurityEventKind =
  /** A missing, malformed, forged, expired or otherwise invalid bearer token (reason says which). */
  | 'AUTHENTICATION_FAILED'
  /** A quota reached (reason names it). */
  | 'QUOTA_REFUSED'
  /** A query that does not parse or validate, exceeds the query limits, or carries input the hub refuses. */
  | 'VALIDATION_FAILED';

/** Set per kind by the region's policy (discrepancyTolerances). */
export type Severity =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

export type SourceProtocol =
  | 'ASYNC'
  | 'SYNC';

export type SourceStatus =
  /** Only in an assessment's missing sources: the verification did not ask this source (narrowed, or not allowed for the purpose). */
  | 'NOT_ASKED'
  | 'NOT_FOUND'
  | 'OK'
  | 'PENDING'
  | 'TIMEOUT'
  | 'UNAVAILABLE';

export type SupporterInput = {
  idNumber: string;
  name: string;
  /** Relation to the household's head (not HEAD). */
  relation: Relation;
};

/** Four-colour urgency (四色预警, 沈河区), colours tried in this order; the rules per colour are regional policy data (urgency). */
export type UrgencyColour =
  /** 蓝色: 部门救助, assistance by the responsible department */
  | 'BLUE'
  /** 绿色: 动态监测, monitored */
  | 'GREEN'
  /** 红色: 特急救助, paid first and documented after */
  | 'RED'
  /** 黄色: 联合救助, joint assistance by several departments */
  | 'YELLOW';

export type VerificationInput = {
  /** The application (or review case) this verification belongs to. */
  applicationRef: string;
  /** Fetch only these attribute codes (default: what the selected fields need). */
  attributes?: Array<string | number> | null | undefined;
  household: HouseholdInput;
  purpose: Purpose;
  /**
   * Why a household none of whose members public security registers in its region is verified all
   * the same (residence check, docs/VERIFICATION.md): recorded with the request and its audit event.
   */
  residenceReason?: ResidenceReasonInput | null | undefined;
  /** Fetch every attribute of these sources. */
  sources?: Array<string | number> | null | undefined;
};

export type VetoOutcome =
  | 'DEFER'
  | 'REJECT';

export type ConsoleAuditEventsQueryVariables = Exact<{
  filter?: AuditFilter | null | undefined;
  first?: number | null | undefined;
  before?: string | number | null | undefined;
}>;


export type ConsoleAuditEventsQuery = { auditEvents: Array<{ seq: string, occurredAt: string, action: string, outcome: string, actorSub: string, actorOrg: string, actorRoles: Array<string>, purpose: string | null, applicationRef: string | null, regionCode: string | null, subjects: Array<string>, attributeCodes: Array<string>, errorCode: string | null, details: string }> };

export type ConsoleAuditChainQueryVariables = Exact<{
  from?: AuditChainFrom | null | undefined;
}>;


export type ConsoleAuditChainQuery = { auditChain: { ok: boolean, checked: number, brokenAt: string | null, reason: string | null, checkpoint: string | null, startedAfter: string | null } };

export type ConsoleAuditFindingsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type ConsoleAuditFindingsQuery = { auditFindings: Array<{ id: string, rule: AuditFindingRule, severity: string, status: AuditFindingStatus, regionCode: string | null, actorSub: string | null, subjects: Array<string>, summaryZh: string, summaryEn: string, foundAt: string, evidenceCount: number, reviewedBy: string | null, reviewedAt: string | null, note: string | null }> };

export type ConsoleReviewAuditFindingMutationVariables = Exact<{
  id: string | number;
  note: string;
}>;


export type ConsoleReviewAuditFindingMutation = { reviewAuditFinding: { id: string, status: AuditFindingStatus } };

export type ConsolePolicyVersionsQueryVariables = Exact<{
  regionCode: string;
}>;


export type ConsolePolicyVersionsQuery = { policyVersions: Array<{ id: string, regionCode: string, effectiveFrom: string, parameters: unknown, createdAt: string, createdBy: string }> };

export type ConsoleSavePolicyMutationVariables = Exact<{
  regionCode: string;
  effectiveFrom: string;
  about?: string | null | undefined;
  parameters: unknown;
}>;


export type ConsoleSavePolicyMutation = { savePolicy: { id: string, effectiveFrom: string } };

export type ConsoleReviewSchedulesQueryVariables = Exact<{
  regionCode: string;
}>;


export type ConsoleReviewSchedulesQuery = { reviewSchedules: Array<{ id: string, regionCode: string, cron: string, purpose: Purpose, timeZone: string, active: boolean, createdBy: string, createdAt: string }> };

export type ConsoleScheduleReviewMutationVariables = Exact<{
  regionCode: string;
  cron: string;
  purpose: Purpose;
  timeZone?: string | null | undefined;
}>;


export type ConsoleScheduleReviewMutation = { scheduleReview: { id: string } };

export type ConsolePauseReviewMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsolePauseReviewMutation = { pauseReviewSchedule: { id: string, active: boolean } };

export type ConsoleResumeReviewMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleResumeReviewMutation = { resumeReviewSchedule: { id: string, active: boolean } };

export type ConsoleDeleteReviewMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleDeleteReviewMutation = { deleteReviewSchedule: boolean };

export type ConsoleSecurityEventsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type ConsoleSecurityEventsQuery = { securityEvents: Array<{ id: string, occurredAt: string, lastAt: string, kind: SecurityEventKind, reason: string | null, errorCode: string, sourceAddress: string | null, actorSub: string | null, claimedSub: string | null, door: string, detail: string | null, count: number }> };

export type ConsoleWebhookAllowedHostsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleWebhookAllowedHostsQuery = { webhookAllowedHosts: Array<{ id: string, org: string, pattern: string, createdBy: string, createdAt: string }> };

export type ConsoleAllowWebhookHostMutationVariables = Exact<{
  org?: string | null | undefined;
  pattern: string;
}>;


export type ConsoleAllowWebhookHostMutation = { allowWebhookHost: { id: string } };

export type ConsoleDisallowWebhookHostMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleDisallowWebhookHostMutation = { disallowWebhookHost: boolean };

export type ConsoleWebhookSubscriptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleWebhookSubscriptionsQuery = { webhookSubscriptions: Array<{ id: string, org: string, url: string, kinds: Array<string>, active: boolean, createdAt: string }> };

export type ConsoleSubscribeWebhookMutationVariables = Exact<{
  url: string;
  kinds?: Array<string> | string | null | undefined;
}>;


export type ConsoleSubscribeWebhookMutation = { subscribeWebhook: { id: string } };

export type ConsoleUnsubscribeWebhookMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleUnsubscribeWebhookMutation = { unsubscribeWebhook: boolean };

export type ConsoleBatchQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleBatchQuery = { batch: { id: string, purpose: Purpose, status: string, total: number, chunkSize: number, createdAt: string, startedAt: string | null, finishedAt: string | null, pendingSources: number, householdsPerSecond: number | null, secondsLeft: number | null, counts: { queued: number, running: number, done: number, refused: number, failed: number, cancelled: number } } };

export type ConsoleBatchResultsQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: number | null | undefined;
}>;


export type ConsoleBatchResultsQuery = { batchResults: { nextAfter: number | null, items: Array<{ seq: number, status: string, externalRef: string, regionCode: string, reportId: string | null, errorCode: string | null, errorMessage: string | null, reportStatus: ReportStatus | null, circle: number | null, hardshipIndex: number | null, undeclaredItemsFound: boolean | null }> } };

export type ConsoleCancelBatchMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleCancelBatchMutation = { cancelBatch: { id: string, status: string } };

export type ConsoleRankedHouseholdsQueryVariables = Exact<{
  regionCode: string;
  filter?: RankingFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleRankedHouseholdsQuery = { rankedHouseholds: { hasNextPage: boolean, endCursor: string | null, edges: Array<{ rank: number | null, cursor: string, status: { reportId: string, assessedAt: string, circle: number | null, hardshipIndex: number, perCapitaIncome: number, lowIncomeStandard: number, urgency: UrgencyColour | null, targetGroups: Array<string>, eligibleProgrammes: Array<string>, exclusion: string | null, exclusionZh: string | null, household: { id: string, regionCode: string, externalRef: string } } }> } };

export type ConsoleFindHouseholdsQueryVariables = Exact<{
  idNumber?: string | null | undefined;
  externalRef?: string | null | undefined;
}>;


export type ConsoleFindHouseholdsQuery = { findHouseholds: Array<{ id: string, regionCode: string, externalRef: string, status: { reportId: string, assessedAt: string, circle: number | null, hardshipIndex: number, perCapitaIncome: number, lowIncomeStandard: number, urgency: UrgencyColour | null, targetGroups: Array<string>, eligibleProgrammes: Array<string>, ranked: boolean, exclusion: string | null, exclusionZh: string | null, history: Array<{ reportId: string, createdAt: string, purpose: Purpose, status: ReportStatus, circle: number | null, hardshipIndex: number | null, undeclaredItemsFound: boolean }> } | null }> };

export type ConsoleSourcesQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleSourcesQuery = { sources: Array<{ id: string, labelZh: string, labelEn: string, protocol: SourceProtocol, health: { circuit: CircuitState, calls: number, failures: number } }> };

export type VerifySourcesQueryVariables = Exact<{ [key: string]: never; }>;


export type VerifySourcesQuery = { sources: Array<{ id: string, labelZh: string, labelEn: string, protocol: SourceProtocol }> };

export type VerifyRegisterConsentsMutationVariables = Exact<{
  consents: Array<ConsentInput> | ConsentInput;
}>;


export type VerifyRegisterConsentsMutation = { registerConsents: Array<{ id: string, member: string }> };

export type VerifyRequestVerificationMutationVariables = Exact<{
  input: VerificationInput;
}>;


export type VerifyRequestVerificationMutation = { requestVerification: { id: string, members: Array<{ attributes: Array<{ code: string }> }> } };

export type VerificationProgressQueryVariables = Exact<{
  id: string | number;
}>;


export type VerificationProgressQuery = { verificationReport: { id: string, status: ReportStatus, revision: number, undeclaredItemsFound: boolean, sources: Array<{ source: string, status: SourceStatus, latencyMs: number, answeredAt: string | null }>, discrepancies: Array<{ kind: DiscrepancyKind }>, assessment: { eligibility: Array<{ programme: string, labelZh: string, labelEn: string, conclusion: Conclusion, benefit: { provisional: boolean, total: { value: number } } | null }> } | null } | null };

export type ReportPageQueryVariables = Exact<{
  id: string | number;
}>;


export type ReportPageQuery = { sources: Array<{ id: string, labelZh: string, labelEn: string }>, verificationReport: { id: string, status: ReportStatus, createdAt: string, completedAt: string | null, purpose: Purpose, applicationRef: string, revision: number, reportSha256: string, undeclaredItemsFound: boolean, requester: { sub: string, org: string }, household: { regionCode: string, externalRef: string }, signature: { kid: string }, members: Array<{ name: string, relation: Relation, birthDate: string, sex: string, person: { id: string, idNumberMasked: string }, attributes: Array<{ code: string, value: unknown, unit: string | null, source: string, asOf: string, labelZh: string, labelEn: string }> }>, sources: Array<{ source: string, status: SourceStatus, latencyMs: number, answeredAt: string | null, error: string | null }>, missingSources: Array<{ source: string, status: SourceStatus }>, discrepancies: Array<{ kind: DiscrepancyKind, labelZh: string, severity: Severity, zh: string, en: string }>, assessment: { eligibility: Array<{ programme: string, labelZh: string, labelEn: string, conclusion: Conclusion, grounds: Array<{ code: string, holds: boolean, zh: string, en: string }>, benefit: { provisional: boolean, total: { value: number, zh: string | null, en: string | null }, parts: Array<{ value: number, zh: string | null, en: string | null }> } | null, missing: Array<{ source: string, status: SourceStatus }> }>, vetoes: Array<{ code: string, labelZh: string, labelEn: string, outcome: VetoOutcome, deferMonths: number | null }>, income: { byKind: Array<{ kind: string, figure: { value: number, unit: string, rule: string, zh: string | null, en: string | null, provisional: Array<{ source: string, status: SourceStatus }> | null } }>, gross: { value: number, unit: string, rule: string, zh: string | null, en: string | null, provisional: Array<{ source: string, status: SourceStatus }> | null }, rigidDeductions: { value: number, unit: string, rule: string, zh: string | null, en: string | null, provisional: Array<{ source: string, status: SourceStatus }> | null }, net: { value: number, unit: string, rule: string, zh: string | null, en: string | null, provisional: Array<{ source: string, status: SourceStatus }> | null }, perCapita: { value: number, unit: string, rule: string, zh: string | null, en: string | null, provisional: Array<{ source: string, status: SourceStatus }> | null } }, assets: { passes: boolean, depositsPerCapita: { value: number, unit: string, rule: string, zh: string | null, en: string | null, provisional: Array<{ source: string, status: SourceStatus }> | null }, vehicles: { value: number, unit: string, rule: string, zh: string | null, en: string | null, provisional: Array<{ source: string, status: SourceStatus }> | null }, properties: { value: number, unit: string, rule: string, zh: string | null, en: string | null, provisional: Array<{ source: string, status: SourceStatus }> | null }, businessCapital: { value: number, unit: string, rule: string, zh: string | null, en: string | null, provisional: Array<{ source: string, status: SourceStatus }> | null }, exceeded: Array<{ limit: string, allowed: number, figure: { value: number, unit: string, rule: string, zh: string | null, en: string | null, provisional: Array<{ source: string, status: SourceStatus }> | null } }> } } | null } | null };

export type ReportFigureFragment = { value: number, unit: string, rule: string, zh: string | null, en: string | null, provisional: Array<{ source: string, status: SourceStatus }> | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ReportFigureFragmentDoc = new TypedDocumentString(`
    fragment ReportFigure on Figure {
  value
  unit
  rule
  zh
  en
  provisional {
    source
    status
  }
}
    `, {"fragmentName":"ReportFigure"}) as unknown as TypedDocumentString<ReportFigureFragment, unknown>;
export const ConsoleAuditEventsDocument = new TypedDocumentString(`
    query ConsoleAuditEvents($filter: AuditFilter, $first: Int, $before: ID) {
  auditEvents(filter: $filter, first: $first, before: $before) {
    seq
    occurredAt
    action
    outcome
    actorSub
    actorOrg
    actorRoles
    purpose
    applicationRef
    regionCode
    subjects
    attributeCodes
    errorCode
    details
  }
}
    `) as unknown as TypedDocumentString<ConsoleAuditEventsQuery, ConsoleAuditEventsQueryVariables>;
export const ConsoleAuditChainDocument = new TypedDocumentString(`
    query ConsoleAuditChain($from: AuditChainFrom) {
  auditChain(from: $from) {
    ok
    checked
    brokenAt
    reason
    checkpoint
    startedAfter
  }
}
    `) as unknown as TypedDocumentString<ConsoleAuditChainQuery, ConsoleAuditChainQueryVariables>;
export const ConsoleAuditFindingsDocument = new TypedDocumentString(`
    query ConsoleAuditFindings($first: Int) {
  auditFindings(first: $first) {
    id
    rule
    severity
    status
    regionCode
    actorSub
    subjects
    summaryZh
    summaryEn
    foundAt
    evidenceCount
    reviewedBy
    reviewedAt
    note
  }
}
    `) as unknown as TypedDocumentString<ConsoleAuditFindingsQuery, ConsoleAuditFindingsQueryVariables>;
export const ConsoleReviewAuditFindingDocument = new TypedDocumentString(`
    mutation ConsoleReviewAuditFinding($id: ID!, $note: String!) {
  reviewAuditFinding(id: $id, note: $note) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<ConsoleReviewAuditFindingMutation, ConsoleReviewAuditFindingMutationVariables>;
export const ConsolePolicyVersionsDocument = new TypedDocumentString(`
    query ConsolePolicyVersions($regionCode: String!) {
  policyVersions(regionCode: $regionCode) {
    id
    regionCode
    effectiveFrom
    parameters
    createdAt
    createdBy
  }
}
    `) as unknown as TypedDocumentString<ConsolePolicyVersionsQuery, ConsolePolicyVersionsQueryVariables>;
export const ConsoleSavePolicyDocument = new TypedDocumentString(`
    mutation ConsoleSavePolicy($regionCode: String!, $effectiveFrom: String!, $about: String, $parameters: JSON!) {
  savePolicy(
    regionCode: $regionCode
    effectiveFrom: $effectiveFrom
    about: $about
    parameters: $parameters
  ) {
    id
    effectiveFrom
  }
}
    `) as unknown as TypedDocumentString<ConsoleSavePolicyMutation, ConsoleSavePolicyMutationVariables>;
export const ConsoleReviewSchedulesDocument = new TypedDocumentString(`
    query ConsoleReviewSchedules($regionCode: String!) {
  reviewSchedules(regionCode: $regionCode) {
    id
    regionCode
    cron
    purpose
    timeZone
    active
    createdBy
    createdAt
  }
}
    `) as unknown as TypedDocumentString<ConsoleReviewSchedulesQuery, ConsoleReviewSchedulesQueryVariables>;
export const ConsoleScheduleReviewDocument = new TypedDocumentString(`
    mutation ConsoleScheduleReview($regionCode: String!, $cron: String!, $purpose: Purpose!, $timeZone: String) {
  scheduleReview(
    regionCode: $regionCode
    cron: $cron
    purpose: $purpose
    timeZone: $timeZone
  ) {
    id
  }
}
    `) as unknown as TypedDocumentString<ConsoleScheduleReviewMutation, ConsoleScheduleReviewMutationVariables>;
export const ConsolePauseReviewDocument = new TypedDocumentString(`
    mutation ConsolePauseReview($id: ID!) {
  pauseReviewSchedule(id: $id) {
    id
    active
  }
}
    `) as unknown as TypedDocumentString<ConsolePauseReviewMutation, ConsolePauseReviewMutationVariables>;
export const ConsoleResumeReviewDocument = new TypedDocumentString(`
    mutation ConsoleResumeReview($id: ID!) {
  resumeReviewSchedule(id: $id) {
    id
    active
  }
}
    `) as unknown as TypedDocumentString<ConsoleResumeReviewMutation, ConsoleResumeReviewMutationVariables>;
export const ConsoleDeleteReviewDocument = new TypedDocumentString(`
    mutation ConsoleDeleteReview($id: ID!) {
  deleteReviewSchedule(id: $id)
}
    `) as unknown as TypedDocumentString<ConsoleDeleteReviewMutation, ConsoleDeleteReviewMutationVariables>;
export const ConsoleSecurityEventsDocument = new TypedDocumentString(`
    query ConsoleSecurityEvents($first: Int) {
  securityEvents(first: $first) {
    id
    occurredAt
    lastAt
    kind
    reason
    errorCode
    sourceAddress
    actorSub
    claimedSub
    door
    detail
    count
  }
}
    `) as unknown as TypedDocumentString<ConsoleSecurityEventsQuery, ConsoleSecurityEventsQueryVariables>;
export const ConsoleWebhookAllowedHostsDocument = new TypedDocumentString(`
    query ConsoleWebhookAllowedHosts {
  webhookAllowedHosts {
    id
    org
    pattern
    createdBy
    createdAt
  }
}
    `) as unknown as TypedDocumentString<ConsoleWebhookAllowedHostsQuery, ConsoleWebhookAllowedHostsQueryVariables>;
export const ConsoleAllowWebhookHostDocument = new TypedDocumentString(`
    mutation ConsoleAllowWebhookHost($org: String, $pattern: String!) {
  allowWebhookHost(org: $org, pattern: $pattern) {
    id
  }
}
    `) as unknown as TypedDocumentString<ConsoleAllowWebhookHostMutation, ConsoleAllowWebhookHostMutationVariables>;
export const ConsoleDisallowWebhookHostDocument = new TypedDocumentString(`
    mutation ConsoleDisallowWebhookHost($id: ID!) {
  disallowWebhookHost(id: $id)
}
    `) as unknown as TypedDocumentString<ConsoleDisallowWebhookHostMutation, ConsoleDisallowWebhookHostMutationVariables>;
export const ConsoleWebhookSubscriptionsDocument = new TypedDocumentString(`
    query ConsoleWebhookSubscriptions {
  webhookSubscriptions {
    id
    org
    url
    kinds
    active
    createdAt
  }
}
    `) as unknown as TypedDocumentString<ConsoleWebhookSubscriptionsQuery, ConsoleWebhookSubscriptionsQueryVariables>;
export const ConsoleSubscribeWebhookDocument = new TypedDocumentString(`
    mutation ConsoleSubscribeWebhook($url: String!, $kinds: [String!]) {
  subscribeWebhook(url: $url, kinds: $kinds) {
    id
  }
}
    `) as unknown as TypedDocumentString<ConsoleSubscribeWebhookMutation, ConsoleSubscribeWebhookMutationVariables>;
export const ConsoleUnsubscribeWebhookDocument = new TypedDocumentString(`
    mutation ConsoleUnsubscribeWebhook($id: ID!) {
  unsubscribeWebhook(id: $id)
}
    `) as unknown as TypedDocumentString<ConsoleUnsubscribeWebhookMutation, ConsoleUnsubscribeWebhookMutationVariables>;
export const ConsoleBatchDocument = new TypedDocumentString(`
    query ConsoleBatch($id: ID!) {
  batch(id: $id) {
    id
    purpose
    status
    total
    chunkSize
    createdAt
    startedAt
    finishedAt
    counts {
      queued
      running
      done
      refused
      failed
      cancelled
    }
    pendingSources
    householdsPerSecond
    secondsLeft
  }
}
    `) as unknown as TypedDocumentString<ConsoleBatchQuery, ConsoleBatchQueryVariables>;
export const ConsoleBatchResultsDocument = new TypedDocumentString(`
    query ConsoleBatchResults($id: ID!, $first: Int, $after: Int) {
  batchResults(id: $id, first: $first, after: $after) {
    items {
      seq
      status
      externalRef
      regionCode
      reportId
      errorCode
      errorMessage
      reportStatus
      circle
      hardshipIndex
      undeclaredItemsFound
    }
    nextAfter
  }
}
    `) as unknown as TypedDocumentString<ConsoleBatchResultsQuery, ConsoleBatchResultsQueryVariables>;
export const ConsoleCancelBatchDocument = new TypedDocumentString(`
    mutation ConsoleCancelBatch($id: ID!) {
  cancelBatch(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<ConsoleCancelBatchMutation, ConsoleCancelBatchMutationVariables>;
export const ConsoleRankedHouseholdsDocument = new TypedDocumentString(`
    query ConsoleRankedHouseholds($regionCode: String!, $filter: RankingFilter, $first: Int, $after: String) {
  rankedHouseholds(
    regionCode: $regionCode
    filter: $filter
    first: $first
    after: $after
  ) {
    edges {
      rank
      cursor
      status {
        household {
          id
          regionCode
          externalRef
        }
        reportId
        assessedAt
        circle
        hardshipIndex
        perCapitaIncome
        lowIncomeStandard
        urgency
        targetGroups
        eligibleProgrammes
        exclusion
        exclusionZh
      }
    }
    hasNextPage
    endCursor
  }
}
    `) as unknown as TypedDocumentString<ConsoleRankedHouseholdsQuery, ConsoleRankedHouseholdsQueryVariables>;
export const ConsoleFindHouseholdsDocument = new TypedDocumentString(`
    query ConsoleFindHouseholds($idNumber: String, $externalRef: String) {
  findHouseholds(idNumber: $idNumber, externalRef: $externalRef) {
    id
    regionCode
    externalRef
    status {
      reportId
      assessedAt
      circle
      hardshipIndex
      perCapitaIncome
      lowIncomeStandard
      urgency
      targetGroups
      eligibleProgrammes
      ranked
      exclusion
      exclusionZh
      history {
        reportId
        createdAt
        purpose
        status
        circle
        hardshipIndex
        undeclaredItemsFound
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleFindHouseholdsQuery, ConsoleFindHouseholdsQueryVariables>;
export const ConsoleSourcesDocument = new TypedDocumentString(`
    query ConsoleSources {
  sources {
    id
    labelZh
    labelEn
    protocol
    health {
      circuit
      calls
      failures
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleSourcesQuery, ConsoleSourcesQueryVariables>;
export const VerifySourcesDocument = new TypedDocumentString(`
    query VerifySources {
  sources {
    id
    labelZh
    labelEn
    protocol
  }
}
    `) as unknown as TypedDocumentString<VerifySourcesQuery, VerifySourcesQueryVariables>;
export const VerifyRegisterConsentsDocument = new TypedDocumentString(`
    mutation VerifyRegisterConsents($consents: [ConsentInput!]!) {
  registerConsents(consents: $consents) {
    id
    member
  }
}
    `) as unknown as TypedDocumentString<VerifyRegisterConsentsMutation, VerifyRegisterConsentsMutationVariables>;
export const VerifyRequestVerificationDocument = new TypedDocumentString(`
    mutation VerifyRequestVerification($input: VerificationInput!) {
  requestVerification(input: $input) {
    id
    members {
      attributes {
        code
      }
    }
  }
}
    `) as unknown as TypedDocumentString<VerifyRequestVerificationMutation, VerifyRequestVerificationMutationVariables>;
export const VerificationProgressDocument = new TypedDocumentString(`
    query VerificationProgress($id: ID!) {
  verificationReport(id: $id) {
    id
    status
    revision
    undeclaredItemsFound
    sources {
      source
      status
      latencyMs
      answeredAt
    }
    discrepancies {
      kind
    }
    assessment {
      eligibility {
        programme
        labelZh
        labelEn
        conclusion
        benefit {
          total {
            value
          }
          provisional
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<VerificationProgressQuery, VerificationProgressQueryVariables>;
export const ReportPageDocument = new TypedDocumentString(`
    query ReportPage($id: ID!) {
  sources {
    id
    labelZh
    labelEn
  }
  verificationReport(id: $id) {
    id
    status
    createdAt
    completedAt
    purpose
    applicationRef
    revision
    reportSha256
    undeclaredItemsFound
    requester {
      sub
      org
    }
    household {
      regionCode
      externalRef
    }
    signature {
      kid
    }
    members {
      person {
        id
        idNumberMasked
      }
      name
      relation
      birthDate
      sex
      attributes {
        code
        value
        unit
        source
        asOf
        labelZh
        labelEn
      }
    }
    sources {
      source
      status
      latencyMs
      answeredAt
      error
    }
    missingSources {
      source
      status
    }
    discrepancies {
      kind
      labelZh
      severity
      zh
      en
    }
    assessment {
      eligibility {
        programme
        labelZh
        labelEn
        conclusion
        grounds {
          code
          holds
          zh
          en
        }
        benefit {
          total {
            value
            zh
            en
          }
          parts {
            value
            zh
            en
          }
          provisional
        }
        missing {
          source
          status
        }
      }
      vetoes {
        code
        labelZh
        labelEn
        outcome
        deferMonths
      }
      income {
        byKind {
          kind
          figure {
            ...ReportFigure
          }
        }
        gross {
          ...ReportFigure
        }
        rigidDeductions {
          ...ReportFigure
        }
        net {
          ...ReportFigure
        }
        perCapita {
          ...ReportFigure
        }
      }
      assets {
        passes
        depositsPerCapita {
          ...ReportFigure
        }
        vehicles {
          ...ReportFigure
        }
        properties {
          ...ReportFigure
        }
        businessCapital {
          ...ReportFigure
        }
        exceeded {
          limit
          allowed
          figure {
            ...ReportFigure
          }
        }
      }
    }
  }
}
    fragment ReportFigure on Figure {
  value
  unit
  rule
  zh
  en
  provisional {
    source
    status
  }
}`) as unknown as TypedDocumentString<ReportPageQuery, ReportPageQueryVariables>;