// Builds the RunResult of a completed attempt, re-reading stdout/stderr from the agent's sandbox
// (the table never stores output, so it stays small).
import type { AgentTracker } from '../agents/agent-tracker';
import type { RunResult } from './run-result';
import { readSandboxFile, type SandboxFile } from './sandbox-output';
import type { TaskRecord } from './task-record';

const READ_TIMEOUT_MS = 15_000;

export async function readTaskOutput(
  rec: TaskRecord,
  source: RunResult['source'],
  ctx: { agents: AgentTracker; outputCapBytes: number }
): Promise<RunResult> {
  const base: Omit<RunResult, 'stdout' | 'stderr' | 'truncated'> = {
    taskId: rec.taskId,
    mesosTaskId: rec.mesosTaskId,
    attempt: rec.attempt,
    hostname: rec.hostname,
    agentId: rec.agentId,
    state: rec.state === 'TASK_FINISHED' ? 'TASK_FINISHED' : 'TASK_FAILED',
    exitCode: rec.exitCode ?? null,
    source,
  };
  // The agent's current address first: its HTTP port may differ after a restart.
  const url = ctx.agents.get(rec.hostname)?.url ?? rec.agentUrl ?? ctx.agents.lastUrl(rec.hostname);
  if (!url)
    return {
      ...base,
      stdout: '',
      stderr: '',
      truncated: { stdout: false, stderr: false },
      outputError: 'no agent URL known',
    };
  const read = (file: 'stdout' | 'stderr'): Promise<SandboxFile> =>
    readSandboxFile(url, rec.frameworkId, rec.mesosTaskId, file, {
      capBytes: ctx.outputCapBytes,
      timeoutMs: READ_TIMEOUT_MS,
    });
  const [out, err] = await Promise.allSettled([read('stdout'), read('stderr')]);
  const text = (r: PromiseSettledResult<SandboxFile>): SandboxFile =>
    r.status === 'fulfilled' ? r.value : { text: '', size: 0, truncated: false };
  const problems = [out, err]
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => (r.reason instanceof Error ? r.reason.message : String(r.reason)));
  const result: RunResult = {
    ...base,
    stdout: text(out).text,
    stderr: text(err).text,
    truncated: { stdout: text(out).truncated, stderr: text(err).truncated },
  };
  if (problems.length > 0) result.outputError = problems.join('; ');
  return result;
}
