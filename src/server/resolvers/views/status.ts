import type { Knex } from 'knex';
import { assistanceRecords, reportHistory, type HouseholdStatus } from '../../../households/index.js';

/** A household's status as the `HouseholdStatus` type shows it; its history and recorded assistance read only when selected. */
export function statusView(db: Knex, s: HouseholdStatus) {
  return {
    ...s,
    household: { id: s.householdId, regionCode: s.regionCode, externalRef: s.externalRef },
    history: () => reportHistory(db, s.householdId),
    recordedAssistance: () => assistanceRecords(db, s.householdId),
  };
}
