// Finding a node for nodeMaintenance and its IP (how ScaleIO knows its SDS), read on the node by a probe task.
// The bridge's agent list can miss a node for a while: after its agent restarted (on-boarding restarts it) the
// node shows again only with its next offer, and an idle bridge suppresses offers. So a node missing from the list
// is probed anyway with a bounded wait for its offer (the request revives offers); no offer means no such node.
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { ErrorType } from '../../common/errors';
import { MesosErrorType, type RunOnAgentResult } from '../../common/mesos-activities';
import { mesos, mesosAgentMayLeave } from './mesos';
import { planner } from './scaleio';

/** How long an unlisted node gets to send an offer (Mesos allocates every second or so). */
const UNLISTED_OFFER_WAIT_MS = 15_000;

export interface LocatedNode {
  ip: string;
  /** Whether the bridge listed it before the probe. */
  listed: boolean;
}

export async function locateNode(hostname: string): Promise<LocatedNode> {
  const agents = await mesos.listAgents();
  const listed = agents.some((a) => a.hostname === hostname);
  const step = await planner.planNodeProbe({ hostname });
  let run: RunOnAgentResult;
  if (listed) run = await mesos.runOnAgent(step);
  else
    try {
      run = await mesosAgentMayLeave.runOnAgent({ ...step, offerTimeoutMs: UNLISTED_OFFER_WAIT_MS });
    } catch (err) {
      if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure)
        if (err.cause.type === MesosErrorType.OfferWaitTimeout) {
          const known = agents.map((a) => a.hostname).sort();
          const shown = known.length > 10 ? `${known.slice(0, 10).join(', ')}, …` : known.join(', ') || 'none';
          throw ApplicationFailure.nonRetryable(
            `${hostname} is not a Mesos agent offered to this framework (no offer from it within ` +
              `${UNLISTED_OFFER_WAIT_MS / 1000} s; agents listed: ${shown})`,
            ErrorType.NodeNotFound
          );
        }
      throw err;
    }
  if (run.exitCode !== 0)
    throw ApplicationFailure.nonRetryable(
      `the probe exited with ${run.exitCode} on ${hostname}: ${run.stderr.slice(-500)}`,
      ErrorType.StepFailed
    );
  const facts = await planner.readNodeFacts({ stdout: run.stdout });
  const ip = facts.ips[0];
  if (!ip)
    throw ApplicationFailure.nonRetryable(`${hostname} reports no IPv4 address (hostname -I)`, ErrorType.NodeNotFound);
  return { ip, listed };
}
