// The TaskInfo of one attempt: a command task (the command executor runs `sh -c`), resources
// taken from the offer's role, and max_completion_time so the agent enforces the timeout even
// while the bridge is away.
import { scalar } from '../../proto/codec';
import type { CommandURI, Offer, OfferOperation, TaskInfo } from '../../proto/types';
import type { RunTaskSpec } from './run-input';

export function launchOperation(spec: RunTaskSpec, mesosTaskId: string, offer: Offer): OfferOperation {
  const role = offer.allocation_info?.role;
  const uris: CommandURI[] = spec.uris.map((u) => {
    const out: CommandURI = { value: u.value };
    if (u.executable !== undefined) out.executable = u.executable;
    if (u.extract !== undefined) out.extract = u.extract;
    if (u.outputFile !== undefined) out.output_file = u.outputFile;
    return out;
  });
  const task: TaskInfo = {
    name: spec.name,
    task_id: { value: mesosTaskId },
    agent_id: offer.agent_id,
    resources: [scalar('cpus', spec.resources.cpus, role), scalar('mem', spec.resources.memMb, role)],
    command: {
      shell: true,
      value: spec.command,
      uris,
      environment: { variables: Object.entries(spec.env).map(([name, value]) => ({ name, type: 'VALUE', value })) },
    },
    max_completion_time: { nanoseconds: Math.round(spec.timeoutMs * 1e6) },
  };
  return { type: 'LAUNCH', launch: { task_infos: [task] } };
}
