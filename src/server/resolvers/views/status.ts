import type { Knex } from 'knex';
import { reportHistory, type HouseholdStatus } from '../../../households/index.js';

/** A household's status as the `HouseholdStatus` type shows it; its history read only when selected. */
export function statusView(db: Knex, s: HouseholdStatus) {
  return {
    ...s,
    household: { id: s.householdId, regionCode: s.regionCode, externalRef: s.externalRef },
    history: () => reportHistory(db, s.householdId),
  };
}
