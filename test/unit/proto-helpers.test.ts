import {
  attributeValue,
  decodeCall,
  encodeCall,
  isTerminalState,
  newUuidBytes,
  ranges,
  resourceRanges,
  resourceValue,
  scalar,
} from '../../proto/codec';
import { messageType } from '../../proto/schema';
import { TASK_STATES, type Call } from '../../proto/types';

const PB = 'application/x-protobuf' as const;

describe('helpers', () => {
  it('build and read resources', () => {
    const res = [
      scalar('cpus', 1.5),
      scalar('cpus', 0.5, 'scaleio'),
      scalar('mem', 512),
      ranges('ports', [
        [1, 2],
        [5, 9],
      ]),
    ];
    expect(res[1]).toStrictEqual({
      name: 'cpus',
      type: 'SCALAR',
      scalar: { value: 0.5 },
      allocation_info: { role: 'scaleio' },
    });
    expect(resourceValue(res, 'cpus')).toBe(2);
    expect(resourceValue(res, 'disk')).toBe(0);
    expect(resourceValue(undefined, 'cpus')).toBe(0);
    expect(resourceRanges(res, 'ports')).toStrictEqual([
      [1, 2],
      [5, 9],
    ]);
  });

  it('reads attributes', () => {
    const attrs = [
      { name: 'os', type: 'TEXT' as const, text: { value: 'ubuntu' } },
      { name: 'disks', type: 'SCALAR' as const, scalar: { value: 3 } },
      { name: 'zones', type: 'SET' as const, set: { item: ['a', 'b'] } },
    ];
    expect(attributeValue(attrs, 'os')).toBe('ubuntu');
    expect(attributeValue(attrs, 'disks')).toBe(3);
    expect(attributeValue(attrs, 'zones')).toBe('a,b');
    expect(attributeValue(attrs, 'rack')).toBeUndefined();
  });

  it('makes 16-byte status uuids that an ACKNOWLEDGE carries unchanged', () => {
    const uuid = newUuidBytes();
    expect(Buffer.from(uuid, 'base64')).toHaveLength(16);
    expect(uuid).not.toBe(newUuidBytes());
    const ack: Call = {
      framework_id: { value: 'f' },
      type: 'ACKNOWLEDGE',
      acknowledge: { agent_id: { value: 'a' }, task_id: { value: 't' }, uuid },
    };
    expect(decodeCall(encodeCall(ack, PB), PB).acknowledge?.uuid).toBe(uuid);
  });

  it('lists exactly the TaskState names of the proto and knows the terminal ones', () => {
    expect([...TASK_STATES].sort()).toStrictEqual(Object.keys(messageTypeEnum('mesos.v1.TaskState')).sort());
    expect(isTerminalState('TASK_FINISHED')).toBe(true);
    expect(isTerminalState('TASK_LOST')).toBe(false);
    expect(isTerminalState('TASK_RUNNING')).toBe(false);
    expect(Object.keys(messageTypeEnum('mesos.v1.TaskStatus.Reason'))).toHaveLength(35);
  });
});

function messageTypeEnum(name: string): Record<string, number> {
  return messageType('mesos.v1.scheduler.Call').root.lookupEnum(name).values;
}
