// probeNode: what the framework sees on one node — OS, kernel, disks and which are free for ScaleIO, SDC GUID,
// installed ScaleIO/REX-Ray versions. Read-only; the operator's first look at a node, and the first step of
// on-boarding. Workflow id: scaleio/<cluster>/node/<hostname>/probe.
import { ApplicationFailure, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { ScaleioActivities } from '../activities';
import type { NodeFacts } from '../activities/install';
import type { FieldProblem } from '../common/errors';
import { ScaleioCluster, ScaleioNode, ScaleioPhase, ScaleioProcedure } from '../common/search-attributes';
import { CLUSTER_NAME, HOSTNAME } from '../common/spec/patterns';
import { Checker } from '../common/validate';
import { surfaceNonRetryable, refuseBadInput } from './lib/failures';
import { mesos } from './lib/mesos';

const scaleio = proxyActivities<ScaleioActivities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 3 } });

export interface ProbeNodeInput {
  cluster: string;
  hostname: string;
}

function validate(input: unknown): ProbeNodeInput {
  const problems: FieldProblem[] = [];
  const c = Checker.of(input, 'input', problems);
  c?.noUnknownKeys(['cluster', 'hostname']);
  c?.string('cluster', { required: true, ...CLUSTER_NAME });
  c?.string('hostname', { required: true, ...HOSTNAME });
  refuseBadInput('probeNode input', problems);
  return input as ProbeNodeInput;
}

export async function probeNode(raw: ProbeNodeInput): Promise<NodeFacts> {
  const input = validate(raw);
  const phase = (value: string) => upsertSearchAttributes([{ key: ScaleioPhase, value }]);
  upsertSearchAttributes([
    { key: ScaleioCluster, value: input.cluster },
    { key: ScaleioNode, value: input.hostname },
    { key: ScaleioProcedure, value: 'probe-node' },
  ]);
  try {
    phase('probing');
    const step = await scaleio.planNodeProbe({ hostname: input.hostname });
    const run = await mesos.runOnAgent(step);
    if (run.exitCode !== 0) {
      throw ApplicationFailure.nonRetryable(
        `the probe exited with ${run.exitCode} on ${input.hostname}: ${run.stderr.slice(-500)}`,
        'StepFailed'
      );
    }
    const facts = await scaleio.readNodeFacts({ stdout: run.stdout });
    phase('done');
    return facts;
  } catch (err) {
    phase('failed');
    return surfaceNonRetryable(err);
  }
}
