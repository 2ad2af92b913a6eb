// Hands a bootstrapped cluster to its supervisor: the bridge normally started it already (signalWithStart on the
// first agent), so it gets clusterReady; if it is not running, bootstrap starts it with the context.
import { getExternalWorkflowHandle, ParentClosePolicy, startChild } from '@temporalio/workflow';
import { clusterReadySignal } from '../../common/messages';
import { workflowIds } from '../../common/names';
import type { ClusterReady, Member } from '../../common/supervisor';
import { mesos } from './mesos';
import { clusterSupervisor } from '../cluster-supervisor';

export async function handOverToSupervisor(cluster: string, ready: ClusterReady): Promise<'signalled' | 'started'> {
  const workflowId = workflowIds.supervisor(cluster);
  try {
    await getExternalWorkflowHandle(workflowId).signal(clusterReadySignal, ready);
    return 'signalled';
  } catch {
    // Not running: start it knowing the agents the bridge knows, those bootstrap on-boarded marked done.
    const members: Member[] = (await mesos.listAgents()).map((a) => ({
      hostname: a.hostname,
      agentId: a.agentId,
      status: 'present',
      attributes: a.attributes,
      ...(a.os ? { os: a.os } : {}),
      discoveries: 1,
      onboarding: ready.onboarded.includes(a.hostname) ? 'done' : 'pending',
    }));
    await startChild(clusterSupervisor, {
      workflowId,
      args: [{ cluster, context: ready.context, onboarded: ready.onboarded, members }],
      // The supervisor outlives the bootstrap that started it.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    return 'started';
  }
}
