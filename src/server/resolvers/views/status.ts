import type { Knex } from 'knex';
import { assistanceRecords, reportHistory, statusExclusionZh, type HouseholdStatus } from '../../../households/index.js';
import { localTime } from '../../../regions/index.js';
import { NEED_TAG_LABELS, PROGRAMME_LABELS, SPECIAL_GROUP_LABELS, TARGET_GROUP_LABELS, URGENCY_LABELS, zhOf } from '../../../reports/index.js';

/**
 * A household's status as the `HouseholdStatus` type shows it: times also as people in the region
 * read them, codes also in Chinese; its history, recorded assistance and Chinese exclusion read
 * only when selected.
 */
export function statusView(db: Knex, s: HouseholdStatus) {
  return {
    ...s,
    household: { id: s.householdId, regionCode: s.regionCode, externalRef: s.externalRef },
    assessedAtLocal: localTime(s.assessedAt, s.regionCode),
    urgencyZh: s.urgency === null ? null : zhOf(URGENCY_LABELS, s.urgency),
    targetGroupsZh: s.targetGroups.map((c) => zhOf(TARGET_GROUP_LABELS, c)),
    needTagsZh: s.needTags.map((c) => zhOf(NEED_TAG_LABELS, c)),
    eligibleProgrammesZh: s.eligibleProgrammes.map((c) => zhOf(PROGRAMME_LABELS, c)),
    specialGroupsZh: s.specialGroups.map((c) => zhOf(SPECIAL_GROUP_LABELS, c)),
    exclusionZh: () => statusExclusionZh(db, s),
    history: async () => (await reportHistory(db, s.householdId)).map((h) => ({ ...h, createdAtLocal: localTime(h.createdAt, s.regionCode) })),
    recordedAssistance: () => assistanceRecords(db, s.householdId),
  };
}
