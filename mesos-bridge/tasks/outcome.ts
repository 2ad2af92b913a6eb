// What the final state of an attempt means for runTask: a result (the command ran to its end),
// or a typed failure. Exit codes come from the executor's final message ("Command exited with
// status N" / "Command terminated with signal <name>").
import { constants as osConstants } from 'node:os';
import type { RecordState } from './task-record';

export type AttemptEnd =
  | { kind: 'completed'; exitCode: number | null }
  | { kind: 'invalid'; detail: string }
  /** The launch never reached an agent (invalid or rescinded offer): launch again. */
  | { kind: 'not-launched'; detail: string }
  | { kind: 'agent-gone'; detail: string }
  | { kind: 'lost'; detail: string }
  | { kind: 'killed'; detail: string }
  | { kind: 'launch-failed'; detail: string };

export interface EndingStatus {
  state: RecordState;
  reason?: string;
  message?: string;
}

// strsignal() descriptions as stout prints them, for the common signals.
const SIGNAL_TEXT: Record<string, number> = {
  Hangup: 1,
  Interrupt: 2,
  Quit: 3,
  Aborted: 6,
  Killed: 9,
  'Segmentation fault': 11,
  'Broken pipe': 13,
  Terminated: 15,
};

export function exitCodeFrom(state: RecordState, message: string | undefined): number | null {
  if (state === 'TASK_FINISHED') return 0;
  const exited = /exited with status (\d+)/.exec(message ?? '');
  if (exited) return Number(exited[1]);
  const signal = /terminated with signal (.+?)\s*$/.exec(message ?? '');
  if (!signal?.[1]) return null;
  const text = signal[1];
  const n = SIGNAL_TEXT[text] ?? (osConstants.signals as Record<string, number | undefined>)[text];
  return n === undefined ? null : 128 + n;
}

function detail(s: EndingStatus): string {
  return [s.reason, s.message].filter(Boolean).join(': ') || 'no detail';
}

export function classifyEnd(s: EndingStatus): AttemptEnd {
  const why = detail(s);
  const agentReason = s.reason?.startsWith('REASON_AGENT_') || s.reason === 'REASON_MASTER_DISCONNECTED';
  switch (s.state) {
    case 'TASK_FINISHED':
      return { kind: 'completed', exitCode: 0 };
    case 'TASK_FAILED':
      if (s.reason === 'REASON_CONTAINER_LAUNCH_FAILED') return { kind: 'launch-failed', detail: why };
      return { kind: 'completed', exitCode: exitCodeFrom(s.state, s.message) };
    case 'TASK_ERROR':
      return { kind: 'invalid', detail: why };
    case 'TASK_KILLED':
      return { kind: 'killed', detail: why };
    case 'TASK_DROPPED':
      return s.reason === 'REASON_INVALID_OFFERS'
        ? { kind: 'not-launched', detail: why }
        : { kind: 'lost', detail: why };
    case 'TASK_LOST':
      if (s.reason === 'REASON_INVALID_OFFERS') return { kind: 'not-launched', detail: why };
      return agentReason ? { kind: 'agent-gone', detail: why } : { kind: 'lost', detail: why };
    case 'TASK_UNREACHABLE':
    case 'TASK_GONE_BY_OPERATOR':
      return { kind: 'agent-gone', detail: why };
    case 'TASK_GONE':
    case 'TASK_UNKNOWN':
      return agentReason ? { kind: 'agent-gone', detail: why } : { kind: 'lost', detail: why };
    default:
      return { kind: 'lost', detail: `unexpected final state ${s.state}: ${why}` };
  }
}
