// The activities of task queue `mesos-bridge`: thin wrappers over BridgeCore that add what Temporal needs —
// input checks, deterministic task ids, heartbeats while waiting, cancellation, typed failures — and keep
// workflow history small and free of secrets.
import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { AgentInfo } from '../../common/agents';
import type { MesosActivities, RunOnAgentInput, RunOnAgentResult } from '../../common/mesos-activities';
import type { BridgeCore } from '../core';
import { TaskError } from '../tasks/errors';
import { taskIdFor } from '../tasks/task-id';
import { resolveSecretEnv } from './secrets';
import { validateRunOnAgentInput } from './validate-input';

/** Output kept in history per stream: the tail, where errors are. */
const OUTPUT_IN_HISTORY = 32 * 1024;
/** Heartbeat at least this often, and three times per heartbeat timeout when the caller set a shorter one. */
const HEARTBEAT_MS = 5000;

function tail(text: string): string {
  return text.length <= OUTPUT_IN_HISTORY
    ? text
    : `[… ${text.length - OUTPUT_IN_HISTORY} bytes cut]\n${text.slice(-OUTPUT_IN_HISTORY)}`;
}

/** AgentGoneError → ApplicationFailure type AgentGone, retryable as the error says. */
function toFailure(err: unknown): unknown {
  if (!(err instanceof TaskError)) return err;
  return ApplicationFailure.create({
    message: err.message,
    type: err.name.replace(/Error$/, ''),
    nonRetryable: !err.retryable,
  });
}

function workerShutdown(reason: unknown): boolean {
  return reason instanceof CancelledFailure && reason.message === 'WORKER_SHUTDOWN';
}

export function createMesosActivities(core: BridgeCore): MesosActivities {
  return {
    async runOnAgent(raw: RunOnAgentInput): Promise<RunOnAgentResult> {
      const input = validateRunOnAgentInput(raw);
      const ctx = Context.current();
      const execution = ctx.info.workflowExecution;
      if (!execution)
        throw ApplicationFailure.nonRetryable(
          'runOnAgent must be called from a workflow (its task id derives from the run)',
          'InvalidInput'
        );
      const { workflowId, runId } = execution;
      // One workflow may run the same step on several nodes at once (bootstrap probes every MDM node).
      const taskId = taskIdFor(workflowId, `${runId}.${input.hostname}.${input.taskName}`);
      const env = { ...input.env, ...resolveSecretEnv(input.secretEnv) };
      let progress: Record<string, unknown> = { phase: 'starting', taskId, hostname: input.hostname };
      ctx.heartbeat(progress);
      // Heartbeats carry the latest phase, so a waiting step shows why it waits; they also deliver cancellation.
      const every = Math.min(HEARTBEAT_MS, Math.max(100, (ctx.info.heartbeatTimeoutMs ?? Infinity) / 3));
      const beat = setInterval(() => ctx.heartbeat(progress), every);
      // A cancelled step kills its task; a bridge shutting down only lets go of it, so the retry on the next
      // bridge reattaches to the running task instead of killing it and running the step twice.
      const kill = new AbortController();
      const detach = new AbortController();
      const onCancel = (): void => (workerShutdown(ctx.cancellationSignal.reason) ? detach : kill).abort();
      ctx.cancellationSignal.addEventListener('abort', onCancel, { once: true });
      ctx.log.info('runOnAgent', { taskId, hostname: input.hostname, taskName: input.taskName });
      try {
        const r = await core.runTask(
          {
            taskId,
            hostname: input.hostname,
            name: input.taskName,
            command: input.command,
            uris: input.uris?.map((u) => ({ value: u.value, executable: u.executable ?? false, extract: false })),
            env,
            resources: { cpus: input.resources?.cpus ?? 0.5, memMb: input.resources?.memMb ?? 512 },
            timeoutMs: input.timeoutMs ?? 10 * 60 * 1000,
            offerTimeoutMs: input.offerTimeoutMs ?? 5 * 60 * 1000,
            ...(input.urgent === true ? { urgent: true } : {}),
          },
          {
            signal: kill.signal,
            detach: detach.signal,
            onProgress: (p) => {
              progress = { ...p };
              ctx.heartbeat(progress);
            },
          }
        );
        return {
          taskId: r.mesosTaskId,
          agentId: r.agentId,
          exitCode: r.exitCode ?? -1,
          state: r.state,
          stdout: tail(r.stdout),
          stderr: tail(r.stderr),
          reattached: r.source !== 'launched',
        };
      } catch (err) {
        if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason ?? err;
        throw toFailure(err);
      } finally {
        clearInterval(beat);
        ctx.cancellationSignal.removeEventListener('abort', onCancel);
      }
    },

    async killTask(taskId: string): Promise<void> {
      await core.killTask(taskId);
    },

    async listAgents(): Promise<AgentInfo[]> {
      return core.listAgents().map(({ hostname, agentId, attributes, resources, os }) => ({
        hostname,
        agentId,
        attributes,
        resources,
        ...(os ? { os } : {}),
      }));
    },
  };
}
