import { decodeCall, decodeEvent, encodeCall, encodeEvent, ranges, scalar, type WireFormat } from '../../proto/codec';
import type { Call, Event } from '../../proto/types';
import vectorFile from '../../proto/testdata/mesos-wire-vectors.json';

const PB: WireFormat = 'application/x-protobuf';
const JSON_FMT: WireFormat = 'application/json';

interface Vector {
  name: string;
  message: string;
  hex: string;
  decoded: Record<string, unknown>;
}
const vectors = (vectorFile as { vectors: Vector[] }).vectors;
const isCall = (v: Vector) => v.message === 'mesos.v1.scheduler.Call';
const decode = (v: Vector, buf: Buffer, fmt: WireFormat) => (isCall(v) ? decodeCall(buf, fmt) : decodeEvent(buf, fmt));
const encode = (v: Vector, fmt: WireFormat) =>
  isCall(v) ? encodeCall(v.decoded as Call, fmt) : encodeEvent(v.decoded as Event, fmt);

const json = (obj: unknown) => Buffer.from(JSON.stringify(obj));

describe('wire vectors', () => {
  it('covers calls and events', () => {
    expect(vectors.filter(isCall).length).toBeGreaterThan(3);
    expect(vectors.filter((v) => !isCall(v)).length).toBeGreaterThan(3);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s: protobuf hex decodes to `decoded`', (_n, v) => {
    expect(decode(v, Buffer.from(v.hex, 'hex'), PB)).toStrictEqual(v.decoded);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s: protobuf encoding equals the vector bytes', (_n, v) => {
    const bytes = encode(v, PB);
    expect(bytes.toString('hex')).toBe(v.hex);
    expect(decode(v, bytes, PB)).toStrictEqual(v.decoded);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s: JSON round trip', (_n, v) => {
    const bytes = encode(v, JSON_FMT);
    expect(JSON.parse(bytes.toString('utf8'))).toStrictEqual(v.decoded);
    expect(decode(v, bytes, JSON_FMT)).toStrictEqual(v.decoded);
  });
});

describe('Mesos JSON form', () => {
  it('ignores unknown keys and nulls, as the master does', () => {
    const ev = decodeEvent(
      json({ type: 'RESCIND', bogus: 1, rescind: { offer_id: { value: 'o-1', extra: true } }, error: null }),
      JSON_FMT
    );
    expect(ev).toStrictEqual({ type: 'RESCIND', rescind: { offer_id: { value: 'o-1' } } });
  });

  it('skips unknown protobuf fields', () => {
    const v = vectors.find((x) => x.name === 'event RESCIND') as Vector;
    // field 99, varint 1, appended: a field from a newer proto
    const withUnknown = Buffer.concat([Buffer.from(v.hex, 'hex'), Buffer.from([0x98, 0x06, 0x01])]);
    expect(decodeEvent(withUnknown, PB)).toStrictEqual(v.decoded);
  });

  it('accepts numeric strings for 64-bit ints and "Infinity" for doubles, and writes Infinity back as a string', () => {
    const call = decodeCall(
      json({
        framework_id: { value: 'f' },
        type: 'KILL',
        kill: { task_id: { value: 't' }, kill_policy: { grace_period: { nanoseconds: '3000000000' } } },
      }),
      JSON_FMT
    );
    expect(call.kill?.kill_policy?.grace_period?.nanoseconds).toBe(3e9);
    const offer = { id: { value: 'o' }, framework_id: { value: 'f' }, agent_id: { value: 'a' }, hostname: 'h' };
    const ev: Event = { type: 'OFFERS', offers: { offers: [{ ...offer, resources: [scalar('cpus', Infinity)] }] } };
    const text = encodeEvent(ev, JSON_FMT).toString();
    expect(text).toContain('"value":"Infinity"');
    expect(decodeEvent(Buffer.from(text), JSON_FMT)).toStrictEqual(ev);
    expect(decodeEvent(encodeEvent(ev, PB), PB)).toStrictEqual(ev);
  });

  it('gives the same object from both formats for a launch with defaults set explicitly', () => {
    const call: Call = {
      framework_id: { value: 'f' },
      type: 'ACCEPT',
      accept: {
        offer_ids: [{ value: 'o' }],
        operations: [
          {
            type: 'LAUNCH',
            launch: {
              task_infos: [
                {
                  name: 'n',
                  task_id: { value: 't' },
                  agent_id: { value: 'a' },
                  resources: [scalar('cpus', 0.1, 'scaleio'), ranges('ports', [[31000, 31001]], 'scaleio')],
                  command: { shell: false, value: '/bin/echo', arguments: ['echo', 'hi'], user: 'root' },
                  kill_policy: { grace_period: { nanoseconds: 5e9 } },
                  limits: { cpus: { value: 2 } },
                },
              ],
            },
          },
        ],
        filters: { refuse_seconds: 0 },
      },
    };
    expect(decodeCall(encodeCall(call, PB), PB)).toStrictEqual(call);
    expect(decodeCall(encodeCall(call, JSON_FMT), JSON_FMT)).toStrictEqual(call);
  });

  it('drops empty repeated fields so both formats agree (implicit reconcile)', () => {
    const fromJson = decodeCall(
      json({ framework_id: { value: 'f' }, type: 'RECONCILE', reconcile: { tasks: [] } }),
      JSON_FMT
    );
    expect(fromJson).toStrictEqual({ framework_id: { value: 'f' }, type: 'RECONCILE', reconcile: {} });
    expect(decodeCall(encodeCall(fromJson, PB), PB)).toStrictEqual(fromJson);
  });
});

describe('master JSON as documented', () => {
  it('decodes SUBSCRIBED with master_info and UPDATE with container_status', () => {
    const subscribed = decodeEvent(
      Buffer.from(
        '{"type":"SUBSCRIBED","subscribed":{"framework_id":{"value":"8b1c-0000"},"heartbeat_interval_seconds":15.0,' +
          '"master_info":{"id":"m1","ip":16777343,"port":5050,"pid":"master@127.0.0.1:5050","hostname":"m1.local",' +
          '"version":"1.11.0","address":{"hostname":"m1.local","ip":"127.0.0.1","port":5050}}}}'
      ),
      JSON_FMT
    );
    expect(subscribed.subscribed?.master_info?.address?.port).toBe(5050);
    const update = decodeEvent(
      Buffer.from(
        '{"type":"UPDATE","update":{"status":{"task_id":{"value":"job-42"},"state":"TASK_RUNNING",' +
          '"source":"SOURCE_EXECUTOR","agent_id":{"value":"A1-S0"},"executor_id":{"value":"job-42"},' +
          '"timestamp":1732570000.123,"uuid":"m3N0Qm9kR0xjTWV3a0RpRw==",' +
          '"container_status":{"container_id":{"value":"c0ffee"},"cgroup_info":{"net_cls":{"classid":1}}}}}}'
      ),
      JSON_FMT
    );
    expect(update.update?.status).toStrictEqual({
      task_id: { value: 'job-42' },
      state: 'TASK_RUNNING',
      source: 'SOURCE_EXECUTOR',
      agent_id: { value: 'A1-S0' },
      executor_id: { value: 'job-42' },
      timestamp: 1732570000.123,
      uuid: 'm3N0Qm9kR0xjTWV3a0RpRw==',
      container_status: { container_id: { value: 'c0ffee' } },
    });
    expect(decodeEvent(encodeEvent(update, PB), PB)).toStrictEqual(update);
  });
});
