import type { Knex } from 'knex';
import { canonicalBytes } from '../canonical/index.js';
import { openBytes, sealBytes, type SealedField } from '../data-protection/index.js';
import type { ReportBody } from './report.js';

/**
 * A report version at rest: the body's canonical JSON (the very bytes signed and hashed),
 * compressed and sealed under the data key, bound to the report and revision, and the JWS detached (RFC 7515 appendix F:
 * protected header and signature, no payload), so the signature stores nothing personal. Reading
 * puts the payload back, which makes the same compact JWS the signer returned.
 */
export interface SealedVersion {
  body_sealed: Buffer;
  jws: string;
}

/** A stored version as read: its id, revision and sealed columns. */
export interface SealedRow {
  id: string;
  revision: number;
  body_sealed: Buffer;
  jws: string;
}

/** `reports` and `report_versions` seal alike: a version keeps its revision when it moves to `report_versions`. */
const fieldOf = (reportId: string, revision: number): SealedField => ({ table: 'reports', column: 'body', row: `${reportId}/${revision}` });

function detached(jws: string): string {
  // Reports stored before they were signed have no JWS.
  if (jws === '') return '';
  const [header, , signature] = jws.split('.');
  return `${header}..${signature}`;
}

/**
 * Seals a version: `signedBytes` are the bytes the signer signed and hashed (so a large body is
 * serialised once per version); without them (versions stored before), the body's canonical JSON.
 * The JWS is stored detached: as the signer made it, or cut from the compact form.
 */
export function sealVersion(db: Knex, body: ReportBody, revision: number, signed: { readonly jws: string; detachedJws?: string; signedBytes?: Buffer }): SealedVersion {
  return { body_sealed: sealBytes(db, fieldOf(body.id, revision), signed.signedBytes ?? canonicalBytes(body), { compress: true }), jws: signed.detachedJws ?? detached(signed.jws) };
}

/**
 * The body and the compact JWS of a stored version (the JWS verifies offline as issued:
 * docs/SIGNING.md), and the signed bytes.
 */
export function openVersion(db: Knex, row: SealedRow): { body: ReportBody; bytes: Buffer; readonly jws: string } {
  const bytes = openBytes(db, fieldOf(row.id, row.revision), row.body_sealed);
  return withJws(JSON.parse(bytes.toString('utf8')) as ReportBody, bytes, row.jws);
}

/**
 * An opened version with its compact JWS as a getter, made on first use: putting the payload back
 * is a base64url of the whole body, which most reads (those that do not select the signature) never need.
 */
export function withJws(body: ReportBody, bytes: Buffer, detachedJws: string): { body: ReportBody; bytes: Buffer; readonly jws: string } {
  let jws: string | undefined;
  return {
    body,
    bytes,
    get jws() {
      if (jws === undefined) {
        const [header, , signature] = detachedJws.split('.');
        jws = detachedJws === '' ? '' : `${header}.${bytes.toString('base64url')}.${signature}`;
      }
      return jws;
    },
  };
}

/** The body alone, for readers of some of its fields (history, assessment, batch results). */
export function openReportBody(db: Knex, row: Omit<SealedRow, 'jws'>): ReportBody {
  return JSON.parse(openBytes(db, fieldOf(row.id, row.revision), row.body_sealed).toString('utf8')) as ReportBody;
}

/**
 * Versions stored before encryption at rest (migration 017), sealed in place at the hub's start:
 * the canonical JSON of the stored body is what was signed, so the detached JWS still matches it.
 */
export async function sealLegacyReports(db: Knex): Promise<number> {
  let sealed = 0;
  for (const table of ['reports', 'report_versions'] as const) {
    const idColumn = table === 'reports' ? 'id' : 'report_id';
    for (;;) {
      const n = await db.transaction(async (trx) => {
        const rows: { id: string; revision: number; body: ReportBody; jws: string | null }[] = await trx(table)
          .whereNotNull('body')
          .forNoKeyUpdate()
          .skipLocked()
          .limit(200)
          .select(`${idColumn} as id`, 'revision', 'body', 'jws');
        for (const r of rows) await trx(table).where({ [idColumn]: r.id, revision: r.revision }).update({ ...sealVersion(trx, r.body, r.revision, { jws: r.jws ?? '' }), body: null });
        return rows.length;
      });
      sealed += n;
      if (n === 0) break;
    }
  }
  return sealed;
}
