import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';

/** A file in no encoding the hub reads, or one that changes encoding midway: names the line. */
export class FileEncodingError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export type TextEncoding = 'utf-8' | 'gb18030';

/** Bytes held back before the encoding is chosen: enough Chinese text to tell GBK from UTF-8. */
const SAMPLE_BYTES = 64 * 1024;
const NEWLINE = 0x0a;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const UTF16_BOMS = [Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])];
const FIX = 'save it as UTF-8 (Excel: Save As, "CSV UTF-8")';

const gb18030 = new TextDecoder('gb18030', { fatal: true });

function isAscii(line: Buffer): boolean {
  for (const b of line) if (b > 0x7f) return false;
  return true;
}

function isGb18030(line: Buffer): boolean {
  try {
    gb18030.decode(line);
    return true;
  } catch {
    return false;
  }
}

/**
 * Turns a text file as people have it into UTF-8, line by line: UTF-8 (a BOM is dropped) passes
 * unchanged; GB18030, of which GBK (Excel's CSV default on Chinese Windows) is a subset, is
 * converted. Lines are held until 64 KiB of them decide (a short GBK name can pass for UTF-8 by
 * chance, a page of them cannot); a line invalid in both, a UTF-16 file or a later line not in
 * the chosen encoding ends the output there and leaves a FileEncodingError naming the line in
 * `failure` (never a replacement character stored and signed as a name). It ends rather than
 * errors, like the upload's byte cap: an error would destroy the request the answer goes out on;
 * the rest of the input is read and dropped. Readers check `failure` when the text ends.
 *
 * The WHATWG TextDecoder built into Node (full ICU in every official build) decodes GB18030, and
 * buffer.isUtf8 checks UTF-8 without decoding: no converter library is needed. A newline byte
 * never occurs inside a multi-byte character in either encoding, so lines can be cut on bytes.
 */
export class DecodeToUtf8 extends Transform {
  /** The encoding found; null until decided. */
  encoding: TextEncoding | null = null;
  /** Why the text ended early; null while it is readable. */
  failure: FileEncodingError | null = null;
  private held: Buffer[] = [];
  private heldBytes = 0;
  private partial: Buffer = Buffer.alloc(0);
  private line = 0;
  private first = true;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.failure) return done();
    try {
      let bytes = this.partial.length > 0 ? Buffer.concat([this.partial, chunk]) : chunk;
      if (this.first) bytes = this.start(bytes);
      let from = 0;
      for (let nl = bytes.indexOf(NEWLINE, from); nl !== -1; nl = bytes.indexOf(NEWLINE, from)) {
        this.takeLine(bytes.subarray(from, nl + 1));
        from = nl + 1;
      }
      this.partial = Buffer.from(bytes.subarray(from));
    } catch (err) {
      this.fail(err);
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.failure) return done();
    try {
      if (this.partial.length > 0) this.takeLine(this.partial);
      this.decide();
    } catch (err) {
      this.fail(err);
    }
    done();
  }

  private fail(err: unknown): void {
    if (!(err instanceof FileEncodingError)) throw err;
    this.failure = err;
    this.push(null);
  }

  /** The start of the file: a UTF-8 BOM decides and is dropped; UTF-16 is refused. */
  private start(bytes: Buffer): Buffer {
    if (bytes.length < 3 && bytes.length > 0 && UTF8_BOM.subarray(0, bytes.length).equals(bytes)) return bytes;
    this.first = false;
    if (UTF16_BOMS.some((bom) => bytes.subarray(0, 2).equals(bom))) throw new FileEncodingError(1, `the file is UTF-16 text (Excel's "Unicode Text"); ${FIX}`);
    if (bytes.subarray(0, 3).equals(UTF8_BOM)) {
      this.encoding = 'utf-8';
      return bytes.subarray(3);
    }
    return bytes;
  }

  private takeLine(line: Buffer): void {
    this.line += 1;
    if (this.encoding === null) {
      this.held.push(line);
      this.heldBytes += line.length;
      if (this.heldBytes >= SAMPLE_BYTES) this.decide();
      return;
    }
    this.release(line, this.line);
  }

  /** Chooses the encoding from the lines held, then lets them go. */
  private decide(): void {
    if (this.encoding === null) {
      const firstLine = this.line - this.held.length + 1;
      const badUtf8 = this.held.findIndex((l) => !isAscii(l) && !isUtf8(l));
      if (badUtf8 === -1) this.encoding = 'utf-8';
      else {
        const badGb = this.held.findIndex((l) => !isAscii(l) && !isGb18030(l));
        if (badGb !== -1) throw new FileEncodingError(firstLine + Math.max(badUtf8, badGb), `neither UTF-8 nor GBK/GB18030 text; ${FIX}`);
        this.encoding = 'gb18030';
      }
    }
    const held = this.held;
    const firstLine = this.line - held.length + 1;
    this.held = [];
    this.heldBytes = 0;
    held.forEach((l, i) => this.release(l, firstLine + i));
  }

  private release(line: Buffer, n: number): void {
    if (isAscii(line)) {
      this.push(line);
      return;
    }
    if (this.encoding === 'utf-8') {
      if (!isUtf8(line)) throw new FileEncodingError(n, `not UTF-8 text, though the lines before it are; ${FIX}`);
      this.push(line);
      return;
    }
    if (!isGb18030(line)) throw new FileEncodingError(n, `not GBK/GB18030 text, though the lines before it are; ${FIX}`);
    this.push(Buffer.from(gb18030.decode(line), 'utf8'));
  }
}
