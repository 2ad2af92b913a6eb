// The input of runTask, checked once: every problem is an InvalidTaskError naming the field.
import { InvalidTaskError } from './errors';
import { checkTaskId } from './task-id';

export interface TaskUri {
  value: string;
  executable?: boolean;
  /** Default true (archives are unpacked into the sandbox). */
  extract?: boolean;
  outputFile?: string;
}

export interface RunTaskInput {
  /** Deterministic id from the caller (workflow id + step); see taskIdFor(). */
  taskId: string;
  hostname: string;
  /** Human-readable task name shown by Mesos; default the task id. */
  name?: string;
  /** Shell command line, run as `sh -c <command>` in the sandbox. */
  command: string;
  /** Fetched into the sandbox before the command starts. */
  uris?: (string | TaskUri)[];
  env?: Record<string, string>;
  resources: { cpus: number; memMb: number };
  /** How long the task may run once launched; it is killed after that. Default: the core's option. */
  timeoutMs?: number;
  /** How long to wait for a fitting offer from the host. Default: the core's option. */
  offerTimeoutMs?: number;
  /** Others wait on this task: the offer book revives for it without pacing. Default false. */
  urgent?: boolean;
}

export interface RunTaskSpec {
  taskId: string;
  hostname: string;
  name: string;
  command: string;
  uris: TaskUri[];
  env: Record<string, string>;
  resources: { cpus: number; memMb: number };
  timeoutMs: number;
  offerTimeoutMs: number;
  urgent: boolean;
}

const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function bad(taskId: string, field: string, problem: string): never {
  throw new InvalidTaskError(field, problem, taskId);
}

function positive(taskId: string, field: string, v: unknown, dflt?: number): number {
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    bad(taskId, field, `must be a positive number, got ${String(v)}`);
  return v;
}

function uri(taskId: string, i: number, u: unknown): TaskUri {
  const field = `uris[${i}]`;
  const obj = typeof u === 'string' ? { value: u } : (u as TaskUri);
  if (typeof obj !== 'object' || obj === null || typeof obj.value !== 'string')
    bad(taskId, field, 'must be a URL string or {value, executable?, extract?, outputFile?}');
  if (!/^(https?|ftp|file|hdfs|s3a?):\/\//.test(obj.value) && !obj.value.startsWith('/'))
    bad(taskId, `${field}.value`, `must be an absolute URL or path, got ${JSON.stringify(obj.value)}`);
  return { ...obj };
}

export function checkRunInput(
  input: RunTaskInput,
  defaults: { timeoutMs: number; offerTimeoutMs: number }
): RunTaskSpec {
  if (typeof input !== 'object' || input === null) throw new InvalidTaskError('input', 'must be an object');
  const taskId = checkTaskId(input.taskId);
  if (typeof input.hostname !== 'string' || !HOSTNAME.test(input.hostname))
    bad(taskId, 'hostname', `must be an agent hostname, got ${JSON.stringify(input.hostname)}`);
  const name = input.name ?? taskId;
  if (typeof name !== 'string' || name.trim() === '') bad(taskId, 'name', 'must be a non-empty string');
  if (typeof input.command !== 'string' || input.command.trim() === '')
    bad(taskId, 'command', 'must be a non-empty shell command line');
  if (input.command.includes('\u0000')) bad(taskId, 'command', 'must not contain NUL characters');
  const env: Record<string, string> = {};
  if (input.env !== undefined) {
    if (typeof input.env !== 'object' || input.env === null || Array.isArray(input.env))
      bad(taskId, 'env', 'must be an object of name → string');
    for (const [k, v] of Object.entries(input.env)) {
      if (!ENV_NAME.test(k)) bad(taskId, `env.${k}`, 'is not a valid environment variable name');
      if (typeof v !== 'string') bad(taskId, `env.${k}`, `must be a string, got ${typeof v}`);
      env[k] = v;
    }
  }
  if (input.uris !== undefined && !Array.isArray(input.uris)) bad(taskId, 'uris', 'must be an array');
  const uris = (input.uris ?? []).map((u, i) => uri(taskId, i, u));
  if (typeof input.resources !== 'object' || input.resources === null)
    bad(taskId, 'resources', 'must be {cpus, memMb}');
  if (input.urgent !== undefined && typeof input.urgent !== 'boolean')
    bad(taskId, 'urgent', `must be true or false, got ${JSON.stringify(input.urgent)}`);
  return {
    taskId,
    hostname: input.hostname,
    name,
    command: input.command,
    uris,
    env,
    resources: {
      cpus: positive(taskId, 'resources.cpus', input.resources.cpus),
      memMb: positive(taskId, 'resources.memMb', input.resources.memMb),
    },
    timeoutMs: positive(taskId, 'timeoutMs', input.timeoutMs, defaults.timeoutMs),
    offerTimeoutMs: positive(taskId, 'offerTimeoutMs', input.offerTimeoutMs, defaults.offerTimeoutMs),
    urgent: input.urgent === true,
  };
}
