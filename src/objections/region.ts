import type { Knex } from 'knex';
import { isUuid } from '../validation/index.js';

/**
 * The region of the household an objection is about, whoever asks: only for recording where a
 * refused attempt was aimed (so that region's auditors see it), never to answer a caller.
 */
export async function regionOfObjection(db: Knex, objectionId: unknown): Promise<string | null> {
  if (typeof objectionId !== 'string' || !isUuid(objectionId)) return null;
  const row: { region_code: string } | undefined = await db('objections').where({ id: objectionId }).first('region_code');
  return row?.region_code ?? null;
}
