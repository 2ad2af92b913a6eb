// RecordIO framing of the SUBSCRIBE stream: `<decimal byte length>\n<bytes>`, repeated.
// HTTP chunk boundaries are unrelated to record boundaries, so the decoder is incremental.
import { RecordIoError } from './errors';

export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;
const NEWLINE = 0x0a;
const ZERO = 0x30;
const NINE = 0x39;
// More digits than any sane length; stops a stream of "000…" from growing forever.
const MAX_LENGTH_DIGITS = 20;

export function encodeRecord(data: Buffer | Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${data.length}\n`, 'latin1'), data]);
}

export interface RecordIoDecoderOptions {
  /** Largest record accepted, in bytes (default 64 MiB); a larger length header is an error. */
  maxRecordBytes?: number;
}

/**
 * Incremental decoder. `push` returns the records completed by a chunk. Returned buffers may
 * share memory with the pushed chunks. After an error the decoder stays failed, as upstream's.
 */
export class RecordIoDecoder {
  private readonly maxRecordBytes: number;
  private readingLength = true;
  private length = 0;
  private digits = 0;
  private parts: Buffer[] = [];
  private partBytes = 0;
  private failure: RecordIoError | undefined;

  constructor(options: RecordIoDecoderOptions = {}) {
    this.maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  }

  push(chunk: Buffer | Uint8Array): Buffer[] {
    if (this.failure) throw this.failure;
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const records: Buffer[] = [];
    let pos = 0;
    while (pos < buf.length) {
      if (this.readingLength) {
        pos = this.readLength(buf, pos, records);
      } else {
        const take = Math.min(this.length - this.partBytes, buf.length - pos);
        this.parts.push(buf.subarray(pos, pos + take));
        this.partBytes += take;
        pos += take;
        if (this.partBytes === this.length) records.push(this.takeRecord());
      }
    }
    return records;
  }

  /** True when no partial record (or length header) is buffered. */
  get idle(): boolean {
    return this.readingLength && this.digits === 0;
  }

  /** Call at end of stream: throws if it stopped in the middle of a record. */
  end(): void {
    if (this.failure) throw this.failure;
    if (!this.idle) {
      const where = this.readingLength ? 'a length header' : `a record (${this.partBytes} of ${this.length} bytes)`;
      throw this.fail(`stream ended inside ${where}`);
    }
  }

  private readLength(buf: Buffer, start: number, records: Buffer[]): number {
    let pos = start;
    while (pos < buf.length) {
      const byte = buf[pos++] as number;
      if (byte === NEWLINE) {
        if (this.digits === 0) continue; // empty length line: skipped, as the reference parser does
        this.digits = 0;
        if (this.length === 0) {
          records.push(Buffer.alloc(0));
        } else {
          this.readingLength = false;
        }
        return pos;
      }
      if (byte < ZERO || byte > NINE) {
        throw this.fail(`invalid length header: byte 0x${byte.toString(16).padStart(2, '0')} is not a decimal digit`);
      }
      this.length = this.length * 10 + (byte - ZERO);
      this.digits++;
      if (this.length > this.maxRecordBytes) {
        throw this.fail(`record length exceeds the limit of ${this.maxRecordBytes} bytes`);
      }
      if (this.digits > MAX_LENGTH_DIGITS) throw this.fail('length header is too long');
    }
    return pos;
  }

  private takeRecord(): Buffer {
    const record = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.partBytes);
    this.parts = [];
    this.partBytes = 0;
    this.length = 0;
    this.readingLength = true;
    return record;
  }

  private fail(problem: string): RecordIoError {
    this.failure = new RecordIoError(problem);
    return this.failure;
  }
}
