import { z } from 'zod';
import { SourceError, type PersonRecord } from '../contract/index.js';

const valueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const recordSchema = z.union([
  z.object({ idNumber: z.string(), found: z.literal(true), asOf: z.string(), values: z.record(z.string(), valueSchema) }),
  z.object({ idNumber: z.string(), found: z.literal(false) }),
]);
const resultsSchema = z.object({ results: z.array(recordSchema) });

/**
 * Reads an agency's per-person answer. A person the agency left out of its answer counts as not
 * found rather than silently missing, and an answer that does not parse is the agency's failure.
 */
export function readRecords(source: string, persons: readonly string[], body: unknown): Map<string, PersonRecord> {
  const parsed = resultsSchema.safeParse(body);
  if (!parsed.success) throw new SourceError(source, 'UNAVAILABLE', `agency answer is malformed: ${parsed.error.issues[0]?.message ?? ''}`);
  const byId = new Map(parsed.data.results.map((r) => [r.idNumber, r]));
  const records = new Map<string, PersonRecord>();
  for (const id of persons) {
    const r = byId.get(id);
    records.set(id, r?.found ? { found: true, asOf: r.asOf, values: r.values } : { found: false });
  }
  return records;
}
