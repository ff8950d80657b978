/*
 * Whether an uploaded consent document is structurally a PDF, PNG or JPEG, not merely bytes that
 * start with the right magic number: a "PDF" that is `%PDF-` and junk is not evidence of anything.
 * The checks are cheap and read no content (no rendering, no parsing of objects):
 * - PDF: `%PDF-1.x`/`%PDF-2.x` header; `startxref`, a byte offset inside the file, and `%%EOF` in the
 *   last 2 KB (the trailer every PDF writer emits); an `xref` table or cross-reference stream.
 * - PNG: the signature, then IHDR as the first chunk (13 bytes of data), chunks whose lengths walk
 *   exactly to the end, and IEND as the last chunk.
 * - JPEG: SOI (FF D8) and a marker at the start, EOI (FF D9) at the end.
 */

export type DocumentKind = 'application/pdf' | 'image/jpeg' | 'image/png';

/** Smallest document accepted by default: a scanned or photographed signed form is never smaller. */
export const DEFAULT_MIN_DOCUMENT_BYTES = 1_024;

const PDF_TAIL_BYTES = 2_048;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_PNG_CHUNKS = 100_000;

function pdfProblem(bytes: Buffer): string | null {
  if (!/^%PDF-[12]\.\d/.test(bytes.subarray(0, 8).toString('latin1'))) return 'a PDF must start with a %PDF-1.x or %PDF-2.x header';
  const tail = bytes.subarray(Math.max(0, bytes.length - PDF_TAIL_BYTES)).toString('latin1');
  if (!/%%EOF\s*$/.test(tail)) return 'a PDF must end with %%EOF';
  const startxref = /startxref\s+(\d{1,12})\s+%%EOF\s*$/.exec(tail);
  if (!startxref) return 'a PDF must have startxref and a cross-reference offset just before %%EOF';
  const offset = Number(startxref[1]);
  if (offset <= 0 || offset >= bytes.length) return 'the PDF cross-reference offset (startxref) points outside the file';
  const at = bytes.subarray(offset, offset + 64).toString('latin1');
  // A classic table starts "xref"; a cross-reference stream is an object ("12 0 obj ... /XRef").
  if (!/^\s*xref\b/.test(at) && !/^\s*\d+\s+\d+\s+obj\b/.test(at)) return 'the PDF cross-reference offset (startxref) does not point at an xref table or stream';
  return null;
}

function pngProblem(bytes: Buffer): string | null {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'a PNG must start with the PNG signature';
  let at = 8;
  let first = true;
  let last = '';
  for (let n = 0; at < bytes.length; n += 1) {
    if (n > MAX_PNG_CHUNKS || at + 12 > bytes.length) return 'the PNG chunks do not fit the file (truncated or trailing data)';
    const length = bytes.readUInt32BE(at);
    const type = bytes.subarray(at + 4, at + 8).toString('latin1');
    if (first && (type !== 'IHDR' || length !== 13)) return 'a PNG must have IHDR as its first chunk';
    if (at + 12 + length > bytes.length) return 'the PNG chunks do not fit the file (truncated)';
    first = false;
    last = type;
    at += 12 + length;
    if (type === 'IEND') break;
  }
  if (last !== 'IEND') return 'a PNG must end with the IEND chunk';
  if (at !== bytes.length) return 'a PNG must end with the IEND chunk (data follows it)';
  return null;
}

function jpegProblem(bytes: Buffer): string | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) return 'a JPEG must start with the SOI marker (FF D8 FF)';
  if (bytes[bytes.length - 2] !== 0xff || bytes[bytes.length - 1] !== 0xd9) return 'a JPEG must end with the EOI marker (FF D9)';
  return null;
}

/** Why the bytes are not a well-formed document of this kind, or null when they are. */
export function structureProblem(kind: DocumentKind, bytes: Buffer): string | null {
  if (kind === 'application/pdf') return pdfProblem(bytes);
  if (kind === 'image/png') return pngProblem(bytes);
  return jpegProblem(bytes);
}
