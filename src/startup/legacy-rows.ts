import type { Db } from '../db/index.js';
import { sealLegacyItems } from '../batches/index.js';
import { sealLegacyChanges } from '../changes/index.js';
import { sealLegacyPersons } from '../households/index.js';
import { sealLegacyReports } from '../reports/index.js';
import { sealLegacyDeclarations } from '../verification/index.js';

/**
 * Rows a database held before encryption at rest (migration 017), sealed by the module that owns
 * each table; returns how many. A database sealed already costs one empty query per table.
 */
export async function sealLegacyRows(db: Db): Promise<number> {
  let sealed = 0;
  for (const sealTable of [sealLegacyPersons, sealLegacyReports, sealLegacyItems, sealLegacyChanges, sealLegacyDeclarations]) sealed += await sealTable(db);
  return sealed;
}
