import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants as zlib } from 'node:zlib';

/**
 * Where a sealed value belongs: its table, column and row. It is bound into the ciphertext as
 * associated data, so a ciphertext copied to another row or column does not open.
 */
export interface SealedField {
  table: string;
  column: string;
  row: string;
}

/** The keys one database's personal data is sealed with, unwrapped at start. */
export interface DataKeyRing {
  /** The data key new values are sealed with. */
  active: { id: number; key: Buffer };
  /** Every data key not yet destroyed, by id (retired ones still open what they sealed). */
  keys: ReadonlyMap<number, Buffer>;
  /** The HMAC key of the ID-number look-up column; a key of its own, so that rotating the data key keeps look-ups. */
  lookup: Buffer;
}

/** A sealed value that does not open: tampered with, moved to another row, or sealed under a key this ring lacks. */
export class DataProtectionError extends Error {
  override name = 'DataProtectionError';
}

/** The plaintext as given. */
const FORMAT_PLAIN = 1;
/** The plaintext compressed (Brotli, RFC 7932) before it was sealed. */
const FORMAT_BROTLI = 2;
// format (1 byte) | data key id (4 bytes) | IV (12) | GCM tag (16) | ciphertext
const HEADER = 5;
const IV = 12;
const TAG = 16;

function associatedData(header: Buffer, f: SealedField): Buffer {
  return Buffer.concat([header, Buffer.from(`${f.table}.${f.column}/${f.row}`, 'utf8')]);
}

/** How a value is sealed. */
export interface SealOptions {
  /**
   * Compress the plaintext first. For large documents (report bodies: 70-160 KB of JSON that
   * compress 14x), where the bytes written, logged by PostgreSQL's WAL and encrypted were most of a
   * verification's storage cost. Not for short values, where it saves nothing and makes the length
   * say more about the content.
   */
  compress?: boolean;
}

/**
 * Brotli at quality 1 of 11: a 117 KB report body in about 0.1-0.3 ms, 14x smaller; quality 4
 * costs 4x the CPU for 12% less (docs/BENCHMARKS.md, bench:batch 2026-11-28).
 */
function compressed(plain: Buffer): Buffer {
  return brotliCompressSync(plain, { params: { [zlib.BROTLI_PARAM_QUALITY]: 1, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT, [zlib.BROTLI_PARAM_SIZE_HINT]: plain.length } });
}

/**
 * AES-256-GCM (NIST SP 800-38D) under the active data key, a random 96-bit IV per value. The format
 * byte (plain or compressed) is part of the associated data, like the table, column and row, so it
 * cannot be changed either.
 */
export function seal(ring: DataKeyRing, f: SealedField, plain: Buffer, options: SealOptions = {}): Buffer {
  const header = Buffer.alloc(HEADER);
  header.writeUInt8(options.compress ? FORMAT_BROTLI : FORMAT_PLAIN, 0);
  header.writeUInt32BE(ring.active.id, 1);
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', ring.active.key, iv);
  cipher.setAAD(associatedData(header, f));
  const body = Buffer.concat([cipher.update(options.compress ? compressed(plain) : plain), cipher.final()]);
  return Buffer.concat([header, iv, cipher.getAuthTag(), body]);
}

export function open(ring: DataKeyRing, f: SealedField, sealed: Buffer): Buffer {
  const where = `${f.table}.${f.column} of ${f.row}`;
  const format = sealed.length < HEADER + IV + TAG ? 0 : sealed.readUInt8(0);
  if (format !== FORMAT_PLAIN && format !== FORMAT_BROTLI) throw new DataProtectionError(`${where}: not a sealed value`);
  const keyId = sealed.readUInt32BE(1);
  const key = ring.keys.get(keyId);
  if (!key) throw new DataProtectionError(`${where}: sealed under data key ${keyId}, which this hub does not hold`);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(HEADER, HEADER + IV));
  decipher.setAAD(associatedData(sealed.subarray(0, HEADER), f));
  decipher.setAuthTag(sealed.subarray(HEADER + IV, HEADER + IV + TAG));
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(sealed.subarray(HEADER + IV + TAG)), decipher.final()]);
  } catch {
    // GCM's tag check: altered bytes, or a value sealed for another table, column or row.
    throw new DataProtectionError(`${where}: does not open (altered, or sealed for another row)`);
  }
  return format === FORMAT_BROTLI ? decompressed(plain, where) : plain;
}

// Far above any report body (160 KB): a value that claimed more would not be one the hub sealed.
const MAX_OPENED_BYTES = 64 * 1024 * 1024;

/** Authenticated before this, so the bytes are what a holder of the data key compressed. */
function decompressed(compressedBytes: Buffer, where: string): Buffer {
  try {
    return brotliDecompressSync(compressedBytes, { maxOutputLength: MAX_OPENED_BYTES });
  } catch (err) {
    throw new DataProtectionError(`${where}: opens but does not decompress (${(err as Error).message})`);
  }
}

/** HMAC-SHA-256 (RFC 2104) of an ID number: equal numbers, equal hashes, for look-ups and uniqueness. */
export function lookupHash(ring: DataKeyRing, idNumber: string): Buffer {
  return createHmac('sha256', ring.lookup).update(idNumber, 'utf8').digest();
}

/** Key wrapping: AES-256-GCM under the key-encryption key, bound to the key's purpose. */
export function wrapKey(kek: Buffer, purpose: string, key: Buffer): Buffer {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(`data_keys/${purpose}`, 'utf8'));
  const body = Buffer.concat([cipher.update(key), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** The wrapped key, or null when it does not unwrap under this key-encryption key. */
export function unwrapKey(kek: Buffer, purpose: string, wrapped: Buffer): Buffer | null {
  const decipher = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(0, IV));
  decipher.setAAD(Buffer.from(`data_keys/${purpose}`, 'utf8'));
  decipher.setAuthTag(wrapped.subarray(IV, IV + TAG));
  try {
    return Buffer.concat([decipher.update(wrapped.subarray(IV + TAG)), decipher.final()]);
  } catch {
    return null;
  }
}
