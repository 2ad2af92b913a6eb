// Messages between the simulator and its task launcher process (launcher-process.js), over Node's
// IPC channel. Each request carries an id chosen by the simulator; replies name it.

export interface RunRequest {
  t: 'run';
  id: number;
  /** `<executor dir>/runs/<container id>`; also the task's working directory. */
  sandbox: string;
  /** Create the sandbox and its `runs/latest` link first (false when `prepare` already did). */
  prepare: boolean;
  file: string;
  args: string[];
  argv0: string | undefined;
  env: Record<string, string>;
}

export interface PrepareRequest {
  t: 'prepare';
  id: number;
  sandbox: string;
}

export interface SignalRequest {
  t: 'signal';
  id: number;
  sig: NodeJS.Signals;
}

export type LauncherRequest = RunRequest | PrepareRequest | SignalRequest;

export type LauncherReply =
  | { t: 'prepared'; id: number }
  | { t: 'spawned'; id: number; pid: number }
  /** `sandbox`: the sandbox or its stdout/stderr files could not be made; `exec`: the program did not start. */
  | { t: 'failed'; id: number; stage: 'sandbox' | 'exec'; message: string }
  | { t: 'exit'; id: number; code: number | null; signal: NodeJS.Signals | null };
