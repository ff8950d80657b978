/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ConsoleAuditEvents($filter: AuditFilter, $first: Int, $before: ID) {\n    auditEvents(filter: $filter, first: $first, before: $before) {\n      seq\n      occurredAt\n      action\n      outcome\n      actorSub\n      actorOrg\n      actorRoles\n      purpose\n      applicationRef\n      regionCode\n      subjects\n      attributeCodes\n      errorCode\n      details\n    }\n  }\n": typeof types.ConsoleAuditEventsDocument,
    "\n  query ConsoleAuditChain($from: AuditChainFrom) {\n    auditChain(from: $from) {\n      ok\n      checked\n      brokenAt\n      reason\n      checkpoint\n      startedAfter\n    }\n  }\n": typeof types.ConsoleAuditChainDocument,
    "\n  query ConsoleAuditFindings($first: Int) {\n    auditFindings(first: $first) {\n      id\n      rule\n      severity\n      status\n      regionCode\n      actorSub\n      subjects\n      summaryZh\n      summaryEn\n      foundAt\n      evidenceCount\n      reviewedBy\n      reviewedAt\n      note\n    }\n  }\n": typeof types.ConsoleAuditFindingsDocument,
    "\n  mutation ConsoleReviewAuditFinding($id: ID!, $note: String!) {\n    reviewAuditFinding(id: $id, note: $note) {\n      id\n      status\n    }\n  }\n": typeof types.ConsoleReviewAuditFindingDocument,
    "\n  query ConsolePolicyVersions($regionCode: String!) {\n    policyVersions(regionCode: $regionCode) {\n      id\n      regionCode\n      effectiveFrom\n      parameters\n      createdAt\n      createdBy\n    }\n  }\n": typeof types.ConsolePolicyVersionsDocument,
    "\n  mutation ConsoleSavePolicy($regionCode: String!, $effectiveFrom: String!, $about: String, $parameters: JSON!) {\n    savePolicy(regionCode: $regionCode, effectiveFrom: $effectiveFrom, about: $about, parameters: $parameters) {\n      id\n      effectiveFrom\n    }\n  }\n": typeof types.ConsoleSavePolicyDocument,
    "\n  query ConsoleReviewSchedules($regionCode: String!) {\n    reviewSchedules(regionCode: $regionCode) {\n      id\n      regionCode\n      cron\n      purpose\n      timeZone\n      active\n      createdBy\n      createdAt\n    }\n  }\n": typeof types.ConsoleReviewSchedulesDocument,
    "\n  mutation ConsoleScheduleReview($regionCode: String!, $cron: String!, $purpose: Purpose!, $timeZone: String) {\n    scheduleReview(regionCode: $regionCode, cron: $cron, purpose: $purpose, timeZone: $timeZone) {\n      id\n    }\n  }\n": typeof types.ConsoleScheduleReviewDocument,
    "\n  mutation ConsolePauseReview($id: ID!) {\n    pauseReviewSchedule(id: $id) {\n      id\n      active\n    }\n  }\n": typeof types.ConsolePauseReviewDocument,
    "\n  mutation ConsoleResumeReview($id: ID!) {\n    resumeReviewSchedule(id: $id) {\n      id\n      active\n    }\n  }\n": typeof types.ConsoleResumeReviewDocument,
    "\n  mutation ConsoleDeleteReview($id: ID!) {\n    deleteReviewSchedule(id: $id)\n  }\n": typeof types.ConsoleDeleteReviewDocument,
    "\n  query ConsoleSecurityEvents($first: Int) {\n    securityEvents(first: $first) {\n      id\n      occurredAt\n      lastAt\n      kind\n      reason\n      errorCode\n      sourceAddress\n      actorSub\n      claimedSub\n      door\n      detail\n      count\n    }\n  }\n": typeof types.ConsoleSecurityEventsDocument,
    "\n  query ConsoleWebhookAllowedHosts {\n    webhookAllowedHosts {\n      id\n      org\n      pattern\n      createdBy\n      createdAt\n    }\n  }\n": typeof types.ConsoleWebhookAllowedHostsDocument,
    "\n  mutation ConsoleAllowWebhookHost($org: String, $pattern: String!) {\n    allowWebhookHost(org: $org, pattern: $pattern) {\n      id\n    }\n  }\n": typeof types.ConsoleAllowWebhookHostDocument,
    "\n  mutation ConsoleDisallowWebhookHost($id: ID!) {\n    disallowWebhookHost(id: $id)\n  }\n": typeof types.ConsoleDisallowWebhookHostDocument,
    "\n  query ConsoleWebhookSubscriptions {\n    webhookSubscriptions {\n      id\n      org\n      url\n      kinds\n      active\n      createdAt\n    }\n  }\n": typeof types.ConsoleWebhookSubscriptionsDocument,
    "\n  mutation ConsoleSubscribeWebhook($url: String!, $kinds: [String!]) {\n    subscribeWebhook(url: $url, kinds: $kinds) {\n      id\n    }\n  }\n": typeof types.ConsoleSubscribeWebhookDocument,
    "\n  mutation ConsoleUnsubscribeWebhook($id: ID!) {\n    unsubscribeWebhook(id: $id)\n  }\n": typeof types.ConsoleUnsubscribeWebhookDocument,
    "\n  query ConsoleBatch($id: ID!) {\n    batch(id: $id) {\n      id\n      purpose\n      status\n      total\n      chunkSize\n      createdAt\n      startedAt\n      finishedAt\n      counts {\n        queued\n        running\n        done\n        refused\n        failed\n        cancelled\n      }\n      pendingSources\n      householdsPerSecond\n      secondsLeft\n    }\n  }\n": typeof types.ConsoleBatchDocument,
    "\n  query ConsoleBatchResults($id: ID!, $first: Int, $after: Int) {\n    batchResults(id: $id, first: $first, after: $after) {\n      items {\n        seq\n        status\n        externalRef\n        regionCode\n        reportId\n        errorCode\n        errorMessage\n        reportStatus\n        circle\n        hardshipIndex\n        undeclaredItemsFound\n      }\n      nextAfter\n    }\n  }\n": typeof types.ConsoleBatchResultsDocument,
    "\n  mutation ConsoleCancelBatch($id: ID!) {\n    cancelBatch(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.ConsoleCancelBatchDocument,
    "\n  query ConsoleRankedHouseholds($regionCode: String!, $filter: RankingFilter, $first: Int, $after: String) {\n    rankedHouseholds(regionCode: $regionCode, filter: $filter, first: $first, after: $after) {\n      edges {\n        rank\n        cursor\n        status {\n          household {\n            id\n            regionCode\n            externalRef\n          }\n          reportId\n          assessedAt\n          circle\n          hardshipIndex\n          perCapitaIncome\n          lowIncomeStandard\n          urgency\n          targetGroups\n          eligibleProgrammes\n          exclusion\n          exclusionZh\n        }\n      }\n      hasNextPage\n      endCursor\n    }\n  }\n": typeof types.ConsoleRankedHouseholdsDocument,
    "\n  query ConsoleFindHouseholds($idNumber: String, $externalRef: String) {\n    findHouseholds(idNumber: $idNumber, externalRef: $externalRef) {\n      id\n      regionCode\n      externalRef\n      status {\n        reportId\n        assessedAt\n        circle\n        hardshipIndex\n        perCapitaIncome\n        lowIncomeStandard\n        urgency\n        targetGroups\n        eligibleProgrammes\n        ranked\n        exclusion\n        exclusionZh\n        history {\n          reportId\n          createdAt\n          purpose\n          status\n          circle\n          hardshipIndex\n          undeclaredItemsFound\n        }\n      }\n    }\n  }\n": typeof types.ConsoleFindHouseholdsDocument,
    "\n  query ConsoleSources {\n    sources {\n      id\n      labelZh\n      labelEn\n      protocol\n      health {\n        circuit\n        calls\n        failures\n      }\n    }\n  }\n": typeof types.ConsoleSourcesDocument,
    "\n  query VerifySources {\n    sources {\n      id\n      labelZh\n      labelEn\n      protocol\n    }\n  }\n": typeof types.VerifySourcesDocument,
    "\n  mutation VerifyRegisterConsents($consents: [ConsentInput!]!) {\n    registerConsents(consents: $consents) {\n      id\n      member\n    }\n  }\n": typeof types.VerifyRegisterConsentsDocument,
    "\n  mutation VerifyRequestVerification($input: VerificationInput!) {\n    requestVerification(input: $input) {\n      id\n      members {\n        attributes {\n          code\n        }\n      }\n    }\n  }\n": typeof types.VerifyRequestVerificationDocument,
    "\n  query VerificationProgress($id: ID!) {\n    verificationReport(id: $id) {\n      id\n      status\n      revision\n      undeclaredItemsFound\n      sources {\n        source\n        status\n        latencyMs\n        answeredAt\n      }\n      discrepancies {\n        kind\n      }\n      assessment {\n        eligibility {\n          programme\n          labelZh\n          labelEn\n          conclusion\n          benefit {\n            total {\n              value\n            }\n            provisional\n          }\n        }\n      }\n    }\n  }\n": typeof types.VerificationProgressDocument,
    "\n  query ReportPage($id: ID!) {\n    sources {\n      id\n      labelZh\n      labelEn\n    }\n    verificationReport(id: $id) {\n      id\n      status\n      createdAt\n      completedAt\n      purpose\n      applicationRef\n      revision\n      reportSha256\n      undeclaredItemsFound\n      requester {\n        sub\n        org\n      }\n      household {\n        regionCode\n        externalRef\n      }\n      signature {\n        kid\n      }\n      members {\n        person {\n          id\n          idNumberMasked\n        }\n        name\n        relation\n        birthDate\n        sex\n        attributes {\n          code\n          value\n          unit\n          source\n          asOf\n          labelZh\n          labelEn\n        }\n      }\n      sources {\n        source\n        status\n        latencyMs\n        answeredAt\n        error\n      }\n      missingSources {\n        source\n        status\n      }\n      discrepancies {\n        kind\n        labelZh\n        severity\n        zh\n        en\n      }\n      assessment {\n        eligibility {\n          programme\n          labelZh\n          labelEn\n          conclusion\n          grounds {\n            code\n            holds\n            zh\n            en\n          }\n          benefit {\n            total {\n              value\n              zh\n              en\n            }\n            parts {\n              value\n              zh\n              en\n            }\n            provisional\n          }\n          missing {\n            source\n            status\n          }\n        }\n        vetoes {\n          code\n          labelZh\n          labelEn\n          outcome\n          deferMonths\n        }\n        income {\n          byKind {\n            kind\n            figure {\n              ...ReportFigure\n            }\n          }\n          gross {\n            ...ReportFigure\n          }\n          rigidDeductions {\n            ...ReportFigure\n          }\n          net {\n            ...ReportFigure\n          }\n          perCapita {\n            ...ReportFigure\n          }\n        }\n        assets {\n          passes\n          depositsPerCapita {\n            ...ReportFigure\n          }\n          vehicles {\n            ...ReportFigure\n          }\n          properties {\n            ...ReportFigure\n          }\n          businessCapital {\n            ...ReportFigure\n          }\n          exceeded {\n            limit\n            allowed\n            figure {\n              ...ReportFigure\n            }\n          }\n        }\n      }\n    }\n  }\n\n  fragment ReportFigure on Figure {\n    value\n    unit\n    rule\n    zh\n    en\n    provisional {\n      source\n      status\n    }\n  }\n": typeof types.ReportPageDocument,
};
const documents: Documents = {
    "\n  query ConsoleAuditEvents($filter: AuditFilter, $first: Int, $before: ID) {\n    auditEvents(filter: $filter, first: $first, before: $before) {\n      seq\n      occurredAt\n      action\n      outcome\n      actorSub\n      actorOrg\n      actorRoles\n      purpose\n      applicationRef\n      regionCode\n      subjects\n      attributeCodes\n      errorCode\n      details\n    }\n  }\n": types.ConsoleAuditEventsDocument,
    "\n  query ConsoleAuditChain($from: AuditChainFrom) {\n    auditChain(from: $from) {\n      ok\n      checked\n      brokenAt\n      reason\n      checkpoint\n      startedAfter\n    }\n  }\n": types.ConsoleAuditChainDocument,
    "\n  query ConsoleAuditFindings($first: Int) {\n    auditFindings(first: $first) {\n      id\n      rule\n      severity\n      status\n      regionCode\n      actorSub\n      subjects\n      summaryZh\n      summaryEn\n      foundAt\n      evidenceCount\n      reviewedBy\n      reviewedAt\n      note\n    }\n  }\n": types.ConsoleAuditFindingsDocument,
    "\n  mutation ConsoleReviewAuditFinding($id: ID!, $note: String!) {\n    reviewAuditFinding(id: $id, note: $note) {\n      id\n      status\n    }\n  }\n": types.ConsoleReviewAuditFindingDocument,
    "\n  query ConsolePolicyVersions($regionCode: String!) {\n    policyVersions(regionCode: $regionCode) {\n      id\n      regionCode\n      effectiveFrom\n      parameters\n      createdAt\n      createdBy\n    }\n  }\n": types.ConsolePolicyVersionsDocument,
    "\n  mutation ConsoleSavePolicy($regionCode: String!, $effectiveFrom: String!, $about: String, $parameters: JSON!) {\n    savePolicy(regionCode: $regionCode, effectiveFrom: $effectiveFrom, about: $about, parameters: $parameters) {\n      id\n      effectiveFrom\n    }\n  }\n": types.ConsoleSavePolicyDocument,
    "\n  query ConsoleReviewSchedules($regionCode: String!) {\n    reviewSchedules(regionCode: $regionCode) {\n      id\n      regionCode\n      cron\n      purpose\n      timeZone\n      active\n      createdBy\n      createdAt\n    }\n  }\n": types.ConsoleReviewSchedulesDocument,
    "\n  mutation ConsoleScheduleReview($regionCode: String!, $cron: String!, $purpose: Purpose!, $timeZone: String) {\n    scheduleReview(regionCode: $regionCode, cron: $cron, purpose: $purpose, timeZone: $timeZone) {\n      id\n    }\n  }\n": types.ConsoleScheduleReviewDocument,
    "\n  mutation ConsolePauseReview($id: ID!) {\n    pauseReviewSchedule(id: $id) {\n      id\n      active\n    }\n  }\n": types.ConsolePauseReviewDocument,
    "\n  mutation ConsoleResumeReview($id: ID!) {\n    resumeReviewSchedule(id: $id) {\n      id\n      active\n    }\n  }\n": types.ConsoleResumeReviewDocument,
    "\n  mutation ConsoleDeleteReview($id: ID!) {\n    deleteReviewSchedule(id: $id)\n  }\n": types.ConsoleDeleteReviewDocument,
    "\n  query ConsoleSecurityEvents($first: Int) {\n    securityEvents(first: $first) {\n      id\n      occurredAt\n      lastAt\n      kind\n      reason\n      errorCode\n      sourceAddress\n      actorSub\n      claimedSub\n      door\n      detail\n      count\n    }\n  }\n": types.ConsoleSecurityEventsDocument,
    "\n  query ConsoleWebhookAllowedHosts {\n    webhookAllowedHosts {\n      id\n      org\n      pattern\n      createdBy\n      createdAt\n    }\n  }\n": types.ConsoleWebhookAllowedHostsDocument,
    "\n  mutation ConsoleAllowWebhookHost($org: String, $pattern: String!) {\n    allowWebhookHost(org: $org, pattern: $pattern) {\n      id\n    }\n  }\n": types.ConsoleAllowWebhookHostDocument,
    "\n  mutation ConsoleDisallowWebhookHost($id: ID!) {\n    disallowWebhookHost(id: $id)\n  }\n": types.ConsoleDisallowWebhookHostDocument,
    "\n  query ConsoleWebhookSubscriptions {\n    webhookSubscriptions {\n      id\n      org\n      url\n      kinds\n      active\n      createdAt\n    }\n  }\n": types.ConsoleWebhookSubscriptionsDocument,
    "\n  mutation ConsoleSubscribeWebhook($url: String!, $kinds: [String!]) {\n    subscribeWebhook(url: $url, kinds: $kinds) {\n      id\n    }\n  }\n": types.ConsoleSubscribeWebhookDocument,
    "\n  mutation ConsoleUnsubscribeWebhook($id: ID!) {\n    unsubscribeWebhook(id: $id)\n  }\n": types.ConsoleUnsubscribeWebhookDocument,
    "\n  query ConsoleBatch($id: ID!) {\n    batch(id: $id) {\n      id\n      purpose\n      status\n      total\n      chunkSize\n      createdAt\n      startedAt\n      finishedAt\n      counts {\n        queued\n        running\n        done\n        refused\n        failed\n        cancelled\n      }\n      pendingSources\n      householdsPerSecond\n      secondsLeft\n    }\n  }\n": types.ConsoleBatchDocument,
    "\n  query ConsoleBatchResults($id: ID!, $first: Int, $after: Int) {\n    batchResults(id: $id, first: $first, after: $after) {\n      items {\n        seq\n        status\n        externalRef\n        regionCode\n        reportId\n        errorCode\n        errorMessage\n        reportStatus\n        circle\n        hardshipIndex\n        undeclaredItemsFound\n      }\n      nextAfter\n    }\n  }\n": types.ConsoleBatchResultsDocument,
    "\n  mutation ConsoleCancelBatch($id: ID!) {\n    cancelBatch(id: $id) {\n      id\n      status\n    }\n  }\n": types.ConsoleCancelBatchDocument,
    "\n  query ConsoleRankedHouseholds($regionCode: String!, $filter: RankingFilter, $first: Int, $after: String) {\n    rankedHouseholds(regionCode: $regionCode, filter: $filter, first: $first, after: $after) {\n      edges {\n        rank\n        cursor\n        status {\n          household {\n            id\n            regionCode\n            externalRef\n          }\n          reportId\n          assessedAt\n          circle\n          hardshipIndex\n          perCapitaIncome\n          lowIncomeStandard\n          urgency\n          targetGroups\n          eligibleProgrammes\n          exclusion\n          exclusionZh\n        }\n      }\n      hasNextPage\n      endCursor\n    }\n  }\n": types.ConsoleRankedHouseholdsDocument,
    "\n  query ConsoleFindHouseholds($idNumber: String, $externalRef: String) {\n    findHouseholds(idNumber: $idNumber, externalRef: $externalRef) {\n      id\n      regionCode\n      externalRef\n      status {\n        reportId\n        assessedAt\n        circle\n        hardshipIndex\n        perCapitaIncome\n        lowIncomeStandard\n        urgency\n        targetGroups\n        eligibleProgrammes\n        ranked\n        exclusion\n        exclusionZh\n        history {\n          reportId\n          createdAt\n          purpose\n          status\n          circle\n          hardshipIndex\n          undeclaredItemsFound\n        }\n      }\n    }\n  }\n": types.ConsoleFindHouseholdsDocument,
    "\n  query ConsoleSources {\n    sources {\n      id\n      labelZh\n      labelEn\n      protocol\n      health {\n        circuit\n        calls\n        failures\n      }\n    }\n  }\n": types.ConsoleSourcesDocument,
    "\n  query VerifySources {\n    sources {\n      id\n      labelZh\n      labelEn\n      protocol\n    }\n  }\n": types.VerifySourcesDocument,
    "\n  mutation VerifyRegisterConsents($consents: [ConsentInput!]!) {\n    registerConsents(consents: $consents) {\n      id\n      member\n    }\n  }\n": types.VerifyRegisterConsentsDocument,
    "\n  mutation VerifyRequestVerification($input: VerificationInput!) {\n    requestVerification(input: $input) {\n      id\n      members {\n        attributes {\n          code\n        }\n      }\n    }\n  }\n": types.VerifyRequestVerificationDocument,
    "\n  query VerificationProgress($id: ID!) {\n    verificationReport(id: $id) {\n      id\n      status\n      revision\n      undeclaredItemsFound\n      sources {\n        source\n        status\n        latencyMs\n        answeredAt\n      }\n      discrepancies {\n        kind\n      }\n      assessment {\n        eligibility {\n          programme\n          labelZh\n          labelEn\n          conclusion\n          benefit {\n            total {\n              value\n            }\n            provisional\n          }\n        }\n      }\n    }\n  }\n": types.VerificationProgressDocument,
    "\n  query ReportPage($id: ID!) {\n    sources {\n      id\n      labelZh\n      labelEn\n    }\n    verificationReport(id: $id) {\n      id\n      status\n      createdAt\n      completedAt\n      purpose\n      applicationRef\n      revision\n      reportSha256\n      undeclaredItemsFound\n      requester {\n        sub\n        org\n      }\n      household {\n        regionCode\n        externalRef\n      }\n      signature {\n        kid\n      }\n      members {\n        person {\n          id\n          idNumberMasked\n        }\n        name\n        relation\n        birthDate\n        sex\n        attributes {\n          code\n          value\n          unit\n          source\n          asOf\n          labelZh\n          labelEn\n        }\n      }\n      sources {\n        source\n        status\n        latencyMs\n        answeredAt\n        error\n      }\n      missingSources {\n        source\n        status\n      }\n      discrepancies {\n        kind\n        labelZh\n        severity\n        zh\n        en\n      }\n      assessment {\n        eligibility {\n          programme\n          labelZh\n          labelEn\n          conclusion\n          grounds {\n            code\n            holds\n            zh\n            en\n          }\n          benefit {\n            total {\n              value\n              zh\n              en\n            }\n            parts {\n              value\n              zh\n              en\n            }\n            provisional\n          }\n          missing {\n            source\n            status\n          }\n        }\n        vetoes {\n          code\n          labelZh\n          labelEn\n          outcome\n          deferMonths\n        }\n        income {\n          byKind {\n            kind\n            figure {\n              ...ReportFigure\n            }\n          }\n          gross {\n            ...ReportFigure\n          }\n          rigidDeductions {\n            ...ReportFigure\n          }\n          net {\n            ...ReportFigure\n          }\n          perCapita {\n            ...ReportFigure\n          }\n        }\n        assets {\n          passes\n          depositsPerCapita {\n            ...ReportFigure\n          }\n          vehicles {\n            ...ReportFigure\n          }\n          properties {\n            ...ReportFigure\n          }\n          businessCapital {\n            ...ReportFigure\n          }\n          exceeded {\n            limit\n            allowed\n            figure {\n              ...ReportFigure\n            }\n          }\n        }\n      }\n    }\n  }\n\n  fragment ReportFigure on Figure {\n    value\n    unit\n    rule\n    zh\n    en\n    provisional {\n      source\n      status\n    }\n  }\n": types.ReportPageDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAuditEvents($filter: AuditFilter, $first: Int, $before: ID) {\n    auditEvents(filter: $filter, first: $first, before: $before) {\n      seq\n      occurredAt\n      action\n      outcome\n      actorSub\n      actorOrg\n      actorRoles\n      purpose\n      applicationRef\n      regionCode\n      subjects\n      attributeCodes\n      errorCode\n      details\n    }\n  }\n"): typeof import('./graphql').ConsoleAuditEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAuditChain($from: AuditChainFrom) {\n    auditChain(from: $from) {\n      ok\n      checked\n      brokenAt\n      reason\n      checkpoint\n      startedAfter\n    }\n  }\n"): typeof import('./graphql').ConsoleAuditChainDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAuditFindings($first: Int) {\n    auditFindings(first: $first) {\n      id\n      rule\n      severity\n      status\n      regionCode\n      actorSub\n      subjects\n      summaryZh\n      summaryEn\n      foundAt\n      evidenceCount\n      reviewedBy\n      reviewedAt\n      note\n    }\n  }\n"): typeof import('./graphql').ConsoleAuditFindingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleReviewAuditFinding($id: ID!, $note: String!) {\n    reviewAuditFinding(id: $id, note: $note) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').ConsoleReviewAuditFindingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsolePolicyVersions($regionCode: String!) {\n    policyVersions(regionCode: $regionCode) {\n      id\n      regionCode\n      effectiveFrom\n      parameters\n      createdAt\n      createdBy\n    }\n  }\n"): typeof import('./graphql').ConsolePolicyVersionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSavePolicy($regionCode: String!, $effectiveFrom: String!, $about: String, $parameters: JSON!) {\n    savePolicy(regionCode: $regionCode, effectiveFrom: $effectiveFrom, about: $about, parameters: $parameters) {\n      id\n      effectiveFrom\n    }\n  }\n"): typeof import('./graphql').ConsoleSavePolicyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleReviewSchedules($regionCode: String!) {\n    reviewSchedules(regionCode: $regionCode) {\n      id\n      regionCode\n      cron\n      purpose\n      timeZone\n      active\n      createdBy\n      createdAt\n    }\n  }\n"): typeof import('./graphql').ConsoleReviewSchedulesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleScheduleReview($regionCode: String!, $cron: String!, $purpose: Purpose!, $timeZone: String) {\n    scheduleReview(regionCode: $regionCode, cron: $cron, purpose: $purpose, timeZone: $timeZone) {\n      id\n    }\n  }\n"): typeof import('./graphql').ConsoleScheduleReviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsolePauseReview($id: ID!) {\n    pauseReviewSchedule(id: $id) {\n      id\n      active\n    }\n  }\n"): typeof import('./graphql').ConsolePauseReviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleResumeReview($id: ID!) {\n    resumeReviewSchedule(id: $id) {\n      id\n      active\n    }\n  }\n"): typeof import('./graphql').ConsoleResumeReviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeleteReview($id: ID!) {\n    deleteReviewSchedule(id: $id)\n  }\n"): typeof import('./graphql').ConsoleDeleteReviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleSecurityEvents($first: Int) {\n    securityEvents(first: $first) {\n      id\n      occurredAt\n      lastAt\n      kind\n      reason\n      errorCode\n      sourceAddress\n      actorSub\n      claimedSub\n      door\n      detail\n      count\n    }\n  }\n"): typeof import('./graphql').ConsoleSecurityEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleWebhookAllowedHosts {\n    webhookAllowedHosts {\n      id\n      org\n      pattern\n      createdBy\n      createdAt\n    }\n  }\n"): typeof import('./graphql').ConsoleWebhookAllowedHostsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleAllowWebhookHost($org: String, $pattern: String!) {\n    allowWebhookHost(org: $org, pattern: $pattern) {\n      id\n    }\n  }\n"): typeof import('./graphql').ConsoleAllowWebhookHostDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDisallowWebhookHost($id: ID!) {\n    disallowWebhookHost(id: $id)\n  }\n"): typeof import('./graphql').ConsoleDisallowWebhookHostDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleWebhookSubscriptions {\n    webhookSubscriptions {\n      id\n      org\n      url\n      kinds\n      active\n      createdAt\n    }\n  }\n"): typeof import('./graphql').ConsoleWebhookSubscriptionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSubscribeWebhook($url: String!, $kinds: [String!]) {\n    subscribeWebhook(url: $url, kinds: $kinds) {\n      id\n    }\n  }\n"): typeof import('./graphql').ConsoleSubscribeWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleUnsubscribeWebhook($id: ID!) {\n    unsubscribeWebhook(id: $id)\n  }\n"): typeof import('./graphql').ConsoleUnsubscribeWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleBatch($id: ID!) {\n    batch(id: $id) {\n      id\n      purpose\n      status\n      total\n      chunkSize\n      createdAt\n      startedAt\n      finishedAt\n      counts {\n        queued\n        running\n        done\n        refused\n        failed\n        cancelled\n      }\n      pendingSources\n      householdsPerSecond\n      secondsLeft\n    }\n  }\n"): typeof import('./graphql').ConsoleBatchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleBatchResults($id: ID!, $first: Int, $after: Int) {\n    batchResults(id: $id, first: $first, after: $after) {\n      items {\n        seq\n        status\n        externalRef\n        regionCode\n        reportId\n        errorCode\n        errorMessage\n        reportStatus\n        circle\n        hardshipIndex\n        undeclaredItemsFound\n      }\n      nextAfter\n    }\n  }\n"): typeof import('./graphql').ConsoleBatchResultsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCancelBatch($id: ID!) {\n    cancelBatch(id: $id) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').ConsoleCancelBatchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleRankedHouseholds($regionCode: String!, $filter: RankingFilter, $first: Int, $after: String) {\n    rankedHouseholds(regionCode: $regionCode, filter: $filter, first: $first, after: $after) {\n      edges {\n        rank\n        cursor\n        status {\n          household {\n            id\n            regionCode\n            externalRef\n          }\n          reportId\n          assessedAt\n          circle\n          hardshipIndex\n          perCapitaIncome\n          lowIncomeStandard\n          urgency\n          targetGroups\n          eligibleProgrammes\n          exclusion\n          exclusionZh\n        }\n      }\n      hasNextPage\n      endCursor\n    }\n  }\n"): typeof import('./graphql').ConsoleRankedHouseholdsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleFindHouseholds($idNumber: String, $externalRef: String) {\n    findHouseholds(idNumber: $idNumber, externalRef: $externalRef) {\n      id\n      regionCode\n      externalRef\n      status {\n        reportId\n        assessedAt\n        circle\n        hardshipIndex\n        perCapitaIncome\n        lowIncomeStandard\n        urgency\n        targetGroups\n        eligibleProgrammes\n        ranked\n        exclusion\n        exclusionZh\n        history {\n          reportId\n          createdAt\n          purpose\n          status\n          circle\n          hardshipIndex\n          undeclaredItemsFound\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ConsoleFindHouseholdsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleSources {\n    sources {\n      id\n      labelZh\n      labelEn\n      protocol\n      health {\n        circuit\n        calls\n        failures\n      }\n    }\n  }\n"): typeof import('./graphql').ConsoleSourcesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VerifySources {\n    sources {\n      id\n      labelZh\n      labelEn\n      protocol\n    }\n  }\n"): typeof import('./graphql').VerifySourcesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyRegisterConsents($consents: [ConsentInput!]!) {\n    registerConsents(consents: $consents) {\n      id\n      member\n    }\n  }\n"): typeof import('./graphql').VerifyRegisterConsentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyRequestVerification($input: VerificationInput!) {\n    requestVerification(input: $input) {\n      id\n      members {\n        attributes {\n          code\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').VerifyRequestVerificationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VerificationProgress($id: ID!) {\n    verificationReport(id: $id) {\n      id\n      status\n      revision\n      undeclaredItemsFound\n      sources {\n        source\n        status\n        latencyMs\n        answeredAt\n      }\n      discrepancies {\n        kind\n      }\n      assessment {\n        eligibility {\n          programme\n          labelZh\n          labelEn\n          conclusion\n          benefit {\n            total {\n              value\n            }\n            provisional\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').VerificationProgressDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReportPage($id: ID!) {\n    sources {\n      id\n      labelZh\n      labelEn\n    }\n    verificationReport(id: $id) {\n      id\n      status\n      createdAt\n      completedAt\n      purpose\n      applicationRef\n      revision\n      reportSha256\n      undeclaredItemsFound\n      requester {\n        sub\n        org\n      }\n      household {\n        regionCode\n        externalRef\n      }\n      signature {\n        kid\n      }\n      members {\n        person {\n          id\n          idNumberMasked\n        }\n        name\n        relation\n        birthDate\n        sex\n        attributes {\n          code\n          value\n          unit\n          source\n          asOf\n          labelZh\n          labelEn\n        }\n      }\n      sources {\n        source\n        status\n        latencyMs\n        answeredAt\n        error\n      }\n      missingSources {\n        source\n        status\n      }\n      discrepancies {\n        kind\n        labelZh\n        severity\n        zh\n        en\n      }\n      assessment {\n        eligibility {\n          programme\n          labelZh\n          labelEn\n          conclusion\n          grounds {\n            code\n            holds\n            zh\n            en\n          }\n          benefit {\n            total {\n              value\n              zh\n              en\n            }\n            parts {\n              value\n              zh\n              en\n            }\n            provisional\n          }\n          missing {\n            source\n            status\n          }\n        }\n        vetoes {\n          code\n          labelZh\n          labelEn\n          outcome\n          deferMonths\n        }\n        income {\n          byKind {\n            kind\n            figure {\n              ...ReportFigure\n            }\n          }\n          gross {\n            ...ReportFigure\n          }\n          rigidDeductions {\n            ...ReportFigure\n          }\n          net {\n            ...ReportFigure\n          }\n          perCapita {\n            ...ReportFigure\n          }\n        }\n        assets {\n          passes\n          depositsPerCapita {\n            ...ReportFigure\n          }\n          vehicles {\n            ...ReportFigure\n          }\n          properties {\n            ...ReportFigure\n          }\n          businessCapital {\n            ...ReportFigure\n          }\n          exceeded {\n            limit\n            allowed\n            figure {\n              ...ReportFigure\n            }\n          }\n        }\n      }\n    }\n  }\n\n  fragment ReportFigure on Figure {\n    value\n    unit\n    rule\n    zh\n    en\n    provisional {\n      source\n      status\n    }\n  }\n"): typeof import('./graphql').ReportPageDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
