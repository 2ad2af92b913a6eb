// Agent discovery → the cluster's supervisor workflow. The agent tracker has already deduplicated, so every call
// here is a real change (new, changed, returned or lost agent). signalWithStart creates the supervisor on the
// first agent and signals the running one afterwards. Signals that fail (Temporal unreachable) are retried with
// capped backoff, in order, so nothing is lost and nothing is sent twice on success.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { AgentGone, AgentInfo } from '../../common/agents';
import type { Logger } from '../../common/log';
import { agentGoneSignal, agentOfferedSignal } from '../../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';

type Change = { kind: 'offered'; agent: AgentInfo } | { kind: 'gone'; gone: AgentGone };

export interface DiscoveryForwarderOptions {
  client: Client;
  cluster: string;
  log: Logger;
  maxBackoffMs?: number;
}

export class DiscoveryForwarder {
  private readonly queue: Change[] = [];
  private draining: Promise<void> | undefined;
  private closed = false;
  signalsSent = 0;
  signalFailures = 0;
  /** Changes merged into a queued one for the same host instead of sent. */
  collapsed = 0;

  constructor(private readonly opts: DiscoveryForwarderOptions) {}

  offered(agent: AgentInfo): void {
    this.push({ kind: 'offered', agent });
  }

  gone(gone: AgentGone): void {
    this.push({ kind: 'gone', gone });
  }

  get pending(): number {
    return this.queue.length;
  }

  /**
   * Waits until every queued change was delivered, or `deadlineMs` passed (graceful shutdown must not wait for a
   * backlog of thousands of signals: a restarted bridge discovers every agent again). True when all were sent.
   */
  async flush(deadlineMs = Infinity): Promise<boolean> {
    const end = Date.now() + deadlineMs;
    while (this.draining && Date.now() < end) {
      const left = end - Date.now();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.draining, new Promise((r) => (timer = setTimeout(r, Math.min(left, 2 ** 31 - 1))))]);
      clearTimeout(timer);
    }
    return this.queue.length === 0;
  }

  close(): void {
    this.closed = true;
  }

  private push(change: Change): void {
    // A newer view of a host replaces a queued, not yet sent one (index 0 may be in flight), so a backlog holds at
    // most one agentOffered per host; a later `gone` of that host keeps its place after it.
    if (change.kind === 'offered') {
      const host = change.agent.hostname;
      const last = this.queue.findLastIndex(
        (c) => (c.kind === 'offered' ? c.agent.hostname : c.gone.hostname) === host
      );
      if (last > 0 && this.queue[last]?.kind === 'offered') {
        this.queue[last] = change;
        this.collapsed += 1;
        return;
      }
    }
    this.queue.push(change);
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
  }

  private async drain(): Promise<void> {
    let backoff = 200;
    while (this.queue.length > 0 && !this.closed) {
      const change = this.queue[0] as Change;
      try {
        await this.deliver(change);
        this.queue.shift();
        this.signalsSent += 1;
        backoff = 200;
      } catch (err) {
        this.signalFailures += 1;
        this.opts.log.warn('signal to the supervisor failed; retrying', { error: err, retryInMs: backoff });
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, this.opts.maxBackoffMs ?? 10000);
      }
    }
  }

  private async deliver(change: Change): Promise<void> {
    const { client, cluster } = this.opts;
    const workflowId = workflowIds.supervisor(cluster);
    if (change.kind === 'offered') {
      await client.workflow.signalWithStart('clusterSupervisor', {
        workflowId,
        taskQueue: TASK_QUEUE_SCALEIO,
        args: [{ cluster }],
        signal: agentOfferedSignal,
        signalArgs: [change.agent],
      });
      this.opts.log.info('agent offered to the supervisor', {
        hostname: change.agent.hostname,
        agentId: change.agent.agentId,
      });
    } else {
      // A lost agent does not start a supervisor: with none running there is nobody to tell.
      try {
        await client.workflow.getHandle(workflowId).signal(agentGoneSignal, change.gone);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return;
        throw err;
      }
      this.opts.log.info('agent gone, supervisor told', { hostname: change.gone.hostname, reason: change.gone.reason });
    }
  }
}
