// The simulated nodes' work at the lowest CPU priority (opt-in). In production an install runs on its own node
// and takes no CPU from the control plane; here the task shells and shims of the simulated nodes share 2 cores
// with the Temporal server, the worker and the bridge. Renicing the sim's task launcher (its shells and shims
// inherit the value) keeps the total work the same and lets the control plane run first.
import { setPriority } from 'node:os';
import { descendantsMatching } from './onboard-cpu';

const LOWEST = 19;

/** Renices every process under this one whose command line matches `pattern`; returns their pids. */
export function deprioritise(pattern: RegExp): number[] {
  return descendantsMatching(pattern).filter((pid) => {
    try {
      setPriority(pid, LOWEST);
      return true;
    } catch {
      return false; // exited meanwhile
    }
  });
}
