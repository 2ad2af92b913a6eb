// Bounded reads of protobuf wire data for the hand-written decoders: any read that would leave the message
// being read, or a value this code does not handle exactly as protobufjs does, throws GIVE_UP.
// Thrown (never escapes this module) to abandon the fast path; a constant, so no stack trace is captured.
export const GIVE_UP = Object.freeze({ giveUp: true });

export const LEN = 2; // length-delimited wire type
export const VARINT = 0;
export const FIXED64 = 1;

/** A position in a buffer; every read is bounded by the `end` of the message being read. */
export class Cursor {
  constructor(
    readonly buf: Buffer,
    public pos: number
  ) {}

  byte(end: number): number {
    if (this.pos >= end) throw GIVE_UP;
    return this.buf[this.pos++] as number;
  }

  /** A varint as protobufjs reads 32-bit values: at most 5 bytes, bits past 32 dropped. */
  uint32(end: number): number {
    let value = 0;
    for (let i = 0; i < 4; i++) {
      const b = this.byte(end);
      value |= (b & 127) << (7 * i);
      if (b < 128) return value >>> 0;
    }
    const b = this.byte(end);
    if (b >= 128) throw GIVE_UP; // a 10-byte (negative) value: left to the generic path
    return (value | ((b & 15) << 28)) >>> 0;
  }

  /** An unsigned 64-bit varint as a number, as protobufjs' Long → toObject({longs: Number}) gives it. */
  uint64(end: number): number {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 4; i++) {
      const b = this.byte(end);
      lo = (lo | ((b & 127) << (7 * i))) >>> 0;
      if (b < 128) return lo;
    }
    let b = this.byte(end);
    lo = (lo | ((b & 127) << 28)) >>> 0;
    hi = ((b & 127) >> 4) >>> 0;
    if (b < 128) return lo + hi * 4294967296;
    for (let i = 0; i < 5; i++) {
      b = this.byte(end);
      hi = (hi | ((b & 127) << (7 * i + 3))) >>> 0;
      if (b < 128) return lo + hi * 4294967296;
    }
    throw GIVE_UP;
  }

  double(end: number): number {
    if (this.pos + 8 > end) throw GIVE_UP;
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** The end of a length-delimited field starting here. */
  sub(end: number): number {
    const len = this.uint32(end);
    const stop = this.pos + len;
    if (stop > end) throw GIVE_UP;
    return stop;
  }

  string(end: number): string {
    const stop = this.sub(end);
    const s = this.buf.toString('utf8', this.pos, stop);
    this.pos = stop;
    return s;
  }

  /** The next tag's field number, after checking its wire type is the one the field must have. */
  field(end: number, wireTypes: readonly number[]): number {
    const tag = this.uint32(end);
    const no = tag >>> 3;
    if (no === 0 || wireTypes[no] !== (tag & 7)) throw GIVE_UP;
    return no;
  }
}
