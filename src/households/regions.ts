import type { Knex } from 'knex';
import { isUuid } from '../validation/index.js';

/**
 * The region of the household a report or a household id names, whoever asks: only for recording
 * where a refused attempt was aimed (so that region's auditors see it), never to answer a caller.
 * An id that is not a UUID or not stored has no region (null), without a database error.
 */
export async function regionOfHousehold(db: Knex, householdId: unknown): Promise<string | null> {
  if (typeof householdId !== 'string' || !isUuid(householdId)) return null;
  const row: { region_code: string } | undefined = await db('households').where({ id: householdId }).first('region_code');
  return row?.region_code ?? null;
}

/** The region of the household a report is about (see regionOfHousehold). */
export async function regionOfReport(db: Knex, reportId: unknown): Promise<string | null> {
  if (typeof reportId !== 'string' || !isUuid(reportId)) return null;
  const row: { region_code: string } | undefined = await db('reports as r').join('households as h', 'h.id', 'r.household_id').where('r.id', reportId).first('h.region_code');
  return row?.region_code ?? null;
}
