import type { Knex } from 'knex';
import type { AttributeValue } from '../catalog/index.js';
import type { Evidence } from './input.js';

/** The only code that writes `objections`. */

export type ObjectionStatus = 'OPEN' | 'ACCEPTED' | 'REJECTED';

/** An objection as stored: the value objected to, the evidence, and the review once decided. */
export interface StoredObjection {
  id: string;
  reportId: string;
  regionCode: string;
  personId: string;
  attribute: string;
  /** The value the report held when the objection was raised. */
  original: AttributeValue;
  proposed: AttributeValue;
  evidence: Evidence;
  status: ObjectionStatus;
  raisedBy: { sub: string; org: string };
  raisedAt: string;
  reviewedBy: { sub: string; org: string } | null;
  reviewedAt: string | null;
  reviewNote: string | null;
  /** The report's hash when the objection was raised, and of its new version once an override was stored. */
  reportSha256Before: string;
  reportSha256After: string | null;
}

interface Row {
  id: string;
  report_id: string;
  region_code: string;
  person_id: string;
  attribute: string;
  original: { v: AttributeValue };
  proposed: { v: AttributeValue };
  document_sha256: string;
  note: string;
  status: ObjectionStatus;
  raised_by_sub: string;
  raised_by_org: string;
  raised_at: Date;
  report_sha256_before: string;
  reviewed_by_sub: string | null;
  reviewed_by_org: string | null;
  reviewed_at: Date | null;
  review_note: string | null;
  report_sha256_after: string | null;
}

function fromRow(r: Row): StoredObjection {
  return {
    id: r.id,
    reportId: r.report_id,
    regionCode: r.region_code,
    personId: r.person_id,
    attribute: r.attribute,
    original: r.original.v,
    proposed: r.proposed.v,
    evidence: { documentSha256: r.document_sha256, note: r.note },
    status: r.status,
    raisedBy: { sub: r.raised_by_sub, org: r.raised_by_org },
    raisedAt: r.raised_at.toISOString(),
    reviewedBy: r.reviewed_by_sub ? { sub: r.reviewed_by_sub, org: r.reviewed_by_org ?? '' } : null,
    reviewedAt: r.reviewed_at?.toISOString() ?? null,
    reviewNote: r.review_note,
    reportSha256Before: r.report_sha256_before,
    reportSha256After: r.report_sha256_after,
  };
}

/** What raising an objection stores; the rest is set by the database or the review. */
export type NewObjection = Pick<
  StoredObjection,
  'reportId' | 'regionCode' | 'personId' | 'attribute' | 'original' | 'proposed' | 'evidence' | 'raisedBy' | 'reportSha256Before'
>;

/** Inserts an OPEN objection; null when one for the same value is open already (the partial unique index). */
export async function insertObjection(trx: Knex.Transaction, o: NewObjection): Promise<StoredObjection | null> {
  const rows: Row[] = await trx('objections')
    .insert({
      report_id: o.reportId,
      region_code: o.regionCode,
      person_id: o.personId,
      attribute: o.attribute,
      // Wrapped: a jsonb column holds a bare string or null only awkwardly through pg.
      original: { v: o.original },
      proposed: { v: o.proposed },
      document_sha256: o.evidence.documentSha256,
      note: o.evidence.note,
      raised_by_sub: o.raisedBy.sub,
      raised_by_org: o.raisedBy.org,
      report_sha256_before: o.reportSha256Before,
    })
    // The only unique key besides the id is objections_one_open.
    .onConflict()
    .ignore()
    .returning('*');
  return rows[0] ? fromRow(rows[0]) : null;
}

/** An objection locked until the transaction ends (FOR UPDATE: no audit event references objections by key). */
export async function lockObjection(trx: Knex.Transaction, id: string): Promise<StoredObjection | null> {
  const row: Row | undefined = await trx('objections').where({ id }).forUpdate().first();
  return row ? fromRow(row) : null;
}

export interface Review {
  status: Exclude<ObjectionStatus, 'OPEN'>;
  reviewedBy: { sub: string; org: string };
  note: string;
  reportSha256After: string | null;
}

export async function recordReview(trx: Knex.Transaction, id: string, r: Review): Promise<StoredObjection> {
  const rows: Row[] = await trx('objections')
    .where({ id, status: 'OPEN' })
    .update({ status: r.status, reviewed_by_sub: r.reviewedBy.sub, reviewed_by_org: r.reviewedBy.org, reviewed_at: trx.fn.now(), review_note: r.note, report_sha256_after: r.reportSha256After })
    .returning('*');
  return fromRow(rows[0]!);
}

/** A report's objections, oldest first. */
export async function objectionsOf(db: Knex, reportId: string): Promise<StoredObjection[]> {
  const rows: Row[] = await db('objections').where({ report_id: reportId }).orderBy([{ column: 'raised_at' }, { column: 'id' }]).select('*');
  return rows.map(fromRow);
}
