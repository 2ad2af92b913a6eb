import { decodeEvent } from '../../proto/codec';
import { RecordIoError } from '../../proto/errors';
import { encodeRecord, RecordIoDecoder } from '../../proto/recordio';

const DOC_EXAMPLE =
  '102\n{"type":"SUBSCRIBED","subscribed":{"framework_id":{"value":"fw-1"},"heartbeat_interval_seconds":15.0}}' +
  '20\n{"type":"HEARTBEAT"}';

function feedBytewise(decoder: RecordIoDecoder, data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i++) out.push(...decoder.push(data.subarray(i, i + 1)));
  return out;
}

describe('encodeRecord', () => {
  it('prefixes the byte length and a newline, with no trailing newline', () => {
    expect(encodeRecord(Buffer.from('{"type":"HEARTBEAT"}')).toString()).toBe('20\n{"type":"HEARTBEAT"}');
  });

  it('counts bytes, not characters', () => {
    expect(encodeRecord(Buffer.from('é✓')).subarray(0, 2).toString()).toBe('5\n');
  });
});

describe('RecordIoDecoder', () => {
  it('decodes the two-record example of the Mesos docs', () => {
    const records = new RecordIoDecoder().push(Buffer.from(DOC_EXAMPLE));
    expect(records.map((r) => r.length)).toStrictEqual([102, 20]);
    expect(records.map((r) => decodeEvent(r, 'application/json').type)).toStrictEqual(['SUBSCRIBED', 'HEARTBEAT']);
    expect(decodeEvent(records[0] as Buffer, 'application/json').subscribed?.heartbeat_interval_seconds).toBe(15);
  });

  it('gives the same records when fed one byte at a time', () => {
    const decoder = new RecordIoDecoder();
    const records = feedBytewise(decoder, Buffer.from(DOC_EXAMPLE));
    expect(records.map((r) => r.toString())).toStrictEqual(DOC_EXAMPLE.split(/\d+\n/).filter(Boolean));
    expect(decoder.idle).toBe(true);
  });

  it('keeps multibyte UTF-8 payloads intact across chunk splits inside a character', () => {
    const payloads = ['{"message":"Größe ✓"}', '{"message":"🚀 ScaleIO"}'].map((s) => Buffer.from(s));
    const stream = Buffer.concat(payloads.map((p) => encodeRecord(p)));
    for (let cut = 1; cut < stream.length; cut++) {
      const decoder = new RecordIoDecoder();
      const records = [...decoder.push(stream.subarray(0, cut)), ...decoder.push(stream.subarray(cut))];
      expect(records).toStrictEqual(payloads);
    }
    expect(feedBytewise(new RecordIoDecoder(), stream).map((r) => r.toString('utf8'))).toStrictEqual([
      '{"message":"Größe ✓"}',
      '{"message":"🚀 ScaleIO"}',
    ]);
  });

  it('returns many records from one chunk, in order', () => {
    const payloads = Array.from({ length: 1000 }, (_, i) => Buffer.from(`record-${i}`.repeat((i % 7) + 1)));
    const records = new RecordIoDecoder().push(Buffer.concat(payloads.map((p) => encodeRecord(p))));
    expect(records).toStrictEqual(payloads);
  });

  it('assembles a large record from many chunks', () => {
    const payload = Buffer.alloc(200_000, 'x');
    const stream = encodeRecord(payload);
    const decoder = new RecordIoDecoder();
    const records: Buffer[] = [];
    for (let i = 0; i < stream.length; i += 4096) records.push(...decoder.push(stream.subarray(i, i + 4096)));
    expect(records).toHaveLength(1);
    expect(records[0]?.equals(payload)).toBe(true);
  });

  it('skips empty length lines and yields an empty record for length 0', () => {
    const records = new RecordIoDecoder().push(Buffer.from('\n\n5\nhello0\n\n2\nok'));
    expect(records.map((r) => r.toString())).toStrictEqual(['hello', '', 'ok']);
  });

  it('rejects a non-numeric length and stays failed', () => {
    const decoder = new RecordIoDecoder();
    expect(() => decoder.push(Buffer.from('1x\n'))).toThrow(RecordIoError);
    expect(() => decoder.push(Buffer.from('2\nok'))).toThrow(/not a decimal digit/);
    expect(() => new RecordIoDecoder().push(Buffer.from('-5\nhello'))).toThrow(RecordIoError);
  });

  it('rejects a length above the cap, before the data arrives', () => {
    const decoder = new RecordIoDecoder({ maxRecordBytes: 10 });
    expect(decoder.push(Buffer.from('10\n0123456789')).map(String)).toStrictEqual(['0123456789']);
    expect(() => decoder.push(Buffer.from('11'))).toThrow(/exceeds the limit of 10 bytes/);
    expect(() => new RecordIoDecoder().push(Buffer.from(`${64 * 1024 * 1024 + 1}\n`))).toThrow(RecordIoError);
  });

  it('reports a stream that ends inside a record', () => {
    const decoder = new RecordIoDecoder();
    expect(decoder.push(Buffer.from('5\nhel'))).toStrictEqual([]);
    expect(decoder.idle).toBe(false);
    expect(() => decoder.end()).toThrow(/inside a record \(3 of 5 bytes\)/);
    const clean = new RecordIoDecoder();
    clean.push(Buffer.from('2\nok'));
    expect(() => clean.end()).not.toThrow();
  });
});
